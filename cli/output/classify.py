"""The output of ``classify``: one renderer per format, each returning a string.

JSON, JSONL and CSV are built with the standard library, so piped output is never
wrapped or cut at the terminal width; the table is drawn by ``cli.output.table``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from cli import LABELS
from cli.classify import Classified, DocumentResult, Prediction
from cli.output.console import LABEL_STYLES
from cli.output.formats import ClassifyFormat
from cli.output.header import dumps, json_header
from cli.output.table import Cell, format_table
from cli.report import Summary
from cli.run import Run

__all__ = ["offence_parts", "render", "render_csv", "render_json", "render_jsonl",
           "render_markdown", "render_table"]

CSV_FIELDS = ["source", "ref", "number", "title", "chapter", "start_line", "end_line", "label",
              "confidence", "score_cyber_dependent", "score_cyber_enabled", "score_other",
              "review", "text"]


def _r(x: float) -> float:
    return round(x, 6)


def _ids(doc: DocumentResult) -> tuple[Any, ...]:
    return doc.record_ids or (None,) * len(doc.provisions)


def offence_parts(pred: Prediction) -> list[dict[str, Any]]:
    """The parts that carry a provision's offence, as JSON values."""
    return [{"ref": f.ref, "start_line": f.start_line, "end_line": f.end_line, "label": f.label}
            for f in pred.offence_parts]


def provision_dict(c: Classified, doc: DocumentResult, explain: bool,
                   record_id: Any = None) -> dict[str, Any]:
    p, pred = c.provision, c.prediction
    out: dict[str, Any] = {
        "ref": p.ref, "number": p.number, "title": p.title, "chapter": p.chapter,
        "start_line": p.start_line, "end_line": p.end_line, "label": pred.label,
        "confidence": _r(pred.confidence), "scores": {k: _r(v) for k, v in pred.scores.items()},
        "review": pred.review, "review_codes": [r.code for r in pred.reviews],
        "offence_parts": offence_parts(pred), "text": p.text,
    }
    if doc.record_ids:
        out["id"] = record_id
    if explain:
        out["evidence"] = [{"term": e.term, "weight": e.weight} for e in pred.evidence]
    return out


def render_json(run: Run) -> str:
    """The documented JSON shape, whatever the number of documents."""
    obj = {
        **json_header({"id": run.model_id, "sha256": run.model_sha256,
                       "min_confidence": run.min_confidence},
                      [d.source for d in run.documents]),
        "documents": [
            {"source": d.source, "extractor": d.extractor,
             "segmentation": "paragraphs" if d.fallback else "headings",
             "provisions": [provision_dict(c, d, run.explain, i)
                            for c, i in zip(d.provisions, _ids(d), strict=True)],
             "summary": summary.as_dict()}
            for d, summary in zip(run.documents, run.summaries, strict=True)
        ],
        "summary": run.total.as_dict(),
    }
    return dumps(obj, 2) + "\n"


def render_jsonl(run: Run) -> str:
    """One JSON object per provision, each with its ``source``."""
    lines = [dumps({"source": d.source, **provision_dict(c, d, run.explain, i)}, None)
             for d in run.documents for c, i in zip(d.provisions, _ids(d), strict=True)]
    return "\n".join(lines) + "\n" if lines else ""


def render_csv(run: Run) -> str:
    """One CSV row per provision."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for d in run.documents:
        for c in d.provisions:
            p, pred = c.provision, c.prediction
            writer.writerow([d.source, p.ref, p.number, p.title, p.chapter or "", p.start_line,
                             p.end_line, pred.label, _r(pred.confidence),
                             *(_r(pred.scores[k]) for k in LABELS), pred.review or "", p.text])
    return buf.getvalue()


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _share_of_offences(s: Summary, label: str) -> str:
    """A label's share of the offences, or a dash for ``other`` and drafts with none."""
    return "–" if label == "other" or not s.offences else _pct(s.counts[label] / s.offences)


def _breakdown_lines(s: Summary) -> list[str]:
    lines = [f"Provisions: {s.provisions}. Offences: {s.offences} "
             f"({s.counts['cyber-dependent']} cyber-dependent, "
             f"{s.counts['cyber-enabled']} cyber-enabled)."]
    if s.offences:
        lines.append(f"Of the offences, {_pct(s.dependent_share)} are cyber-dependent and "
                     f"{_pct(s.enabled_share)} cyber-enabled: {s.breadth}.")
    else:
        lines.append("The text defines no cyber offence.")
    return lines


