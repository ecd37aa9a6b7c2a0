"""Read a provision as its parts: which parts create an offence, the label they give, and
the review reasons that catch what a bag of words over the whole provision gets wrong.

Pure functions over plain values: any scorer that maps a text to class probabilities
(``Score``) can be plugged in, whatever its class list, as long as it has ``other`` and
the offence classes.

- Cues: phrases that create an offence ("commits an offence", "is guilty of", "shall be
  punished", "whoever", "shall criminalise") against phrases that define, presume or
  explain ("means", "is authorised if", "takes place if", "for the purposes of", "is
  presumed"), and references to the instrument's own offences ("offences under this
  Act"). ``cue_terms`` turns them into terms a linear model can weigh.
- ``read_provision``: the whole provision is scored, and, when it has several parts, each
  part with the chapeaux that govern it. A part creates an offence when its score says
  so and it carries an offence cue. A provision the whole-text score calls ``other`` is
  an offence when one of its parts is, confidently; the label of an offence comes from
  its offence-creating parts.
- ``review_reasons``: codes with a sentence each, for a human to look.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from cli.parts import Part, context, split_parts

__all__ = ["CUE_TERMS", "REVIEW_CODES", "OffencePart", "Reading", "Review", "cue_terms",
           "has_offence_cue", "read_provision", "review_reasons"]

OTHER = "other"
Score = Callable[[str], Mapping[str, float]]

OFFENCE_CUE = re.compile(
    r"\b(?:commits? an? (?:criminal )?offen[cs]e|(?:is|are|shall be) guilty of|"
    r"shall (?:be|on conviction be) (?:punish|liable|sentenced|fined|imprisoned)\w*|"
    r"(?:is|are|shall be) (?:liable|punishable)|(?:is|are) punished|whoever|"
    r"(?:establish|make|made|constitutes?|is) (?:it )?(?:as )?(?:a )?criminal offen[cs]es?|"
    r"criminali[sz]e|make punishable|shall be an offen[cs]e|commits? a crime|"
    r"shall be punished)\b", re.I)
DEFINING_CUE = re.compile(
    r"(?:\bmeans\b|\bincludes?\b|\bis (?:un)?authori[sz]ed (?:if|where|unless)|"
    r"\btakes? place (?:if|when|where)\b|\bfor the purposes? of\b|\bis presumed\b|"
    r"\bshall be presumed\b|\ba reference to\b|\bshall not be refused in evidence\b|"
    r"\bis evidence\b|\bin this (?:act|part|section|law|chapter|convention|code|directive)\b|"
    r"\brefers to\b|\bshall (?:notify|report)\b)", re.I)
PROCEDURAL_CUE = re.compile(
    r"\b(?:obstruct\w*|frustrat\w*|delay\w*) (?:\w+ ){0,4}investigation|"
    r"\b(?:order|warrant|notice|direction)s? (?:issued|made|given|served) under\b|"
    r"\bfails? (?:\w+ ){0,3}to comply with\b|\bsubject of (?:an? )?(?:order|warrant)", re.I)
REFERENCE_CUE = re.compile(
    r"\b(?:offen[cs]es? (?:under|established (?:in|under|by)|referred to in|set (?:out|forth) in|"
    r"provided for (?:in|by)|prescribed (?:in|by)|covered by|stipulated in|in) "
    r"(?:this|these|the preceding|sections?|articles?|§)|proceeds)", re.I)
PENALTY_WORDS = re.compile(r"\b(?:imprison\w*|fine[ds]?|penalt\w+|punish\w*|sentenc\w+)\b", re.I)
CUE_TERMS = ("q:offence", "q:defining", "q:reference", "q:procedural")
MAX_CUES = 3
PART_OFFENCE_MIN = 0.5  # a part's offence probability at which it creates an offence
OVERRIDE_MIN = 0.6  # ... at which it overrides a whole-text `other`
LONG_TEXT = 2500  # characters: a provision read part by part for review


class OffencePart(NamedTuple):
    """A part that creates an offence: its ref, lines relative to the provision's first
    line, and the label and probability its score gives."""

    ref: str
    start_line: int
    end_line: int
    label: str
    probability: float


class Reading(NamedTuple):
    """A provision read as a whole and part by part."""

    label: str
    probabilities: dict[str, float]
    whole: dict[str, float]  # the whole-text score
    offence_parts: tuple[OffencePart, ...]
    part_labels: tuple[str, ...]  # each part's own label (empty for a one-part provision)
    offence_cue: bool
    defining_cue: bool
    reference_cue: bool
    procedural_cue: bool
    long: bool


class Review(NamedTuple):
    """Why a human should look: a stable code and a sentence."""

    code: str
    text: str


REVIEW_CODES = {
    "mixed": "offence language of both kinds",
    "close-call": "the two most likely labels are close",
    "low-confidence": "confidence below the review threshold",
    "parts-disagree": "a long provision whose parts carry offences of different kinds, or "
                      "whose parts and whole text disagree",
    "offence-in-part": "labelled other, but a part has offence language and scores as an offence",
    "no-offence-cue": "labelled an offence, but no phrase in it creates one",
    "procedural-offence": "labelled a cyber offence, but it punishes obstructing an "
                          "investigation or disobeying an order (a procedural offence is other)",
    "offence-by-reference": "an offence defined by reference to the instrument's other offences, "
                            "with little vocabulary of its own",
}


def cue_terms(text: str) -> list[str]:
    """Cue markers for a linear model: each cue's term once per occurrence, up to three."""
    terms: list[str] = []
    for term, pattern in zip(CUE_TERMS, (OFFENCE_CUE, DEFINING_CUE, REFERENCE_CUE, PROCEDURAL_CUE),
                             strict=True):
        n = sum(1 for _ in zip(range(MAX_CUES), pattern.finditer(text), strict=False))
        terms += [term] * n
    return terms


