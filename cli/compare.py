"""Compare two classified drafts: align their provisions and say how the scope moved."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from cli.classify import Classified, DocumentResult
from cli.report import Summary, summarise
from cli.safeguards import SafeguardReport, check_classified, fired, lost_words

__all__ = ["Change", "Comparison", "align", "compare"]

WORD = re.compile(r"[a-z0-9]+")
MATCH_FLOOR = 0.35
SAME_TEXT = 0.95


@dataclass(frozen=True)
class Change:
    """One provision of either draft and what happened to it."""

    kinds: tuple[str, ...]  # added, removed, renumbered, reworded, relabelled, safeguards;
    # () if unchanged
    old: Classified | None
    new: Classified | None
    similarity: float | None
    flags_gained: tuple[str, ...] = ()  # safeguard flags that fire now and did not before
    flags_cleared: tuple[str, ...] = ()  # flags that fired before and no longer do

    @property
    def old_ref(self) -> str | None:
        return self.old.provision.ref if self.old else None

    @property
    def new_ref(self) -> str | None:
        return self.new.provision.ref if self.new else None

    @property
    def title(self) -> str:
        side = self.new or self.old
        return side.provision.title if side else ""


@dataclass(frozen=True)
class Comparison:
    """Two drafts' breakdowns and every provision's change, in the new draft's order."""

    old_source: str
    new_source: str
    old_summary: Summary
    new_summary: Summary
    changes: tuple[Change, ...]
    instrument_gained: tuple[str, ...] = ()  # whole-instrument flags that fire now
    instrument_cleared: tuple[str, ...] = ()

    @property
    def direction(self) -> str:
        delta = self.new_summary.enabled_share - self.old_summary.enabled_share
        if abs(delta) < 1e-9:
            return "unchanged"
        return "broader" if delta > 0 else "narrower"

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if kind in c.kinds]

    def drivers(self) -> list[Change]:
        """Changes that moved the offence counts: offences added, removed or relabelled."""
        return [c for c in self.changes if "relabelled" in c.kinds or _offence_came_or_went(c)]

    def headline(self) -> str:
        o, n = self.old_summary, self.new_summary
        share = (f"cyber-enabled share of offences {100 * o.enabled_share:.0f}% -> "
                 f"{100 * n.enabled_share:.0f}%; offences {o.offences} -> {n.offences}")
        verdict = {"broader": "The criminalisation got broader",
                   "narrower": "The criminalisation got narrower",
                   "unchanged": "The cyber-enabled share of offences did not change"
                   }[self.direction]
        causes = [_describe(c) for c in self.drivers()]
        because = f", because of: {'; '.join(causes)}" if causes else ""
        return f"{verdict} ({share}){because}.{self._safeguard_sentence()}"

    def safeguards_lost(self) -> list[str]:
        """'Article 8 lost 'without right' (no-unlawfulness-element)', for every matched
        provision and the instrument as a whole."""
        out = [_lost(c, code) for c in self.changes if c.old and c.new
               for code in c.flags_gained]
        return out + [f"the instrument now fires {code}" for code in self.instrument_gained]

    def safeguards_restored(self) -> list[str]:
        out = [f"{c.new_ref} no longer fires {code}" for c in self.changes if c.old and c.new
               for code in c.flags_cleared]
        return out + [f"the instrument no longer fires {code}"
                      for code in self.instrument_cleared]

    def _safeguard_sentence(self) -> str:
        lost, restored = self.safeguards_lost(), self.safeguards_restored()
        parts = []
        if lost:
            parts.append(f" The revision removes safeguards: {'; '.join(lost)}.")
        if restored:
            parts.append(f" It adds safeguards: {'; '.join(restored)}.")
        return "".join(parts)


def _lost(c: Change, code: str) -> str:
    assert c.old and c.new
    words = lost_words(code, c.old.provision.text, c.new.provision.text)
    what = f"lost '{words}' ({code})" if words else f"now fires {code}"
    return f"{c.new_ref} {what}"


