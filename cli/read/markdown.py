"""Text of a Markdown draft: the words as a reader sees them, line for line.

Heading markers (``## Article 7``, setext underlines), emphasis (``**``, ``__``, ``*``,
``_``, ``~~``), links, images, inline code, block quotes, bullets, table pipes, inline
HTML, footnote references and definitions, front matter and code fences are removed;
numbered list items (``1.``, ``(a)``) keep their numbers. Lines are not re-wrapped.
"""

from __future__ import annotations

import html
import re

from cli.grammar import MARKDOWN_FOOTNOTE_DEFINITION, MARKDOWN_FOOTNOTE_REF
from cli.read import Extracted
from cli.read.decode import decode_text, normalise_newlines

__all__ = ["EXTRACTOR", "extract_markdown", "markdown_to_text"]

EXTRACTOR = "markdown"

_ATX = re.compile(r"^ {0,3}#{1,6}(?=[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]+\S+")
_ESCAPABLE = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"
_ESCAPE = re.compile(rf"\\([{_ESCAPABLE}])")
# Every pattern below is bounded or stops at a character it cannot cross, so a line of
# unclosed brackets or markers is read in time linear in its length.
_INLINE = (
    (MARKDOWN_FOOTNOTE_REF, ""),
    (re.compile(r"<sup>\s*(?:\d{1,3}|[*†‡]+)\s*</sup>", re.IGNORECASE), ""),  # marker
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"!\[([^\[\]]{0,500})\]\([^()\s]{0,2000}(?:\s[^()]{0,200})?\)"), r"\1"),
    (re.compile(r"\[([^\[\]]{1,500})\]\([^()\s]{0,2000}(?:\s[^()]{0,200})?\)"), r"\1"),
    (re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,500}\]"), r"\1"),  # reference link
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolink
)
_RUN = re.compile(r"`+|\*+|_+|~~+")
_PROTECT = {char: chr(0xE000 + k) for k, char in enumerate(_ESCAPABLE.replace("\\", ""))}
_PROTECT["\\"] = chr(0xE000 + len(_PROTECT))
_RESTORE = {mark: char for char, mark in _PROTECT.items()}


def _code_spans(text: str) -> str:
    """Text with the backticks of inline code removed (a run closes at the next run of
    the same length; a run with no partner stays as it is)."""
    runs = [m for m in _RUN.finditer(text) if m.group()[0] == "`"]
    if not runs:
        return text
    later: dict[int, int] = {}  # run length -> how many runs of that length come later
    for m in runs:
        later[len(m.group())] = later.get(len(m.group()), 0) + 1
    drop: list[tuple[int, int]] = []
    open_run: re.Match[str] | None = None
    for m in runs:
        size = len(m.group())
        later[size] -= 1
        if open_run is None:
            if later[size]:
                open_run = m
        elif len(open_run.group()) == size:
            drop += [open_run.span(), m.span()]
            open_run = None
    return _cut(text, drop)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    parts, at = [], 0
    for start, end in sorted(spans):
        parts.append(text[at:start])
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _emphasis(text: str) -> str:
    """Text without the markers of emphasis (``*``, ``**``, ``_``, ``__``, ``~~``).

    A run of markers opens when a non-space follows it and closes when a non-space
    precedes it (``_`` only at word edges, so ``snake_case`` keeps its underscores);
    a closing run takes the nearest open run of the same character. One pass with a
    stack per character: linear in the length of the line.
    """
    stacks: dict[str, list[tuple[int, int]]] = {"*": [], "_": [], "~": []}
    drop: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        char = m.group()[0]
        if char == "`":
            continue
        start, end = m.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        opens = not after.isspace()
        closes = not before.isspace()
        if char == "_":
            opens = opens and not before.isalnum()
            closes = closes and not after.isalnum()
        stack = stacks[char]
        if closes and stack:
            drop += [stack.pop(), (start, end)]
        elif opens:
            stack.append((start, end))
    return _cut(text, drop)


def _inline(text: str) -> str:
    """A line's words without inline markup; backslash escapes become the plain character."""
    text = _ESCAPE.sub(lambda m: _PROTECT[m.group(1)], text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    text = _emphasis(_code_spans(text))
    text = html.unescape(text)
    text = "".join(_RESTORE.get(char, char) for char in text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _atx(line: str) -> str | None:
    """The text of an ATX heading ("## Article 7 ##" -> "Article 7"), None for others."""
    m = _ATX.match(line)
    if m is None:
        return None
    text = line[m.end():].strip()
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip()
    return text


def _strip_comments(raw: str, in_comment: bool) -> tuple[str, bool]:
    """The line without HTML comments, and whether a comment is still open at its end."""
    parts, at = [], 0
    while True:
        if in_comment:
            end = raw.find("-->", at)
            if end < 0:
                return "".join(parts), True
            at, in_comment = end + 3, False
        start = raw.find("<!--", at)
        if start < 0:
            parts.append(raw[at:])
            return "".join(parts), False
        parts.append(raw[at:start])
        at, in_comment = start + 4, True


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after YAML front matter, 0 when there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for k in range(1, min(len(lines), 200)):
        if lines[k].strip() in ("---", "..."):
            return k + 1
    return 0


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown document, one output line for each source line (markup
    lines such as fences, underlines and link definitions become blank lines), so that
    line N of the text is line N of the source."""
    lines = normalise_newlines(source).split("\n")
    front = _front_matter_end(lines)
    out: list[str] = [""] * front
    fence: str | None = None
    in_comment = False
    for raw in lines[front:]:
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
                out.append("")
            else:
                out.append(raw.rstrip())
            continue
        if in_comment or "<!--" in raw:
            raw, in_comment = _strip_comments(raw, in_comment)
        m = _FENCE.match(raw)
        if m:
            fence = m.group(1)[0] * 3
            out.append("")
            continue
        line = _QUOTE.sub("", raw)
        if (_SETEXT.match(line) and out and out[-1].strip()) or (
                _TABLE_RULE.match(line) and "|" in line) or _BREAK.match(line) or (
                _LINK_DEFINITION.match(line) or MARKDOWN_FOOTNOTE_DEFINITION.match(line)):
            out.append("")  # an underline, a rule, a definition: no words of the draft
            continue
        heading = _atx(line)
        if heading is not None:
            out.append(_inline(heading))
            continue
        line = _BULLET.sub("", line)
        if line.lstrip().startswith("|"):
            cells = [cell for cell in line.strip().strip("|").split("|")]
            out.append(" ".join(_inline(cell) for cell in cells if cell.strip()))
            continue
        out.append(_inline(line.rstrip("\\")))
    return "\n".join(out).rstrip()


def extract_markdown(data: bytes) -> Extracted:
    """Text of a Markdown file read as UTF-8 (Windows-1252 when it is not UTF-8)."""
    text = markdown_to_text(decode_text(data, "Markdown")[0])
    return Extracted(text + "\n" if text else "", EXTRACTOR)
