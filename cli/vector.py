"""The arithmetic of a large batch in NumPy, where NumPy is installed.

Finding a text's terms stays in Python (``cli.term_index``: integer keys for its words,
word pairs and heading words, with repeats, and its concept markers); the rest is
done for a whole block of texts at once over flat arrays: the keys are looked up in
the vocabulary by binary search, counted per text, and turned into TF-IDF values,
their norms, a dot product per class and a softmax, and the normalised values the
type scorer weighs. It gives the pure-Python scorer's
probabilities to within rounding (a few units in the last place; tested), not to the
last bit, so every record of a JSONL input goes through it, whatever the input's
size, and a record's output does not depend on the blocks it was read in. NumPy comes
with scikit-learn, which cyberscope installs for training; a draft never imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["BlockScorer"]


class BlockScorer:
    """Probabilities and logits of many texts, from a scorer's vocabulary and weights."""

    def __init__(self, scorer: Any, types: Any = None) -> None:
        index, rows = scorer.term_index
        self.terms = index.terms
        self.classes = scorer.classes
        self.sublinear = scorer.sublinear_tf
        keys = list(rows)
        table = np.array(list(rows.values()), dtype=np.float64).reshape(len(keys), scorer.stride)
        self.idf = np.sqrt(table[:, 0])  # rows hold idf squared, then idf times each weight
        self.weights = np.ascontiguousarray(table[:, 1:])
        self.intercept = np.array(scorer.intercept, dtype=np.float64)
        ints = sorted((k, p) for p, k in enumerate(keys) if isinstance(k, int))
        self.int_keys = np.array([k for k, _ in ints], dtype=np.int64)
        self.int_pos = np.array([p for _, p in ints], dtype=np.int64)
        self.marker_pos = {k: p for p, k in enumerate(keys) if isinstance(k, str)}
        self.size = len(keys)
        self.types = types  # the type scorer (``cli.scorer.TypeScorer``), if any
        if types is not None:  # its float32 weights, a row per term, a column per type
            self.type_weights = np.frombuffer(types.table, dtype=np.float32).reshape(
                types.terms, types.stride)
            self.type_intercept = np.array(types.intercept, dtype=np.float64)

    def score(self, texts: Sequence[str], values: bool = True
              ) -> tuple[list[list[float]], list[list[float]], list[dict[int, float]],
                         list[Any]]:
        """(probabilities, logits) of each text, in class order; with ``values``, its
        l2-normalised TF-IDF values by term position (what the type scorer weighs, and
        its evidence needs), else empty dicts; and the ``Scores`` of its label's types,
        as ``TypeScorer.score`` gives them to within rounding (none without a type
        scorer)."""
        want_values = values
        if not texts:
            return [], [], [], []
        keys: list[int] = []
        lengths: list[int] = []
        marks: list[tuple[int, int, int]] = []  # (text, position, count) of known markers
        for t, text in enumerate(texts):
            found, markers = self.terms(text)
            keys += found
            lengths.append(len(found))
            for name, n in markers.items():
                p = self.marker_pos.get(name)
                if p is not None:
                    marks.append((t, p, n))
        all_keys = np.array(keys, dtype=np.int64)
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        at = np.minimum(np.searchsorted(self.int_keys, all_keys), len(self.int_keys) - 1)
        known = self.int_keys[at] == all_keys
        # each (text, term) once, with its count
        pairs, n = np.unique(owner[known] * self.size + self.int_pos[at[known]],
                             return_counts=True)
        if marks:
            m = np.array(marks, dtype=np.int64)
            pairs = np.concatenate([pairs, m[:, 0] * self.size + m[:, 1]])
            n = np.concatenate([n, m[:, 2]])
        text_of, pos = np.divmod(pairs, self.size)
        counts = n.astype(np.float64)
        tf = 1.0 + np.log(counts) if self.sublinear else counts
        values = tf * self.idf[pos]
        width = len(texts)
        norm = np.sqrt(np.bincount(text_of, values * values, width))
        norm[norm == 0.0] = 1.0
        contribution = tf[:, None] * self.weights[pos]
        dots = np.stack([np.bincount(text_of, contribution[:, j], width)
                         for j in range(self.weights.shape[1])], axis=1)
        logits = self.intercept + dots / norm[:, None]
        exps = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = exps / exps.sum(axis=1, keepdims=True)
        normalised = values / norm[text_of]
        found: list[dict[int, float]] = [{} for _ in range(width)]
        if want_values:
            for t, p, v in zip(text_of.tolist(), pos.tolist(), normalised.tolist(),
                               strict=True):
                found[t][p] = v
        return (probs.tolist(), logits.tolist(), found,
                self._kinds(probs, text_of, pos, normalised))

    def _kinds(self, probs: Any, text_of: Any, pos: Any, normalised: Any) -> list[Any]:
        """The ``Scores`` of each text's label's types: every type's logit summed per
        text as the labels' are, then a softmax within the label's types."""
        types = self.types
        if types is None:
            return []
        from cli.scorer import Scores

        width = len(probs)
        contribution = normalised[:, None] * self.type_weights[pos]
        logits = np.stack([np.bincount(text_of, contribution[:, j], width)
                           for j in range(types.stride)], axis=1) + self.type_intercept
        label_of = np.argmax(probs, axis=1)  # the first most probable, as Scores.label
        kinds: list[Any] = [None] * width
        for k, label in enumerate(self.classes):
            rows = np.flatnonzero(label_of == k)
            if not len(rows):
                continue
            start, end = types.spans[label]
            z = logits[rows, start:end]
            exps = np.exp(z - z.max(axis=1, keepdims=True))
            p = exps / exps.sum(axis=1, keepdims=True)
            names = types.types[label]
            for row, pk, zk in zip(rows.tolist(), p.tolist(), z.tolist(), strict=True):
                kinds[row] = Scores(names, tuple(pk), tuple(zk))
        return kinds
