"""Build PDF, DOCX, HTML and Markdown versions of a plain-text draft at test time.

Nothing here is shipped: the builders exist so the extractors are tested on files
whose clean text is known. ``make_pdf`` is a minimal PDF writer in pure Python
(standard Helvetica fonts, text placed line by line, several pages with a running
header, a document symbol and a page number, long lines wrapped and long words
hyphenated across line ends, as typeset drafts are); the lead's benchmark uses it to
build a 40-page PDF.
"""

from __future__ import annotations

import io
import re
import zlib
from html import escape
from pathlib import Path

__all__ = [
    "EXAMPLES",
    "SMALL_DRAFT",
    "example_drafts",
    "make_corrupt_docx",
    "make_docx",
    "make_encrypted_pdf",
    "make_html",
    "make_markdown",
    "make_pdf",
    "make_scanned_pdf",
    "wrap_lines",
]

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"

# A small draft in the project's own words, used where data/examples/ is empty.
SMALL_DRAFT = """\
Model Law on Computer Misuse (working draft)

The legislature, recognising that computer systems and electronic communications are now \
part of daily life, enacts the following provisions for the protection of data.

Chapter I - General provisions

Article 1. Purpose
The purpose of this Law is to protect the confidentiality, integrity and availability of \
computer systems and data, and to provide for effective investigation and prosecution.

Article 2. Definitions
For the purposes of this Law:
(a) "computer system" means any device or group of connected devices which performs \
automatic processing of data according to a program;
(b) "computer data" means any representation of facts or instructions in a form suitable \
for processing in a computer system.

Chapter II - Offences

Article 3. Unauthorised access
1. A person who intentionally and without right obtains access to the whole or a part of \
a computer system commits an offence.
2. The offence is aggravated where the access is obtained by circumventing security \
measures or with the intent of obtaining computer data.

Article 4. Interception of transmissions
A person who intentionally intercepts, by technical means and without right, any \
non-public transmission of computer data to, from or within a computer system, including \
electromagnetic emissions, commits an offence and is liable on conviction to imprisonment.

Article 5. Computer-related fraud
A person who causes a loss of property to another by any input, alteration or deletion of \
computer data, with the fraudulent intent of procuring an economic benefit for himself or \
another, commits an offence. The cyber-dependent offences in Articles 3 and 4 are distinct \
from this offence.

Article 6
Online harassment
A person who repeatedly uses electronic communications to threaten or intimidate another \
person, causing that person to fear for their safety, commits an offence.

Chapter III - Procedure and cooperation

Article 7. Preservation of stored data
The competent authority may order the expeditious preservation of specified computer \
data, including traffic data, where there are grounds to believe that the data is \
vulnerable to loss or modification.

Article 8. Mutual assistance
The central authority shall afford other States the widest measure of mutual assistance \
for the purpose of investigations concerning offences established under this Law.
"""

HEADING = re.compile(
    r"^(?:#+\s*)?(?:Article|ARTICLE|Section|SECTION|Chapter|CHAPTER|Part|PART|§)\s*[\dIVXLC]"
)

# Advance widths (1/1000 em) of Helvetica and Helvetica-Bold for ASCII 32..126.
_HELVETICA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584,
)
_HELVETICA_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584,
)
_WIDE = {"—": 1000, "…": 1000, "‘": 222, "’": 222, "“": 333, "”": 333, "•": 350}


def _widths(table: tuple[int, ...]) -> list[int]:
    out = list(table)
    for code in range(127, 256):
        char = bytes([code]).decode("cp1252", errors="replace")
        out.append(_WIDE.get(char, 556))
    return out


