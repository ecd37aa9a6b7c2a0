"""The output of ``classify``: one renderer per format, each returning a string.

JSON, JSONL and CSV are built with the standard library, so piped output is never
wrapped or cut at the terminal width; the table is drawn by ``cli.output.table``.
"""

from __future__ import annotations

import io
import json
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

from cli import LABELS
from cli.classify import Classified, DocumentResult, Prediction
from cli.output.console import LABEL_STYLES
from cli.output.formats import ClassifyFormat
from cli.output.header import dumps, json_header
from cli.output.table import Cell, format_table
from cli.report import Summary
from cli.run import Run

if TYPE_CHECKING:
    from cli.provision import Provision
    from cli.safeguards import Flag

__all__ = ["CSV_FIELDS", "csv_header", "csv_row", "jsonl_line", "render", "render_csv",
           "render_json", "render_jsonl", "render_markdown", "render_table"]

CSV_FIELDS = ["source", "ref", "number", "title", "chapter", "start_line", "end_line", "label",
              "confidence", "score_cyber_dependent", "score_cyber_enabled", "score_other",
              "review", "text"]  # then "flags", when the safeguard checks were asked for


def _r(x: float) -> float:
    return round(x, 6)


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _json(value: Any) -> str:
    """A JSON value as ``dumps`` writes it; strings (the common case) directly."""
    return encode_basestring(value) if isinstance(value, str) else _ENCODER.encode(value)


def jsonl_line(source: str, p: Provision, prediction: Prediction, record_id: Any = None,
               has_id: bool = False, text: bool = True, explain: bool = False) -> str:
    """One provision as a JSON line: the object ``provision_dict`` gives, with its
    ``source``, as ``dumps`` writes it (keys sorted), built without a dict since the
    batch path writes one per record. ``text`` False leaves the text out."""
    s = prediction.scores
    out = [f'{{"chapter": {_json(p.chapter)}, "confidence": {_r(prediction.confidence)!r}, '
           f'"end_line": {p.end_line}, ']
    if explain:
        out.append('"evidence": ' + _ENCODER.encode(
            [{"term": e.term, "weight": e.weight} for e in prediction.evidence]) + ", ")
    if has_id:
        out.append(f'"id": {_json(record_id)}, ')
    review = "null" if prediction.review is None else encode_basestring(prediction.review)
    out.append(f'"label": "{prediction.label}", "number": {_json(p.number)}, '
               f'"ref": {_json(p.ref)}, "review": {review}, "scores": {{"cyber-dependent": '
               f'{_r(s["cyber-dependent"])!r}, "cyber-enabled": {_r(s["cyber-enabled"])!r}, '
               f'"other": {_r(s["other"])!r}}}, "source": {_json(source)}, '
               f'"start_line": {p.start_line}, ')
    if text:
        out.append(f'"text": {encode_basestring(p.text)}, ')
    out.append(f'"title": {_json(p.title)}}}')
    return "".join(out)


def csv_row(source: str, p: Provision, prediction: Prediction, text: bool = True) -> list[Any]:
    """One provision as a CSV row (``text`` False leaves the last column out)."""
    row = [source, p.ref, p.number, p.title, p.chapter or "", p.start_line, p.end_line,
           prediction.label, _r(prediction.confidence),
           *(_r(prediction.scores[k]) for k in LABELS), prediction.review or ""]
    if text:
        row.append(p.text)
    return row


def _ids(doc: DocumentResult) -> tuple[Any, ...]:
    return doc.record_ids or (None,) * len(doc.provisions)


def _flags(run: Run, k: int) -> tuple[tuple[Flag, ...] | None, ...]:
    """The safeguard flags of each provision of document ``k`` (None: not checked)."""
    if run.safeguards:
        return run.safeguards[k].provisions
    return (None,) * len(run.documents[k].provisions)


def _instrument(run: Run, k: int) -> dict[str, Any]:
    """``{"safeguards": [...]}``: the whole-instrument flags of document ``k``; ``{}``
    when the checks were not asked for."""
    if not run.safeguards:
        return {}
    return {"safeguards": [f.as_dict() for f in run.safeguards[k].instrument]}


def _codes(flags: tuple[Flag, ...]) -> str:
    """Codes of the flags that fire, then undetermined ones marked '?'."""
    return " ".join([f.code for f in flags if f.status == "fires"]
                    + [f"{f.code}?" for f in flags if f.status != "fires"])


def provision_dict(c: Classified, doc: DocumentResult, explain: bool,
                   record_id: Any = None, flags: tuple[Flag, ...] | None = None
                   ) -> dict[str, Any]:
    p, pred = c.provision, c.prediction
    out: dict[str, Any] = {
        "ref": p.ref, "number": p.number, "title": p.title, "chapter": p.chapter,
        "start_line": p.start_line, "end_line": p.end_line, "label": pred.label,
        "confidence": _r(pred.confidence), "scores": {k: _r(v) for k, v in pred.scores.items()},
        "review": pred.review, "text": p.text,
    }
    if flags is not None:
        out["safeguards"] = [f.as_dict() for f in flags]
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
             "provisions": [provision_dict(c, d, run.explain, i, f) for c, i, f
                            in zip(d.provisions, _ids(d), _flags(run, k), strict=True)],
             **_instrument(run, k),
             "summary": summary.as_dict()}
            for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True))
        ],
        "summary": run.total.as_dict(),
    }
    return dumps(obj, 2) + "\n"


