"""The output of ``classify``: one renderer per format, each returning a string.

JSON, JSONL and CSV are built with the standard library, so piped output is never
wrapped or cut at the terminal width; the table is drawn by ``cli.output.table``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cli import LABEL_MEANINGS, LABELS, REVIEW_LEGEND, __version__
from cli.classify import Classified, DocumentResult, Prediction
from cli.offences import beyond_treaties, counterparts, is_offence_type, type_name
from cli.output.console import LABEL_STYLES
from cli.output.formats import ClassifyFormat
from cli.output.header import dumps, json_header
from cli.output.safe import csv_cell, printable
from cli.output.table import Cell, format_table, wrap
from cli.report import Summary
from cli.run import Run

if TYPE_CHECKING:
    from cli.provision import Provision
    from cli.safeguards import Flag

__all__ = ["CSV_FIELDS", "classify_dict", "csv_header", "csv_row", "jsonl_line",
           "markdown_head", "offence_parts", "render", "render_csv", "render_html",
           "render_json", "render_jsonl", "render_markdown", "render_table"]

CSV_FIELDS = ["source", "ref", "number", "title", "chapter", "start_line", "end_line", "label",
              "confidence", "score_cyber_dependent", "score_cyber_enabled", "score_other",
              "review", "review_text", "type", "counterparts", "beyond_treaties",
              "text"]  # then "flags" (safeguard checks asked for) and "evidence" (--explain)


def _r(x: float) -> float:
    return round(x, 6)


def jsonl_line(source: str, p: Provision, prediction: Prediction, record_id: Any = None,
               has_id: bool = False, text: bool = True, explain: bool = False,
               extractor: str = "jsonl") -> str:
    """One provision as a JSON line: the object ``provision_dict`` gives, with its
    ``source``, as ``dumps`` writes it; the one writer of whole runs and of the batch
    path's streams. ``text`` False leaves the text out."""
    obj = {"source": source, **provision_fields(p, prediction, extractor, explain,
                                                record_id, has_id)}
    if not text:
        del obj["text"]
    return dumps(obj, None)


def csv_header(text: bool = True, explain: bool = False, flags: bool = False) -> list[str]:
    """The CSV header: ``text`` False leaves the text column out; then ``flags`` (safeguard
    checks asked for) and ``evidence`` (``explain``)."""
    return ((CSV_FIELDS if text else CSV_FIELDS[:-1]) + ["flags"] * flags
            + ["evidence"] * explain)


def csv_row(source: str, p: Provision, prediction: Prediction, text: bool = True,
            explain: bool = False, flags: tuple[Flag, ...] | None = None) -> list[Any]:
    """One provision as a CSV row, in the columns of ``csv_header``; the one writer of
    whole runs and of the batch path's streams."""
    row = [source, p.ref, p.number, p.title, p.chapter or "", p.start_line, p.end_line,
           prediction.label, _r(prediction.confidence),
           *(_r(prediction.scores[k]) for k in LABELS),
           prediction.review_code or "", prediction.review or "", prediction.type,
           counterparts_text(prediction.type), str(beyond_treaties(prediction.type)).lower()]
    if text:
        row.append(p.text)
    if flags is not None:
        row.append(_codes(flags))
    if explain:
        row.append(_evidence_text(Classified(p, prediction), len(prediction.evidence), "; "))
    return [csv_cell(x) for x in row]


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


def offence_parts(pred: Prediction) -> list[dict[str, Any]]:
    """The parts that carry a provision's offence, as JSON values."""
    return [{"ref": f.ref, "start_line": f.start_line, "end_line": f.end_line, "label": f.label}
            for f in pred.offence_parts]


def provision_dict(c: Classified, doc: DocumentResult, explain: bool,
                   record_id: Any = None, flags: tuple[Flag, ...] | None = None
                   ) -> dict[str, Any]:
    return provision_fields(c.provision, c.prediction, doc.extractor, explain, record_id,
                            bool(doc.record_ids), flags)