def _width(text: str, size: float, bold: bool = False) -> float:
    table = _HELVETICA_BOLD if bold else _HELVETICA
    total = 0
    for char in text:
        code = ord(char)
        total += table[code - 32] if 32 <= code < 127 else _WIDE.get(char, 556)
    return total * size / 1000


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _split_word(word: str, room: float, size: float, bold: bool) -> tuple[str, str] | None:
    """Break ``word`` so that its head and a hyphen fit in ``room`` points."""
    if "-" in word[1:-1]:  # break at a hyphen the word already has
        cut = word.index("-", 1) + 1
        if _width(word[:cut], size, bold) <= room and len(word) - cut >= 3:
            return word[:cut], word[cut:]
    if len(word) < 9 or not word.isalpha() or not word.islower():
        return None
    for cut in range(len(word) - 3, 3, -1):
        if _width(word[:cut] + "-", size, bold) <= room:
            return word[:cut] + "-", word[cut:]
    return None


def wrap_lines(line: str, width: float, size: float, bold: bool = False,
               hyphenate: bool = True) -> list[str]:
    """Greedy line breaking in Helvetica, with hyphenation of long lowercase words."""
    words = line.split()
    out: list[str] = []
    current = ""
    space = _width(" ", size, bold)
    while words:
        word = words.pop(0)
        candidate = f"{current} {word}" if current else word
        if _width(candidate, size, bold) <= width:
            current = candidate
            continue
        room = width - _width(current, size, bold) - (space if current else 0)
        split = _split_word(word, room, size, bold) if hyphenate else None
        if split:
            head, tail = split
            out.append(f"{current} {head}" if current else head)
            current = ""
            words.insert(0, tail)
        elif current:
            out.append(current)
            current = ""
            words.insert(0, word)
        else:  # a single word wider than the line
            out.append(word)
    if current:
        out.append(current)
    return out


def _line_ops(text: str, x: float, y: float, font: str, size: float, style: str,
              width: float, last: bool) -> bytes:
    """Content-stream operators that show one line of text at (x, y)."""
    bold = font == "F2"
    head = f"BT /{font} {size:g} Tf ".encode()
    if style == "lines":
        return head + f"{x:.2f} {y:.2f} Td ".encode() + _pdf_string(text) + b" Tj ET\n"
    words = text.split()
    if style == "words":  # every word placed on its own, as some printer drivers do
        ops = [head]
        cursor = x
        for word in words:
            ops.append(f"1 0 0 1 {cursor:.2f} {y:.2f} Tm ".encode() + _pdf_string(word) + b" Tj ")
            cursor += _width(word + " ", size, bold)
        ops.append(b"ET\n")
        return b"".join(ops)
    # "tj": justified with TJ kerning between words and no space glyphs, as TeX does
    natural = sum(_width(w, size, bold) for w in words)
    gaps = max(len(words) - 1, 1)
    gap = _width(" ", size, bold)
    if not last and len(words) > 1:
        gap = max(gap, (width - natural) / gaps)
    adjust = -gap * 1000 / size
    parts = [_pdf_string(words[0])]
    for word in words[1:]:
        parts.append(f"{adjust:.0f}".encode())
        parts.append(_pdf_string(word))
    return head + f"{x:.2f} {y:.2f} Td [".encode() + b" ".join(parts) + b"] TJ ET\n"


def _layout(text: str, width: float, size: float, hyphenate: bool,
            footnotes: bool) -> list[tuple[str, bool, str, bool]]:
    """(text, bold, superscript, ends paragraph) per printed line; blank lines stay blank."""
    printed: list[tuple[str, bool, str, bool]] = []
    for source in text.replace("\r\n", "\n").split("\n"):
        if not source.strip():
            printed.append(("", False, "", True))
            continue
        bold = HEADING.match(source) is not None
        note = ""
        if footnotes:
            m = re.search(r"\^(\d+)$", source)
            if m:
                source, note = source[: m.start()], m.group(1)
        wrapped = wrap_lines(source.strip(), width, size, bold, hyphenate)
        for k, piece in enumerate(wrapped):
            last = k == len(wrapped) - 1
            printed.append((piece, bold, note if last else "", last))
    return printed


def _paginate(printed: list[tuple[str, bool, str, bool]], per_page: int,
              min_pages: int) -> list[list[tuple[str, bool, str, bool]]]:
    pages: list[list[tuple[str, bool, str, bool]]] = []
    for start in range(0, len(printed), per_page):
        chunk = printed[start:start + per_page]
        while chunk and not chunk[0][0]:
            chunk = chunk[1:]
        if chunk:
            pages.append(chunk)
    while len(pages) < min_pages:
        pages.append([])
    return pages or [[]]


