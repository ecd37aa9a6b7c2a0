"""Word extraction: automatic numbering, tables, body order, tracked changes, bad files."""

from __future__ import annotations

import io
import zipfile

import pytest

from cli.errors import InputError
from cli.read import extract
from cli.read.docx import format_number
from cli.segment import segment
from tests.fixtures_docs import SMALL_DRAFT, make_corrupt_docx, make_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def lines_of(data: bytes) -> list[str]:
    extracted = extract("docx", data)
    assert extracted.extractor == "docx:python-docx"
    return [line for line in extracted.text.splitlines() if line.strip()]


def test_automatic_numbering_is_read() -> None:
    """python-docx's paragraph.text drops "Article 3."; the extractor keeps it."""
    import docx

    data = make_docx(SMALL_DRAFT)
    plain = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Unauthorised access" in plain  # the number is not in the paragraph's text
    lines = lines_of(data)
    assert "Article 3. Unauthorised access" in lines
    assert "Chapter II - Offences" in lines  # upperRoman numbering
    assert "Article 6" in lines  # a number with no text after it


def test_same_lines_as_the_text() -> None:
    source = [line for line in SMALL_DRAFT.splitlines() if line.strip()]
    assert lines_of(make_docx(SMALL_DRAFT)) == source
    assert lines_of(make_docx(SMALL_DRAFT, auto_number=False, table=False)) == source


def test_table_text_in_body_order() -> None:
    lines = lines_of(make_docx(SMALL_DRAFT, table=True))
    assert lines[-2:] == [
        "Article 8. Mutual assistance",
        "The central authority shall afford other States the widest measure of mutual "
        "assistance for the purpose of investigations concerning offences established under "
        "this Law.",
    ]
    refs = [p.ref for p in segment("\n".join(lines)).provisions]
    assert refs[-1] == "Article 8"


def test_page_header_is_not_read() -> None:
    text = extract("docx", make_docx(SMALL_DRAFT, header="Restricted - draft 3")).text
    assert "Restricted" not in text


def docx_with_body(body_xml: str, numbering_xml: str = "", styles_xml: str = "") -> bytes:
    """A DOCX whose body, numbering definitions and extra styles are the given XML."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    section = body[0] if len(body) else None
    for element in parse_xml(f"<w:body {W_NS}>{body_xml}</w:body>"):
        if section is not None:
            section.addprevious(element)
        else:
            body.append(element)
    numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
    for element in parse_xml(f"<w:numbering {W_NS}>{numbering_xml}</w:numbering>"):
        if element.tag.endswith("abstractNum"):
            first_num = numbering.find(element.tag.replace("abstractNum", "num"))
            if first_num is not None:
                first_num.addprevious(element)
                continue
        numbering.append(element)
    for element in parse_xml(f"<w:styles {W_NS}>{styles_xml}</w:styles>"):
        document.styles.element.append(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def para(text: str, num_id: int | None = None, ilvl: int = 0, style: str | None = None) -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num_id is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    runs = f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>" if text else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


MULTILEVEL = """
<w:abstractNum w:abstractNumId="70">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>
    <w:lvlText w:val="CHAPTER %1"/><w:suff w:val="nothing"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="Article %2."/><w:lvlRestart w:val="0"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
    <w:lvlText w:val="(%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="bullet"/>
    <w:lvlText w:val="\u2022"/></w:lvl>
</w:abstractNum>
<w:num w:numId="70"><w:abstractNumId w:val="70"/></w:num>
<w:num w:numId="71"><w:abstractNumId w:val="70"/>
  <w:lvlOverride w:ilvl="1"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