def provision_fields(p: Provision, pred: Prediction, extractor: str, explain: bool,
                     record_id: Any = None, has_id: bool = False,
                     flags: tuple[Flag, ...] | None = None) -> dict[str, Any]:
    """The JSON object of one provision (``has_id``: a JSONL record, with its ``id``)."""
    out: dict[str, Any] = {
        "ref": p.ref, "number": p.number, "title": p.title, "chapter": p.chapter,
        "start_line": p.start_line, "end_line": p.end_line, "label": pred.label,
        "confidence": _r(pred.confidence), "scores": {k: _r(v) for k, v in pred.scores.items()},
        "review": pred.review_code, "review_text": pred.review,
        "review_codes": [r.code for r in pred.reviews], "type": pred.type,
        "type_confidence": _r(pred.type_confidence), "counterparts": counterparts(pred.type),
        "beyond_treaties": beyond_treaties(pred.type), "offence_parts": offence_parts(pred),
        "text": p.text,
    }
    if flags is not None:
        out["safeguards"] = [f.as_dict() for f in flags]
    if p.page is not None:
        out["page"] = list(p.page)
    if p.anchor is not None:  # a Word paragraph's index, or a web page element's id
        if extractor.startswith("docx"):
            out["paragraph"] = int(p.anchor)
        else:
            out["element"] = p.anchor
    if has_id:
        out["id"] = record_id
    if explain:
        from cli.explain import evidence_dict

        out["evidence"] = [evidence_dict(e, p.text) for e in pred.evidence]
        out["type_evidence"] = [evidence_dict(e, p.text) for e in pred.type_evidence]
    return out


def counterparts_text(offence_type: str) -> str:
    """A type's treaty articles in a cell: "budapest 2; un 7", or empty."""
    return "; ".join(f"{k} {v}" for k, v in counterparts(offence_type).items())


def classify_dict(run: Run) -> dict[str, Any]:
    """The documented JSON document, whatever the number of documents."""
    return {
        **json_header({"id": run.model_id, "sha256": run.model_sha256,
                       "min_confidence": run.min_confidence},
                      [d.source for d in run.documents]),
        "documents": [
            {"source": d.source, "sha256": d.sha256 or None, "extractor": d.extractor,
             "segmentation": "paragraphs" if d.fallback else "headings",
             "warnings": [{"code": w.code, "ref": w.ref, "text": w.text} for w in d.warnings],
             "provisions": [provision_dict(c, d, run.explain, i, f) for c, i, f
                            in zip(d.provisions, _ids(d), _flags(run, k), strict=True)],
             **_instrument(run, k),
             "summary": summary.as_dict()}
            for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True))
        ],
        "summary": run.total.as_dict(),
    }


def render_json(run: Run) -> str:
    """The documented JSON shape, whatever the number of documents."""
    return dumps(classify_dict(run), 2) + "\n"


def render_html(run: Run, command: str | None = None) -> str:
    """One self-contained HTML page, built from the JSON document."""
    from cli.output.html import render_classify_html

    return render_classify_html(classify_dict(run), command=command)


def render_jsonl(run: Run, text: bool = True) -> str:
    """One JSON object per provision, each with its ``source`` (and, when the safeguard
    checks were asked for, its flags and its document's as ``document_safeguards``);
    ``text`` False leaves the provision's text out."""
    lines = []
    for k, d in enumerate(run.documents):
        if not run.safeguards:  # the batch path's writer (``jsonl_line``), the same bytes
            lines += [jsonl_line(d.source, c.provision, c.prediction, i, bool(d.record_ids),
                                 text, run.explain, d.extractor)
                      for c, i in zip(d.provisions, _ids(d), strict=True)]
            continue
        whole = {f"document_{key}": v for key, v in _instrument(run, k).items()}
        for c, i, f in zip(d.provisions, _ids(d), _flags(run, k), strict=True):
            obj = {"source": d.source, **provision_dict(c, d, run.explain, i, f), **whole}
            if not text:
                del obj["text"]
            lines.append(dumps(obj, None))
    return "\n".join(lines) + "\n" if lines else ""


