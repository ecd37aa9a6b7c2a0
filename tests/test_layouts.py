"""End to end on the layout drafts: every format gives exactly the expected provisions.

The drafts and their expectations are in ``tests/fixtures/layouts/`` (see
``tests/fixtures_layouts.py``); each is read as the tool reads it (text, or PDF, DOCX,
HTML and Markdown versions built at test time) and segmented.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.grammar import clean_text
from cli.read import extract
from cli.segment import segment
from tests.fixtures_docs import make_pdf
from tests.fixtures_layouts import Case, cases, versions

CASES = cases()
PAIRS = [(case, version) for case in CASES for version in case.expected["formats"]]


@cache
def read(name: str, version: str) -> str:
    case = next(c for c in CASES if c.name == name)
    fmt, data = versions(case)[version]
    return data.decode("utf-8") if fmt == "text" else extract(fmt, data).text


@pytest.mark.parametrize(("case", "version"), PAIRS,
                         ids=[f"{c.name}-{v}" for c, v in PAIRS])
def test_expected_provisions(case: Case, version: str) -> None:
    seg = segment(read(case.name, version))
    got = [(p.ref, p.title, p.chapter) for p in seg.provisions]
    assert got == [(e["ref"], e["title"], e["chapter"]) for e in case.expected["provisions"]]
    assert [w.code for w in seg.warnings] == case.expected["warnings"]


@pytest.mark.parametrize("case", [c for c in CASES if c.source.suffix == ".txt"],
                         ids=lambda c: c.name)
def test_text_lines_point_at_the_source(case: Case) -> None:
    text = case.source.read_text(encoding="utf-8")
    source = [clean_text(line) for line in text.split("\n")]
    for p in segment(text).provisions:
        first, last = p.text.split("\n")[0], p.text.split("\n")[-1]
        assert first[:20] in source[p.start_line - 1]  # a glued heading shares its line
        assert last[-10:] in source[p.end_line - 1]


def test_web_page_keeps_the_law_and_drops_the_site() -> None:
    case = next(c for c in CASES if c.name == "legislation-web-page")
    text = read(case.name, "html")
    for words in case.expected["must_not_contain"]:
        assert words not in text
    assert "A person who knowingly obtains access" in text


def test_warnings() -> None:
    text = ("Article 1. Scope\nThis applies.\n\nArticle 2. Access\nNo access.\n\n"
            "Article 2. Access again\nStill no access.\n\nArticle 5. Fraud\nNo fraud.\n")
    codes = [(w.code, w.ref) for w in segment(text).warnings]
    assert codes == [("duplicate-ref", "Article 2"), ("numbering-gap", "Article 5")]


def test_contents_entry_not_found_and_heading_inside_a_section() -> None:
    text = ("ARRANGEMENT OF SECTIONS\n1. Short title\n2. Offences\n3. Penalties\n"
            "4. Regulations\n\nBE IT ENACTED as follows:\n\n"
            "1. Short title\nThis Act is the Example Act.\n\n"
            "2. Offences\nA person who enters a computer without leave commits an offence.\n\n"
            "3. Penalties\nThe penalty is a fine.\n\n1. Regulations\nThe Minister may make "
            "regulations.\n")
    warnings = segment(text).warnings
    assert [(w.code, w.ref) for w in warnings] == [
        ("contents-missing", ""), ("heading-in-text", "Section 3")]
    assert "Section 4" in warnings[0].text


def test_long_provision_warning() -> None:
    body = "A person who enters a computer without leave commits an offence.\n"
    text = "".join(f"Article {n}. Title\n{body}\n" for n in range(1, 7))
    text += "Article 7. Swallowing\n" + body * 80
    assert [(w.code, w.ref) for w in segment(text).warnings] == [
        ("long-provision", "Article 7")]


def test_pdf_provisions_cite_their_pages(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "commonwealth-arrangement")
    pdf = tmp_path / "bill.pdf"
    pdf.write_bytes(make_pdf(case.source.read_text(encoding="utf-8"), per_page=20))
    result = CliRunner().invoke(app, [str(pdf), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    pages = [tuple(p["page"]) for p in doc["provisions"]]
    assert pages[0][0] == 1 and pages[-1][1] >= 3  # the bill fills several pages
    assert all(a <= b for a, b in pages)
    assert [a for a, _ in pages] == sorted(a for a, _ in pages)
    section_3 = next(p for p in doc["provisions"] if p["ref"] == "Section 3")
    assert section_3["page"][0] > 1  # after the contents list
    table = CliRunner().invoke(app, [str(pdf)], env={"COLUMNS": "120"})
    assert "Pages" in table.stdout and "Lines" not in table.stdout


def test_warnings_in_json_and_on_stderr(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 1. Scope\nThis Law applies to computer systems.\n\n"
                     "Article 2. Access\nAccess to a computer system without right is an "
                     "offence.\n\nArticle 4. Fraud\nFraud by means of a computer system is an "
                     "offence.\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(draft), "--format", "json"])
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["warnings"] == [{"code": "numbering-gap", "ref": "Article 4",
                                "text": "numbering jumps from Article 2 to Article 4: 3 not "
                                        "found"}]
    table = CliRunner().invoke(app, [str(draft)])
    assert "numbering jumps from Article 2 to Article 4" in table.stderr
    assert "[numbering-gap]" in table.stderr


def test_web_page_provisions_cite_their_elements(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "legislation-web-page")
    result = CliRunner().invoke(app, [str(case.source), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert [p["element"] for p in doc["provisions"]] == [
        e["element"] for e in case.expected["provisions"]]


def test_word_provisions_cite_their_paragraphs(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == "us-bill")
    _, data = versions(case)["docx"]
    path = tmp_path / "bill.docx"
    path.write_bytes(data)
    result = CliRunner().invoke(app, [str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    provisions = json.loads(result.stdout)["documents"][0]["provisions"]
    numbers = [p["paragraph"] for p in provisions]
    assert numbers[0] == 1 and numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    # the builder writes one paragraph per non-blank line of the text
    lines = [line.strip() for line in case.source.read_text(encoding="utf-8").split("\n")
             if line.strip()]
    for p in provisions[1:]:
        assert lines[p["paragraph"] - 1].startswith("SEC")


def test_warnings_are_capped() -> None:
    text = "".join(f"{k}. Alpha\n" for k in range(1, 51)) + "1. Alpha\n" * 50
    warnings = segment(text).warnings
    assert len(warnings) == 11
    assert warnings[-1].text == "... and 40 more like this"


@pytest.mark.parametrize(("line", "title"), [
    ("Article 43. Second Protocol — Closer cooperation", "Second Protocol — Closer cooperation"),
    ("12. Theft of data.—Whoever copies data without leave commits an offence.",
     "Theft of data"),
])
def test_title_ended_by_a_dash_only_when_the_dash_touches_it(line: str, title: str) -> None:
    text = f"{line}\nThe body of the provision says something about computer data.\n"
    assert segment(text).provisions[0].title == title


def test_web_page_of_unclosed_paragraphs() -> None:
    from cli.read.html import html_to_lines

    paragraphs = "".join(f"<p>Section {k}. Title {k}<p>A person who alters data held on a "
                         f"computer commits offence {k}." for k in range(1, 90))
    markup = (f"<html><body><div class='top'><a href='/'>Home</a> <a href='/acts'>Acts</a>"
              f"</div><div id='law'>{paragraphs}</div><div>Contact us</div></body></html>")
    lines, anchors = html_to_lines(markup)
    assert "Contact us" not in lines and "Home Acts" not in lines
    assert (lines[0], anchors[0]) == ("Section 1. Title 1", "law/p[1]")
    assert anchors[lines.index("Section 89. Title 89")] == "law/p[177]"
