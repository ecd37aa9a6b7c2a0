"""Compare two classified drafts: align their provisions and say how the scope moved."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import chain, count, pairwise
from typing import Any

from cli.classify import Classified, DocumentResult
from cli.offences import beyond_treaties
from cli.report import Summary, summarise
from cli.safeguards import SafeguardReport, check_classified, fired, lost_words

__all__ = ["Change", "Comparison", "align", "compare", "matching_blocks", "similarity"]

WORD = re.compile(r"[a-z0-9]+")
MATCH_FLOOR = 0.35
SAME_TEXT = 0.95
COMMON = 50  # provisions: a word pair in more of them than this finds no candidates
CANDIDATES = 8  # new provisions scored against each old one, besides same number and title
APART_MIN = 1000  # provisions of both drafts: fewer are aligned and checked in one process
EXACT_WORDS = 5000  # two texts of up to this many words together are diffed by difflib whole
GAP_WORDS = 500  # past EXACT_WORDS, stretches between anchors this short go to difflib
ANCHOR_RUNS = (1, 2, 4, 8)  # words per anchor: single words first, runs where none is unique
MAX_DEPTH = 8  # cuts of a long pair into stretches, each cut linear in the words


@dataclass(frozen=True)
class Change:
    """One provision of either draft and what happened to it."""

    kinds: tuple[str, ...]  # added, removed, renumbered, reworded, relabelled, retyped,
    # safeguards; () if unchanged
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

    def treaty_movement(self) -> list[str]:
        """Offences that came beyond the treaties or left them, e.g. "added Section 6
        (defamation-insult)", in the new draft's order."""
        moves = []
        for c in self.changes:
            was, now = _beyond(c.old), _beyond(c.new)
            if now and not was and c.new:
                moves.append(f"added {c.new_ref} ({c.new.prediction.type})" if c.old is None
                             else f"{c.new_ref} now {c.new.prediction.type}" + _was(c.old))
            elif was and not now and c.old:
                moves.append(f"removed {c.old_ref} ({c.old.prediction.type})" if c.new is None
                             else f"{c.new_ref} now {c.new.prediction.type}" + _was(c.old))
        return moves

    def treaty_line(self) -> str:
        """"offences beyond the treaties: 3 → 5: added Section 6 (defamation-insult), ..."."""
        o, n = len(self.old_summary.kinds.beyond), len(self.new_summary.kinds.beyond)
        moves = self.treaty_movement()
        return f"offences beyond the treaties: {o} → {n}" + (f": {'; '.join(moves)}"
                                                              if moves else "")


def _lost(c: Change, code: str) -> str:
    assert c.old and c.new
    words = lost_words(code, c.old.provision.text, c.new.provision.text)
    what = f"lost '{words}' ({code})" if words else f"now fires {code}"
    return f"{c.new_ref} {what}"


def _beyond(c: Classified | None) -> bool:
    return c is not None and c.prediction.label != "other" and beyond_treaties(c.prediction.type)


def _was(c: Classified | None) -> str:
    return f", was {c.prediction.type}" if c else ""


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