def render_csv(run: Run, text: bool = True) -> str:
    """One CSV row per provision, after a header row (``csv_header``); with
    ``--explain``, an ``evidence`` column last. No cell can start a spreadsheet formula."""
    import csv  # here: only CSV output needs it

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_header(text, run.explain, bool(run.safeguards)))
    for k, d in enumerate(run.documents):
        for c, flags in zip(d.provisions, _flags(run, k), strict=True):
            writer.writerow(csv_row(d.source, c.provision, c.prediction, text, run.explain,
                                    flags))
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
    return lines + _type_lines(s)


def _type_lines(s: Summary) -> list[str]:
    """Which offences, how far within the treaties, the speech offences, the headline."""
    k = s.kinds
    if not k.offences:
        return []
    kinds = ", ".join(f"{t} {n}" for t, n in k.type_counts.items() if is_offence_type(t))
    lines = [f"Offence types: {kinds}.",
             f"Within both the Budapest and UN conventions: {len(k.within_both)}; within "
             f"the Budapest Convention or its Protocol only: {len(k.budapest_only)}; within "
             f"the UN convention only: {len(k.un_only)}; beyond both: {len(k.beyond)}."]
    if k.speech:
        lines.append("Speech offences: " + ", ".join(f"{ref} ({type_name(t)})"
                                                      for ref, t in k.speech) + ".")
    lines.append(k.headline if k.headline.endswith(".") else k.headline + ".")
    return lines


def _review_lines(doc: DocumentResult) -> list[tuple[str, str]]:
    return [(c.provision.ref, c.prediction.review or "") for c in doc.provisions
            if c.prediction.review]


def _evidence_text(c: Classified, n: int = 3, sep: str = ", ") -> str:
    """The first ``n`` pieces of evidence as words of the provision or concept names."""
    from cli.explain import evidence_label

    return sep.join(evidence_label(e.term, c.provision.text) for e in c.prediction.evidence[:n])


def markdown_head(sources: Sequence[tuple[str, str, str]], model_id: str,
                  min_confidence: float | None, command: str | None) -> list[str]:
    """The lines a Markdown report starts with: provenance (each source as (name,
    SHA-256, reader), the tool, the model, the command line) and the legend of labels."""
    out = ["# cyberscope report", ""]
    for name, digest, reader in sources:
        sha = f" (SHA-256 `{digest}`)" if digest else ""
        out.append(f"- Source: `{_md(name)}`{sha}{', read as ' + reader if reader else ''}")
    threshold = ("" if min_confidence is None else
                 f"; provisions below confidence {min_confidence:.2f} are flagged for review")
    out.append(f"- Tool: cyberscope {__version__}; model `{model_id}`{threshold}")
    if command:
        out.append(f"- Command: `{_md(command)}`")
    out += ["", "**Labels**", ""]
    out += [f"- `{label}` {meaning}" for label, meaning in LABEL_MEANINGS.items()]
    out += [f"- ⚑ {REVIEW_LEGEND}", ""]
    return out


