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

_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]+\S+")
_ESCAPABLE = r"!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~"
_ESCAPE = re.compile(rf"\\([{_ESCAPABLE}])")
_INLINE = (
    (MARKDOWN_FOOTNOTE_REF, ""),
    (re.compile(r"<sup>\s*(?:\d{1,3}|[*†‡]+)\s*</sup>", re.IGNORECASE), ""),  # marker
    (re.compile(r"<br\s*/?>", re.IGNORECASE), " "),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # image: its alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # link: its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference link
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolink
    (re.compile(r"(`+)(.+?)\1"), r"\2"),  # inline code
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), r"\1"),
    (re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*"), r"\1"),
    (re.compile(r"(?<!\w)_(?=[^\s_])(.+?)(?<=[^\s_])_(?!\w)"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
)
_PROTECT = {char: chr(0xE000 + k) for k, char in enumerate(_ESCAPABLE.replace("\\", ""))}
_PROTECT["\\"] = chr(0xE000 + len(_PROTECT))
_RESTORE = {mark: char for char, mark in _PROTECT.items()}


def _inline(text: str) -> str:
    """A line's words without inline markup; backslash escapes become the plain character."""
    text = _ESCAPE.sub(lambda m: _PROTECT[m.group(1)], text)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    text = html.unescape(text)
    text = "".join(_RESTORE.get(char, char) for char in text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _front_matter_end(lines: list[str]) -> int:
    """Index of the first line after YAML front matter, 0 when there is none."""
    if not lines or lines[0].strip() != "---":
        return 0
    for k in range(1, min(len(lines), 200)):
        if lines[k].strip() in ("---", "..."):
            return k + 1
    return 0


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown document, one output line for each source line."""
    lines = normalise_newlines(source).split("\n")
    out: list[str] = []
    fence: str | None = None
    in_comment = False
    for raw in lines[_front_matter_end(lines):]:
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            else:
                out.append(raw.rstrip())
            continue
        if in_comment:
            if "-->" in raw:
                in_comment = False
                raw = raw.split("-->", 1)[1]
            else:
                continue
        raw = re.sub(r"<!--.*?-->", "", raw)
        if "<!--" in raw:
            raw, in_comment = raw.split("<!--", 1)[0], True
        m = _FENCE.match(raw)
        if m:
            fence = m.group(1)[0] * 3
            continue
        line = _QUOTE.sub("", raw)
        if _SETEXT.match(line) and out and out[-1].strip():
            continue  # underline of a setext heading: the line above is the heading
        if _TABLE_RULE.match(line) and "|" in line:
            continue
        if _BREAK.match(line):
            out.append("")
            continue
        if _LINK_DEFINITION.match(line) or MARKDOWN_FOOTNOTE_DEFINITION.match(line):
            continue
        heading = _ATX.match(line)
        if heading:
            out.append(_inline(heading.group("text") or ""))
            continue
        line = _BULLET.sub("", line)
        if line.lstrip().startswith("|"):
            cells = [cell for cell in line.strip().strip("|").split("|")]
            out.append(" ".join(_inline(cell) for cell in cells if cell.strip()))
            continue
        out.append(_inline(line.rstrip("\\")))
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def extract_markdown(data: bytes) -> Extracted:
    """Text of a Markdown file read as UTF-8 (Windows-1252 when it is not UTF-8)."""
    text = markdown_to_text(decode_text(data, "Markdown")[0])
    return Extracted(text + "\n" if text else "", EXTRACTOR)
