"""Turn the lines of typeset pages back into the text of a draft.

Page furniture (running headers and footers, page numbers, document symbols, dates and
job numbers in the margins, footnotes at the foot of a page) is dropped; lines wrapped
inside a paragraph are joined, and words hyphenated across a line end are mended.
Headings (``Article 7``, ``Section 3``, ``Chapter II``, ``§ 5``, ``3. Title``) and
numbered paragraphs (``1.``, ``(a)``) keep a line of their own, so the segmenter sees
the draft as a clean text file would show it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from cli.grammar import (
    FOOTNOTE_LINE,
    NUMBERED,
    is_edge_furniture,
    is_furniture,
    is_heading,
    is_keyword_heading,
)
from cli.stats import median

__all__ = [
    "Line",
    "Page",
    "assemble",
    "assemble_pages",
    "clean_line",
    "drop_footnotes",
    "drop_furniture",
    "join_lines",
    "join_pages",
    "starts_block",
]

MARGIN = 0.075  # share of the page height at top and bottom taken as margin
EDGE_LINES = 2  # lines at each end of a page that may be furniture without geometry
SHORT_LINE = 0.75  # a line shorter than this share of a full line ends its paragraph
PARAGRAPH_GAP = 1.45  # a gap this many times the usual line spacing is a blank line
FOOTNOTE_SIZE = 0.85  # text this much smaller than the body at a page foot is a footnote
SOFT_HYPHEN = "\u00ad"

_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")

_CROSS_REFERENCE_END = re.compile(
    r"\b(?:articles?|sections?|paragraphs?|subparagraphs?|sub-paragraphs?|clauses?|"
    r"subsections?|sub-sections?|chapters?|parts?|points?|items?|letters?|rules?|"
    r"regulations?|annex|schedules?|no\.|number|§)$",
    re.IGNORECASE,
)

_HYPHENS = "-\u2010\u2011"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Line:
    """One printed line; geometry in PDF points (``y`` is the baseline from the page foot)."""

    text: str
    y: float | None = None
    x: float | None = None
    size: float | None = None


@dataclass(frozen=True)
class Page:
    """The lines of one page in reading order, and the page's vertical extent."""

    lines: tuple[Line, ...]
    bottom: float | None = None
    top: float | None = None


def clean_line(text: str) -> str:
    """NFC text with ligatures spelt out, odd spaces made plain and invisibles removed."""
    text = unicodedata.normalize("NFC", text)
    for ligature, letters in _LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, letters)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    # a soft hyphen shows only at a line end, where it marks a word broken in two
    return text[:-1].replace(SOFT_HYPHEN, "") + text[-1:] if SOFT_HYPHEN in text else text


def starts_block(text: str) -> bool:
    """True when a line opens a numbered paragraph, a lettered item or a bullet."""
    return NUMBERED.match(text) is not None


# --- page furniture -----------------------------------------------------------------


def _in_margin(line: Line, page: Page) -> bool:
    if line.y is None or page.top is None or page.bottom is None:
        return False
    band = (page.top - page.bottom) * MARGIN
    return line.y > page.top - band or line.y < page.bottom + band


def _edge_indexes(page: Page) -> set[int]:
    """Indexes of the lines at the top and foot of a page (by height when known)."""
    n = len(page.lines)
    order = list(range(n))
    if all(line.y is not None for line in page.lines):
        order.sort(key=lambda i: -(page.lines[i].y or 0.0))
    return set(order[:EDGE_LINES]) | set(order[-EDGE_LINES:])


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _tracks_pages(occurrences: list[tuple[int, str]]) -> bool:
    """True when a number in the line moves with the page, as a page number does."""
    numbers = [(page, [int(n) for n in re.findall(r"\d+", text)]) for page, text in occurrences]
    width = min(len(ns) for _, ns in numbers)
    for k in range(width):
        offsets = {ns[k] - page for page, ns in numbers}
        if len(offsets) == 1:
            return True
    return False