def _assemble(objects: list[bytes]) -> bytes:
    """A PDF file from numbered objects (1-based; object 1 is the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
              .encode())
    return out.getvalue()


def _stream(content: bytes, extra: str = "", compress: bool = True) -> bytes:
    if compress:
        content = zlib.compress(content)
        extra += " /Filter /FlateDecode"
    return f"<< /Length {len(content)}{extra} >>\nstream\n".encode() + content + b"\nendstream"


def _font(name: str, widths: list[int]) -> bytes:
    return (f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} /Encoding /WinAnsiEncoding "
            f"/FirstChar 32 /LastChar 255 /Widths [{' '.join(map(str, widths))}] >>").encode()


def make_pdf(text: str, *, header: str | None = "Draft convention on cybercrime",
             symbol: str | None = "A/AC.291/L.15", date: str | None = None,
             page_numbers: bool = True, style: str = "lines", size: float = 10,
             per_page: int = 48, hyphenate: bool = True, footnotes: bool = False,
             min_pages: int = 1, compress: bool = True) -> bytes:
    """A PDF of ``text`` typeset on A4 pages in Helvetica.

    Each source line is wrapped to the text width (long lowercase words and hyphenated
    compounds broken across line ends); heading lines are set in bold. Every page has
    a running ``header`` with the document ``symbol`` at the right, an optional
    ``date`` in the top margin and a page number at the foot. ``style`` picks how a
    line is drawn: ``"lines"`` (one string per line), ``"tj"`` (justified, words
    spaced by TJ kerning without space glyphs, as TeX output is) or ``"words"`` (each
    word placed on its own). With ``footnotes``, a trailing ``^N`` on a source line is
    set as a superscript footnote marker.
    """
    if style not in ("lines", "tj", "words"):
        raise ValueError(f"unknown style {style!r}")
    left, top, width, leading = 72.0, 770.0, 451.0, size * 1.4
    pages = _paginate(_layout(text, width, size, hyphenate, footnotes), per_page, min_pages)
    objects: list[bytes] = [b"", b"", _font("Helvetica", _widths(_HELVETICA)),
                            _font("Helvetica-Bold", _widths(_HELVETICA_BOLD))]
    kids = []
    for number, page in enumerate(pages, 1):
        ops = []
        if header:
            ops.append(_line_ops(header, left, 806, "F1", 8, "lines", width, True))
        if symbol:
            x = left + width - _width(symbol, 8)
            ops.append(_line_ops(symbol, x, 806, "F1", 8, "lines", width, True))
        if date:
            ops.append(_line_ops(date, left + width - _width(date, 8), 794, "F1", 8, "lines",
                                 width, True))
        y = top
        for line, bold, note, last in page:
            if line:
                font = "F2" if bold else "F1"
                ops.append(_line_ops(line, left, y, font, size, style, width, last))
                if note:
                    x = left + _width(line, size, bold) + 0.5
                    ops.append(f"BT /F1 {size * 0.6:g} Tf {size * 0.35:g} Ts {x:.2f} {y:.2f} Td "
                               .encode() + _pdf_string(note) + b" Tj 0 Ts ET\n")
            y -= leading
        if page_numbers:
            label = str(number)
            ops.append(_line_ops(label, left + (width - _width(label, 9)) / 2, 40, "F1", 9,
                                 "lines", width, True))
        content = len(objects) + 1
        objects.append(_stream(b"".join(ops), compress=compress))
        kids.append(len(objects) + 1)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                       f"/Contents {content} 0 R >>".encode())
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                  f"/Count {len(kids)} >>").encode()
    return _assemble(objects)


def make_scanned_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages hold only an image, as a scan without OCR does."""
    objects: list[bytes] = [b"", b""]
    pixels = bytes([200]) * (16 * 16)
    objects.append(_stream(pixels, " /Type /XObject /Subtype /Image /Width 16 /Height 16 "
                                   "/ColorSpace /DeviceGray /BitsPerComponent 8"))
    kids = []
    for _ in range(pages):
        content = len(objects) + 1
        objects.append(_stream(b"q 451 0 0 700 72 70 cm /Im1 Do Q\n"))
        kids.append(len(objects) + 1)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << /XObject << /Im1 3 0 R >> >> /Contents {content} 0 R >>"
                       .encode())
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                  f"/Count {len(kids)} >>").encode()
    return _assemble(objects)


