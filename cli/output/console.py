"""Where output goes and how it looks there: the one colour policy, the terminal width,
and printing a rendered string."""

from __future__ import annotations

import os
import sys
from typing import TextIO

__all__ = ["LABEL_STYLES", "colour_enabled", "degrade", "emit", "paint", "terminal_width",
           "text_width"]

ANSI = {"bold red": "\x1b[1;31m", "bold yellow": "\x1b[1;33m", "dim": "\x1b[2m",
        "bold magenta": "\x1b[1;35m", "bold": "\x1b[1m", "italic": "\x1b[3m",
        "bold underline green": "\x1b[1;4;32m", "": ""}
RESET = "\x1b[0m"
LABEL_STYLES = {"cyber-dependent": "bold red", "cyber-enabled": "bold yellow", "other": "dim"}


def colour_enabled(stream: TextIO | None = None) -> bool:
    """Colour only on a terminal, never with NO_COLOR set or TERM=dumb; FORCE_COLOR
    asks for it anywhere."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def terminal_width(default: int = 100) -> int:
    """$COLUMNS, else the width of the terminal on stdout, else ``default``."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return default


def paint(text: str, style: str, colour: bool) -> str:
    """``text`` in the ANSI style named ``style`` when ``colour`` is on."""
    return f"{ANSI[style]}{text}{RESET}" if colour and style else text


# What a character the output's encoding cannot hold is written as, one column for one
# (box lines, quotes, dashes, the review flag, arrows), so that tables stay aligned;
# others lose their accents, or become one "?" per column they took.
FALLBACKS = str.maketrans({
    "─": "-", "│": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
    "┬": "+", "┴": "+", "┼": "+", "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"',
    "„": '"', "«": '"', "»": '"', "–": "-", "—": "-", "‑": "-", "−": "-", "§": "S",
    "¶": "P", "…": ".", "⚑": "!", "→": ">", "←": "<", "≥": ">", "≤": "<", "•": "*",
    "·": ".", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "×": "x",
})


# Characters the tool itself prints, all one column wide: no need to ask unicodedata.
_NARROW = frozenset("⚑–—…‘’“”§·→←─│┌┐└┘├┤┬┴┼")


def text_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: wide (CJK) characters take two, combining
    marks none."""
    if text.isascii() or all(ch.isascii() or ch in _NARROW for ch in text):
        return len(text)
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def degrade(text: str, encoding: str) -> str:
    """``text`` with each character that ``encoding`` cannot write replaced by a near
    equivalent as wide as it, so that no output fails on a cp1252 or ASCII terminal."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        return text
    import unicodedata

    out = []
    for ch in text:
        if _encodable(ch, encoding):
            out.append(ch)
            continue
        alt = ch.translate(FALLBACKS)
        if alt == ch:
            alt = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        if len(alt) != text_width(ch) or not _encodable(alt, encoding):
            alt = "?" * text_width(ch)
        out.append(alt)
    return "".join(out)


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def emit(output: str) -> None:
    """Print a rendered string on stdout, degraded where stdout's encoding is not UTF-8.

    A closed standard output, or one that cannot take the output (a full disk), is a
    :class:`cli.errors.CyberscopeError`; a closed pipe stays a ``BrokenPipeError``.
    """
    from cli.errors import CyberscopeError

    if sys.stdout is None:
        raise CyberscopeError("standard output is closed; nothing was written")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if encoding.lower().replace("-", "").replace("_", "") != "utf8":
        output = degrade(output, encoding)
    try:
        sys.stdout.write(output)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        # what is still buffered goes nowhere, rather than failing again at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise CyberscopeError(f"cannot write the output ({exc.strerror or exc})") from None