def drop_furniture(pages: Sequence[Page]) -> list[Page]:
    """The pages without running headers and footers, page numbers and margin notes."""
    with_text = sum(1 for page in pages if page.lines)
    threshold = max(2, math.ceil(0.5 * with_text))
    candidates: list[tuple[int, int, bool]] = []  # page, line, in the margin
    exact: dict[str, set[int]] = defaultdict(set)
    masked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for p, page in enumerate(pages):
        edges = _edge_indexes(page)
        for i, line in enumerate(page.lines):
            margin = _in_margin(line, page)
            if not (margin or i in edges):
                continue
            candidates.append((p, i, margin))
            exact[_key(line.text)].add(p)
            masked[re.sub(r"\d+", "#", _key(line.text))].append((p, line.text))
    drop: set[tuple[int, int]] = set()
    for p, i, margin in candidates:
        text = pages[p].lines[i].text
        key = _key(text)
        occurrences = masked[re.sub(r"\d+", "#", key)]
        pages_with_mask = {page for page, _ in occurrences}
        if (
            is_furniture(text) or is_edge_furniture(text)
            or len(exact[key]) >= threshold
            or (margin and len(exact[key]) >= 2)
            or (len(pages_with_mask) >= 2 and len(pages_with_mask) == len(occurrences)
                and (margin or (len(pages_with_mask) >= threshold and not is_heading(text)))
                and _tracks_pages(occurrences))
        ):
            drop.add((p, i))
    return [Page(tuple(line for i, line in enumerate(page.lines) if (p, i) not in drop),
                 page.bottom, page.top) for p, page in enumerate(pages)]


def _body_size(pages: Sequence[Page]) -> float | None:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if line.size:
                sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else None


def drop_footnotes(pages: Sequence[Page]) -> list[Page]:
    """The pages without the block of small print at their foot that starts with a marker."""
    body = _body_size(pages)
    if body is None:
        return list(pages)
    out = []
    for page in pages:
        lines = list(page.lines)
        k = len(lines)
        while k > 0 and lines[k - 1].size is not None and lines[k - 1].size < body * FOOTNOTE_SIZE:
            k -= 1
        small = lines[k:]
        if small and k > 0 and FOOTNOTE_LINE.match(small[0].text):
            lines = lines[:k]
        out.append(Page(tuple(lines), page.bottom, page.top))
    return out


# --- joining lines --------------------------------------------------------------------


def _vocabulary(lines: Iterable[str]) -> Counter[str]:
    """Words of the text as printed inside lines (not at their ends), lower-cased."""
    words: Counter[str] = Counter()
    for text in lines:
        found = _WORD.findall(text.lower())
        if text.rstrip().endswith(tuple(_HYPHENS)) and found:
            found = found[:-1]
        words.update(found)
    return words


def _mend(left: str, right: str, vocabulary: Counter[str]) -> str:
    """Join a line ending in a hyphen to the next, keeping the hyphen only if it is real."""
    head = left[:-1]
    tail_word = re.match(r"[^\W\d_]+", right)
    head_word = re.search(r"[^\W\d_]+(?:-[^\W\d_]+)*$", head)
    if not tail_word or not head_word:
        return left + right if head.endswith(tuple("0123456789")) else f"{left} {right}"
    before, after = head_word.group().lower(), tail_word.group().lower()
    last_part = before.rsplit("-", 1)[-1]
    joined, hyphenated = before + after, f"{before}-{after}"
    keep = (
        right[0].isupper()
        or (vocabulary[hyphenated] > 0 and vocabulary[joined] == 0)
        or (vocabulary[joined] == 0 and (len(last_part) == 1 or "-" in before))
    )
    return f"{head}-{right}" if keep else head + right


def _typical_length(lines: Sequence[Line], body: float | None) -> float:
    lengths = sorted(len(line.text) for line in lines
                     if body is None or line.size is None or abs(line.size - body) < 0.5)
    if not lengths:
        return 0.0
    return float(lengths[int(0.9 * (len(lengths) - 1))])


