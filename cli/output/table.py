"""The one table engine: plain-text tables with box-drawing lines and optional colour.

The classification table is the command's most common output, and rich takes about
70 ms to import and lay out a table of sixty rows, more than the rest of the run;
this module does the same job for a fixed layout in about a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from cli.output.console import paint

__all__ = ["Cell", "format_table"]

class Cell(NamedTuple):
    """A table cell: its text and an optional style name from ``ANSI``."""

    text: str
    style: str = ""


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *,
                 align: str | None = None, title: str | None = None,
                 max_width: int = 100, shrink: int | None = None, colour: bool = False) -> str:
    """A boxed table; ``align`` has one letter per column (l or r); column ``shrink``
    (by default the widest) is cut with an ellipsis so the table fits ``max_width``."""
    n = len(headers)
    align = align or "l" * n
    widths = [max([len(headers[i]), *(len(" ".join(r[i].text.split())) for r in rows)])
              for i in range(n)]
    overflow = sum(widths) + 3 * n + 1 - max_width
    if overflow > 0:
        col = shrink if shrink is not None else max(range(n), key=lambda i: widths[i])
        widths[col] = max(len(headers[col]), widths[col] - overflow, 5)

    def line(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    def row(cells: Sequence[Cell]) -> str:
        out = []
        for i, cell in enumerate(cells):
            text = _fit(cell.text, widths[i])
            pad = " " * (widths[i] - len(text))
            text = paint(text, cell.style, colour)
            out.append(f" {pad}{text} " if align[i] == "r" else f" {text}{pad} ")
        return "│" + "│".join(out) + "│"

    lines = [paint(title, "bold", colour)] if title else []
    lines += [line("┌", "┬", "┐"), row([Cell(h, "bold") for h in headers]),
              line("├", "┼", "┤")]
    lines += [row(r) for r in rows]
    lines.append(line("└", "┴", "┘"))
    return "\n".join(lines) + "\n"