def has_offence_cue(text: str) -> bool:
    return OFFENCE_CUE.search(text) is not None


def _offence_label(probs: Mapping[str, float]) -> tuple[str, float]:
    """The most probable offence class and the probability of any offence."""
    offences = {k: v for k, v in probs.items() if k != OTHER}
    label = max(sorted(offences), key=offences.__getitem__)
    return label, sum(offences.values())


def read_provision(text: str, score: Score, parts: Sequence[Part] | None = None,
                   score_many: Callable[[list[str]], list[Mapping[str, float]]] | None = None,
                   ) -> Reading:
    """The label of a provision from its whole text and, when it has several, its parts."""
    parts = list(split_parts(text) if parts is None else parts)
    contexts = [context(parts, k) for k in range(len(parts))] if len(parts) > 1 else []
    texts = [text, *contexts]
    scored = score_many(texts) if score_many else [score(t) for t in texts]
    whole = dict(scored[0])
    cue, defining, ref = (has_offence_cue(text), DEFINING_CUE.search(text) is not None,
                          REFERENCE_CUE.search(text) is not None)
    label = max(sorted(whole), key=whole.__getitem__)
    found: list[OffencePart] = []
    part_labels: list[str] = []
    for p, ctx, probs in zip(parts, contexts, scored[1:], strict=False):
        kind, p_offence = _offence_label(probs)
        part_labels.append(kind if p_offence >= PART_OFFENCE_MIN else OTHER)
        if p_offence >= PART_OFFENCE_MIN and has_offence_cue(ctx) and p.ref:
            found.append(OffencePart(p.ref, p.start_line, p.end_line, kind, p_offence))
    probabilities = whole
    if found:
        best = max(found, key=lambda f: f.probability)
        if label == OTHER and best.probability >= OVERRIDE_MIN:
            # an offence in (a) or (1), outvoted in the whole text by procedure and penalties
            label = best.label
        if label != OTHER and len(text) >= LONG_TEXT:
            # a long provision: its penalty and procedure vocabulary says little of the offence
            weights = {k: sum(f.probability for f in found if f.label == k)
                       for k in {f.label for f in found}}
            label = max(sorted(weights), key=weights.__getitem__)
        if label != max(sorted(whole), key=whole.__getitem__):
            probabilities = _probabilities_of(found, label, whole)
    if label == OTHER:
        found = []
    elif not found:
        found = [OffencePart("", 0, text.rstrip().count("\n"), label, 1 - whole.get(OTHER, 0.0))]
    return Reading(label, probabilities, whole, tuple(found), tuple(part_labels), cue, defining,
                   ref, PROCEDURAL_CUE.search(text) is not None, len(text) >= LONG_TEXT)


