"""Text of a Word (DOCX) draft: paragraphs and tables in order, list numbers included.

python-docx opens the package; the text is read from the XML itself because
``paragraph.text`` leaves out what Word shows from its numbering definitions (an
``Article 7`` heading made by automatic numbering would vanish) and text inside
tracked insertions, content controls and fields. Deleted text, hidden text, field
codes and text boxes are left out; page headers, footers and footnotes are not in the
body and are not read.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cli.errors import InputError
from cli.read import MAX_TEXT, OLE_MAGIC, Extracted

__all__ = ["EXTRACTOR", "extract_docx", "format_number"]

EXTRACTOR = "docx:python-docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
LEVELS = 9
# A zip member is counted as it is inflated, not by what its header says.
MAX_UNPACKED = 128 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 100  # unpacked to packed, for a member over RATIO_FLOOR bytes unpacked
RATIO_FLOOR = 1024 * 1024
MAX_START = 32767  # the largest list start Word accepts
MAX_LEVEL_TEXT = 256  # characters of a numbering level's text ("Article %1.")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: Any, tag: str) -> str | None:
    """The ``w:val`` of the child ``tag`` of ``element``, if both exist."""
    if element is None:
        return None
    child = element.find(_w(tag))
    return None if child is None else child.get(_w("val"))


def _start(value: str | None) -> int | None:
    """A list's start value, if it is one Word accepts (0 to 32767)."""
    start = _int(value)
    return start if start is not None and 0 <= start <= MAX_START else None


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- number formats -------------------------------------------------------------------

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_CARDINAL = (
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen",
    "Nineteen", "Twenty",
)
_ORDINAL = (
    "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
    "Ninth", "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth",
    "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth", "Twentieth",
)


