"""The arithmetic of a large batch in NumPy, where NumPy is installed.

Counting terms stays in Python (``cli.term_index``); what follows, the TF-IDF values,
their norm, three dot products and the softmax, is done for a whole block of texts at
once over flat arrays: each text's known terms as positions in the vocabulary and
their counts, one after another. It gives the pure-Python scorer's probabilities to
within rounding (a few units in the last place; tested), not to the last bit, so every
record of a JSONL input goes through it, whatever the input's size, and a record's
output does not depend on the blocks it was read in. NumPy comes with scikit-learn,
which cyberscope installs for training; a draft never imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np

__all__ = ["BlockScorer"]


class BlockScorer:
    """Probabilities and logits of many texts, from a scorer's vocabulary and weights."""

    def __init__(self, scorer: Any) -> None:
        index, rows = scorer.term_index
        self.classes = scorer.classes
        self.counts = index.counts
        self.sublinear = scorer.sublinear_tf
        self.pos: dict[Any, int] = dict(zip(rows, range(len(rows)), strict=True))
        self.none = len(rows)  # the position of every unknown term: idf and weights 0
        table = np.zeros((len(rows) + 1, 4))
        table[:-1] = np.array(list(rows.values()), dtype=np.float64)
        self.idf = np.sqrt(table[:, 0])  # rows hold idf squared, then idf times each weight
        self.weights = np.ascontiguousarray(table[:, 1:])
        self.intercept = np.array(scorer.intercept, dtype=np.float64)

    def score(self, texts: Sequence[str]) -> tuple[list[list[float]], list[list[float]]]:
        """(probabilities, logits) of each text, in class order."""
        positions: list[int] = []
        counts: list[int] = []
        starts: list[int] = []
        get, none = self.pos.get, self.none
        for text in texts:
            found = self.counts(text)
            starts.append(len(positions))
            positions += map(get, found, repeat(none))
            counts += found.values()
            positions.append(none)  # every text has one term, so no segment is empty
            counts.append(1)
        if not texts:
            return [], []
        pos = np.array(positions, dtype=np.intp)
        n = np.array(counts, dtype=np.float64)
        tf = 1.0 + np.log(n) if self.sublinear else n
        at = np.array(starts, dtype=np.intp)
        values = tf * self.idf[pos]
        norm = np.sqrt(np.add.reduceat(values * values, at))
        norm[norm == 0.0] = 1.0
        dots = np.add.reduceat(tf[:, None] * self.weights[pos], at, axis=0)
        logits = self.intercept + dots / norm[:, None]
        exps = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = exps / exps.sum(axis=1, keepdims=True)
        return probs.tolist(), logits.tolist()