def make_encrypted_pdf(text: str, password: str = "secret") -> bytes:
    """``make_pdf(text)`` protected by a user password (RC4, no extra library needed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(text))))
    writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _content_lines(text: str) -> list[str]:
    """The lines of a text draft that a Word or web version would hold as paragraphs.

    Page numbers and document symbols typed into a text file stand in for the page
    furniture of a printed draft; a Word file or web page has none in its body.
    """
    from cli.grammar import is_furniture

    return [line.strip() for line in text.replace("\r\n", "\n").split("\n")
            if line.replace("\f", "").strip() and not is_furniture(line)]


# --- Word -----------------------------------------------------------------------------

_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_AUTO_HEADING = re.compile(
    r"^(?P<kind>Article|Chapter|Section|Part)\s+(?P<num>\d{1,3}|[IVXL]{1,6})"
    r"(?P<punct>\s*[.:\-–—]*)(?:\s+(?P<title>\S.*))?$"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _roman_value(text: str) -> int:
    total = 0
    for k, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[text[k + 1]] if k + 1 < len(text) else 0
        total += -value if value < following else value
    return total


class _AutoNumbering:
    """Lists in numbering.xml that print "Article %1." and the like before a paragraph."""

    def __init__(self, document) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE

        self.root = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        self.lists: dict[tuple[str, str, str], tuple[int, int]] = {}  # -> (abstract, next)
        self.current: dict[tuple[str, str, str], int] = {}  # -> numId in use
        self.next_id = 900

    def _add(self, xml: str, before_num: bool) -> None:
        from docx.oxml import parse_xml

        element = parse_xml(xml)
        first_num = self.root.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        if before_num and first_num is not None:
            first_num.addprevious(element)
        else:
            self.root.append(element)

    def number(self, paragraph, kind: str, fmt: str, punct: str, value: int) -> None:
        """Number ``paragraph`` from the list of (kind, fmt, punct), restarting at ``value``."""
        from docx.oxml import parse_xml

        key = (kind, fmt, punct)
        if key not in self.lists:
            aid = self.next_id
            self.next_id += 1
            self._add(
                f'<w:abstractNum {_W_NS} w:abstractNumId="{aid}">'
                f'<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">'
                f'<w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{escape(kind)} %1{escape(punct)}"/><w:suff w:val="space"/>'
                f"</w:lvl></w:abstractNum>", before_num=True)
            self.lists[key] = (aid, 1)
        aid, expected = self.lists[key]
        if key not in self.current or value != expected:
            num_id = self.next_id
            self.next_id += 1
            override = ("" if key not in self.current and value == 1 else
                        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{value}"/>'
                        f"</w:lvlOverride>")
            self._add(f'<w:num {_W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>'
                      f"{override}</w:num>", before_num=False)
            self.current[key] = num_id
        self.lists[key] = (aid, value + 1)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {_W_NS}><w:ilvl w:val="0"/>'
                             f'<w:numId w:val="{self.current[key]}"/></w:numPr>'))


def make_docx(text: str, *, auto_number: bool = True, table: bool = True,
              header: str | None = "Working document - not for circulation") -> bytes:
    """A DOCX of ``text``: one paragraph per source line, headings in Word heading styles.

    With ``auto_number``, headings such as ``Article 7. Title`` and ``Chapter II - Title``
    get their ``Article 7.`` from Word's automatic numbering (numbering.xml) and hold only
    the title as text. With ``table``, the last provision is laid out in a table (its
    heading split over two cells). ``header`` goes in the page header, outside the body.
    """
    import docx

    document = docx.Document()
    numbering = _AutoNumbering(document) if auto_number else None
    if header:
        document.sections[0].header.paragraphs[0].text = header
    lines = _content_lines(text)
    last_heading = max((k for k, line in enumerate(lines) if line.startswith("Article ")),
                       default=None) if table else None
    body = lines if last_heading is None else lines[:last_heading]
    for line in body:
        m = _AUTO_HEADING.match(line.strip())
        if m is None:
            style = "Heading 1" if HEADING.match(line) else None
            document.add_paragraph(line.strip(), style=style)
            continue
        style = "Heading 2" if m["kind"] in ("Article", "Section") else "Heading 1"
        if numbering is None:
            document.add_paragraph(line.strip(), style=style)
            continue
        roman = not m["num"].isdigit()
        value = _roman_value(m["num"]) if roman else int(m["num"])
        paragraph = document.add_paragraph(m["title"] or "", style=style)
        numbering.number(paragraph, m["kind"], "upperRoman" if roman else "decimal",
                         m["punct"].rstrip(), value)
    if last_heading is not None:
        rows = lines[last_heading:]
        grid = document.add_table(rows=len(rows), cols=2)
        m = re.match(r"^(Article\s+\S+?\.?)\s+(\S.*)$", rows[0])
        first = (m.group(1), m.group(2)) if m else (rows[0], "")
        grid.cell(0, 0).text, grid.cell(0, 1).text = first
        for k, line in enumerate(rows[1:], 1):
            grid.cell(k, 0).merge(grid.cell(k, 1)).text = line
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_corrupt_docx() -> bytes:
    """The first half of a DOCX: a zip cut short, as an interrupted download leaves it."""
    whole = make_docx(SMALL_DRAFT)
    return whole[: len(whole) // 2]


# --- web pages and Markdown -------------------------------------------------------------


def make_html(text: str, *, title: str = "Draft law") -> str:
    """An HTML page of ``text`` with navigation, a script, a header and a footer around it."""
    body = []
    for line in _content_lines(text):
        tag = "h2" if HEADING.match(line) else "p"
        body.append(f"<{tag}>{escape(line.strip(), quote=False)}</{tag}>")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>body {{ font-family: serif; }}</style>"
        "<script>window.analytics = {page: 'draft'};</script></head>\n<body>\n"
        "<header><a href=\"/\">Parliament of Example</a>\n<nav><ul><li><a href=\"/bills\">"
        "Bills</a></li><li><a href=\"/acts\">Acts</a></li></ul></nav></header>\n"
        "<main>\n" + "\n".join(body) + "\n</main>\n"
        "<footer><p>Page last updated 12 May 2024 - Privacy - Contact</p></footer>\n"
        "<script>document.querySelectorAll('p').forEach(p => p.dataset.seen = 1);</script>\n"
        "</body></html>\n"
    )


def make_markdown(text: str) -> str:
    """A Markdown version of ``text``: ``##`` headings, ``**bold**`` provision headings."""
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if re.match(r"^(?:Chapter|CHAPTER|Part|PART)\s", stripped):
            out += [f"# {stripped}", ""]
        elif HEADING.match(stripped):
            m = re.match(r"^(Article\s+\S+?\.)\s+(\S.*)$", stripped)
            out += [f"## **{m.group(1)}** {m.group(2)}" if m else f"## {stripped}", ""]
        else:
            out.append(stripped.replace("*", r"\*"))
    return "\n".join(out) + "\n"


# --- sample drafts --------------------------------------------------------------------


def example_drafts() -> list[tuple[str, str]]:
    """(name, text) of each sample draft in data/examples/, or of SMALL_DRAFT if none."""
    found = sorted(EXAMPLES.glob("*.txt")) if EXAMPLES.is_dir() else []
    if not found:
        return [("small-draft", SMALL_DRAFT)]
    return [(path.stem, path.read_text(encoding="utf-8")) for path in found]
