"""Reading a provision's text: heading and body, passages and items, quotes, numbers."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from cli.safeguards import cues
from cli.safeguards.values import ProvisionView, Quote

__all__ = ["FullStops", "Span", "body_start", "heading", "items", "number_value", "passages",
           "quote", "references", "snippet"]

HEADING_MAX = 160
_ROMAN = frozenset({"i", "v", "x"})
_CONNECTIVES = frozenset({"and", "or", "to", "through"})
_LISTED = re.compile(r"\(?[0-9]{1,4}[A-Za-z]?(?:\.[0-9]{1,3})?\)?(?:\([0-9a-z.]{1,5}\))?")
_SPACE = re.compile(r"\s+")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "half": 0.5,
}


class Span(NamedTuple):
    """A stretch of a provision's text, by character offsets."""

    start: int
    end: int


def body_start(text: str) -> int:
    """Offset where the body begins: after a short first line that is a heading."""
    first, sep, rest = text.partition("\n")
    if sep and rest.strip() and len(first.strip()) <= HEADING_MAX:
        return len(first) + 1
    return 0


class FullStops:
    """The last full stop before each of a text's offsets, asked in increasing order:
    each stretch of the text is searched once, however many offsets fall in one
    sentence, so the work stays linear in the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._dot, self._seen = -1, 0

    def before(self, at: int) -> int:
        """The offset of the last full stop before ``at`` (-1: none)."""
        found = self.text.rfind(".", self._seen, at)
        self._dot, self._seen = (found if found >= 0 else self._dot), at
        return self._dot


def heading(text: str) -> str:
    start = body_start(text)
    return text[:start].strip() if start else ""


def passages(text: str, span: Span) -> list[Span]:
    """The numbered subsections ``(1)``, ``(2)``... of a span, or the span itself."""
    found = [m.start() for m in cues.SUBSECTION.finditer(text, span.start, span.end)]
    found += [m.start() for m in cues.LINE_LETTER.finditer(text, span.start, span.end)]
    starts = sorted(at for at in set(found) if not _continues(text, span.start, at))
    if not starts:
        return [span]
    bounds = ([span.start] if text[span.start:starts[0]].strip() else []) + starts + [span.end]
    return [Span(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def _continues(text: str, floor: int, at: int) -> bool:
    """A number after a dash, colon, comma, semicolon, 'or', 'and' or running words is an
    item of a list, not a new subsection ('acquires—\n(1) information ...'). Only the
    text just before ``at`` is read, so that finding every subsection stays linear."""
    end = at
    while end > floor and text[end - 1].isspace():
        end -= 1
    if end == floor:
        return False
    last = text[end - 1]
    if last in "—–:-,;" or text.endswith((" or", " and"), floor, end):
        return True
    return last.isalpha() and text.find("\n", end, at) < 0


def items(text: str, span: Span) -> tuple[Span, list[Span]]:
    """The chapeau of a passage and its lettered items ``(a)``, ``(b)``... (none: [])."""
    found = []
    expected = "a"
    for m in cues.LETTER_ITEM.finditer(text, span.start, span.end):
        label = m.group(1)
        if label == expected or (not found and label not in _ROMAN):
            found.append(m)
            expected = chr(ord(label[0]) + 1)
    if len(found) < 2:
        return span, []
    starts = [m.start() for m in found]
    chapeau = Span(span.start, starts[0])
    bounds = [*starts, span.end]
    return chapeau, [Span(a, b) for a, b in itertools.pairwise(bounds)]


def quote(view: ProvisionView, start: int, end: int, limit: int = 160) -> Quote:
    """The words between two offsets, on one line, with the line they start on."""
    words = _SPACE.sub(" ", (view.original or view.text)[start:end]).strip()
    if len(words) > limit:
        cut = words.rfind(" ", 0, limit)
        words = words[: cut if cut > limit // 2 else limit] + " …"
    return Quote(words, view.start_line + _lines_before(view.text, start), view.page)


def _lines_before(text: str, at: int) -> int:
    """The newlines before offset ``at``: counted, near the start of a text; else looked
    up among the text's newlines, found once, so that quoting many passages of one long
    provision stays linear."""
    if at < 4096:
        return text.count("\n", 0, at)
    return bisect_left(_newlines(text), at)


@lru_cache(maxsize=4)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def snippet(view: ProvisionView, span: Span, limit: int = 110) -> Quote:
    """The opening words of a span (for a flag about something the span lacks)."""
    start = span.start
    while start < span.end and view.text[start].isspace():
        start += 1
    return quote(view, start, span.end, limit)


def references(text: str) -> list[str]:
    """Provision numbers named in a text: 'section 11' -> '11', 'Articles 2 through 5' ->
    '2', '5', 'subsection 184(2)' -> '184'."""
    out: list[str] = []
    for m in cues.REFERENCE.finditer(text):
        if m.group("kind").lower().startswith(("sub", "para")):
            num = m.group("num")
            if not num[:1].isdigit():
                continue  # "subsection (1)": a part of this provision
        for raw in [m.group("num"), *_listed(m.group("more") or "")]:
            num = raw.strip("()").split("(")[0]
            if num and num not in out:
                out.append(num)
    return out


def _listed(more: str) -> list[str]:
    """The numbers that continue a reference: ', 12 and 13' -> ['12', '13']; stops at the
    first word that is neither a number nor a connective."""
    out = []
    for token in re.split(r"[\s,]+", more.strip()):
        if token.lower() in _CONNECTIVES or not token:
            continue
        if not _LISTED.fullmatch(token):
            break
        out.append(token)
    return out


def number_value(raw: str) -> float | None:
    """'7' -> 7, 'seven' -> 7, 'twenty-one' -> 21, 'half' -> 0.5."""
    raw = raw.strip().lower()
    if raw.isdigit():
        return float(raw)
    total = 0.0
    for part in re.split(r"[ -]", raw):
        if part not in _NUMBER_WORDS:
            return None
        total += _NUMBER_WORDS[part]
    return total
