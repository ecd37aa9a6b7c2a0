"""The output of ``classify evaluate``: JSON or a plain-text report."""

from __future__ import annotations

from cli import LABELS
from cli.evaluate import EvaluationReport
from cli.output.formats import ReportFormat
from cli.output.header import dumps, json_header
from cli.output.safe import printable

__all__ = ["render_evaluation"]


def render_evaluation(report: EvaluationReport, fmt: ReportFormat) -> str:
    """The evaluation as JSON or as a plain-text table."""
    m = report.metrics
    if fmt is ReportFormat.json:
        obj = {**json_header({"id": report.model_id, "sha256": report.model_sha256},
                             [report.source]),
               **m.as_dict(),
               "misclassified": [{"id": x.id, "gold": x.gold, "predicted": x.predicted,
                                  "confidence": round(x.confidence, 4), "head": x.head}
                                 for x in report.misses]}
        if report.types:
            t = report.types
            obj["types"] = {"accuracy": round(t.accuracy, 4),
                            "offence_accuracy": round(t.offence_accuracy, 4),
                            "offences": t.offences,
                            "per_type": t.metrics.as_dict()["per_label"]}
        return dumps(obj) + "\n"
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
    if report.types:
        lines += _type_lines(report)
    return printable("\n".join(lines) + "\n", keep_lines=True)


def _type_lines(report: EvaluationReport) -> list[str]:
    t = report.types
    assert t is not None
    lines = ["", f"type accuracy {t.accuracy:.4f}   over the {t.offences} offences "
             f"{t.offence_accuracy:.4f}", "",
             f"{'type':30}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>9}"]
    for name, s in t.metrics.per_label.items():
        lines.append(f"{name:30}{s.precision:10.3f}{s.recall:10.3f}{s.f1:10.3f}"
                     f"{s.support:9d}")
    return lines