def render_jsonl(run: Run, text: bool = True) -> str:
    """One JSON object per provision, each with its ``source`` (and, when the safeguard
    checks were asked for, its flags and its document's as ``document_safeguards``);
    ``text`` False leaves the provision's text out."""
    lines = []
    for k, d in enumerate(run.documents):
        if not run.safeguards:  # the batch path's writer (``jsonl_line``), the same bytes
            lines += [jsonl_line(d.source, c.provision, c.prediction, i, bool(d.record_ids),
                                 text, run.explain)
                      for c, i in zip(d.provisions, _ids(d), strict=True)]
            continue
        whole = {f"document_{key}": v for key, v in _instrument(run, k).items()}
        for c, i, f in zip(d.provisions, _ids(d), _flags(run, k), strict=True):
            obj = {"source": d.source, **provision_dict(c, d, run.explain, i, f), **whole}
            if not text:
                del obj["text"]
            lines.append(dumps(obj, None))
    return "\n".join(lines) + "\n" if lines else ""


def csv_header(text: bool = True) -> list[str]:
    return CSV_FIELDS if text else CSV_FIELDS[:-1]


def render_csv(run: Run, text: bool = True) -> str:
    """One CSV row per provision, after a header row."""
    import csv  # here: only CSV output needs it

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_header(text) + ["flags"] * bool(run.safeguards))
    for k, d in enumerate(run.documents):
        for c, flags in zip(d.provisions, _flags(run, k), strict=True):
            writer.writerow(csv_row(d.source, c.provision, c.prediction, text)
                            + ([] if flags is None else [_codes(flags)]))
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
    if s.safeguards is not None:
        lines.append("Safeguard flags: " + (", ".join(f"{code} {n}" for code, n in
                                                      s.safeguards.items()) or "none") + ".")
    return lines


def _review_lines(doc: DocumentResult) -> list[tuple[str, str]]:
    return [(c.provision.ref, c.prediction.review or "") for c in doc.provisions
            if c.prediction.review]


def _evidence_text(c: Classified, n: int = 3) -> str:
    return ", ".join(e.term for e in c.prediction.evidence[:n])


def render_markdown(run: Run) -> str:
    """The table and breakdown as Markdown, ready to paste into a report."""
    out: list[str] = []
    checked = bool(run.safeguards)
    for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True)):
        out.append(f"## {d.source}\n")
        head = "| Reference | Title | Label | Confidence | Lines |" + " Flags |" * checked
        rule = "|---|---|---|---:|---|" + "---|" * checked
        if run.explain:
            head, rule = head + " Evidence |", rule + "---|"
        out += [head, rule]
        for c, flags in zip(d.provisions, _flags(run, k), strict=True):
            p, pred = c.provision, c.prediction
            flag = " ⚑" if pred.review else ""
            row = (f"| {_md(p.ref)} | {_md(p.title)} | {pred.label}{flag} | "
                   f"{pred.confidence:.2f} | {p.start_line}–{p.end_line} |")
            if flags is not None:
                row += f" {_codes(flags)} |"
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
    checked = bool(run.safeguards)
    for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True)):
        headers = ["Reference", "Title", "Label", "Conf.", "Lines"] + ["Flags"] * checked
        if run.explain:
            headers.append("Evidence")
        rows = []
        for c, flags in zip(d.provisions, _flags(run, k), strict=True):
            p, pred = c.provision, c.prediction
            row = [Cell(p.ref), Cell(p.title),
                   Cell(pred.label + (" ⚑" if pred.review else ""), LABEL_STYLES[pred.label]),
                   Cell(f"{pred.confidence:.2f}"), Cell(f"{p.start_line}-{p.end_line}")]
            if flags is not None:
                row.append(Cell(_codes(flags)))
            if run.explain:
                row.append(Cell(_evidence_text(c)))
            rows.append(row)
        out.append(format_table(headers, rows, align="lllrr" + "l" * (checked + run.explain),
                                title=d.source, max_width=width,
                                shrink=len(headers) - 1 if run.explain or checked else 1,
                                colour=colour))
        out.append(_text_breakdown(summary, f"Breakdown: {d.source}", width, colour))
        reviews = _review_lines(d)
        if reviews:
            out.append("For human review (⚑):\n" +
                       "".join(f"  {ref}: {why}\n" for ref, why in reviews))
        flagged = [(c.provision.ref, _codes(f)) for c, f in zip(d.provisions, _flags(run, k),
                                                                strict=True) if f]
        if flagged:  # the codes in full, which a narrow Flags column may cut
            out.append("Safeguard flags ('classify safeguards' quotes the words):\n" +
                       "".join(f"  {ref}: {codes}\n" for ref, codes in flagged))
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


def render(run: Run, fmt: ClassifyFormat, width: int = 100, colour: bool = False,
           text: bool = True) -> str:
    """The output of ``run`` in ``fmt`` (``text`` False: no provision text in JSONL and CSV)."""
    if fmt is ClassifyFormat.table:
        return render_table(run, width, colour)
    if fmt is ClassifyFormat.jsonl:
        return render_jsonl(run, text)
    if fmt is ClassifyFormat.csv:
        return render_csv(run, text)
    renderers = {ClassifyFormat.json: render_json, ClassifyFormat.jsonl: render_jsonl,
                 ClassifyFormat.csv: render_csv, ClassifyFormat.markdown: render_markdown}
    return renderers[fmt](run)

