"""Text of a web page, read with the standard library's ``html.parser``.

Headings, paragraphs, list items and table rows each get a line of their own (a
blank line after headings and paragraphs); the cells of a row share one line. Page
chrome is dropped: ``head``, scripts, styles, navigation, page-level ``header`` and
``footer`` (those inside an ``article``, ``main`` or ``section`` are kept), elements
hidden by ``hidden``, ``aria-hidden`` or an inline style, forms' controls, superscript
footnote markers, and elements whose class or id names site furniture (cookie and
consent banners, breadcrumbs, sidebars, menus, share links).

Of what is left, the main content is kept, chosen by structure as readability tools
do: the ``main`` element (or ``role="main"``) when it holds the text, else the deepest
element that holds most of the page's text and headings, links not counted. Reading
is linear in the size of the page.
"""

from __future__ import annotations

import codecs
import re

from cli.grammar import FOOTNOTE_MARKER
from cli.read import Extracted
from cli.read.decode import decode_text
from cli.read.htmlparse import LinearHTMLParser

__all__ = ["EXTRACTOR", "extract_html", "html_to_lines", "html_to_text"]

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
# class or id of an element that is site furniture (unless it also names the content)
UNLIKELY = re.compile(
    r"cookie|consent|gdpr|banner|breadcrumb|sidebar|side-bar|skip|share|social|related|"
    r"menu|navbar|masthead|site-header|site-footer|advert|promo|newsletter|popup|modal|toolbar",
    re.IGNORECASE,
)
LIKELY = re.compile(r"main|content|article|body|legislation|provision", re.IGNORECASE)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HEADING_WEIGHT = 80  # a heading counts as this many characters of text
MAIN_SHARE = 0.7  # a child holding this share of its parent's text is the content
# elements that may hold the main content (a paragraph or a heading never does alone)
CONTAINERS = {"html", "body", "div", "section", "article", "main", "table", "tbody", "tr",
              "td", "center", "form"}
