"""Web page extraction: page chrome dropped, blocks on their own lines, encodings."""

from __future__ import annotations

import pytest

from cli.read import extract
from cli.read.html import html_to_text
from tests.fixtures_docs import SMALL_DRAFT, make_html


def lines_of(markup: str | bytes) -> list[str]:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    extracted = extract("html", data)
    assert extracted.extractor == "html:stdlib"
    return [line for line in extracted.text.splitlines() if line.strip()]


def test_page_chrome_is_dropped() -> None:
    text = extract("html", make_html(SMALL_DRAFT, title="Bill page").encode()).text
    for chrome in ("Bill page", "Parliament of Example", "Bills", "analytics",
                   "querySelectorAll", "Privacy", "font-family"):
        assert chrome not in text


def test_headings_and_paragraphs_on_their_own_lines() -> None:
    source = [line for line in SMALL_DRAFT.splitlines() if line.strip()]
    assert lines_of(make_html(SMALL_DRAFT)) == source


def test_blocks_lists_tables_and_breaks() -> None:
    markup = """<html><body><article><header><h2>Article <b>7</b>. Illegal
      access</h2></header><div>1. Each Party shall&nbsp;act:<ul>
      <li>(a) intentionally;</li><li>(b) without right.</li></ul></div>
      <table><tr><th>Article 8.</th><td>Fraud</td></tr></table>
      <p>Line one<br>line two</p><pre>keep
  this</pre></article></body></html>"""
    assert lines_of(markup) == [
        "Article 7. Illegal access", "1. Each Party shall act:", "(a) intentionally;",
        "(b) without right.", "Article 8. Fraud", "Line one", "line two", "keep", "this"]


def test_footnote_markers_and_hidden_elements() -> None:
    markup = ("<h2>Article 3<sup><a href='#fn1'>1</a></sup></h2><p>The 1<sup>st</sup> reading."
              "</p><p hidden>secret</p><div style='display: none'>gone</div>"
              "<div role='navigation'>menu</div><p aria-hidden='true'>icon</p>")
    assert html_to_text(markup).split("\n\n") == ["Article 3", "The 1st reading."]


@pytest.mark.parametrize(("data", "expected"), [
    ('<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 \u2013 ok</p>'
     .encode("cp1252"), "Café – ok"),
    ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
     '<body><p>\u2019quoted\u2019</p>'.encode("cp1252"), "’quoted’"),
    ("<html><body><p>Caf\xe9</p>".encode(), "Café"),
    (b"\xef\xbb\xbf<html><body><p>BOM</p>", "BOM"),
    ("<html><body><p>Caf\xe9 \u201cq\u201d</p>".encode("cp1252"), "Café “q”"),  # no meta
], ids=["meta-charset", "http-equiv-latin1", "utf-8", "bom", "cp1252-fallback"])
def test_encodings(data: bytes, expected: str) -> None:
    assert lines_of(data) == [expected]


def test_page_without_text() -> None:
    assert extract("html", b"<html><body><script>x()</script></body></html>").text == ""
