"""The output of ``classify compare``: table, JSON and Markdown."""

from __future__ import annotations

from typing import Any

from cli import LABELS
from cli.compare import Change, Comparison
from cli.output.console import paint
from cli.output.formats import CompareFormat
from cli.output.header import dumps, json_header
from cli.output.table import Cell, format_table
from cli.report import Summary

__all__ = ["comparison_dict", "render_comparison"]


def _summary_delta(old: Summary, new: Summary) -> dict[str, Any]:
    return {
        "provisions": new.provisions - old.provisions,
        "counts": {k: new.counts[k] - old.counts[k] for k in LABELS},
        "offences": new.offences - old.offences,
        "dependent_share": round(new.dependent_share - old.dependent_share, 4),
        "enabled_share": round(new.enabled_share - old.enabled_share, 4),
    }


def _change_dict(c: Change) -> dict[str, Any]:
    return {
        "change": list(c.kinds) or ["unchanged"],
        "old_ref": c.old_ref, "new_ref": c.new_ref, "title": c.title,
        "old_label": c.old.prediction.label if c.old else None,
        "new_label": c.new.prediction.label if c.new else None,
        "similarity": c.similarity,
        "safeguards_gained": list(c.flags_gained), "safeguards_cleared": list(c.flags_cleared),
    }


def comparison_dict(cmp: Comparison, model_id: str, model_sha: str) -> dict[str, Any]:
    return {
        **json_header({"id": model_id, "sha256": model_sha}, [cmp.old_source, cmp.new_source]),
        "old": {"source": cmp.old_source, "summary": cmp.old_summary.as_dict()},
        "new": {"source": cmp.new_source, "summary": cmp.new_summary.as_dict()},
        "delta": _summary_delta(cmp.old_summary, cmp.new_summary),
        "direction": cmp.direction,
        "headline": cmp.headline(),
        "safeguards_lost": cmp.safeguards_lost(),
        "safeguards_restored": cmp.safeguards_restored(),
        "changes": [_change_dict(c) for c in cmp.changes],
    }


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _signed(x: float, pct: bool = False) -> str:
    return f"{100 * x:+.0f} pts" if pct else f"{x:+d}"


def _side_by_side_rows(cmp: Comparison) -> list[tuple[str, str, str, str]]:
    o, n = cmp.old_summary, cmp.new_summary
    rows = [("provisions", str(o.provisions), str(n.provisions),
             _signed(n.provisions - o.provisions))]
    rows += [(k, str(o.counts[k]), str(n.counts[k]), _signed(n.counts[k] - o.counts[k]))
             for k in LABELS]
    rows.append(("offences", str(o.offences), str(n.offences), _signed(n.offences - o.offences)))
    rows.append(("cyber-dependent share of offences", _pct(o.dependent_share),
                 _pct(n.dependent_share), _signed(n.dependent_share - o.dependent_share, True)))
    rows.append(("cyber-enabled share of offences", _pct(o.enabled_share), _pct(n.enabled_share),
                 _signed(n.enabled_share - o.enabled_share, True)))
    return rows


def _change_rows(cmp: Comparison) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for c in cmp.changes:
        if not c.kinds:
            continue
        labels = " -> ".join(dict.fromkeys(x.prediction.label for x in (c.old, c.new) if x))
        sim = f"{c.similarity:.2f}" if c.similarity is not None else ""
        flags = " ".join([f"+{code}" for code in c.flags_gained]
                         + [f"-{code}" for code in c.flags_cleared])
        rows.append((", ".join(c.kinds), f"{c.old_ref or '–'} -> {c.new_ref or '–'}", c.title,
                     labels, sim, flags))
    return rows


def render_comparison(cmp: Comparison, fmt: CompareFormat, model_id: str, model_sha: str,
                      width: int = 100, colour: bool = False) -> str:
    """The comparison in ``fmt``."""
    if fmt is CompareFormat.json:
        return dumps(comparison_dict(cmp, model_id, model_sha)) + "\n"
    if fmt is CompareFormat.markdown:
        out = [f"## {cmp.old_source} → {cmp.new_source}", "", f"**{cmp.headline()}**", "",
               "| | old | new | change |", "|---|---:|---:|---:|"]
        out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in _side_by_side_rows(cmp)]
        out += ["", "| change | reference | title | label | similarity | flags |",
                "|---|---|---|---|---:|---|"]
        out += [f"| {' | '.join(row)} |" for row in _change_rows(cmp)]
        return "\n".join(out) + "\n"
    head = (paint(f"{cmp.old_source} -> {cmp.new_source}", "bold", colour) + "\n"
            + paint(cmp.headline(), "bold", colour) + "\n")
    side = format_table(["", "old", "new", "change"],
                        [[Cell(x) for x in row] for row in _side_by_side_rows(cmp)],
                        align="lrrr", title="Breakdown, side by side", max_width=width,
                        colour=colour)
    changes = format_table(["change", "reference", "title", "label", "similarity", "flags"],
                           [[Cell(x) for x in row] for row in _change_rows(cmp)],
                           align="llllrl", title="What changed", max_width=width, shrink=2,
                           colour=colour)
    return head + side + changes