def _roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` written in a Word number format (``decimal``, ``upperRoman``, ``lowerLetter``...)."""
    if fmt in ("upperRoman", "lowerRoman") and n > 0:
        text = _roman(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt in ("upperLetter", "lowerLetter") and n > 0:
        text = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # A..Z, AA, BB...
        return text if fmt == "upperLetter" else text.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "cardinalText" and 0 <= n < len(_CARDINAL):
        return _CARDINAL[n]
    if fmt == "ordinalText" and 0 <= n < len(_ORDINAL):
        return _ORDINAL[n]
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return str(n)  # decimal, and the formats of other scripts read as decimal


# --- numbering definitions ------------------------------------------------------------


@dataclass
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    suffix: str = " "
    style: str | None = None


def _level(element: Any) -> _Level:
    suffix = {"tab": " ", "space": " ", "nothing": ""}.get(_val(element, "suff") or "tab", " ")
    legal = element.find(_w("isLgl"))
    text = _val(element, "lvlText")
    return _Level(
        start=_start(_val(element, "start")) or 0,
        fmt=_val(element, "numFmt") or "decimal",
        text=text if text is None or len(text) <= MAX_LEVEL_TEXT else None,
        restart=_int(_val(element, "lvlRestart")),
        legal=legal is not None and legal.get(_w("val"), "true") not in ("0", "false", "off"),
        suffix=suffix,
        style=_val(element, "pStyle"),
    )


@dataclass
class _Style:
    based_on: str | None
    num_id: int | None
    ilvl: int | None


@dataclass
class _Numbering:
    """Word's list numbering: definitions from numbering.xml and the running counters."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)  # abstractNumId -> style
    nums: dict[int, tuple[str, dict[int, _Level], dict[int, int]]] = field(default_factory=dict)
    counters: dict[tuple[str, int | None], list[int | None]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: Any | None) -> _Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for element in root.iter(_w("abstractNum")):
            aid = element.get(_w("abstractNumId"), "")
            levels = {}
            for lvl in element.findall(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")), 0) or 0
                levels[ilvl] = _level(lvl)
            numbering.abstract[aid] = levels
            link = _val(element, "numStyleLink")
            if link:
                numbering.style_links[aid] = link
        for element in root.iter(_w("num")):
            num_id = _int(element.get(_w("numId")))
            aid = _val(element, "abstractNumId")
            if num_id is None or aid is None:
                continue
            replaced: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for override in element.findall(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), 0) or 0
                start = _start(_val(override, "startOverride"))
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    replaced[ilvl] = _level(lvl)
            numbering.nums[num_id] = (aid, replaced, starts)
        return numbering

    def levels(self, num_id: int, styles: dict[str, _Style]) -> tuple[str, dict[int, _Level]]:
        """The abstract definition a list uses, following a link to a numbering style."""
        aid, replaced, _ = self.nums[num_id]
        seen = set()
        while aid in self.style_links and aid not in seen:
            seen.add(aid)
            style = styles.get(self.style_links[aid])
            if style is None or style.num_id is None or style.num_id not in self.nums:
                break
            aid = self.nums[style.num_id][0]
        return aid, {**self.abstract.get(aid, {}), **replaced}

    def label(self, num_id: int, ilvl: int, styles: dict[str, _Style]) -> tuple[str, str] | None:
        """Advance the list and return the number Word shows and the text after it."""
        if num_id not in self.nums:
            return None
        aid, levels = self.levels(num_id, styles)
        level = levels.get(ilvl)
        if level is None:
            return None
        starts = self.nums[num_id][2]
        key = (aid, num_id if starts else None)
        counts = self.counters.setdefault(key, [None] * LEVELS)

        def start_of(k: int) -> int:
            if k in starts:
                return starts[k]
            return levels[k].start if k in levels else 1

        current = counts[ilvl]
        counts[ilvl] = start_of(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl < restart):
                counts[deeper] = None
        if level.fmt == "bullet" or level.text is None:
            return None

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            if level.fmt == "none" and k == ilvl:
                return ""
            value = counts[k] if 0 <= k < LEVELS and counts[k] is not None else start_of(k)
            fmt = "decimal" if level.legal else (levels[k].fmt if k in levels else "decimal")
            return "" if fmt == "none" else format_number(value or 0, fmt)

        text = re.sub(r"%([1-9])", number, level.text).strip()
        return (text, level.suffix) if text else None


# --- reading the body -----------------------------------------------------------------

_SKIPPED = {_w("del"), _w("moveFrom"), _w("txbxContent"), _w("rPr"), _w("pPr"),
            _w("instrText"), _w("delText"), f"{{{MC}}}Fallback"}
_BREAKS = {_w("br"): "\n", _w("cr"): "\n", _w("tab"): "\t", _w("noBreakHyphen"): "-",
           _w("softHyphen"): ""}


def _hidden(run: Any) -> bool:
    props = run.find(_w("rPr"))
    vanish = None if props is None else props.find(_w("vanish"))
    return vanish is not None and vanish.get(_w("val"), "true") not in ("0", "false", "off")


def _inline_text(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _w("t"):
            out.append(child.text or "")
        elif tag in _BREAKS:
            out.append(_BREAKS[tag])
        elif tag == _w("r") and _hidden(child):
            continue
        elif tag != _w("p"):  # a paragraph nested here belongs to a text box
            _inline_text(child, out)


class _Body:
    """Reads the blocks of a document body with its styles and numbering."""

    def __init__(self, document: Any) -> None:
        self.styles = self._styles(document)
        self.default_style = self._default_style(document)
        self.numbering = _Numbering.parse(self._numbering_root(document))

    @staticmethod
    def _styles(document: Any) -> dict[str, _Style]:
        styles = {}
        root = document.styles.element
        for element in root.iter(_w("style")):
            sid = element.get(_w("styleId"))
            if not sid:
                continue
            ppr = element.find(_w("pPr"))
            numpr = None if ppr is None else ppr.find(_w("numPr"))
            styles[sid] = _Style(
                based_on=_val(element, "basedOn"),
                num_id=_int(_val(numpr, "numId")),
                ilvl=_int(_val(numpr, "ilvl")),
            )
        return styles

    @staticmethod
    def _default_style(document: Any) -> str | None:
        for element in document.styles.element.iter(_w("style")):
            if element.get(_w("type")) == "paragraph" and element.get(_w("default")) in (
                    "1", "true", "on"):
                return element.get(_w("styleId"))
        return None

    @staticmethod
    def _numbering_root(document: Any) -> Any | None:
        from docx.opc.constants import RELATIONSHIP_TYPE

        try:
            return document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except (KeyError, AttributeError):
            return None

    def _list_of(self, paragraph: Any) -> tuple[int, int] | None:
        """(numId, ilvl) of a paragraph, from its own properties or its style's."""
        ppr = paragraph.find(_w("pPr"))
        numpr = None if ppr is None else ppr.find(_w("numPr"))
        num_id = _int(_val(numpr, "numId"))
        ilvl = _int(_val(numpr, "ilvl"))
        style_id = _val(ppr, "pStyle") or self.default_style
        seen = set()
        sid = style_id
        while num_id is None and sid and sid not in seen:
            seen.add(sid)
            style = self.styles.get(sid)
            if style is None:
                break
            if style.num_id is not None:
                num_id = style.num_id
                if ilvl is None:
                    ilvl = style.ilvl
            sid = style.based_on
        if not num_id:  # none, or numId 0: numbering switched off
            return None
        if ilvl is None and num_id in self.numbering.nums:
            _, levels = self.numbering.levels(num_id, self.styles)
            ilvl = next((k for k, lvl in levels.items() if style_id and lvl.style == style_id), 0)
        return num_id, ilvl or 0

    def paragraph(self, element: Any) -> str:
        """The text of a paragraph as Word shows it, list number first."""
        parts: list[str] = []
        _inline_text(element, parts)
        text = "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip()
                         for line in "".join(parts).split("\n"))
        found = self._list_of(element)
        if found is not None:
            label = self.numbering.label(found[0], found[1], self.styles)
            if label is not None:
                number, suffix = label
                text = f"{number}{suffix}{text}" if text.strip() else number
        return text.strip("\n")

    def blocks(self, container: Any) -> Iterator[str]:
        """Paragraphs (and table rows) of a body, cell or content control, in order."""
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                yield self.paragraph(child)
            elif tag == _w("tbl"):
                yield from self.table(child)
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent"))
                yield from self.blocks(child if content is None else content)

    def table(self, element: Any) -> Iterator[str]:
        """One line per row when each cell holds one line; else the cells' lines in turn."""
        for row in element.findall(_w("tr")):
            cells = [[line for line in self.blocks(cell) if line.strip()]
                     for cell in row.findall(_w("tc"))]
            if all(len(lines) <= 1 for lines in cells):
                joined = " ".join(lines[0] for lines in cells if lines)
                if joined:
                    yield joined
            else:
                for lines in cells:
                    yield from lines


def check_package(data: bytes) -> None:
    """Refuse a DOCX that unpacks to too much: each zip member is inflated and counted
    (its header is not trusted), against a total and a packing ratio; nothing is kept."""
    import zipfile

    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                packed = max(1, min(info.compress_size, len(data)))
                size = 0
                with package.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        size += len(chunk)
                        total += len(chunk)
                        if total > MAX_UNPACKED:
                            raise InputError(f"the Word file unpacks to more than "
                                             f"{MAX_UNPACKED // (1024 * 1024)} MB; it is "
                                             "refused as a likely zip bomb")
                        if size > RATIO_FLOOR and size > MAX_RATIO * packed:
                            raise InputError(f"a part of the Word file unpacks to over "
                                             f"{MAX_RATIO} times its packed size; it is "
                                             "refused as a likely zip bomb")
    except InputError:
        raise
    except Exception:  # a bad zip, an unknown compression, a wrong checksum...
        raise InputError("the Word file is damaged or is not a .docx document and cannot be "
                         "read") from None


def extract_docx(data: bytes) -> Extracted:
    """Text of a DOCX draft, one paragraph per line and a blank line between paragraphs,
    with the index of the paragraph each line comes from.

    The package is checked before it is parsed (``check_package``), and the text is
    refused once it passes ``MAX_TEXT`` characters."""
    if data.startswith(OLE_MAGIC):
        raise InputError("the Word file is password-protected or in the old .doc format; "
                         "save it as an unprotected .docx and try again")
    check_package(data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = _Body(document)
        paragraphs, length = [], 0
        for paragraph in body.blocks(document.element.body):
            length += len(paragraph) + 2
            if length > MAX_TEXT:
                raise InputError(f"the Word file holds more than {MAX_TEXT:,} characters of "
                                 "text; split the draft into parts")
            paragraphs.append(paragraph)
    except InputError:
        raise
    except Exception:
        raise InputError("the Word file is damaged or is not a .docx document and cannot be "
                         "read") from None
    lines: list[str] = []
    anchors: list[str] = []  # the paragraph (from 1, tables' rows counted) of each line
    for number, paragraph in enumerate(paragraphs, 1):
        if not paragraph.strip():
            continue
        if lines:
            lines.append("")
            anchors.append(str(number))
        for line in paragraph.split("\n"):
            if line.strip() or (lines and lines[-1].strip()):
                lines.append(line)
                anchors.append(str(number))
    return Extracted("\n".join(lines) + "\n", EXTRACTOR, anchors=tuple(anchors))