def _offence_came_or_went(c: Change) -> bool:
    side = c.new if "added" in c.kinds else c.old if "removed" in c.kinds else None
    return side is not None and side.prediction.label != "other"


def _describe(c: Change) -> str:
    if "added" in c.kinds and c.new:
        return f"added {c.new_ref} ({c.title}, {c.new.prediction.label})"
    if "removed" in c.kinds and c.old:
        return f"removed {c.old_ref} ({c.title}, {c.old.prediction.label})"
    assert c.old and c.new
    return (f"relabelled {c.new_ref} ({c.title}) {c.old.prediction.label} -> "
            f"{c.new.prediction.label}")


def _body(c: Classified) -> str:
    lines = c.provision.text.split("\n")
    body = "\n".join(lines[1:]) if c.provision.ref != "Preamble" and len(lines) > 1 else lines[0]
    return body.lower()


def _shingles(text: str) -> set[str]:
    words = WORD.findall(text)
    return {" ".join(words[i:i + 2]) for i in range(max(1, len(words) - 1))}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def align(old: tuple[Classified, ...], new: tuple[Classified, ...]) -> list[tuple[int, int]]:
    """Pairs (old index, new index): by reference first, then by title and text."""
    old_sh = [_shingles(_body(c)) for c in old]
    new_sh = [_shingles(_body(c)) for c in new]
    candidates = []
    for i, o in enumerate(old):
        for j, n in enumerate(new):
            sim = _jaccard(old_sh[i], new_sh[j])
            same_title = bool(o.provision.title) and \
                o.provision.title.lower() == n.provision.title.lower()
            same_ref = o.provision.ref == n.provision.ref
            score = sim + (0.4 if same_title else 0.0) + (0.15 if same_ref else 0.0)
            if score >= MATCH_FLOOR:
                candidates.append((-score, i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return sorted(pairs, key=lambda p: p[1])


def compare(old: DocumentResult, new: DocumentResult, min_confidence: float,
            same_text: float = SAME_TEXT,
            safeguards: Sequence[SafeguardReport] = ()) -> Comparison:
    """Every provision of both drafts with what changed, in the new draft's order.

    A matched provision counts as reworded when its text is less than ``same_text``
    similar; a change that moves a safeguard flag is never counted as unchanged.
    ``safeguards``: the reports of both drafts, if already made.
    """
    old_sg, new_sg = safeguards if safeguards else (check_classified(old),
                                                    check_classified(new))
    pairs = align(old.provisions, new.provisions)
    matched_old = {i for i, _ in pairs}
    by_new = {j: i for i, j in pairs}
    changes: list[Change] = []
    for j, n in enumerate(new.provisions):
        if j not in by_new:
            changes.append(Change(("added",), None, n, None,
                                  tuple(sorted(fired(new_sg.provisions[j])))))
            continue
        o = old.provisions[by_new[j]]
        sim = SequenceMatcher(None, _body(o), _body(n), autojunk=False).ratio()
        was, now = fired(old_sg.provisions[by_new[j]]), fired(new_sg.provisions[j])
        kinds = []
        if o.provision.ref != n.provision.ref:
            kinds.append("renumbered")
        if sim < same_text or (was != now and sim < 1.0):
            kinds.append("reworded")
        if o.prediction.label != n.prediction.label:
            kinds.append("relabelled")
        if was != now:
            kinds.append("safeguards")
        changes.append(Change(tuple(kinds), o, n, round(sim, 3), tuple(sorted(now - was)),
                              tuple(sorted(was - now))))
    for i, o in enumerate(old.provisions):
        if i not in matched_old:
            changes.append(Change(("removed",), o, None, None, (),
                                  tuple(sorted(fired(old_sg.provisions[i])))))
    was, now = fired(old_sg.instrument), fired(new_sg.instrument)
    return Comparison(old.source, new.source,
                      summarise(old, min_confidence, old_sg.fired_codes()),
                      summarise(new, min_confidence, new_sg.fired_codes()), tuple(changes),
                      tuple(sorted(now - was)), tuple(sorted(was - now)))
