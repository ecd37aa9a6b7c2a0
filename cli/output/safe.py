"""Text from a draft made safe to show: on a terminal, and in a spreadsheet.

A draft, a file name or a JSONL id can hold control characters: escape sequences that
set a terminal's title, clear its screen or recolour it, a carriage return or newline
that forges a line of output. ``printable`` shows each as a visible escape (``\\x1b``,
``\\n``) in every human-facing output; JSON and JSONL keep the text as it is (JSON
escapes it). ``csv_cell`` keeps a spreadsheet from reading a cell as a formula.
"""

from __future__ import annotations

import re

__all__ = ["csv_cell", "printable"]

# C0 controls, DEL and C1 controls; the second pattern spares newline and tab
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
# OWASP (CSV injection): a cell starting with one of these is read as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\x{ord(char):02x}"


def printable(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with every control character written as a visible escape; newlines
    and tabs are kept as they are when ``keep_lines`` (multi-line text fields)."""
    return (_CONTROLS_BUT_LINES if keep_lines else _CONTROLS).sub(_escape, text)


def csv_cell(value: object) -> object:
    """A CSV cell that no spreadsheet reads as a formula: a string starting with ``=``,
    ``+``, ``-``, ``@``, tab or carriage return gets a leading ``'``; numbers pass.
    Carriage returns become newlines (the csv module quotes only cells with a newline,
    and a bare one would end the row for a reader)."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return value.replace("\r\n", "\n").replace("\r", "\n")
