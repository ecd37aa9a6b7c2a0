"""Precision, recall, F1 and the confusion matrix, in plain Python."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from cli import LABELS

__all__ = ["LabelScores", "Metrics", "evaluate_predictions"]


class LabelScores(NamedTuple):
    """Precision, recall, F1 and support of one label."""

    precision: float
    recall: float
    f1: float
    support: int


class Metrics(NamedTuple):
    """How predictions compare with gold labels."""

    per_label: dict[str, LabelScores]
    macro_f1: float
    accuracy: float
    confusion: dict[str, dict[str, int]]  # gold label -> predicted label -> count
    total: int

    def as_dict(self) -> dict:
        return {
            "macro_f1": round(self.macro_f1, 4),
            "accuracy": round(self.accuracy, 4),
            "total": self.total,
            "per_label": {k: {"precision": round(v.precision, 4), "recall": round(v.recall, 4),
                              "f1": round(v.f1, 4), "support": v.support}
                          for k, v in self.per_label.items()},
            "confusion": self.confusion,
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate_predictions(gold: Sequence[str], predicted: Sequence[str],
                         labels: Sequence[str] = LABELS) -> Metrics:
    """Per-label and overall scores; macro-F1 averages the labels present in ``gold``."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    confusion = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    per_label = {}
    for label in labels:
        tp = confusion[label][label]
        predicted_n = sum(confusion[g][label] for g in labels)
        support = sum(confusion[label].values())
        precision, recall = _ratio(tp, predicted_n), _ratio(tp, support)
        f1 = _ratio(2 * tp, predicted_n + support)
        per_label[label] = LabelScores(precision, recall, f1, support)
    present = [k for k in labels if per_label[k].support]
    macro = sum(per_label[k].f1 for k in present) / len(present) if present else 0.0
    correct = sum(confusion[k][k] for k in labels)
    return Metrics(per_label, macro, _ratio(correct, len(gold)), confusion, len(gold))
