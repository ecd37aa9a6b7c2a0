"""Markdown extraction: headings and emphasis unwrapped, markup removed, lines kept."""

from __future__ import annotations

from cli.read import extract
from cli.read.markdown import markdown_to_text
from cli.segment import segment
from tests.fixtures_docs import SMALL_DRAFT, make_markdown


def test_headings_lose_their_markers() -> None:
    text = markdown_to_text(
        "# Draft law\n\n## Article 7\n\n## **Article 8.** Illegal access ##\n\n"
        "### __Section 3__\n\nChapter II\n==========\n\n#### *§ 5* Fraud\n")
    assert [line for line in text.splitlines() if line] == [
        "Draft law", "Article 7", "Article 8. Illegal access", "Section 3", "Chapter II",
        "§ 5 Fraud"]


def test_inline_markup_is_removed() -> None:
    text = markdown_to_text(
        "A person who *intentionally* and __without right__ accesses a [computer system]"
        "(https://example.org/def) or `data`~~,~~ with ![no](img.png) intent\\* in a "
        "snake_case_name.[^1]<br>\n\n[^1]: A footnote.\n[ref]: https://example.org\n")
    assert text == ("A person who intentionally and without right accesses a computer system "
                    "or data, with no intent* in a snake_case_name.")


def test_blocks() -> None:
    text = markdown_to_text(
        "---\ntitle: Draft\n---\n> 1. Each Party shall act:\n- (a) first;\n* (b) second.\n\n"
        "| Article | Title |\n|---|:---:|\n| 9. | Forgery |\n\n```\nArticle 99. Not a fence\n```\n"
        "<!-- a comment\nover lines -->\n***\nEnd.\n")
    assert [line for line in text.splitlines() if line] == [
        "1. Each Party shall act:", "(a) first;", "(b) second.", "Article Title",
        "9. Forgery", "Article 99. Not a fence", "End."]


def test_same_provisions_as_the_text() -> None:
    extracted = extract("markdown", make_markdown(SMALL_DRAFT).encode("utf-8"))
    assert extracted.extractor == "markdown"

    def outline(text: str) -> list[tuple[str, str]]:
        return [(p.ref, p.title) for p in segment(text).provisions]

    assert outline(extracted.text) == outline(SMALL_DRAFT)


def test_windows_1252_markdown() -> None:
    data = "## Article 1\n\nCaf\xe9 \u2013 \u201cquoted\u201d\n".encode("cp1252")
    assert extract("markdown", data).text == "Article 1\n\nCafé – “quoted”\n"


def test_line_numbers_are_those_of_the_source() -> None:
    source = ("---\ntitle: Draft\n---\n# Draft law\n\nIntro\n=====\n\n```\ncode\n```\n"
              "[ref]: https://example.org\n## Article 1\nBody *one*.\n\n<!-- note\n-->\n"
              "## Article 2\nBody two.\n")
    text = markdown_to_text(source)
    assert len(text.split("\n")) == len(source.rstrip().split("\n"))
    found = [(p.ref, p.start_line, p.end_line) for p in segment(text).provisions]
    assert found == [("Preamble", 4, 10), ("Article 1", 13, 14), ("Article 2", 18, 19)]


def test_emphasis_pairs() -> None:
    assert markdown_to_text("***both*** and **bold *in* it** and a * lone star") == (
        "both and bold in it and a * lone star")
    assert markdown_to_text("a ``code ` tick`` b") == "a code ` tick b"
