"""The output of ``classify safeguards``: the safeguard flags alone, grouped by provision."""

from __future__ import annotations

from typing import Any

from cli.output.console import paint
from cli.output.formats import SafeguardsFormat
from cli.output.header import dumps, json_header
from cli.run import Run
from cli.safeguards import Flag

__all__ = ["render_safeguards", "safeguards_dict"]

WHOLE = "Whole instrument"


def _groups(run: Run, k: int) -> list[tuple[Any, tuple[Flag, ...]]]:
    """(classified provision or None for the instrument, its flags), flagged ones only."""
    doc = run.documents[k]
    report = run.safeguards[k]
    out: list[tuple[Any, tuple[Flag, ...]]] = [
        (c, flags) for c, flags in zip(doc.provisions, report.provisions, strict=True) if flags]
    if report.instrument:
        out.append((None, report.instrument))
    return out


def safeguards_dict(run: Run) -> dict[str, Any]:
    docs = []
    for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True)):
        provisions = [{"ref": c.provision.ref, "title": c.provision.title,
                       "label": c.prediction.label, "start_line": c.provision.start_line,
                       "end_line": c.provision.end_line,
                       "safeguards": [f.as_dict() for f in flags]}
                      for c, flags in _groups(run, k) if c is not None]
        whole = next((flags for c, flags in _groups(run, k) if c is None), ())
        docs.append({"source": d.source, "provisions": provisions,
                     "safeguards": [f.as_dict() for f in whole],
                     "counts": dict(summary.safeguards or {})})
    return {**json_header({"id": run.model_id, "sha256": run.model_sha256},
                          [d.source for d in run.documents]),
            "documents": docs, "counts": dict(run.total.safeguards or {})}


def _status(flag: Flag) -> str:
    return "" if flag.status == "fires" else " (undetermined)"


def _heading(c: Any) -> str:
    if c is None:
        return WHOLE
    title = f". {c.provision.title}" if c.provision.title else ""
    return f"{c.provision.ref}{title} [{c.prediction.label}]"


def _counts(counts: dict[str, int] | None) -> str:
    if not counts:
        return "No safeguard flag fires."
    return "Flags: " + ", ".join(f"{code} {n}" for code, n in counts.items()) + "."


def _table(run: Run, colour: bool) -> str:
    out: list[str] = []
    for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True)):
        out.append(paint(d.source, "bold", colour))
        for c, flags in _groups(run, k):
            out.append(f"  {_heading(c)}")
            for f in flags:
                out.append(f"    {paint(f.code, 'bold red', colour)}{_status(f)}: {f.message}")
                if f.missing:
                    out.append(f"      missing: {f.missing}")
                out += [f"      line {q.line}: “{q.text}”" for q in f.evidence]
        out += [_counts(summary.safeguards), ""]
    if len(run.documents) > 1:
        out.append(f"All {len(run.documents)} documents. {_counts(run.total.safeguards)}")
    return "\n".join(out).rstrip("\n") + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _markdown(run: Run) -> str:
    out: list[str] = []
    for k, (d, summary) in enumerate(zip(run.documents, run.summaries, strict=True)):
        out.append(f"## {d.source}\n")
        for c, flags in _groups(run, k):
            out.append(f"### {_md(_heading(c))}\n")
            for f in flags:
                line = f"- **{f.code}**{_status(f)}: {_md(f.message)}"
                if f.missing:
                    line += f" Missing: {_md(f.missing)}."
                line += "".join(f" Line {q.line}: “{_md(q.text)}”." for q in f.evidence)
                out.append(line)
            out.append("")
        out += [_counts(summary.safeguards), ""]
    if len(run.documents) > 1:
        out.append(f"**All {len(run.documents)} documents.** {_counts(run.total.safeguards)}")
    return "\n".join(out).rstrip("\n") + "\n"


def render_safeguards(run: Run, fmt: SafeguardsFormat, colour: bool = False) -> str:
    """The safeguard flags of ``run`` in ``fmt``."""
    if fmt is SafeguardsFormat.json:
        return dumps(safeguards_dict(run)) + "\n"
    if fmt is SafeguardsFormat.markdown:
        return _markdown(run)
    return _table(run, colour)