def _leading(pages: Sequence[Page]) -> float | None:
    gaps = []
    for page in pages:
        for a, b in pairwise(page.lines):
            if a.y is not None and b.y is not None and a.size:
                gap = a.y - b.y
                if 0 < gap < 2.5 * a.size:
                    gaps.append(gap)
    return median(gaps) if gaps else None


def _cross_reference(previous: str) -> bool:
    """True when a line ends in "paragraph", "article"...: the next continues the reference."""
    return _CROSS_REFERENCE_END.search(previous.rstrip()) is not None


def join_lines(pages: Sequence[Page]) -> str:
    """The text of the pages with wrapped lines joined into paragraphs (see ``join_pages``)."""
    return join_pages(pages)[0]


def join_pages(pages: Sequence[Page]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of the pages with wrapped lines joined into paragraphs, and the first and
    last page (from 1) of each line of that text.

    A line starts a new line of output when it is a heading or opens a numbered
    paragraph, when the line before it is short (a title, or the end of a paragraph),
    or when a wider gap than usual stands above it; a blank line is kept where the gap
    shows one. Words hyphenated at a line end are joined unless the hyphen is real.
    """
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return "", ()
    body = _body_size(pages)
    full = _typical_length(lines, body)
    leading = _leading(pages)
    vocabulary = _vocabulary(line.text for line in lines)
    out: list[str] = []
    spans: list[tuple[int, int]] = []  # first and last page of each line of ``out``
    previous: Line | None = None
    for number, page in enumerate(pages, 1):
        for k, line in enumerate(page.lines):
            text = line.text
            if previous is None:
                out.append(text)
                spans.append((number, number))
                previous = line
                continue
            blank = (k > 0 and leading is not None and line.y is not None
                     and previous.y is not None and previous.y - line.y > PARAGRAPH_GAP * leading)
            broken_word = re.search(r"[^\W\d_][-\u2010\u00ad]$", previous.text) is not None
            short = len(previous.text) < SHORT_LINE * full and not broken_word
            mid_sentence = not short and re.search(r"[a-z,]$", previous.text) is not None
            opens = ((is_heading(text) and not mid_sentence) or starts_block(text)) and not (
                _cross_reference(previous.text))
            # a heading's title ends its line unless the title wraps onto this one
            after_heading = is_keyword_heading(previous.text) and not text[0].islower()
            # across a page break there is no gap to measure: a finished sentence
            # followed by a capital or a number is taken to end the paragraph
            page_break = k == 0 and re.search(r"[.:;]$", previous.text) is not None and (
                text[0].isupper() or text[0].isdigit())
            if blank:
                out.append("")
                spans.append((number, number))
                out.append(text)
                spans.append((number, number))
            elif opens or short or after_heading or page_break:
                out.append(text)
                spans.append((number, number))
            elif out[-1].endswith(SOFT_HYPHEN):
                out[-1] = out[-1][:-1] + text
                spans[-1] = (spans[-1][0], number)
            elif out[-1].endswith(tuple(_HYPHENS)) and not out[-1].endswith(" -"):
                out[-1] = _mend(out[-1], text, vocabulary)
                spans[-1] = (spans[-1][0], number)
            else:
                out[-1] = f"{out[-1]} {text}"
                spans[-1] = (spans[-1][0], number)
            previous = line
    return "\n".join(out).replace(SOFT_HYPHEN, "") + "\n", tuple(spans)


def assemble(pages: Sequence[Page]) -> str:
    """Clean text of typeset pages: furniture and footnotes dropped, paragraphs joined."""
    return assemble_pages(pages)[0]


def assemble_pages(pages: Sequence[Page]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``assemble``, with the first and last page (from 1) of each line of the text."""
    cleaned = []
    for page in pages:
        lines = tuple(Line(clean_line(line.text), line.y, line.x, line.size)
                      for line in page.lines)
        cleaned.append(Page(tuple(line for line in lines if line.text), page.bottom, page.top))
    return join_pages(drop_footnotes(drop_furniture(cleaned)))