def _review_lines(doc: DocumentResult) -> list[tuple[str, str]]:
    return [(c.provision.ref, c.prediction.review or "") for c in doc.provisions
            if c.prediction.review]


def _evidence_text(c: Classified, n: int = 3) -> str:
    return ", ".join(e.term for e in c.prediction.evidence[:n])


def render_markdown(run: Run) -> str:
    """The table and breakdown as Markdown, ready to paste into a report."""
    out: list[str] = []
    for d, summary in zip(run.documents, run.summaries, strict=True):
        out.append(f"## {d.source}\n")
        head = "| Reference | Title | Label | Confidence | Lines |"
        rule = "|---|---|---|---:|---|"
        if run.explain:
            head, rule = head + " Evidence |", rule + "---|"
        out += [head, rule]
        for c in d.provisions:
            p, pred = c.provision, c.prediction
            flag = " ⚑" if pred.review else ""
            row = (f"| {_md(p.ref)} | {_md(p.title)} | {pred.label}{flag} | "
                   f"{pred.confidence:.2f} | {p.start_line}–{p.end_line} |")
            if run.explain:
                row += f" {_md(_evidence_text(c))} |"
            out.append(row)
        out.append("")
        out += _markdown_breakdown(summary)
        reviews = _review_lines(d)
        if reviews:
            out.append("\n**For human review**\n")
            out += [f"- {_md(ref)}: {_md(why)}" for ref, why in reviews]
        out.append("")
    if len(run.documents) > 1:
        out.append("## All documents\n")
        out += _markdown_breakdown(run.total)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown_breakdown(s: Summary) -> list[str]:
    out = ["| Label | Provisions | Share | Share of offences |", "|---|---:|---:|---:|"]
    for label in LABELS:
        out.append(f"| {label} | {s.counts[label]} | {_pct(s.share(label))} | "
                   f"{_share_of_offences(s, label)} |")
    out.append("")
    out += _breakdown_lines(s)
    return out


def render_table(run: Run, width: int = 100, colour: bool = False) -> str:
    """Tables of provisions and breakdowns for a terminal ``width`` columns wide.

    Long titles are cut with an ellipsis to fit (JSON and Markdown have them whole).
    """
    out: list[str] = []
    for d, summary in zip(run.documents, run.summaries, strict=True):
        headers = ["Reference", "Title", "Label", "Conf.", "Lines"]
        if run.explain:
            headers.append("Evidence")
        rows = []
        for c in d.provisions:
            p, pred = c.provision, c.prediction
            row = [Cell(p.ref), Cell(p.title),
                   Cell(pred.label + (" ⚑" if pred.review else ""), LABEL_STYLES[pred.label]),
                   Cell(f"{pred.confidence:.2f}"), Cell(f"{p.start_line}-{p.end_line}")]
            if run.explain:
                row.append(Cell(_evidence_text(c)))
            rows.append(row)
        out.append(format_table(headers, rows, align="lllrr" + "l" * run.explain, title=d.source,
                                max_width=width, shrink=5 if run.explain else 1, colour=colour))
        out.append(_text_breakdown(summary, f"Breakdown: {d.source}", width, colour))
        reviews = _review_lines(d)
        if reviews:
            out.append("For human review (⚑):\n" +
                       "".join(f"  {ref}: {why}\n" for ref, why in reviews))
        out.append("\n")
    if len(run.documents) > 1:
        out.append(_text_breakdown(run.total, f"All {len(run.documents)} documents", width,
                                   colour))
    return "".join(out)


def _text_breakdown(s: Summary, title: str, width: int, colour: bool) -> str:
    rows = []
    for label in LABELS:
        rows.append([Cell(label, LABEL_STYLES[label]), Cell(str(s.counts[label])),
                     Cell(_pct(s.share(label))), Cell(_share_of_offences(s, label))])
    table = format_table(["Label", "Provisions", "Share", "Share of offences"], rows,
                         align="lrrr", title=title, max_width=width, colour=colour)
    return table + "".join(line + "\n" for line in _breakdown_lines(s))


def render(run: Run, fmt: ClassifyFormat, width: int = 100, colour: bool = False) -> str:
    """The output of ``run`` in ``fmt``."""
    if fmt is ClassifyFormat.table:
        return render_table(run, width, colour)
    renderers = {ClassifyFormat.json: render_json, ClassifyFormat.jsonl: render_jsonl,
                 ClassifyFormat.csv: render_csv, ClassifyFormat.markdown: render_markdown}
    return renderers[fmt](run)

