"""The one table engine: plain-text tables with box-drawing lines and optional colour.

The classification table is the command's most common output, and rich takes about
70 ms to import and lay out a table of sixty rows, more than the rest of the run;
this module does the same job for a fixed layout in about a millisecond.
"""

import re
from collections.abc import Sequence
from typing import NamedTuple

from cli.output.console import paint, text_width
from cli.output.safe import printable

__all__ = ["Cell", "format_table", "text_width", "wrap"]

class Cell(NamedTuple):
    """A table cell: its text and an optional style name from ``ANSI``."""

    text: str
    style: str = ""


def _chunks(word: str, width: int) -> list[str]:
    """A word too long for ``width`` split after its hyphens, then by characters."""
    parts = [p for p in re.split(r"(?<=-)", word) if p]
    out: list[str] = []
    for part in parts:
        if out and text_width(out[-1] + part) <= width:
            out[-1] += part
            continue
        while text_width(part) > width:
            cut, used = 0, 0
            while cut < len(part) and used + text_width(part[cut]) <= width:
                used += text_width(part[cut])
                cut += 1
            cut = max(cut, 1)
            out.append(part[:cut])
            part = part[cut:]
        if part:
            out.append(part)
    return out


def wrap(text: str, width: int) -> list[str]:
    """``text`` (whitespace collapsed) in lines of at most ``width`` columns, broken
    between words, else after a hyphen, else between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _chunks(word, width) if text_width(word) > width else [word]:
            joined = f"{line} {piece}" if line and not line.endswith("-") else line + piece
            if line and text_width(joined) > width:
                lines.append(line)
                line = piece
            else:
                line = joined
    return [*lines, line] if line or not lines else lines


def _widths(natural: list[int], floors: list[int], max_width: int) -> list[int]:
    """Column widths that fit ``max_width``: the widest column gives up a column at a
    time, down to its floor."""
    widths = list(natural)
    border = 3 * len(widths) + 1
    while sum(widths) + border > max_width:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
    return widths


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *,
                 align: str | None = None, title: str | None = None,
                 max_width: int = 100, colour: bool = False) -> str:
    """A boxed table ``max_width`` columns wide at most; ``align`` has one letter per
    column (l or r). Where the text is wider, the widest columns wrap their text onto
    more lines, down to their longest word and then, if need be, within words. Control
    characters in the cells and the title are shown as escapes."""
    rows = [[Cell(printable(c.text, keep_lines=True), c.style) for c in r] for r in rows]
    title = printable(title) if title else title
    n = len(headers)
    align = align or "l" * n
    texts = [[" ".join(h.split()) for h in headers]]
    texts += [[" ".join(c.text.split()) for c in r] for r in rows]
    natural = [max(text_width(t[i]) for t in texts) for i in range(n)]
    longest_word = [max((text_width(w) for t in texts for w in t[i].split()), default=0)
                    for i in range(n)]
    widths = _widths(natural, [min(natural[i], max(longest_word[i], 6)) for i in range(n)],
                     max_width)
    widths = _widths(widths, [min(w, 3) for w in widths], max_width)

    def line(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * (w + 2) for w in widths) + right

    def row(cells: Sequence[Cell]) -> list[str]:
        wrapped = [wrap(" ".join(c.text.split()), widths[i]) for i, c in enumerate(cells)]
        out = []
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for i, cell in enumerate(cells):
                text = wrapped[i][k] if k < len(wrapped[i]) else ""
                pad = " " * (widths[i] - text_width(text))
                text = paint(text, cell.style, colour) if text else text
                parts.append(f" {pad}{text} " if align[i] == "r" else f" {text}{pad} ")
            out.append("│" + "│".join(parts) + "│")
        return out

    lines = [paint(title, "bold", colour)] if title else []
    lines += [line("┌", "┬", "┐"), *row([Cell(h, "bold") for h in headers]),
              line("├", "┼", "┤")]
    for r in rows:
        lines += row(r)
    lines.append(line("└", "┴", "┘"))
    return "\n".join(lines) + "\n"
