"""``classify evaluate``: score the shipped scorer on labelled records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cli import LABELS
from cli.classify import Classifier
from cli.corpus import Record, read_labelled
from cli.metrics import Metrics, evaluate_predictions

__all__ = ["EvaluationReport", "evaluate_file", "evaluate_records", "render_evaluation"]


@dataclass(frozen=True)
class Miss:
    """A record the model labelled wrongly."""

    id: str
    gold: str
    predicted: str
    confidence: float
    head: str


@dataclass(frozen=True)
class EvaluationReport:
    """Scores of a model on one labelled file, with its misses."""

    source: str
    model_id: str
    metrics: Metrics
    misses: tuple[Miss, ...]


def evaluate_records(records: list[Record], classifier: Classifier,
                     source: str) -> EvaluationReport:
    """Predictions of ``classifier`` against the records' labels."""
    predictions = [classifier.predict(r.text) for r in records]
    metrics = evaluate_predictions([r.label for r in records], [p.label for p in predictions])
    misses = tuple(
        Miss(r.id, r.label, p.label, p.confidence, r.text.strip().split("\n")[0][:80])
        for r, p in zip(records, predictions, strict=True) if p.label != r.label
    )
    return EvaluationReport(source, classifier.manifest.model_id, metrics, misses)


def evaluate_file(path: Path, model_dir: Path | None = None) -> EvaluationReport:
    return evaluate_records(read_labelled(path), Classifier.load(model_dir), str(path))


def render_evaluation(report: EvaluationReport, fmt: str) -> str:
    """The evaluation as JSON or as a plain-text table."""
    m = report.metrics
    if fmt == "json":
        obj = {"source": report.source, "model": report.model_id, **m.as_dict(),
               "misclassified": [{"id": x.id, "gold": x.gold, "predicted": x.predicted,
                                  "confidence": round(x.confidence, 4), "head": x.head}
                                 for x in report.misses]}
        return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    lines = [f"{report.source}: {m.total} records, model {report.model_id}", "",
             f"{'label':18}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for label in LABELS:
        s = m.per_label[label]
        lines.append(f"{label:18}{s.precision:10.3f}{s.recall:10.3f}{s.f1:10.3f}{s.support:9d}")
    lines += ["", f"macro-F1 {m.macro_f1:.4f}   accuracy {m.accuracy:.4f}", "",
              "confusion (rows: gold, columns: predicted)",
              " " * 18 + "".join(f"{label:>17}" for label in LABELS)]
    lines += [f"{g:18}" + "".join(f"{m.confusion[g][p]:17d}" for p in LABELS) for g in LABELS]
    lines += ["", f"misclassified: {len(report.misses)}"]
    lines += [f"  {x.id}: {x.gold} -> {x.predicted} ({x.confidence:.2f})  {x.head}"
              for x in report.misses]
    return "\n".join(lines) + "\n"
