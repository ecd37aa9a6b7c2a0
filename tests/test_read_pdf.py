"""PDF extraction: page furniture, hyphenation, wrapped lines, headings, bad files."""

from __future__ import annotations

import re

import pytest

from cli.errors import CyberscopeError, InputError
from cli.grammar import is_edge_furniture, is_heading
from cli.read import extract
from cli.read.layout import Line, Page, assemble
from tests.fixtures_docs import (
    SMALL_DRAFT,
    make_encrypted_pdf,
    make_pdf,
    make_scanned_pdf,
)

SOURCE_LINES = [line for line in SMALL_DRAFT.splitlines() if line.strip()]


def pdf_text(text: str = SMALL_DRAFT, **options) -> str:
    extracted = extract("pdf", make_pdf(text, **options))
    assert extracted.extractor == "pdf:pypdf"
    return extracted.text


@pytest.mark.parametrize("style", ["lines", "tj", "words"])
def test_reads_back_the_source_lines(style: str) -> None:
    """Wrapped lines are joined and every heading and paragraph has its own line."""
    text = pdf_text(style=style, per_page=12, date="12 May 2024")
    assert [line for line in text.splitlines() if line.strip()] == SOURCE_LINES


def test_several_pages_with_furniture_dropped() -> None:
    data = make_pdf(SMALL_DRAFT, per_page=10, header="Draft model law on computer misuse",
                    symbol="A/AC.291/L.15", date="12 May 2024")
    text = extract("pdf", data).text
    assert data.count(b"/Type /Page ") >= 4
    for furniture in ("Draft model law on computer misuse", "A/AC.291/L.15", "12 May 2024"):
        assert furniture not in text
    assert not re.search(r"^\s*\d+\s*$", text, re.MULTILINE)  # no page numbers


def test_hyphenated_words_are_joined() -> None:
    raw = make_pdf(SMALL_DRAFT, per_page=12)
    from io import BytesIO

    from pypdf import PdfReader

    printed = "\n".join(page.extract_text() for page in PdfReader(BytesIO(raw)).pages)
    broken = re.findall(r"([a-z]+)-\n([a-z]+)", printed)
    assert broken, "the fixture should break some words across line ends"
    text = extract("pdf", raw).text
    for head, tail in broken:
        word = head + tail
        if f"{head}-{tail}" not in SMALL_DRAFT:
            assert word in text
            assert f"{head}-{tail}" not in text


def test_footnote_markers_do_not_break_headings() -> None:
    source = SMALL_DRAFT.replace("Article 3. Unauthorised access",
                                 "Article 3. Unauthorised access^1")
    source = source.replace("Article 6\n", "Article 6^2\n")
    text = pdf_text(source, footnotes=True)
    lines = text.splitlines()
    assert "Article 3. Unauthorised access" in lines
    assert "Article 6" in lines
    assert "Article 62" not in text


def test_forty_pages() -> None:
    body = "\n\n".join(SMALL_DRAFT.replace("Article ", f"Article {k}0") for k in range(1, 10))
    data = make_pdf(body, per_page=12, min_pages=40)
    text = extract("pdf", data).text
    assert data.count(b"/Type /Page ") >= 40
    assert "A/AC.291/L.15" not in text
    assert "Draft convention on cybercrime" not in text


# --- layout rules on lines without geometry ---------------------------------------------


def joined(*pages: list[str]) -> list[str]:
    return [line for line in assemble([Page(tuple(Line(t) for t in p)) for p in pages])
            .splitlines() if line]


FULL = "x" * 80  # a full-width line, so that the next line continues its paragraph


def test_hyphen_kept_when_real() -> None:
    lines = joined([
        "Offences that are cyber-dependent differ from those that are merely enabled by " + "a",
        "computer system, and the interception by cyber-",
        "dependent means is one of them; likewise non-",
        "State actors and the e-",
        "mail of a person; inter-",
        "ception is an offence.",
    ])
    text = " ".join(lines)
    assert "cyber-dependent means" in text
    assert "non-State" in text
    assert "e-mail" in text
    assert "interception is" in text


def test_heading_and_numbered_paragraphs_keep_their_lines() -> None:
    lines = joined([
        "Article 7. Illegal access",
        "1. Each Party shall adopt such legislative and other measures as may be necessary to",
        "establish as criminal offences the access to a computer system without right.",
        "(a) by infringing security measures, as referred to in paragraph",
        "(2) of this article; or",
        "(b) with dishonest intent.",
        "Article 8",
        "Illegal interception",
        "Each Party shall adopt such measures as may be necessary to establish as criminal",
        "offences the interception of non-public transmissions of data.",
        "Chapter II",
        "PART 2",
        "§ 5 Fraud",
    ])
    assert lines == [
        "Article 7. Illegal access",
        "1. Each Party shall adopt such legislative and other measures as may be necessary to "
        "establish as criminal offences the access to a computer system without right.",
        "(a) by infringing security measures, as referred to in paragraph (2) of this article; or",
        "(b) with dishonest intent.",
        "Article 8",
        "Illegal interception",
        "Each Party shall adopt such measures as may be necessary to establish as criminal "
        "offences the interception of non-public transmissions of data.",
        "Chapter II",
        "PART 2",
        "§ 5 Fraud",
    ]


