"""Read a provision as its parts: which parts create an offence, and the label they give.

The whole provision is scored, and, when it has several parts (``cli.parts``), each part
with the chapeaux that govern it. A part creates an offence when its score says so and
its text carries an offence cue ("commits an offence", "is guilty of", "shall be
punished", "whoever"; ``cli.features``). A provision the whole-text score calls
``other`` is an offence when one of its parts is, confidently: the offence in (a) or (1)
of a long section is no longer outvoted by the procedure and penalties after it. In a
long provision the offence label comes from its offence-creating parts, and in one whose
whole text reads as both kinds (mixed), from a part that is clearly one kind.

Pure: any scorer that maps a text to class probabilities can be plugged in, whatever
its class list, as long as it has ``other`` besides the offence classes.
"""

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from cli.features import cue_counts, has_offence_cue
from cli.parts import Part, context, split_parts

__all__ = [
    "MIXED_FLOOR",
    "OffencePart",
    "PartLabel",
    "Reading",
    "is_mixed",
    "read_provision",
]

OTHER = "other"
ScoreMany = Callable[[list[str]], Sequence[Mapping[str, float]]]

PENALTY_WORDS = re.compile(r"\b(?:imprison\w*|fine[ds]?|penalt\w+|punish\w*|sentenc\w+)\b", re.I)
PART_OFFENCE_MIN = 0.5  # a part's offence probability at which it creates an offence
OVERRIDE_MIN = 0.6  # ... at which it overrides a whole-text `other`
STRONG_PART = 0.9  # ... at which it decides the kind of a provision whose whole text is mixed
MIXED_FLOOR = 0.25  # offence kinds each at least this probable: offence language of both kinds
LONG_TEXT = 2500  # characters: a provision read part by part for review


class OffencePart(NamedTuple):
    """A part that creates an offence: its ref, lines relative to the provision's first
    line, and the label and probability its score gives."""

    ref: str
    start_line: int
    end_line: int
    label: str
    probability: float


class PartLabel(NamedTuple):
    """The label a part's own score gives it, and whether its text has an offence cue."""

    ref: str
    label: str
    offence_cue: bool


class Reading(NamedTuple):
    """A provision read as a whole and part by part."""

    label: str
    probabilities: dict[str, float]
    whole: dict[str, float]  # the whole-text score
    offence_parts: tuple[OffencePart, ...]
    part_labels: tuple[PartLabel, ...]  # each part read with an offence cue, when several
    offence_cue: bool
    defining_cue: bool
    reference_cue: bool
    procedural_cue: bool
    penalty: bool  # the text names a penalty (imprisonment, fine, punishment)
    long: bool

    @property
    def confidence(self) -> float:
        return self.probabilities[self.label]


def _offence_label(probs: Mapping[str, float]) -> tuple[str, float]:
    """The most probable offence class and the probability of any offence."""
    offences = {k: v for k, v in probs.items() if k != OTHER}
    label = max(sorted(offences), key=offences.__getitem__)
    return label, sum(offences.values())


