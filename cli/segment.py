"""Split the text of a draft into provisions (articles, sections, clauses...).

The segmenter reads line by line. Provision headings (``Article 7``, ``Art. 7 bis``,
``Section 3``, ``§ 3``, ``3. Unauthorised access...``, ``3.—(1) A person...``,
``Clause 4``, ``Rule 4``) start a provision; division headings (``Chapter II``,
``Part 3``, ``Title 1``, and ``Section 2`` in a text whose provisions are articles)
set the chapter of the provisions below them; page furniture (page numbers,
document symbols, form feeds) is dropped. Every other line belongs to exactly one
provision: the text before the first heading becomes a ``Preamble``, and a text
with no headings at all falls back to one provision per paragraph.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from cli.grammar import (
    DIVISION,
    KEYWORD_HEADING,
    KINDS,
    NUMBER_WORDS,
    PARAGRAPH_SIGN,
    STATUTE_HEADING,
    STATUTE_INLINE,
    clean_title,
    is_furniture,
    split_rest,
)
from cli.provision import Provision

__all__ = ["Provision", "Segmentation", "segment"]

QUALIFIER = re.compile(r"^\s*\((?P<q>[^()]{1,30})\)\s*[.:\-–—]\s*(?P<title>\S.*)$")
SENTENCE_WORD = re.compile(r"\b(?:shall|must|may|is|are|means|includes|has|have|will)\b")
BODY_START = re.compile(
    r"^(?:An?y? (?:person|individual|body)|Every (?:person|one)|Whoever|Where|If|No person|"
    r"Subject to|Notwithstanding|Nothing in|In this|Except|For the purposes)\b"
)
STRONG_VERB = re.compile(r"\b(?:shall|must)\b")
CONTINUATION_END = re.compile(r"[a-z,]$")
OPEN_WORDS = frozenset("in of to under by with and or the see per than from and/or a an".split())


class Segmentation(NamedTuple):
    """The provisions of a draft; ``fallback`` is true when no heading was found."""

    provisions: tuple[Provision, ...]
    fallback: bool


class _Heading(NamedTuple):
    at: int  # the line index where the heading starts
    ref: str
    number: str
    title: str
    title_index: int | None  # line index of a title standing on the next line
    division: bool


def _number(raw: str) -> str:
    """'(2)' -> '2', 'Three (bis)' -> 'Three bis', '7  bis' -> '7 bis'."""
    num = re.sub(r"^\(\s*(\S+?)\s*\)", r"\1", raw.strip())
    num = re.sub(r"\s*\(\s*([a-z]+)\s*\)", r" \1", num)
    return re.sub(r"\s+", " ", num).strip()


def _number_ok(num: str) -> bool:
    """Digits and roman numerals pass; words only when they are numbers."""
    first = num.split()[0]
    if not first[0].isalpha() or first.isupper():
        return True
    return all(part.lower() in NUMBER_WORDS for part in first.split("-"))


def _looks_like_title(line: str) -> bool:
    """A short line that names a provision rather than starting its body."""
    text = line.strip().strip("*_#").strip()
    if not text or len(text) > 100:
        return False
    words = text.split()
    if len(words) > 12 or text[-1] in ",;:":
        return False
    if text.endswith(".") and len(words) > 8:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘[("):
        return False
    if re.match(r"^\(?\d+[.)]|^\([a-z]{1,4}\)", text) or BODY_START.match(text):
        return False
    return not SENTENCE_WORD.search(text.replace("by means of", "by"))


def _title_or_body(title: str) -> str:
    """A long sentence after the number is body text, not a title."""
    if len(title.split()) > 14 or STRONG_VERB.search(title.lower()):
        return ""
    return title


def _next_content(lines: list[str], index: int) -> int | None:
    for j in range(index + 1, min(index + 3, len(lines))):
        if lines[j].strip() and not is_furniture(lines[j]):
            return j
    return None


def _continues_sentence(lines: list[str], index: int) -> bool:
    """True when the line before ``index`` breaks off mid-sentence: a long line ending
    in a letter or comma, or any line ending in a word that a sentence cannot end on."""
    if index == 0 or not lines[index - 1].strip():
        return False
    prev = lines[index - 1].rstrip()
    if CONTINUATION_END.search(prev) is None:
        return False
    last = prev.split()[-1].lower()
    return len(prev) >= 50 or last in OPEN_WORDS or last.endswith(",")


def _match_heading(lines: list[str], i: int, sections_are_divisions: bool,
                   last_statute: int) -> _Heading | None:
    line = lines[i].replace("\f", "").strip()
    if not line:
        return None
    if line[:2] in ("**", "__"):  # a Markdown heading in bold: **Article 1. Definitions**
        line = line.strip("*_ ")
    m = DIVISION.match(line)
    if m:
        title, ok = split_rest(m["rest"])
        if ok:
            kind, num = m["kind"], m["num"]
            return _with_next_title(lines, i, f"{kind} {num}", num, title, division=True)
    m = KEYWORD_HEADING.match(line)
    if m:
        title, ok = split_rest(m["rest"])
        if not ok or (m["rest"].strip() in ("", ".") and _continues_sentence(lines, i)):
            return None  # "...in accordance with\nArticle 9." closes a sentence
        kind = KINDS[m["kind"].lower()]
        num = _number(m["num"])
        if not _number_ok(num):
            return None
        ref = f"{kind} {num}"
        qualified = QUALIFIER.match(m["rest"])
        if qualified:  # "Article 43 (2nd Protocol). Title"
            ref, title = f"{ref} ({qualified['q']})", clean_title(qualified["title"])
        division = kind == "Section" and sections_are_divisions
        return _with_next_title(lines, i, ref, num, _title_or_body(title), division)
    m = PARAGRAPH_SIGN.match(line)
    if m:
        title, ok = split_rest(m["rest"])
        if not ok:
            return None
        num = re.sub(r"\s+", " ", m["num"])
        return _with_next_title(lines, i, f"§ {num}", num, _title_or_body(title), False)
    m = STATUTE_INLINE.match(line)
    if m and _statute_number(m["num"]) > last_statute:
        if _marginal_note(lines, i):  # "Extradition\n40.—(1) An offence..."
            title = clean_title(lines[i - 1])
            return _Heading(i - 1, f"Section {m['num']}", m["num"], title, None, False)
        return _Heading(i, f"Section {m['num']}", m["num"], "", None, False)
    m = STATUTE_HEADING.match(line)
    if m and _statute_number(m["num"]) > last_statute:
        if _looks_like_title(m["rest"]):
            return _Heading(i, f"Section {m['num']}", m["num"], clean_title(m["rest"]), None,
                            False)
        if _marginal_note(lines, i):  # "Theft of virtual assets\n26. A person who..."
            return _Heading(i - 1, f"Section {m['num']}", m["num"], clean_title(lines[i - 1]),
                            None, False)
    return None


def _marginal_note(lines: list[str], i: int) -> bool:
    """True when the line above a statute section is its title (a marginal note)."""
    if i == 0 or not _looks_like_title(lines[i - 1]) or _is_any_heading(lines[i - 1]):
        return False
    if i == 1:
        return True
    before = lines[i - 2].replace("\f", "").strip()
    return not before or before[-1] in ".;:" or is_furniture(before) or _is_any_heading(before)


def _with_next_title(lines: list[str], i: int, ref: str, num: str, title: str,
                     division: bool) -> _Heading:
    if title:
        return _Heading(i, ref, num, title, None, division)
    j = _next_content(lines, i)
    if j is not None and _looks_like_title(lines[j]) and not _is_any_heading(lines[j]):
        return _Heading(i, ref, num, clean_title(lines[j]), j, division)
    return _Heading(i, ref, num, "", None, division)


def _is_any_heading(line: str) -> bool:
    line = line.strip()
    return any(p.match(line) for p in (DIVISION, KEYWORD_HEADING, PARAGRAPH_SIGN))


def _group_heading(lines: list[str], i: int, sections_are_divisions: bool,
                   last_statute: float) -> _Heading | None:
    """An unnumbered heading alone between blank lines, right above a provision heading."""
    line = lines[i].strip()
    if not line or line[-1] in ".;:," or is_furniture(line) or not _looks_like_title(line):
        return None
    if i > 0 and lines[i - 1].replace("\f", "").strip():
        return None
    above = next((lines[j] for j in range(i - 1, -1, -1)
                  if lines[j].replace("\f", "").strip() and not is_furniture(lines[j])), None)
    if above is None or _is_any_heading(above):
        return None  # the line is the body of the heading above it
    j = i + 1
    if j >= len(lines) or lines[j].strip():
        return None
    k = _next_content(lines, j)
    if k is None or k != j + 1:
        return None
    below = _match_heading(lines, k, sections_are_divisions, last_statute)
    if below is None or below.division:
        return None
    return _Heading(i, clean_title(line), "", "", None, True)


def _statute_number(num: str) -> float:
    digits = re.match(r"\d+", num)
    value = float(digits.group()) if digits else 0.0
    letters = num[digits.end():] if digits else ""
    return value + (sum(ord(c.upper()) - 64 for c in letters) / 100 if letters else 0.0)


def _count_articles(lines: list[str]) -> int:
    return sum(1 for line in lines
               if re.match(r"^#{0,6}\s*(?:Article|ARTICLE|Art\.|ART\.)\s*\d", line.strip()))


def _count_keyword_headings(lines: list[str]) -> int:
    count = 0
    for line in lines:
        m = KEYWORD_HEADING.match(line.strip()) or PARAGRAPH_SIGN.match(line.strip())
        if m and split_rest(m["rest"])[1]:
            count += 1
    return count


def _find_headings(lines: list[str]) -> list[_Heading]:
    sections_are_divisions = _count_articles(lines) >= 2
    headings: list[_Heading] = []
    # Statute-style "3. Title" headings only where no keyword headings are used, so
    # that numbered paragraphs inside articles never start a provision.
    last_statute = 0.0 if _count_keyword_headings(lines) == 0 else float("inf")
    skip_until = -1
    restarted = False
    for i in range(len(lines)):
        if i <= skip_until:
            continue
        heading = _match_heading(lines, i, sections_are_divisions, last_statute)
        if heading is None and not restarted and last_statute != float("inf") \
                and _restarts_numbering(lines, i, headings):
            # After an "arrangement of sections", the numbering starts again at 1, and
            # the first section may have no title: "1. This Act may be cited as..."
            heading = _match_heading(lines, i, sections_are_divisions, 0.0)
            if heading is None:
                num = lines[i].strip().split(".", 1)[0].lstrip("# ")
                heading = _Heading(i, f"Section {num}", num, "", None, False)
            restarted = True
        if heading is None and any(not h.division for h in headings):
            heading = _group_heading(lines, i, sections_are_divisions, last_statute)
        if heading is None:
            continue
        if heading.ref.startswith("Section ") and not KEYWORD_HEADING.match(lines[i].strip()):
            last_statute = _statute_number(heading.number)
        headings.append(heading)
        if heading.title_index is not None:
            skip_until = heading.title_index
    return _drop_table_of_contents(lines, headings)


def _restarts_numbering(lines: list[str], i: int, headings: list[_Heading]) -> bool:
    """A statute section numbered like the first of three or more sections found so far,
    all of them with no text of their own: those were an arrangement of sections."""
    m = STATUTE_INLINE.match(lines[i].strip()) or STATUTE_HEADING.match(lines[i].strip())
    sections = [h for h in headings if not h.division and h.ref.startswith("Section ")]
    body = m["rest"].strip() if m else ""
    if not m or len(sections) < 3 or not (body[:1].isupper() or body.startswith("(")):
        return False
    if _statute_number(m["num"]) > _statute_number(sections[0].number):
        return False
    starts = [h.at for h in headings] + [i]
    return all(not lines[j].strip() or is_furniture(lines[j]) or _is_heading_line(lines[j])
               for k, h in enumerate(headings)
               for j in range((h.title_index or h.at) + 1, starts[k + 1]))


def _is_heading_line(line: str) -> bool:
    line = line.strip()
    return _is_any_heading(line) or bool(STATUTE_HEADING.match(line))


def _drop_table_of_contents(lines: list[str], headings: list[_Heading]) -> list[_Heading]:
    """Leading headings with no text of their own, whose references come again later,
    are a table of contents (a draft whose protocol restarts at Article 1 is not)."""
    provisions = [h for h in headings if not h.division]
    refs = [h.ref for h in provisions]
    starts = [h.at for h in headings] + [len(lines)]
    bodiless = {h.at for k, h in enumerate(headings)
                if not any(lines[j].strip() and not is_furniture(lines[j])
                           for j in range((h.title_index or h.at) + 1, starts[k + 1]))}
    run = 0
    while run < len(refs) and refs[run] in refs[run + 1:] and provisions[run].at in bodiless:
        run += 1
    if run < 3:
        return headings
    first_real = provisions[run].at
    last_entry = provisions[run - 1].at
    return [h for h in headings
            if h.at >= first_real or (h.division and h.at > last_entry)]


def _provision(lines: list[str], start: int, stop: int, ref: str, number: str, title: str,
               chapter: str | None, skip: frozenset[int] = frozenset()) -> Provision | None:
    """The provision made of lines[start:stop], furniture and ``skip`` lines dropped."""
    kept = [i for i in range(start, stop) if i not in skip
            and lines[i].replace("\f", "").strip() and not is_furniture(lines[i])]
    if not kept:
        return None
    end = kept[-1]
    text = "\n".join(lines[i].replace("\f", "").rstrip()
                     for i in range(start, end + 1) if i not in skip and not is_furniture(lines[i]))
    text = re.sub(r"\n{3,}", "\n\n", text.strip("\n"))
    return Provision(ref, number, title, chapter, kept[0] + 1, end + 1, text)


def _paragraphs(lines: list[str]) -> tuple[Provision, ...]:
    out: list[Provision] = []
    start: int | None = None
    for i, line in enumerate([*lines, ""]):
        blank = not line.replace("\f", "").strip() or is_furniture(line)
        if not blank and start is None:
            start = i
        elif blank and start is not None:
            n = len(out) + 1
            made = _provision(lines, start, i, f"Paragraph {n}", str(n), "", None)
            if made:
                out.append(made)
            start = None
    return tuple(out)


def _division_lines(heading: _Heading) -> set[int]:
    return {heading.at} | ({heading.title_index} if heading.title_index is not None else set())


def _chapter(heading: _Heading) -> str:
    return heading.ref + (f" - {heading.title}" if heading.title else "")


def segment(text: str) -> Segmentation:
    """Split ``text`` into provisions in document order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headings = _find_headings(lines)
    first = next((k for k, h in enumerate(headings) if not h.division), None)
    if first is None:
        return Segmentation(_paragraphs(lines), fallback=True)
    provisions: list[Provision] = []
    chapter: str | None = None
    # Before the first provision: divisions set the chapter, everything else is preamble.
    skip: set[int] = set()
    for heading in headings[:first]:
        chapter = _chapter(heading)
        skip |= _division_lines(heading)
    preamble = _provision(lines, 0, headings[first].at, "Preamble", "", "", None,
                          frozenset(skip))
    if preamble:
        provisions.append(preamble)
    for k in range(first, len(headings)):
        heading = headings[k]
        stop = headings[k + 1].at if k + 1 < len(headings) else len(lines)
        if heading.division:
            chapter = _chapter(heading)
            # An introductory note between a division heading and the next heading
            # stays in the draft as a provision of its own.
            made = _provision(lines, heading.at, stop, heading.ref, heading.number,
                              heading.title, chapter, frozenset(_division_lines(heading)))
        else:
            made = _provision(lines, heading.at, stop, heading.ref, heading.number,
                              heading.title, chapter)
        if made:
            provisions.append(made)
    return Segmentation(tuple(provisions), fallback=False)