def test_cross_reference_at_line_start_is_not_a_heading() -> None:
    lines = joined([
        "A person who commits an offence under the provisions set out in this Convention, in",
        "Article 7 of this Convention or in the Protocol, shall be liable to a penalty.",
    ])
    assert len(lines) == 1


def test_running_header_without_geometry() -> None:
    pages = [[f"Cybercrime Bill {k}", f"Section {k}. Title {k}", "Body text of the section."]
             for k in range(1, 5)]
    pages = [["Cybercrime (Amendment) Bill", *page[1:], f"Page {k} of 4"]
             for k, page in enumerate(pages, 1)]
    lines = joined(*pages)
    assert "Cybercrime (Amendment) Bill" not in lines
    assert not any(line.startswith("Page ") for line in lines)
    assert [line for line in lines if line.startswith("Section")] == [
        f"Section {k}. Title {k}" for k in range(1, 5)]


def test_headings_at_page_tops_are_not_furniture() -> None:
    pages = [[f"Article {k}", "Title of the article", f"Body of article {k}, which is long."]
             for k in range(1, 6)]
    lines = joined(*pages)
    assert [line for line in lines if line.startswith("Article")] == [
        f"Article {k}" for k in range(1, 6)]


@pytest.mark.parametrize("text", ["A/AC.291/L.15", "Page 3 of 40", "- 7 -", "12 May 2024",
                                  "V.24-01234 (E)", "Distr.: General", "3/40",
                                  "A/AC.291/L.15 12 May 2024"])
def test_furniture_patterns(text: str) -> None:
    assert is_edge_furniture(text)


@pytest.mark.parametrize("text", ["Article 7", "3. Unauthorised access", "GENERAL",
                                  "Chapter II", "Each Party shall"])
def test_not_furniture(text: str) -> None:
    assert not is_edge_furniture(text)


@pytest.mark.parametrize("text", ["Article 7. Illegal access", "Article 7", "Section 3",
                                  "3. Unauthorised access to computer material", "Chapter II",
                                  "PART 2", "§ 5", "Article 7 bis", "Article 12. Fraud2"])
def test_headings(text: str) -> None:
    assert is_heading(text)


@pytest.mark.parametrize("text", ["Article 7 of this Convention", "Articles 2 to 5",
                                  "Section 3, paragraph 2", "Particular care"])
def test_not_headings(text: str) -> None:
    assert not is_heading(text)


# --- bad files --------------------------------------------------------------------------


def assert_one_clear_sentence(error: InputError) -> None:
    message = str(error)
    assert isinstance(error, CyberscopeError)
    assert "\n" not in message
    assert 20 < len(message) < 200
    assert "Traceback" not in message


def test_scanned_pdf() -> None:
    with pytest.raises(InputError, match="no text layer") as info:
        extract("pdf", make_scanned_pdf())
    assert_one_clear_sentence(info.value)


def test_encrypted_pdf() -> None:
    with pytest.raises(InputError, match="password-protected") as info:
        extract("pdf", make_encrypted_pdf(SMALL_DRAFT))
    assert_one_clear_sentence(info.value)


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n" + b"\x00garbage" * 50,
    make_pdf(SMALL_DRAFT)[:300],
    b"%PDF-1.7\n%%EOF\n",
], ids=["garbage", "truncated", "empty"])
def test_corrupt_pdf(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        extract("pdf", data)
    assert_one_clear_sentence(info.value)


def test_owner_password_only_is_readable() -> None:
    """A PDF restricted by an owner password opens without one, as in any viewer."""
    data = make_encrypted_pdf(SMALL_DRAFT, password="")
    assert "Article 3. Unauthorised access" in extract("pdf", data).text


def test_damaged_cross_reference_is_recovered_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    data = re.sub(rb"startxref\n\d+", b"startxref\n999999", make_pdf(SMALL_DRAFT))
    assert "Article 8. Mutual assistance" in extract("pdf", data).text
    assert capfd.readouterr().err == ""


def test_footnotes_at_the_page_foot_are_dropped() -> None:
    body = [Line(f"Body line {k} of the article, long enough to fill most of the measure.",
                 y=700 - 14 * k, size=10) for k in range(5)]
    notes = [Line("1 See the explanatory report, paragraph 12.", y=90, size=8),
             Line("2 As amended in 2024.", y=80, size=8)]
    page = Page((Line("Article 9. Scope", y=720, size=10), *body, *notes,
                 Line("3", y=40, size=9)), bottom=0, top=842)
    text = assemble([page])
    assert "explanatory report" not in text
    assert "amended" not in text
    assert text.startswith("Article 9. Scope\n")


def test_headings_the_segmenter_knows_keep_their_line_in_pdfs() -> None:
    """Regression: the PDF line joiner once kept heading patterns of its own, without the
    suffix "novies" or the division "Subchapter", so those headings ran into the
    paragraph before them; it now asks the grammar the segmenter uses."""
    body = ("The Parties shall adopt the measures needed to make this conduct an offence "
            "under their domestic law, when it is committed intentionally.")
    lines = joined([body, "Article 5 novies", "Attacks on information systems", body,
                    "Subchapter 2", "Procedural provisions", body])
    assert "Article 5 novies" in lines
    assert "Subchapter 2" in lines
    from cli.segment import segment

    refs = [p.ref for p in segment("\n".join(lines) + "\n").provisions]
    assert "Article 5 novies" in refs
