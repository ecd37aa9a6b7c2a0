"""Splitting a provision into its parts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cli.parts import context, split_parts

US = """§ 1030. Damage to protected computers
(a) Whoever—
(1) knowingly accesses a computer without authorization; or
(2) intentionally damages a protected computer, and thereby causes—
(A) loss to one or more persons; or
(B) a threat to public safety;
shall be punished as provided in subsection (c) of this section.
(b) Whoever attempts an offense under subsection (a) of this section shall be punished.
(c)(1)(A) a fine, in the case of an offense under subsection (a)(1); and
(B) a fine or imprisonment, in the case of paragraphs (a) and (b) of this subsection;
(d) In this section— (i) the term "computer" means a device; (ii) the term "loss" means cost.
"""

ONE_LINE = ("Section 9. Possession of devices\n(1) Every person who keeps a device is guilty of "
            "(a) an indictable offence; or (b) an offence punishable on summary conviction. "
            "(2) Subsection (1) does not apply to (a) an officer; (b) a licensee; (b.1) a person "
            "assisting an officer; and (c) a carrier. (3) A licence under paragraph (2)(b) "
            "may carry conditions. (3.1) Section 184.2(3) applies.")


def refs(text: str) -> list[str]:
    return [p.ref for p in split_parts(text)]


def test_us_code_nesting_and_cross_references() -> None:
    assert refs(US) == ["", "(a)", "(a)(1)", "(a)(2)", "(a)(2)(A)", "(a)(2)(B)", "(b)",
                        "(c)(1)(A)", "(c)(1)(B)", "(d)", "(d)(i)", "(d)(ii)"]


def test_inline_parts_inserted_numbers_and_references() -> None:
    assert refs(ONE_LINE) == ["", "(1)", "(1)(a)", "(1)(b)", "(2)", "(2)(a)", "(2)(b)",
                              "(2)(b.1)", "(2)(c)", "(3)", "(3.1)"]


def test_commonwealth_section_number_and_letter_i() -> None:
    text = ("3.—(1) A person is guilty of an offence if—\n(a) first;\n(b) second;\n(c) c;\n"
            "(d) d;\n(e) e;\n(f) f;\n(g) g;\n(h) h; or\n(i) the ninth case.\n"
            "(2) In this section any of these: (i) one; (ii) two.\n")
    assert refs(text) == ["", "(1)", "(1)(a)", "(1)(b)", "(1)(c)", "(1)(d)", "(1)(e)", "(1)(f)",
                          "(1)(g)", "(1)(h)", "(1)(i)", "(2)", "(2)(i)", "(2)(ii)"]


def test_numbered_paragraphs_and_bare_letters() -> None:
    text = ("Article 5. Interference\n1. Each Party shall make it an offence: a) to damage; "
            "b) to delete data.\n2. A Party may reserve the right.\n")
    assert refs(text) == ["", "(1)", "(1)(a)", "(1)(b)", "(2)"]


def test_line_spans_and_context() -> None:
    parts = split_parts(US)
    a2 = next(p for p in parts if p.ref == "(a)(2)")
    assert (a2.start_line, a2.end_line) == (3, 3)
    b = next(p for p in parts if p.ref == "(a)(2)(B)")
    assert (b.start_line, b.end_line) == (5, 6)  # runs on to "shall be punished"
    k = parts.index(b)
    ctx = context(parts, k)
    assert ctx.startswith("§ 1030.") and "Whoever—" in ctx and "intentionally damages" in ctx
    assert "knowingly accesses" not in ctx  # a sibling is not context


def test_no_markers_one_part() -> None:
    (only,) = split_parts("Article 1. Scope\nThis Law applies.")
    assert (only.ref, only.start_line, only.end_line, only.parent) == ("", 0, 1, -1)
    assert refs("") == [""]


FRAGMENTS = ["(1)", "(2)", "(a)", "(b)", "(i)", "(ii)", "(A)", "(1A)", "(b.1)", "a)", "1.",
             "subsection", "paragraph", " ", "\n", ";", ":", "—", " and ", " or ", "x",
             "Whoever", " commits an offence ", "184.2", ")", "("]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=60))
def test_parts_cover_the_text_in_order(pieces: list[str]) -> None:
    text = "".join(pieces)
    parts = split_parts(text)
    assert "".join(p.text for p in parts) == text
    assert parts[0].start == 0 and parts[-1].end == len(text)
    for k, p in enumerate(parts):
        assert text[p.start:p.end] == p.text
        assert p.start_line == text.count("\n", 0, p.start)
        assert p.start_line <= p.end_line <= text.count("\n")
        assert -1 <= p.parent < k
        if k:
            assert parts[k - 1].end == p.start and p.start < p.end
            assert p.ref