def read_provision(text: str, score_many: ScoreMany, parts: Sequence[Part] | None = None
                   ) -> Reading:
    """The label of a provision from its whole text and, when it has several, its parts.

    ``score_many`` gives the class probabilities of each of a list of texts: the
    provision first, then each part read with its chapeaux; ``parts`` defaults to
    ``split_parts(text)`` (pass ``[]`` to read the whole text only)."""
    offence_cue, defining, ref, procedural = (n > 0 for n in cue_counts(text))
    # Only a part read with an offence cue can create an offence: the others are not
    # scored, and a text with no offence cue is not split at all.
    parts = list(parts if parts is not None else split_parts(text) if offence_cue else [])
    cued: list[tuple[Part, str]] = []
    if offence_cue and len(parts) > 1:
        cued = [(p, ctx) for k, p in enumerate(parts) if has_offence_cue(ctx := context(parts, k))]
    scored = score_many([text, *(ctx for _, ctx in cued)])
    whole = dict(scored[0])
    label = max(sorted(whole), key=whole.__getitem__)
    found: list[OffencePart] = []
    part_labels: list[PartLabel] = []
    for (p, _), probs in zip(cued, scored[1:], strict=True):
        kind, p_offence = _offence_label(probs)
        part_labels.append(PartLabel(p.ref, kind if p_offence >= PART_OFFENCE_MIN else OTHER,
                                     has_offence_cue(p.text)))
        if p_offence >= PART_OFFENCE_MIN and p.ref:
            found.append(OffencePart(p.ref, p.start_line, p.end_line, kind, p_offence))
    probabilities = whole
    if found:
        best = max(found, key=lambda f: f.probability)
        if label == OTHER and best.probability >= OVERRIDE_MIN:
            # an offence in (a) or (1), outvoted in the whole text by procedure and penalties
            label = best.label
        strong = {f.label for f in found if f.probability >= STRONG_PART}
        if label != OTHER and len(text) >= LONG_TEXT:
            # a long provision: its penalty and procedure vocabulary says little of the offence
            weights = {k: sum(f.probability for f in found if f.label == k)
                       for k in {f.label for f in found}}
            label = max(sorted(weights), key=weights.__getitem__)
        elif label != OTHER and is_mixed(whole) and len(strong) == 1:
            # the whole text cannot tell the kinds apart; a part that clearly can decides
            (label,) = strong
        if label != max(sorted(whole), key=whole.__getitem__):
            probabilities = _probabilities_of(found, label, whole)
    if label == OTHER:
        found = []
    elif found:
        found = _outermost(found, parts)  # reported, after the label is decided
    else:
        found = [OffencePart("", 0, text.rstrip().count("\n"), label, 1 - whole.get(OTHER, 0.0))]
    return Reading(label, probabilities, whole, tuple(found), tuple(part_labels), offence_cue,
                   defining, ref, procedural, PENALTY_WORDS.search(text) is not None,
                   len(text) >= LONG_TEXT)


def _outermost(found: list[OffencePart], parts: Sequence[Part]) -> list[OffencePart]:
    """Offence parts without those inside another of the same kind, whose lines then run
    to the end of their last such descendant: "(a) Whoever—(1)...(2)..." is one part, (a)."""
    at = {p.ref: k for k, p in enumerate(parts) if p.ref}
    found_at = {at[f.ref]: n for n, f in enumerate(found)}
    out = dict(enumerate(found))
    for n, f in enumerate(found):
        k = parts[at[f.ref]].parent
        while k >= 0 and found_at.get(k) is None:
            k = parts[k].parent
        if k >= 0 and found[found_at[k]].label == f.label:
            top = found_at[k]
            while top not in out:  # the ancestor was itself folded into its own ancestor
                k = parts[k].parent
                while k >= 0 and found_at.get(k) is None:
                    k = parts[k].parent
                top = found_at[k]
            out[top] = out[top]._replace(end_line=max(out[top].end_line, f.end_line),
                                         probability=max(out[top].probability, f.probability))
            del out[n]
    return [out[n] for n in sorted(out)]


def is_mixed(probs: Mapping[str, float]) -> bool:
    """Offence language of more than one kind in a score: each kind at least MIXED_FLOOR."""
    offences = [v for k, v in probs.items() if k != OTHER]
    return len(offences) > 1 and min(offences) >= MIXED_FLOOR


def _probabilities_of(found: list[OffencePart], label: str,
                      whole: Mapping[str, float]) -> dict[str, float]:
    """The probabilities reported for a label its parts decided: the most confident such
    part's probability for it, the rest shared as in the whole text's score."""
    top = max(whole.get(label, 0.0), max(f.probability for f in found if f.label == label))
    rest = {k: v for k, v in whole.items() if k != label}
    share = sum(rest.values()) or 1.0
    return {k: top if k == label else (1 - top) * rest[k] / share for k in whole}
