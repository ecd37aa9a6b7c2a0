"""The output of ``classify explain``: JSON, or the provision with its evidence marked."""

from __future__ import annotations

from cli.explain import Explanation, term_pattern
from cli.output.classify import offence_parts
from cli.output.console import LABEL_STYLES, paint
from cli.output.formats import ReportFormat
from cli.output.header import dumps, json_header
from cli.output.table import Cell, format_table

__all__ = ["render_explanation"]


def _highlighted(text: str, ex: Explanation, colour: bool) -> str:
    """The provision's text with the evidence for its label, and against it, marked."""
    if not colour:
        return text
    styles: list[str] = [""] * len(text)
    for evidence, style in ((ex.against, "italic"), (ex.evidence, "bold underline green")):
        for e in evidence:
            for m in term_pattern(e.term).finditer(text):
                styles[m.start():m.end()] = [style] * (m.end() - m.start())
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
               "review": pred.review, "review_codes": [r.code for r in pred.reviews],
               "offence_parts": offence_parts(pred), "text": p.text,
               "evidence": [{"term": e.term, "weight": e.weight} for e in ex.evidence],
               "evidence_against": [{"term": e.term, "weight": e.weight} for e in ex.against]}
        return dumps(obj) + "\n"
    head = paint(p.ref, "bold", colour) + (f" {p.title}" if p.title else "")
    head += f"   lines {p.start_line}-{p.end_line}   " + paint(pred.label,
                                                             LABEL_STYLES[pred.label], colour)
    parts = [head + "\n"]
    for r in pred.reviews:
        parts.append(paint(f"review: {r}", "bold magenta", colour) + "\n")
    if pred.offence_parts:
        parts.append("offence in: " + ", ".join(
            f"{f.ref or 'the whole provision'} (lines {f.start_line}-{f.end_line}, {f.label})"
            for f in pred.offence_parts) + "\n")
    parts.append(format_table(
        ["label", "probability"],
        [[Cell(label, LABEL_STYLES[label]), Cell(f"{prob:.3f}")]
         for label, prob in pred.scores.items()],
        align="lr", title="Scores", max_width=width, colour=colour))
    rows = [[Cell(e.term), Cell(f"{e.weight:+.3f}")] for e in ex.evidence]
    rows += [[Cell(f"{e.term} (for {ex.runner_up})", "italic"), Cell(f"{-e.weight:+.3f}")]
             for e in ex.against]
    parts.append(format_table(["term", "weight"], rows, align="lr",
                              title=f"Evidence for {pred.label} over {ex.runner_up}",
                              max_width=width, colour=colour))
    parts.append("\n" + _highlighted(p.text, ex, colour) + "\n")
    return "".join(parts)
