"""Segmenter: headings, divisions, furniture, fallback, and no text lost or duplicated."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli.grammar import is_furniture
from cli.segment import segment


def refs(text: str) -> list[str]:
    return [p.ref for p in segment(text).provisions]


@pytest.mark.parametrize(("line", "ref", "title"), [
    ("Article 7", "Article 7", ""),
    ("Article 7.", "Article 7", ""),
    ("Article 7 - Illegal access", "Article 7", "Illegal access"),
    ("Article 7: Illegal access", "Article 7", "Illegal access"),
    ("Article 7. Illegal access", "Article 7", "Illegal access"),
    ("ARTICLE 7", "Article 7", ""),
    ("Art. 7", "Article 7", ""),
    ("Article 7 bis", "Article 7 bis", ""),
    ("Article 7 bis. Botnets", "Article 7 bis", "Botnets"),
    ("Article VII", "Article VII", ""),
    ("Art. 323-1", "Article 323-1", ""),
    ("Section 3", "Section 3", ""),
    ("SECTION 3.", "Section 3", ""),
    ("Sec. 3", "Section 3", ""),
    ("Sec. 3 - Unauthorised access", "Section 3", "Unauthorised access"),
    ("§ 3", "§ 3", ""),
    ("§ 202c Preparing the interception of data", "§ 202c", "Preparing the interception of data"),
    ("Clause 4", "Clause 4", ""),
    ("Rule 4", "Rule 4", ""),
    ("## Article 7. Illegal access", "Article 7", "Illegal access"),
    ("Article (2)", "Article 2", ""),
    ("Article (12) - Illegal access", "Article 12", "Illegal access"),
    ("Article Three (bis)", "Article Three bis", ""),
    ("Article Twenty-One: Botnets", "Article Twenty-One", "Botnets"),
])
def test_heading_forms(line: str, ref: str, title: str) -> None:
    text = f"{line}\nThe body of the provision says something about computer data.\n"
    provisions = segment(text).provisions
    assert [p.ref for p in provisions] == [ref]
    assert provisions[0].title == title


def test_title_on_next_line() -> None:
    text = "Article 1\nSubject matter\nThis Directive lays down minimum rules.\n"
    (p,) = segment(text).provisions
    assert (p.ref, p.title, p.start_line, p.end_line) == ("Article 1", "Subject matter", 1, 3)


def test_statute_style_sections() -> None:
    text = (
        "1. Unauthorised access to computer material\n"
        "(1) A person is guilty of an offence if he causes a computer to perform a function.\n"
        "(2) The intent need not be directed at any particular program.\n"
        "2.—(1) A person is guilty of an offence under this section if he commits an offence\n"
        "under section 1 with intent to commit a further offence.\n"
        "3. Interpretation\n"
        "In this Act—\n"
        "1. this line is a numbered item inside a section, not a heading;\n"
    )
    provisions = segment(text).provisions
    assert [p.ref for p in provisions] == ["Section 1", "Section 2", "Section 3"]
    assert [p.title for p in provisions] == ["Unauthorised access to computer material", "",
                                             "Interpretation"]


def test_marginal_note_above_statute_section() -> None:
    text = ("1.—(1) A person commits an offence if he accesses a computer.\n"
            "(2) A person guilty of it is liable to a fine.\n"
            "Extradition\n"
            "2.—(1) An offence under section 1 is an extraditable offence.\n")
    provisions = segment(text).provisions
    assert [(p.ref, p.title, p.start_line) for p in provisions] == [
        ("Section 1", "", 1), ("Section 2", "Extradition", 3)]


def test_untitled_commonwealth_sections_after_arrangement() -> None:
    text = ("ARRANGEMENT OF SECTIONS\n1. Short title\n2. Interpretation\n3. Unauthorised access\n"
            "1. This Act may be cited as the Computer Misuse Act.\n"
            "2. (1) In this Act, computer means an electronic device.\n"
            "(2) Terms not defined have their ordinary meaning.\n"
            "3. (1) A person who accesses a computer without authority commits an offence.\n"
            "(2) A person guilty of it is liable to a fine.\n")
    provisions = segment(text).provisions
    assert [p.ref for p in provisions][-2:] == ["Section 2", "Section 3"]
    assert provisions[-1].text.startswith("3. (1) A person who accesses")


def test_arrangement_of_sections_is_preamble() -> None:
    text = ("THE COMPUTER MISUSE BILL\nARRANGEMENT OF SECTIONS\nPART I — PRELIMINARY\n"
            "1. Short title\n2. Interpretation\n3. Unauthorised access\n"
            "PART I — PRELIMINARY\n"
            "1. Short title\nThis Act may be cited as the Computer Misuse Act.\n"
            "2. Interpretation\nIn this Act, computer means an electronic device.\n"
            "3. Unauthorised access\nA person who accesses a computer without authority "
            "commits an offence.\n")
    provisions = segment(text).provisions
    assert [p.ref for p in provisions] == ["Preamble", "Section 1", "Section 2", "Section 3"]
    assert provisions[0].text.endswith("3. Unauthorised access")
    assert provisions[1].chapter == "PART I - PRELIMINARY"


def test_table_of_contents_of_articles() -> None:
    text = ("Contents\nArticle 1. Purpose\nArticle 2. Definitions\nArticle 3. Illegal access\n\n"
            "Article 1. Purpose\nThe purpose is stated.\n"
            "Article 2. Definitions\nTerms are defined.\n"
            "Article 3. Illegal access\nAccess without right is an offence.\n")
    assert refs(text) == ["Preamble", "Article 1", "Article 2", "Article 3"]


def test_short_line_ending_open_is_a_cross_reference() -> None:
    text = ("Article 5. Penalties\nThe penalties are set out in\nArticle 4.\n"
            "Article 6. Scope\nThis applies.\n")
    assert refs(text) == ["Article 5", "Article 6"]


def test_protocol_restarting_numbering_is_not_a_table_of_contents() -> None:
    text = "".join(f"Article {n}. Title {n}\nBody of the convention article {n}.\n"
                   for n in range(1, 5))
    text += "PROTOCOL\n" + "".join(f"Article {n}. Protocol {n}\nBody of protocol article {n}.\n"
                                    for n in range(1, 4))
    assert refs(text) == [f"Article {n}" for n in (1, 2, 3, 4, 1, 2, 3)]


def test_bold_markdown_headings() -> None:
    text = "**Article 1. Definitions**\nTerms.\n**Article 2. Illegal access**\nAccess.\n"
    assert refs(text) == ["Article 1", "Article 2"]


def test_numbered_paragraphs_and_cross_references_do_not_start_provisions() -> None:
    text = (
        "Article 6. Illegal access\n"
        "1. Each State Party shall adopt such measures as may be necessary in accordance with\n"
        "article 7 of this Convention and with its domestic law.\n"
        "(a) Item one;\n"
        "i) item two.\n"
        "Article 8 of this Convention shall apply mutatis mutandis.\n"
        "2. A State Party may require a dishonest intent.\n"
        "Article 7. Illegal interception\n"
        "Each State Party shall adopt measures.\n"
    )
    assert refs(text) == ["Article 6", "Article 7"]


def test_divisions_are_context_not_provisions() -> None:
    text = (
        "Chapter II\nCriminalization\n\n"
        "Section 1. Offences against computer systems\n\n"
        "Article 6. Illegal access\nEach State Party shall act.\n\n"
        "PART 3 — PROCEDURE\n"
        "Article 7. Preservation\nEach State Party shall act.\n"
    )
    provisions = segment(text).provisions
    assert [p.ref for p in provisions] == ["Article 6", "Article 7"]
    assert provisions[0].chapter == "Section 1 - Offences against computer systems"
    assert provisions[1].chapter == "PART 3 - PROCEDURE"


def test_preamble_and_furniture() -> None:
    text = (
        "Draft convention on information security\n\n"
        "The States Parties,\nHave agreed as follows:\n\f"
        "A/AC.999/L.12\n"
        "Article 1. Purpose\nThe purpose is stated here.\n"
        "- 2 -\n"
        "Page 3\n"
        "The purpose continues here.\n"
    )
    provisions = segment(text).provisions
    assert [p.ref for p in provisions] == ["Preamble", "Article 1"]
    assert provisions[1].text == "Article 1. Purpose\nThe purpose is stated here.\n" \
                                 "The purpose continues here."
    assert (provisions[1].start_line, provisions[1].end_line) == (6, 10)


@pytest.mark.parametrize("line", ["12", "- 3 -", "Page 4", "Page 4 of 20", "page 3 of 9", "iii",
                                  "A/AC.291/L.15",
                                  "\f", "CTOC/COP/WG.2/2019/2"])
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line) or not line.replace("\f", "").strip()


def test_fallback_to_paragraphs() -> None:
    text = "First paragraph of a memo\nabout hacking.\n\nSecond paragraph on fraud.\n"
    seg = segment(text)
    assert seg.fallback
    assert [(p.ref, p.start_line, p.end_line) for p in seg.provisions] == [
        ("Paragraph 1", 1, 2), ("Paragraph 2", 4, 4)]


def test_crlf_line_ends() -> None:
    text = "Article 1. Scope\r\nThis applies.\r\nArticle 2. Access\r\nNo access.\r\n"
    assert refs(text) == ["Article 1", "Article 2"]


# --- property tests: generated drafts -------------------------------------------------

WORDS = ["the", "computer", "system", "data", "party", "shall", "offence", "network",
         "measures", "any", "person", "access", "without", "right", "and", "of", "to"]
HEADINGS = ["Article {n}. {t}", "Article {n}", "ARTICLE {n} - {t}", "Art. {n}", "Section {n}. {t}",
            "Sec. {n} - {t}", "§ {n} {t}", "Clause {n}: {t}"]
TITLES = ["Illegal access", "Definitions", "Jurisdiction", "Computer-related fraud", "Scope"]


@st.composite
def body_line(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
    prefix = draw(st.sampled_from(["", "1. Each ", "(a) ", "i) ", "article 5 of ", "The "]))
    return prefix + " ".join(words) + draw(st.sampled_from([".", ";", ",", ""]))


@st.composite
def draft(draw):
    style = draw(st.sampled_from(HEADINGS))
    n_prov = draw(st.integers(min_value=1, max_value=8))
    lines: list[str] = []
    expected: list[str] = []
    division_lines: set[int] = set()
    if draw(st.booleans()):
        lines += ["A draft law on computer misuse", "The parties have agreed as follows:"]
        expected.append("Preamble")
    for k in range(1, n_prov + 1):
        if draw(st.integers(0, 4)) == 0:
            division_lines.add(len(lines))
            lines.append(f"Chapter {k}")
        kind_line = style.format(n=k, t=draw(st.sampled_from(TITLES)))
        lines.append(kind_line)
        for _ in range(draw(st.integers(min_value=1, max_value=5))):
            extra = draw(st.sampled_from(["", "", "", "", "\f", "17", "A/AC.999/L.3", ""]))
            if extra:
                lines.append(extra)
            lines.append(draw(body_line()))
        lines[-1] = lines[-1].rstrip(",;.") + "."  # a provision ends its last sentence
        if draw(st.booleans()):
            lines.append("")
        expected.append(kind_line.split(".")[0].split(" -")[0].split(":")[0])
    return "\n".join(lines) + "\n", expected, division_lines


@settings(max_examples=150, deadline=None)
@given(draft())
def test_generated_drafts_cover_all_text_in_order(case) -> None:
    text, expected, division_lines = case
    lines = text.split("\n")
    seg = segment(text)
    assert not seg.fallback
    assert len(seg.provisions) == len(expected)
    covered: list[int] = []
    previous_end = 0
    for p in seg.provisions:
        assert p.start_line > previous_end, "provisions overlap or go backwards"
        assert p.end_line >= p.start_line
        previous_end = p.end_line
        kept = [lines[i - 1].replace("\f", "").rstrip() for i in range(p.start_line, p.end_line + 1)
                if not is_furniture(lines[i - 1]) and lines[i - 1].replace("\f", "").strip()]
        assert [x for x in p.text.split("\n") if x.strip()] == kept
        covered += [i for i in range(p.start_line, p.end_line + 1)
                    if lines[i - 1].replace("\f", "").strip() and not is_furniture(lines[i - 1])]
    content = [i + 1 for i, line in enumerate(lines)
               if line.replace("\f", "").strip() and not is_furniture(line)
               and i not in division_lines]
    assert covered == content


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_segments_without_error_and_without_duplication(text: str) -> None:
    seg = segment(text)
    ends = [(p.start_line, p.end_line) for p in seg.provisions]
    assert ends == sorted(ends)
    assert all(a[1] < b[0] for a, b in pairwise(ends))


def test_a_number_alone_between_provisions_is_text_not_a_group_heading() -> None:
    """An unnumbered line alone between blank lines above a provision heading names the
    group below ("OFFENCES"); a line of digits names nothing and stays in the text of
    the provision above (hypothesis found "00000" lost)."""
    found = segment("Article 1\nA person\n\n00000\n\nArticle 2\nx y z").provisions
    assert found[0].text == "Article 1\nA person\n\n00000" and found[1].chapter is None
    grouped = segment("Article 1\nA person\n\nOFFENCES\n\nArticle 2\nx y z").provisions
    assert "OFFENCES" not in grouped[0].text and grouped[1].chapter == "OFFENCES"