"""


def test_multilevel_numbering_with_restarts_and_bullets() -> None:
    body = "".join([
        para("", 70, 0), para("Illegal access", 70, 1), para("first item", 70, 2),
        para("second item", 70, 2), para("a bullet", 70, 3),
        para("Data interference", 70, 1), para("first item again", 70, 2),
        para("", 70, 0), para("Fraud", 70, 1),  # articles run on across chapters
        para("Not numbered", 0, 1),  # numId 0 switches numbering off
        para("Restarted list", 71, 1),
    ])
    assert lines_of(docx_with_body(body, MULTILEVEL)) == [
        "CHAPTER I", "Article 1. Illegal access", "(a) first item", "(b) second item",
        "a bullet", "Article 2. Data interference", "(a) first item again",
        "CHAPTER II", "Article 3. Fraud", "Not numbered", "Article 10. Restarted list",
    ]


def test_numbering_from_a_heading_style() -> None:
    numbering = """
    <w:abstractNum w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="5"/>
      <w:numFmt w:val="decimal"/><w:pStyle w:val="ArticleHeading"/>
      <w:lvlText w:val="Article %1 -"/></w:lvl></w:abstractNum>
    <w:num w:numId="80"><w:abstractNumId w:val="80"/></w:num>
    """
    styles = """
    <w:style w:type="paragraph" w:styleId="ArticleHeading"><w:name w:val="Article Heading"/>
      <w:basedOn w:val="Heading2"/><w:pPr><w:numPr><w:numId w:val="80"/></w:numPr></w:pPr>
    </w:style>
    """
    body = para("Scope", style="ArticleHeading") + para("Body text.") + para(
        "Jurisdiction", style="ArticleHeading")
    assert lines_of(docx_with_body(body, numbering, styles)) == [
        "Article 5 - Scope", "Body text.", "Article 6 - Jurisdiction"]


def test_tracked_changes_hidden_text_and_breaks() -> None:
    body = (
        "<w:p><w:r><w:t>Article 4</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>Title</w:t></w:r></w:p>"
        "<w:p><w:r><w:t xml:space=\"preserve\">A person who </w:t></w:r>"
        "<w:ins w:id=\"1\" w:author=\"x\"><w:r><w:t xml:space=\"preserve\">knowingly </w:t></w:r>"
        "</w:ins><w:del w:id=\"2\" w:author=\"x\"><w:r><w:delText>recklessly </w:delText></w:r>"
        "</w:del><w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>"
        "<w:hyperlink><w:r><w:t>accesses</w:t></w:r></w:hyperlink>"
        "<w:r><w:tab/><w:t>a system.</w:t></w:r></w:p>"
        "<w:sdt><w:sdtContent>" + para("Inside a content control.") + "</w:sdtContent></w:sdt>"
    )
    assert lines_of(docx_with_body(body)) == [
        "Article 4", "Title", "A person who knowingly accesses a system.",
        "Inside a content control."]


def test_table_rows_and_nested_cells() -> None:
    body = (
        para("Before.")
        + "<w:tbl><w:tr><w:tc>" + para("Article 9.") + "</w:tc><w:tc>" + para("Forgery")
        + "</w:tc></w:tr><w:tr><w:tc>" + para("(1) First.") + para("(2) Second.")
        + "</w:tc></w:tr></w:tbl>"
        + para("After.")
    )
    assert lines_of(docx_with_body(body)) == [
        "Before.", "Article 9. Forgery", "(1) First.", "(2) Second.", "After."]


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (4, "upperRoman", "IV"), (1994, "upperRoman", "MCMXCIV"), (9, "lowerRoman", "ix"),
    (1, "upperLetter", "A"), (27, "lowerLetter", "aa"), (3, "decimalZero", "03"),
    (22, "ordinal", "22nd"), (13, "ordinal", "13th"), (3, "ordinalText", "Third"),
    (7, "decimal", "7"), (7, "chineseCounting", "7"),
])
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_corrupt_docx() -> None:
    with pytest.raises(InputError, match="Word file is damaged"):
        extract("docx", make_corrupt_docx())


def test_zip_that_is_not_a_word_file() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    with pytest.raises(InputError, match=r"not a \.docx document"):
        extract("docx", out.getvalue())


def test_password_protected_or_legacy_doc() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    with pytest.raises(InputError, match=r"password-protected or in the old \.doc format"):
        extract("docx", ole)
