"""The model's vocabulary in integer space, for scoring large batches quickly.

``TermIndex.counts(text)`` gives the same counts of the vocabulary's terms as
``Counter(analyze(text))``, without building a string for every word pair: each
stem the vocabulary uses has a number, a word is its number, a word pair ``a * K +
b`` and a heading word ``-a``; stems the vocabulary does not use share the number
``K - 1``, so their pairs match no term. Stop words and heading words get keys as
single words too; ``analyze`` never makes such terms, so no key of the vocabulary
matches them. The words of each whitespace-separated
chunk ("system;", "(a)") are worked out once and remembered, so the work per word
runs in C: splitting, ``map`` over dictionaries, ``Counter``. Concept and cue markers
keep their string form. Tests check the counts against ``analyze`` on the corpus and
on generated texts; scores from both paths are the same to the last bit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain, islice, repeat
from operator import add, mul, neg

from cli.features import (
    CONCEPT_WORDS,
    HEADING_MAX,
    MARKERS,
    MAX_CONCEPT_COUNT,
    PHRASES,
    TOKEN,
    cue_terms,
    lookup_word,
)

__all__ = ["TermIndex"]

Key = int | str
CHUNKS_MAX = 200_000  # memo entries; beyond this, chunks are worked out each time


class TermIndex:
    """Count a text's vocabulary terms under integer keys (see ``key``)."""

    def __init__(self, terms: Iterable[str]) -> None:
        stems = set(chain.from_iterable(k.split(" ") for k in PHRASES))
        for term in terms:
            if term.startswith("h:"):
                stems.add(term[2:])
            elif not term.startswith("c:"):
                stems.update(term.split(" "))
        self.stem_ids = {s: i for i, s in enumerate(sorted(stems), 1)}
        self.base = len(self.stem_ids) + 2  # K: ids run from 1 to K - 2
        self.unknown = self.base - 1
        self.phrases: dict[int | tuple[int, int], str] = {}
        for key, name in PHRASES.items():
            a, b, *rest = (self.stem_ids[s] for s in key.split(" "))
            pair = a * self.base + b
            self.phrases[(pair, rest[0]) if rest else pair] = name
        self.phrase_pairs = frozenset(k[0] if isinstance(k, tuple) else k for k in self.phrases)
        self._chunk_ids: dict[str, tuple[int, ...]] = {}
        self._chunk_concepts: dict[str, tuple[str, ...]] = {}

    def key(self, term: str) -> Key:
        """The key under which ``counts`` counts a vocabulary term."""
        if term.startswith("c:"):
            return term
        if term.startswith("h:"):
            return -self.stem_ids[term[2:]]
        first, _, second = term.partition(" ")
        if second:
            return self.stem_ids[first] * self.base + self.stem_ids[second]
        return self.stem_ids[first]

    def _chunk(self, chunk: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """The stem ids and concepts of a chunk's words, remembered while there is room."""
        ids: list[int] = []
        concepts: list[str] = []
        get, unknown = self.stem_ids.get, self.unknown
        for token in TOKEN.findall(chunk):
            stemmed, names = lookup_word(token)
            ids.append(get(stemmed, unknown))
            concepts += names
        found = tuple(ids), tuple(concepts)
        if len(self._chunk_ids) < CHUNKS_MAX:
            self._chunk_ids[chunk] = found[0]
            if concepts:
                self._chunk_concepts[chunk] = found[1]
        return found

    def _parts(self, chunks: Sequence[str]) -> tuple[list[tuple[int, ...]], Iterable[str]]:
        """Each chunk's stem ids, and the concepts of all the chunks' words."""
        try:
            parts = list(map(self._chunk_ids.__getitem__, chunks))
        except KeyError:  # a chunk not seen before
            pass
        else:
            return parts, chain.from_iterable(map(self._chunk_concepts.get, chunks, repeat(())))
        parts, concepts = [], []
        for chunk in chunks:
            ids = self._chunk_ids.get(chunk)
            if ids is None:
                ids, names = self._chunk(chunk)
                concepts += names
            else:
                concepts += self._chunk_concepts.get(chunk, ())
            parts.append(ids)
        return parts, concepts

    def counts(self, text: str) -> Counter[Key]:
        """Counts of the text's terms by key, equal to ``Counter(analyze(text))`` for
        every term of the vocabulary; keys of other terms may appear, and match nothing."""
        keys, markers = self.terms(text)
        counts: Counter[Key] = Counter(keys)
        counts.update(markers)  # after the other keys, as ``analyze`` gives them
        return counts

    def terms(self, text: str) -> tuple[list[int], dict[str, int]]:
        """The integer keys of the text's words, word pairs and heading words, each as
        often as it occurs, and the concept markers with their counts."""
        low = text.lower()
        chunks = low.split()  # no token spans whitespace, so chunks split no token
        parts, concept_names = self._parts(chunks)
        ids = list(chain.from_iterable(parts))
        pairs = list(map(add, map(mul, ids, repeat(self.base)), islice(ids, 1, None)))
        keys = ids + pairs
        head, _, body = low.strip().partition("\n")
        if body and len(head) < HEADING_MAX:
            in_head = sum(map(len, parts[:len(head.split())]))
            keys += map(neg, ids[:in_head])
        concepts = dict.fromkeys(CONCEPT_WORDS, 0)
        for name in concept_names:
            concepts[name] += 1
        if not self.phrase_pairs.isdisjoint(pairs):
            self._count_phrases(ids, pairs, concepts)
        markers = MARKERS["ict" if concepts["ict"] else "noict"]
        found = {markers[name]: min(n, MAX_CONCEPT_COUNT) for name, n in concepts.items() if n}
        for cue in cue_terms(text):  # last, as ``analyze`` gives them
            found[cue] = found.get(cue, 0) + 1
        return keys, found

    def _count_phrases(self, ids: list[int], pairs: list[int], concepts: dict[str, int]) -> None:
        """Add the concept phrases found among the text's word pairs, as ``analyze`` does."""
        for k in [k for k, pair in enumerate(pairs) if pair in self.phrase_pairs]:
            name = self.phrases.get(pairs[k])
            if name is None and k + 2 < len(ids):
                name = self.phrases.get((pairs[k], ids[k + 2]))
            if name is not None:
                concepts[name] += 1