# elements an opening tag ends when they are still open, as browsers do
CLOSED_BY = {
    "p": PARAGRAPH | {"div", "li", "dl", "dt", "dd"}, "li": {"li"}, "dt": {"dt", "dd"},
    "dd": {"dt", "dd"}, "tr": {"tr"}, "td": {"td", "th", "tr"}, "th": {"td", "th", "tr"},
    "option": {"option"},
}
SEARCH_DEPTH = 64  # an end tag closes an open element at most this many levels up
PATH_DEPTH = 12  # a path to a line goes up at most this many elements
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
        self.link_depth = 0
        # open elements: (tag, record index); records of elements:
        # [start in out, end in out, score at start, score, parent index, main, index]
        self.stack: list[tuple[str, int, str, int]] = []  # tag, record, id, number
        self.children: list[dict[str, int]] = [{}]  # tags seen in each open element
        self.anchor_of: dict[int, str] = {}  # index in out -> where its line stands
        self.anchored = False  # whether the current line has its anchor
        self.records: list[list[int]] = []
        self.tags: list[str] = []
        self.root_score = 0

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
        if "display:none" in style or "visibility:hidden" in style:
            return True
        names = f"{values.get('class', '')} {values.get('id', '')}"
        return bool(UNLIKELY.search(names)) and not LIKELY.search(names)

    def _score(self, amount: int) -> None:
        """Count text (or a heading) for every open element: an element's score is what
        was counted between its start and its end, so nothing walks the open elements."""
        self.root_score += amount

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        while self.stack and tag in CLOSED_BY.get(self.stack[-1][0], ()):
            self._end(self.stack.pop()[1])  # "<p>one<p>two": the first p ends here
            self.children.pop()
        parent = self.stack[-1][1] if self.stack else -1
        main = tag == "main" or any(name == "role" and (value or "").lower() == "main"
                                    for name, value in attrs)
        index = len(self.records)
        self.records.append([len(self.out), -1, self.root_score, 0, parent, int(main), index])
        self.tags.append(tag)
        seen = self.children[-1]
        seen[tag] = seen.get(tag, 0) + 1
        ident = next((value or "" for name, value in attrs if name == "id"), "")
        self.stack.append((tag, index, ident.strip(), seen[tag]))
        self.children.append({})
        if tag in HEADINGS:
            self._score(HEADING_WEIGHT)

    def _end(self, index: int) -> None:
        record = self.records[index]
        record[1], record[3] = len(self.out), self.root_score - record[2]

    def _close(self, tag: str) -> None:
        low = max(-1, len(self.stack) - 1 - SEARCH_DEPTH)
        depth = next((k for k in range(len(self.stack) - 1, low, -1)
                      if self.stack[k][0] == tag), None)
        if depth is None:
            return  # an end tag with no start near it: ignored, as browsers do
        while len(self.stack) > depth:
            self._end(self.stack.pop()[1])
            self.children.pop()

    def _emit(self, text: str) -> None:
        if self.sup_depth:
            self.sup_text.append(text)
        else:
            if not self.anchored and text.strip():  # the first words of a line
                self.anchor_of[len(self.out)] = self._anchor()
                self.anchored = True
            self.out.append(text)

    def _anchor(self) -> str:
        """The element id of the text being read, or a path to it from the nearest
        element with an id ("s3/p[2]"), or from the page ("/html[1]/body[1]/p[4]")."""
        parts: list[str] = []
        for tag, _, ident, number in reversed(self.stack[-PATH_DEPTH:]):
            if ident:
                return "/".join([ident, *reversed(parts)])
            parts.append(f"{tag}[{number}]")
        prefix = "/" if len(self.stack) <= PATH_DEPTH else ".../"
        return prefix + "/".join(reversed(parts))

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
        if tag == "a":
            self.link_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if tag == "sup":
            self.sup_depth += 1
            if self.sup_depth == 1:
                self.sup_text = []
        self._break(tag)
        if tag not in VOID:
            self._open(tag, attrs)
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
        if tag == "a" and self.link_depth:
            self.link_depth -= 1
        if tag not in VOID:
            self._close(tag)
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
        if not self.link_depth:
            self._score(len(data.strip()))
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
        self.anchored = False

    def _main(self) -> tuple[int, int]:
        """The span of ``out`` that holds the main content (see the module's docstring)."""
        while self.stack:
            self._end(self.stack.pop()[1])
            self.children.pop()
        records = self.records
        mains = [r for r in records if r[5]]
        if mains:
            best = max(mains, key=lambda r: r[3])
            if best[3] >= (1 - MAIN_SHARE) * self.root_score:
                return best[0], best[1]
        children: dict[int, list[list[int]]] = {}
        for record, tag in zip(records, self.tags, strict=True):
            if tag in CONTAINERS:
                children.setdefault(record[4], []).append(record)
        current, score, span = -1, self.root_score, (0, len(self.out))
        while children.get(current):
            best = max(children[current], key=lambda r: r[3])
            if score == 0 or best[3] < MAIN_SHARE * score:
                break
            current, score, span = best[6], best[3], (best[0], best[1])
        return span

    def lines(self) -> tuple[list[str], list[str]]:
        """The lines of the main content, and where each stands in the page."""
        start, end = self._main()
        lines, anchors = [""], [""]
        for index in range(start, min(end, len(self.out))):
            anchor = self.anchor_of.get(index, "")
            for k, part in enumerate(self.out[index].split("\n")):
                if k:
                    lines.append("")
                    anchors.append("")
                lines[-1] += part
                if anchor and part.strip() and not anchors[-1]:
                    anchors[-1] = anchor
        out_lines: list[str] = []
        out_anchors: list[str] = []
        for line, anchor in zip(lines, anchors, strict=True):
            line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
            if not line and (not out_lines or not out_lines[-1]):
                continue  # blank lines at the start, or more than one in a row
            out_lines.append(line)
            out_anchors.append(anchor or (out_anchors[-1] if out_anchors else ""))
        while out_lines and not out_lines[-1]:
            out_lines.pop()
            out_anchors.pop()
        return out_lines, out_anchors

    def text(self) -> str:
        return "\n".join(self.lines()[0])


def html_to_lines(markup: str) -> tuple[list[str], list[str]]:
    """The visible lines of an HTML page's main content, one block a line, and the
    element id (or path) each line comes from."""
    parser = _TextParser()
    parser.feed_all(markup)
    return parser.lines()


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page's main content, one block a line."""
    return "\n".join(html_to_lines(markup)[0])


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
    lines, anchors = html_to_lines(decode_text(data, "HTML", _declared_charset(data))[0])
    text = "\n".join(lines)
    return Extracted(text + "\n" if text else "", EXTRACTOR, anchors=tuple(anchors))