def _probabilities_of(found: list[OffencePart], label: str,
                      whole: Mapping[str, float]) -> dict[str, float]:
    """The probabilities reported for a label its parts decided: the most confident such
    part's probability for it, the rest shared as in the whole text's score."""
    top = max(whole.get(label, 0.0), max(f.probability for f in found if f.label == label))
    rest = {k: v for k, v in whole.items() if k != label}
    share = sum(rest.values()) or 1.0
    return {k: top if k == label else (1 - top) * rest[k] / share for k in whole}


def review_reasons(reading: Reading, text: str, threshold: float,
                   close_margin: float = 0.15, mixed_floor: float = 0.25) -> list[Review]:
    """Every reason a human should look at this provision, most serious first."""
    out: list[Review] = []
    probs = reading.probabilities
    offence_probs = {k: v for k, v in probs.items() if k != OTHER}
    if len(offence_probs) >= 2 and all(v >= mixed_floor for v in offence_probs.values()):
        shown = ", ".join(f"{k} {v:.2f}" for k, v in sorted(offence_probs.items()))
        out.append(Review("mixed", f"offence language of both kinds ({shown})"))
    ranked = sorted(probs.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < close_margin:
        out.append(Review("close-call", f"{ranked[0][0]} {ranked[0][1]:.2f} vs {ranked[1][0]} "
                                        f"{ranked[1][1]:.2f}"))
    if ranked[0][1] < threshold:
        out.append(Review("low-confidence", f"confidence {ranked[0][1]:.3f} < {threshold:.2f}"))
    kinds = {f.label for f in reading.offence_parts if f.ref}
    whole_label = max(sorted(reading.whole), key=reading.whole.__getitem__)
    if len(kinds) > 1:
        out.append(Review("parts-disagree", "parts create offences of both kinds: " + ", ".join(
            f"{f.ref} {f.label}" for f in reading.offence_parts)))
    elif reading.long and kinds and whole_label != reading.label:
        out.append(Review("parts-disagree", f"the whole text reads {whole_label}, its offence "
                                            f"parts {reading.label}"))
    if reading.label == OTHER:
        flagged = [(p, lab) for p, lab in zip(split_parts(text)[:len(reading.part_labels)],
                                               reading.part_labels, strict=False)
                   if lab != OTHER and has_offence_cue(p.text)]
        if flagged:
            out.append(Review("offence-in-part", "offence language in " + ", ".join(
                f"{p.ref or 'the opening'} ({lab})" for p, lab in flagged[:3])))
        elif reading.offence_cue and reading.reference_cue and PENALTY_WORDS.search(text) is None \
                and reading.whole.get(OTHER, 1.0) < 0.8:
            out.append(Review("offence-by-reference", "creates an offence by reference to the "
                                                      "instrument's other offences"))
    elif reading.procedural_cue:
        out.append(Review("procedural-offence", f"labelled {reading.label}, but the offence "
                                                "protects an investigation or an order"))
    elif not reading.offence_cue:
        out.append(Review("no-offence-cue", f"labelled {reading.label}, but no phrase such as "
                                            "'commits an offence' or 'shall be punished'"))
    return out
