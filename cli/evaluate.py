"""``classify evaluate``: score the shipped scorer on labelled records (data only;
``cli.output.evaluate`` renders it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cli.classify import Classifier
from cli.metrics import Metrics, evaluate_predictions
from cli.training.corpus import Record, read_labelled

__all__ = ["EvaluationReport", "Miss", "TypeEvaluation", "evaluate_file", "evaluate_records"]


@dataclass(frozen=True)
class Miss:
    """A record the model labelled wrongly."""

    id: str
    gold: str
    predicted: str
    confidence: float
    head: str


@dataclass(frozen=True)
class TypeEvaluation:
    """How the predicted types compare with the records' types (a wrong label makes a
    wrong type)."""

    accuracy: float
    offence_accuracy: float  # over the records whose gold label is an offence
    offences: int
    metrics: Metrics  # per type: precision, recall, F1, support


@dataclass(frozen=True)
class EvaluationReport:
    """Scores of a model on one labelled file, with its misses."""

    source: str
    model_id: str
    model_sha256: str
    metrics: Metrics
    misses: tuple[Miss, ...]
    types: TypeEvaluation | None = None  # when every record carries a type


def evaluate_records(records: list[Record], classifier: Classifier,
                     source: str) -> EvaluationReport:
    """Predictions of ``classifier`` against the records' labels."""
    predictions = [classifier.predict(r.text) for r in records]
    metrics = evaluate_predictions([r.label for r in records], [p.label for p in predictions])
    misses = tuple(
        Miss(r.id, r.label, p.label, p.confidence, r.text.strip().split("\n")[0][:80])
        for r, p in zip(records, predictions, strict=True) if p.label != r.label
    )
    return EvaluationReport(source, classifier.manifest.model_id,
                            classifier.manifest.scorer_sha256, metrics, misses,
                            _types(records, [p.type for p in predictions]))


def _types(records: list[Record], predicted: list[str]) -> TypeEvaluation | None:
    if not all(r.type for r in records):
        return None
    gold = [r.type for r in records]
    offences = [g == p for r, g, p in zip(records, gold, predicted, strict=True)
                if r.label != "other"]
    metrics = evaluate_predictions(gold, predicted, sorted({*gold, *predicted}))
    return TypeEvaluation(metrics.accuracy, sum(offences) / len(offences) if offences else 0.0,
                          len(offences), metrics)


def evaluate_file(path: Path, model_dir: Path | None = None) -> EvaluationReport:
    return evaluate_records(read_labelled(path), Classifier.load(model_dir), str(path))
