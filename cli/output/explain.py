"""The output of ``classify explain``: JSON, or the provision with its evidence marked."""

from __future__ import annotations

from cli.explain import Explanation, evidence_dict, evidence_label, evidence_spans
from cli.offences import beyond_treaties, counterparts
from cli.output.classify import offence_parts
from cli.output.console import LABEL_STYLES, paint
from cli.output.formats import ReportFormat
from cli.output.header import dumps, json_header
from cli.output.safe import printable
from cli.output.table import Cell, format_table

__all__ = ["render_explanation"]


def _highlighted(text: str, ex: Explanation, colour: bool) -> str:
    """The provision's text with the evidence for its label, and against it, marked."""
    if not colour:
        return text
    styles: list[str] = [""] * len(text)
    for evidence, style in ((ex.against, "italic"), (ex.evidence, "bold underline green")):
        for e in evidence:
            if e.term.startswith("c:"):
                continue  # a concept's words are many and general; its name is in the table
            for a, b in evidence_spans(e.term, text):
                styles[a:b] = [style] * (b - a)
    out, start = [], 0
    for i in range(1, len(text) + 1):
        if i == len(text) or styles[i] != styles[start]:
            out.append(paint(text[start:i], styles[start], colour))
            start = i
    return "".join(out)


def render_explanation(ex: Explanation, fmt: ReportFormat, width: int = 100,
                       colour: bool = False) -> str:
    """JSON, or a plain-text report with the evidence highlighted in the provision."""
    p, pred = ex.item.provision, ex.item.prediction
    if fmt is ReportFormat.json:
        obj = {**json_header({"id": ex.model_id, "sha256": ex.model_sha256}, [ex.source]),
               "ref": p.ref, "title": p.title, "start_line": p.start_line,
               "end_line": p.end_line, "label": pred.label, "runner_up": ex.runner_up,
               "scores": {k: round(v, 6) for k, v in pred.scores.items()},
               "review": pred.review_code, "review_text": pred.review,
               "review_codes": [r.code for r in pred.reviews],
               "offence_parts": offence_parts(pred), "text": p.text,
               "evidence": [evidence_dict(e, p.text) for e in ex.evidence],
               "evidence_against": [evidence_dict(e, p.text) for e in ex.against],
               "type": pred.type, "type_runner_up": ex.type_runner_up,
               "type_scores": {k: round(v, 6) for k, v in ex.type_scores.items()},
               "type_evidence": [evidence_dict(e, p.text) for e in ex.type_evidence],
               "counterparts": counterparts(pred.type),
               "beyond_treaties": beyond_treaties(pred.type)}
        return dumps(obj) + "\n"
    head = paint(printable(p.ref), "bold", colour) + (f" {printable(p.title)}" if p.title else "")
    head += f"   lines {p.start_line}-{p.end_line}   " + paint(pred.label,
                                                             LABEL_STYLES[pred.label], colour)
    head += f"   type {pred.type}"
    treaties = "; ".join(f"{k} {v}" for k, v in counterparts(pred.type).items())
    if treaties:
        head += f" (treaties: {treaties})"
    elif beyond_treaties(pred.type):
        head += " (beyond the treaties)"
    parts = [head + "\n"]
    for r in pred.reviews:
        parts.append(paint(f"review: {printable(str(r))}", "bold magenta", colour) + "\n")
    if pred.offence_parts:
        parts.append("offence in: " + ", ".join(
            f"{printable(f.ref) or 'the whole provision'} (lines {f.start_line}-{f.end_line}, "
            f"{f.label})" for f in pred.offence_parts) + "\n")
    parts.append(format_table(
        ["label", "probability"],
        [[Cell(label, LABEL_STYLES[label]), Cell(f"{prob:.3f}")]
         for label, prob in pred.scores.items()],
        align="lr", title="Scores", max_width=width, colour=colour))
    rows = [[Cell(evidence_label(e.term, p.text)), Cell(e.term), Cell(f"{e.weight:+.3f}")]
            for e in ex.evidence]
    rows += [[Cell(f"{evidence_label(e.term, p.text)} (for {ex.runner_up})", "italic"),
              Cell(e.term, "italic"), Cell(f"{-e.weight:+.3f}")] for e in ex.against]
    parts.append(format_table(["evidence", "model term", "weight"], rows, align="llr",
                              title=f"Evidence for {pred.label} over {ex.runner_up}",
                              max_width=width, colour=colour))
    type_rows = [[Cell(e.term), Cell(f"{e.weight:+.3f}")] for e in ex.type_evidence]
    over = f" over {ex.type_runner_up}" if ex.type_runner_up else ""
    parts.append(format_table(["term", "weight"], type_rows, align="lr",
                              title=f"Evidence for type {pred.type}{over}",
                              max_width=width, colour=colour))
    parts.append("\n" + _highlighted(printable(p.text, keep_lines=True), ex, colour) + "\n")
    return "".join(parts)