def render_markdown(run: Run, command: str | None = None) -> str:
    """Provenance, a legend, then each draft's table and breakdown as Markdown, ready to
    paste into a report."""
    out = markdown_head([(d.source, d.sha256, d.extractor) for d in run.documents],
                        run.model_id, run.min_confidence, command)
    checked = bool(run.safeguards)
    for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True)):
        out.append(f"## {d.source}\n")
        head = ("| Reference | Title | Label | Type | Confidence | Lines |"
                + " Flags |" * checked)
        rule = "|---|---|---|---|---:|---|" + "---|" * checked
        if run.explain:
            head, rule = head + " Evidence |", rule + "---|"
        out += [head, rule]
        for c, flags in zip(d.provisions, _flags(run, k), strict=True):
            p, pred = c.provision, c.prediction
            flag = " ⚑" if pred.review else ""
            row = (f"| {_md(p.ref)} | {_md(p.title)} | {pred.label}{flag} | {pred.type} | "
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
    return printable("\n".join(out).rstrip("\n") + "\n", keep_lines=True)


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


def _where(p: Provision, paged: bool) -> str:
    """Pages for a source that has them ("3", "3-4"), else lines ("12-20")."""
    if paged and p.page:
        first, last = p.page
        return f"{first}" if first == last else f"{first}-{last}"
    return f"{p.start_line}-{p.end_line}"


def render_table(run: Run, width: int = 100, colour: bool = False) -> str:
    """Tables of provisions and breakdowns for a terminal ``width`` columns wide.

    Long titles and evidence wrap onto more lines to fit.
    """
    out: list[str] = []
    checked = bool(run.safeguards)
    for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True)):
        paged = any(c.provision.page for c in d.provisions)
        headers = (["Reference", "Title", "Label", "Type", "Conf.", "Pages" if paged else "Lines"]
                   + ["Flags"] * checked)
        if run.explain:
            headers.append("Evidence")
        rows = []
        for c, flags in zip(d.provisions, _flags(run, k), strict=True):
            p, pred = c.provision, c.prediction
            row = [Cell(p.ref), Cell(p.title),
                   Cell(pred.label + (" ⚑" if pred.review else ""), LABEL_STYLES[pred.label]),
                   Cell(pred.type), Cell(f"{pred.confidence:.2f}"), Cell(_where(p, paged))]
            if flags is not None:
                row.append(Cell(_codes(flags)))
            if run.explain:
                row.append(Cell(_evidence_text(c)))
            rows.append(row)
        out.append(format_table(headers, rows, align="llllrr" + "l" * (checked + run.explain),
                                title=d.source, max_width=width, colour=colour))
        out.append(_text_breakdown(summary, f"Breakdown: {d.source}", width, colour))
        reviews = _review_lines(d)
        if reviews:
            out.append("For human review (⚑):\n" + "".join(
                _paragraph(f"{printable(ref)}: {printable(why)}", width, "  ", "    ")
                for ref, why in reviews))
        flagged = [(c.provision.ref, _codes(f)) for c, f in zip(d.provisions, _flags(run, k),
                                                                strict=True) if f]
        if flagged:  # the codes of each flagged provision, together
            out.append("Safeguard flags ('classify safeguards' quotes the words):\n" + "".join(
                _paragraph(f"{printable(ref)}: {codes}", width, "  ", "    ")
                for ref, codes in flagged))
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
    return table + "".join(_paragraph(line, width) for line in _breakdown_lines(s))


def _paragraph(text: str, width: int, first: str = "", rest: str = "") -> str:
    """``text`` wrapped to ``width`` columns, its lines indented by ``first`` then ``rest``."""
    lines = wrap(text, max(20, width - len(rest)))
    return "".join(f"{first if k == 0 else rest}{line}\n" for k, line in enumerate(lines))


def render(run: Run, fmt: ClassifyFormat, width: int = 100, colour: bool = False,
           command: str | None = None, text: bool = True) -> str:
    """The output of ``run`` in ``fmt``; ``command`` (the command line) is shown in the
    provenance of the HTML and Markdown reports; ``text`` False leaves the provision
    text out of JSONL and CSV."""
    if fmt is ClassifyFormat.table:
        return render_table(run, width, colour)
    if fmt is ClassifyFormat.html:
        return render_html(run, command)
    if fmt is ClassifyFormat.markdown:
        return render_markdown(run, command)
    if fmt is ClassifyFormat.jsonl:
        return render_jsonl(run, text)
    if fmt is ClassifyFormat.csv:
        return render_csv(run, text)
    return render_json(run)

