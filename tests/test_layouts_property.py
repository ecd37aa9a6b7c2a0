"""Property: whatever contents list, marginal notes, furniture and wraps a draft has,
the provisions found are exactly the provisions written.

Drafts are generated in four styles (``Article N`` with the title on the next line,
``Section N. Title``, Commonwealth ``N. Title`` with the body below, and ``N.—(1)``
with the title as a marginal note on the line above), optionally grouped into Parts
named on the next line, optionally opened by a contents list that repeats every
heading, with page furniture (form feeds, ``Page k of n``, a document symbol, a date)
inserted between lines, pages under a running header, ligatures, and bodies
hard-wrapped at any width. (A running header printed only once cannot be told from
the text, so pages come at least three.)
"""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli.segment import segment

TITLE_WORDS = ["access", "data", "systems", "interference", "devices", "fraud", "records",
               "misuse", "networks", "passwords", "interception", "forgery", "evidence"]
STYLES = ("article", "section", "statute", "marginal")
FURNITURE = ["\fPage {k} of 40", "Distr.: General", "A/AC.999/L.{k}", "12 May 2031",
             "- {k} -", "\f"]


@st.composite
def bodies(draw: st.DrawFn, count: int) -> str:
    """A paragraph or two of running text, with cross-references that may wrap."""
    sentences = []
    for _ in range(draw(st.integers(1, 3))):
        verb = draw(st.sampled_from(["alters", "copies", "deletes", "enters", "blocks"]))
        noun = draw(st.sampled_from(["a computer system", "stored data", "a network"]))
        ref = draw(st.integers(1, count))
        sentences.append(draw(st.sampled_from([
            f"A person who without right {verb} {noun} commits an offence.",
            f"The penalty under Article {ref} of this Law applies to anyone who {verb} "
            f"{noun}.",
            f"Nothing in section {ref} of this Act limits the powers of a court which "
            f"hears a case about {noun}.",
            f"Where a person {verb} {noun}, the court may order the forfeiture of any "
            "device used.",
        ])))
    return " ".join(sentences)


@st.composite
def drafts(draw: st.DrawFn) -> tuple[str, list[tuple[str, str]]]:
    style = draw(st.sampled_from(STYLES))
    count = draw(st.integers(2, 9))
    titles = []
    for _ in range(count):
        words = draw(st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=4))
        titles.append(" ".join(words).capitalize())
    width = draw(st.integers(45, 95))
    parts = draw(st.booleans())
    contents = draw(st.booleans()) and style != "article"
    furniture = draw(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(FURNITURE)),
                              max_size=6))
    ref_kind = "Article" if style == "article" else "Section"
    lines = ["REPUBLIC OF EXAMPLE", "", "DRAFT LAW ON COMPUTER MISUSE", ""]
    part_at = {1: ("PART I", "GENERAL"), max(2, count // 2 + 1): ("PART II", "OFFENCES")}

    def heading_lines(n: int, title: str) -> list[str]:
        if style == "article":
            return [f"Article {n}", title]
        if style == "section":
            return [f"Section {n}. {title}"]
        if style == "statute":
            return [f"{n}. {title}"]
        return [title]

    if contents:
        lines += ["ARRANGEMENT OF SECTIONS", ""]
        for n, title in enumerate(titles, 1):
            if parts and n in part_at:
                lines += [*part_at[n], ""]
            lines.append(f"{n}. {title}")
        lines += ["", "BE IT ENACTED as follows:", ""]
    for n, title in enumerate(titles, 1):
        if parts and n in part_at:
            lines += [*part_at[n], ""]
        body = textwrap.wrap(draw(bodies(count)), width)
        if style == "marginal":
            lines += [title, f"{n}.—(1) " + body[0], *body[1:]]
            lines += textwrap.wrap("(2) " + draw(bodies(count)), width)
        else:
            lines += heading_lines(n, title) + body
        lines.append("")
    for position, item in sorted(furniture, reverse=True):
        at = position % (len(lines) + 1)
        lines.insert(at, item.format(k=position % 40 + 1))
    every = draw(st.integers(10, 16))
    if draw(st.booleans()) and len(lines) > 2 * every:  # a running header on each page
        for at in range(len(lines) - len(lines) % every, 0, -every):
            lines[at:at] = ["\fDraft Law on Computer Misuse (consultation copy)",
                            f"Page {at // every + 1}", ""]
    if draw(st.booleans()):  # ligatures, as PDF text layers give them
        lines = [line.replace("fi", "ﬁ").replace("fl", "ﬂ") for line in lines]
    expected = [(f"{ref_kind} {n}", title) for n, title in enumerate(titles, 1)]
    return "\n".join(lines), expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_provisions_found_are_those_written(draft: tuple[str, list[tuple[str, str]]]) -> None:
    text, expected = draft
    found = [(p.ref, p.title) for p in segment(text).provisions if p.ref != "Preamble"]
    assert found == expected, text