def _shingles(text: str) -> frozenset[str]:
    """The text's pairs of adjacent words (its one word, if it has only one)."""
    words = WORD.findall(text)
    if len(words) < 2:
        return frozenset((" ".join(words),))
    return frozenset(map(" ".join, pairwise(words)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not (a or b):
        return 1.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _groups(keys: list[Any]) -> dict[Any, list[int]]:
    found: dict[Any, list[int]] = {}
    for k, key in enumerate(keys):
        if key:
            found.setdefault(key, []).append(k)
    return found


def _candidates(old_keys: list[Any], new_keys: list[Any]) -> Iterator[tuple[int, int]]:
    """Pairs whose keys (reference, title, or whole text) are equal: within a group of
    up to ``COMMON`` on both sides every pair, in a larger one the k-th with the k-th."""
    new_groups = _groups(new_keys)
    for key, olds in _groups(old_keys).items():
        news = new_groups.get(key, [])
        if len(olds) <= COMMON and len(news) <= COMMON:
            yield from ((i, j) for i in olds for j in news)
        else:
            yield from zip(olds, news, strict=False)


def _prefix(ranks: list[int]) -> list[int]:
    """The rarest word pairs of a text (by their ranks, rarest first): any text at least
    ``MATCH_FLOOR`` alike (Jaccard) shares one of them with it, when both take theirs by
    the same ranking."""
    keep = int((1.0 - MATCH_FLOOR) * len(ranks)) + 1
    return sorted(ranks)[:keep]


def _similar_pairs(old_sh: list[frozenset[str]],
                   new_sh: list[frozenset[str]]) -> set[tuple[int, int]]:
    """Pairs of texts that may be ``MATCH_FLOOR`` alike: through an index of each new
    text's rarest word pairs (prefix filtering), each old text's ``CANDIDATES`` new texts
    sharing the most of its own rarest word pairs. A word pair in more than ``COMMON``
    texts of either draft leads nowhere, so the work stays near-linear. Word pairs are
    handled by their rank (rarest 0), ties in the order first seen, old draft first."""
    in_old = Counter(chain.from_iterable(old_sh))
    counts = in_old.copy()
    counts.update(chain.from_iterable(new_sh))
    order = sorted(counts, key=counts.__getitem__)
    rank = {s: k for k, s in enumerate(order)}.__getitem__
    crowded = [in_old[s] > COMMON for s in order]  # in more than COMMON old texts
    index: dict[int, list[int]] = {}
    for j, shingles in enumerate(new_sh):
        for r in _prefix(list(map(rank, shingles))):
            index.setdefault(r, []).append(j)
    pairs: set[tuple[int, int]] = set()
    for i, shingles in enumerate(old_sh):
        shared = Counter(chain.from_iterable(
            found for r in _prefix(list(map(rank, shingles)))
            if (found := index.get(r)) and len(found) <= COMMON and not crowded[r]))
        pairs.update((i, j) for j, _ in shared.most_common(CANDIDATES))
    return pairs


def align(old: tuple[Classified, ...], new: tuple[Classified, ...]) -> list[tuple[int, int]]:
    """Pairs (old index, new index), best first: the pairs worth scoring are found by
    reference, title and identical text, and through an index of rare word pairs
    (``_similar_pairs``), so the work grows with the drafts' length, not its square.
    Each pair scores the likeness of the texts (Jaccard over word pairs) plus a bonus
    for the same title and for the same reference; the best pairs are taken greedily,
    each provision once."""
    old_sh = [_shingles(_body(c)) for c in old]
    new_sh = [_shingles(_body(c)) for c in new]
    old_titles = [c.provision.title.lower() for c in old]
    new_titles = [c.provision.title.lower() for c in new]
    old_refs = [c.provision.ref for c in old]
    new_refs = [c.provision.ref for c in new]
    pairs = _similar_pairs(old_sh, new_sh)
    pairs.update(_candidates(old_refs, new_refs))
    pairs.update(_candidates(old_titles, new_titles))
    pairs.update(_candidates(old_sh, new_sh))
    candidates = []
    for i, j in pairs:
        score = _jaccard(old_sh[i], new_sh[j])
        if old_titles[i] and old_titles[i] == new_titles[j]:
            score += 0.4
        if old_refs[i] == new_refs[j]:
            score += 0.15
        if score >= MATCH_FLOOR:
            candidates.append((-score, i, j))
    candidates.sort()
    used_old: set[int] = set()
    used_new: set[int] = set()
    matched = []
    for _, i, j in candidates:
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            matched.append((i, j))
    return sorted(matched, key=lambda p: p[1])


def similarity(old: str, new: str) -> float:
    """How alike two texts are, word by word: twice the words in the matching blocks of
    ``matching_blocks`` over the words of both (``difflib``'s ratio over the words, for
    texts of up to ``EXACT_WORDS`` words together)."""
    a, b = old.split(), new.split()
    if a == b:
        return 1.0
    matched = sum(n for _, _, n in matching_blocks(a, b))
    return 2.0 * matched / (len(a) + len(b))


Block = tuple[int, int, int]  # (i, j, n): a[i:i + n] == b[j:j + n]


def matching_blocks(a: Sequence[str], b: Sequence[str]) -> list[Block]:
    """The runs of words two texts share, in order in both (what lies between them
    changed).

    Texts of up to ``EXACT_WORDS`` words together get ``difflib``'s matching blocks (its
    work grows with the square of their length). Longer texts are cut at anchors,
    patience-style: their common first and last words, then the words found once in
    each text, in the longest chain in the same order in both (n log n); where no word
    is found once, the runs of 2, 4 or 8 words that are. Each stretch between anchors
    is cut the same way within itself, down to ``GAP_WORDS`` words, which ``difflib``
    diffs. A stretch with no anchor (repetitive or unrelated text) is cut in equal
    pieces, each taken with its counterpart in the other text: pieces of half
    ``EXACT_WORDS`` words, cut again within themselves, then (a piece with no anchor
    either, or past ``MAX_DEPTH`` cuts) pieces short enough for ``difflib``. Every cut
    is linear in the words (n log n for the chains) and there are at most
    ``MAX_DEPTH`` of them, so the work grows linearly with the texts.
    The blocks are always a true common subsequence: past ``EXACT_WORDS`` the similarity
    they give may differ from difflib's, never by matching words that do not match."""
    if len(a) + len(b) <= EXACT_WORDS:
        return _difflib_blocks(a, b, 0, len(a), 0, len(b))
    out: list[Block] = []
    _anchored(a, b, (0, len(a), 0, len(b)), 0, out)
    merged: list[Block] = []
    for i, j, n in out:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        elif n:
            merged.append((i, j, n))
    return merged


def _difflib_blocks(a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int,
                    bhi: int) -> list[Block]:
    blocks = SequenceMatcher(None, a[alo:ahi], b[blo:bhi]).get_matching_blocks()
    return [(alo + i, blo + j, n) for i, j, n in blocks if n]


def _anchored(a: Sequence[str], b: Sequence[str], box: tuple[int, int, int, int],
              depth: int, out: list[Block]) -> None:
    """The matching blocks of ``a[alo:ahi]`` and ``b[blo:bhi]`` (``box``), appended to
    ``out`` in order (see ``matching_blocks``); ``depth``: the cuts made so far."""
    alo, ahi, blo, bhi = box
    start = alo
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo, blo = alo + 1, blo + 1
    out.append((start, blo - (alo - start), alo - start))
    end = ahi
    while ahi > alo and bhi > blo and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
    tail = (ahi, bhi, end - ahi)
    if alo == ahi or blo == bhi:
        pass
    elif (ahi - alo) + (bhi - blo) <= GAP_WORDS:
        out += _difflib_blocks(a, b, alo, ahi, blo, bhi)
    elif depth < MAX_DEPTH and (anchors := _anchors(a, b, (alo, ahi, blo, bhi))):
        i0, j0 = alo, blo
        for i, j, k in anchors:
            if i > i0 and j > j0:
                _anchored(a, b, (i0, i, j0, j), depth + 1, out)
            out.append((i, j, k))
            i0, j0 = i + k, j + k
        _anchored(a, b, (i0, ahi, j0, bhi), depth + 1, out)
    else:
        longest = max(ahi - alo, bhi - blo)
        size = (EXACT_WORDS // 2 if depth < MAX_DEPTH and longest > EXACT_WORDS // 2
                else GAP_WORDS // 2)
        pieces = -(-longest // size)
        cut_a = [alo + (ahi - alo) * t // pieces for t in range(pieces + 1)]
        cut_b = [blo + (bhi - blo) * t // pieces for t in range(pieces + 1)]
        for t in range(pieces):
            _anchored(a, b, (cut_a[t], cut_a[t + 1], cut_b[t], cut_b[t + 1]), depth + 1, out)
    out.append(tail)


def _anchors(a: Sequence[str], b: Sequence[str], box: tuple[int, int, int, int]
             ) -> list[Block]:
    """The anchors of ``a[alo:ahi]`` and ``b[blo:bhi]`` (``box``): of single words if any,
    else of the shortest runs of ``ANCHOR_RUNS`` words that give some."""
    for k in ANCHOR_RUNS:
        found = _unique_runs(a, b, box, k)
        if found:
            return found
    return []


def _unique_runs(a: Sequence[str], b: Sequence[str], box: tuple[int, int, int, int],
                 k: int) -> list[Block]:
    """Runs of ``k`` words found once in ``a[alo:ahi]`` and once in ``b[blo:bhi]``, as
    (i, j, k): the longest chain of them in order in both, none overlapping the one
    before."""
    alo, ahi, blo, bhi = box

    def runs(words: Sequence[str], lo: int, hi: int) -> list[Any]:
        return (list(words[lo:hi]) if k == 1 else
                list(zip(*(words[lo + t:hi - k + 1 + t] for t in range(k)), strict=False)))

    runs_a, runs_b = runs(a, alo, ahi), runs(b, blo, bhi)
    count_b = Counter(runs_b)
    at_a, at_b = dict(zip(runs_a, count(alo))), dict(zip(runs_b, count(blo)))  # last start
    pairs = sorted((at_a[key], at_b[key]) for key, n in Counter(runs_a).items()
                   if n == 1 and count_b.get(key) == 1)
    chain: list[Block] = []
    i_end = j_end = -1
    for i, j in _increasing(pairs):
        if i >= i_end and j >= j_end:
            chain.append((i, j, k))
            i_end, j_end = i + k, j + k
    return chain


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (sorted by their first) whose seconds increase
    (patience sorting, n log n)."""
    tops: list[int] = []  # the second of the pair on top of each pile
    top_index: list[int] = []
    before: list[int] = []
    for n, (_, j) in enumerate(pairs):
        pile = bisect_left(tops, j)
        before.append(top_index[pile - 1] if pile else -1)
        if pile == len(tops):
            tops.append(j)
            top_index.append(n)
        else:
            tops[pile], top_index[pile] = j, n
    chain = []
    n = top_index[-1] if top_index else -1
    while n >= 0:
        chain.append(pairs[n])
        n = before[n]
    return chain[::-1]


def _aligned_and_checked(old: DocumentResult, new: DocumentResult
                         ) -> tuple[list[tuple[int, int]], tuple[SafeguardReport, ...]]:
    """``align`` of the two drafts and the safeguard checks of each: for drafts of
    ``APART_MIN`` provisions or more together, the alignment and the new draft's checks
    in forked workers while the old draft's run here (the three take about as long)."""
    if len(old.provisions) + len(new.provisions) < APART_MIN:
        return align(old.provisions, new.provisions), (check_classified(old),
                                                       check_classified(new))
    import json

    from cli.parallel import beside

    def job(item: bytes) -> bytes:
        if item == b"align":
            return json.dumps(align(old.provisions, new.provisions)).encode("utf-8")
        return check_classified(new, workers=1).to_bytes()

    (aligned, checked), old_sg = beside(job, [b"align", b"check"],
                                        lambda: check_classified(old, workers=1))
    return ([(i, j) for i, j in json.loads(aligned)],
            (old_sg, SafeguardReport.from_bytes(checked)))


def compare(old: DocumentResult, new: DocumentResult, min_confidence: float,
            same_text: float = SAME_TEXT) -> Comparison:
    """Every provision of both drafts with what changed, in the new draft's order.

    A matched provision counts as reworded when its text is less than ``same_text``
    similar; a change that moves a safeguard flag is never counted as unchanged. The
    safeguards of both drafts are checked here, beside the alignment.
    """
    pairs, (old_sg, new_sg) = _aligned_and_checked(old, new)
    matched_old = {i for i, _ in pairs}
    by_new = {j: i for i, j in pairs}
    changes: list[Change] = []
    for j, n in enumerate(new.provisions):
        if j not in by_new:
            changes.append(Change(("added",), None, n, None,
                                  tuple(sorted(fired(new_sg.provisions[j])))))
            continue
        o = old.provisions[by_new[j]]
        sim = similarity(_body(o), _body(n))
        was, now = fired(old_sg.provisions[by_new[j]]), fired(new_sg.provisions[j])
        kinds = []
        if o.provision.ref != n.provision.ref:
            kinds.append("renumbered")
        if sim < same_text or (was != now and sim < 1.0):
            kinds.append("reworded")
        if o.prediction.label != n.prediction.label:
            kinds.append("relabelled")
        if o.prediction.type != n.prediction.type:
            kinds.append("retyped")
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
