"""Text of a web page, read with the standard library's ``html.parser``.

Headings, paragraphs, list items and table rows each get a line of their own (a
blank line after headings and paragraphs); the cells of a row share one line. Page
chrome is dropped: ``head``, scripts, styles, navigation, page-level ``header`` and
``footer`` (those inside an ``article``, ``main`` or ``section`` are kept), elements
marked hidden, forms' controls, and superscript footnote markers.
"""

from __future__ import annotations

import codecs
import re

from cli.grammar import FOOTNOTE_MARKER
from cli.read import Extracted
from cli.read.decode import decode_text
from cli.read.htmlparse import LinearHTMLParser

__all__ = ["EXTRACTOR", "extract_html", "html_to_text"]

EXTRACTOR = "html:stdlib"

PARAGRAPH = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote", "pre",
    "hr", "section", "article", "main", "aside", "figure", "address", "details", "fieldset",
    "center", "form",
}
LINE = {
    "div", "li", "tr", "br", "dt", "dd", "caption", "figcaption", "legend", "summary",
    "tbody", "thead", "tfoot", "body", "html", "option",
}
CELL = {"td", "th"}
SKIPPED = {
    "head", "title", "script", "style", "noscript", "template", "nav", "svg", "iframe",
    "object", "embed", "canvas", "button", "select", "textarea", "audio", "video", "map",
}
IN_HEAD = {"meta", "link", "title", "style", "script", "base", "noscript", "template", "object"}
CHROME = {"header", "footer"}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menu", "menubar"}
CONTENT = {"article", "main", "section"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}
_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)


class _TextParser(LinearHTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_tag: str | None = None
        self.skip_depth = 0
        self.content_depth = 0
        self.pre_depth = 0
        self.sup_depth = 0
        self.sup_text: list[str] = []

    def _hides(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in SKIPPED:
            return True
        if tag in CHROME and self.content_depth == 0:
            return True
        values = {name.lower(): (value or "") for name, value in attrs}
        if "hidden" in values or values.get("aria-hidden", "").lower() == "true":
            return True
        if values.get("role", "").lower() in CHROME_ROLES:
            return True
        style = values.get("style", "").replace(" ", "").lower()
        return "display:none" in style or "visibility:hidden" in style

    def _emit(self, text: str) -> None:
        if self.sup_depth:
            self.sup_text.append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag == "head" and tag not in IN_HEAD:
            self.skip_tag, self.skip_depth = None, 0  # the body began without </head>
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag not in VOID and self._hides(tag, attrs):
            self.skip_tag, self.skip_depth = tag, 1
            return
        if tag in CONTENT:
            self.content_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if tag == "sup":
            self.sup_depth += 1
            if self.sup_depth == 1:
                self.sup_text = []
        self._break(tag)
        if tag in CELL:
            self._emit(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is None:
            self._break(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in CONTENT and self.content_depth:
            self.content_depth -= 1
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag == "sup" and self.sup_depth:
            self.sup_depth -= 1
            if self.sup_depth == 0:
                text = "".join(self.sup_text)
                if not FOOTNOTE_MARKER.match(text):  # keep "1<sup>st</sup>", drop footnote markers
                    self.out.append(text)
        if tag != "br":
            self._break(tag)

    def handle_data(self, data: str) -> None:
        if self.skip_tag is not None:
            return
        if self.pre_depth:
            self._emit(data)
        else:
            self._emit(re.sub(r"\s+", " ", data))

    def _break(self, tag: str) -> None:
        """End the current line (or paragraph); breaks in a row count as the widest one."""
        mark = "\n\n" if tag in PARAGRAPH else "\n" if tag in LINE else ""
        if not mark:
            return
        if self.sup_depth:
            self.sup_text.append(" ")
            return
        while self.out and not self.out[-1].strip():  # spaces, or the break before
            last = self.out.pop()
            if "\n" in last:
                mark = max(mark, last, key=len)
        self.out.append(mark)

    def text(self) -> str:
        raw = "".join(self.out)
        lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in raw.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one block a line."""
    parser = _TextParser()
    parser.feed_all(markup)
    return parser.text()


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return None  # bytes that reached this point are ASCII-compatible: the tag is stale
    # browsers read Latin-1 and ASCII pages as Windows-1252, as the HTML standard says
    return "cp1252" if codec in ("latin_1", "iso8859-1", "ascii") else codec


def extract_html(data: bytes) -> Extracted:
    """Text of an HTML page: UTF-8 unless a ``<meta charset>`` says otherwise; cp1252 last."""
    text = html_to_text(decode_text(data, "HTML", _declared_charset(data))[0])
    return Extracted(text + "\n" if text else "", EXTRACTOR)
