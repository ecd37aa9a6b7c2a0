"""Split the text of a draft into provisions (articles, sections, clauses...).

The segmenter reads line by line, with the patterns of :mod:`cli.grammar`. Provision
headings (``Article 7``, ``Art. 7 bis``, ``Section 3``, ``§ 3``, ``3. Unauthorised
access``, ``3.—(1) A person...``, ``66A. Title.—Whoever...``, ``SEC. 3. TITLE.``) start
a provision; division headings (``Chapter II``, ``PART 3`` with its name on the next
line, ``Section 2`` in a text whose provisions are articles) set the chapter of the
provisions below them; a ``SCHEDULE`` or ``ANNEX`` after the provisions is one provision
whose rows start nothing. Page furniture (page numbers, document symbols, dates,
``Distr.: General``, running headers repeated at the edges of pages) is dropped.

Everything before an enacting formula (``BE IT ENACTED``, ``HAVE ADOPTED THIS
DIRECTIVE:``) is the preamble; a contents list (``ARRANGEMENT OF SECTIONS``, ``TABLE OF
CONTENTS``: a run of headings with no text whose references come again) is skipped,
and gives its titles to sections that have none. Every other line belongs to exactly
one provision: the text before the first heading is the ``Preamble``, and a text with
no headings at all falls back to one provision per paragraph.

Segmentation runs in time linear in the length of the text.
"""

import re
from bisect import bisect_right
from collections import Counter
from typing import NamedTuple

from cli.grammar import (
    ANNEX,
    BODY_START,
    CONTINUATION_END,
    DIVISION,
    ENACTING,
    KEYWORD_HEADING,
    KINDS,
    NUMBER_WORDS,
    OPEN_WORDS,
    PARAGRAPH_SIGN,
    QUALIFIER,
    SENTENCE_WORD,
    STATUTE_HEADING,
    STATUTE_INLINE,
    STRONG_VERB,
    TITLE_DASH,
    clean_text,
    clean_title,
    is_furniture,
    is_heading,
    is_table_row,
    split_glued_heading,
    split_rest,
)
from cli.provision import Provision
from cli.read.decode import normalise_newlines
from cli.stats import median

__all__ = ["Provision", "SegmentWarning", "Segmentation", "locate", "segment"]

LONG_FACTOR = 6  # a provision this many times the median length may have swallowed others
LONG_MINIMUM = 2500  # ... and at least this many characters
MAX_WARNINGS = 10  # warnings of one code shown for a draft; the rest are counted
EDGE_LINES = 2  # lines at the top and foot of a page where running headers stand


class SegmentWarning(NamedTuple):
    """Something about the draft's structure that a reader should check."""

    code: str  # duplicate-ref | numbering-gap | contents-missing | long-provision |
    #            heading-in-text
    ref: str  # the provision concerned ("" for the draft as a whole)
    text: str


class Segmentation(NamedTuple):
    """The provisions of a draft; ``fallback`` is true when no heading was found."""

    provisions: tuple[Provision, ...]
    fallback: bool
    warnings: tuple[SegmentWarning, ...] = ()


class _Heading(NamedTuple):
    at: int  # the line index where the heading starts
    ref: str
    number: str
    title: str
    title_index: int | None  # line index of a title standing on the next line
    division: bool
    statute: bool = False  # "3. Title", "3.—(1)": accepted only in increasing order
    weak: bool = False  # "1. This Act may be cited...": a section only where expected
    schedule: bool = False


class _Lines(NamedTuple):
    """The lines of a draft, cleaned, with the source line each came from."""

    text: list[str]  # cleaned line text, form feeds removed
    origin: list[int]  # 0-based source line of each line
    furniture: list[bool]
    prev_content: list[int]  # index of the previous content line, -1 when none


# --- reading the lines ------------------------------------------------------------------


def _read_lines(text: str) -> _Lines:
    raw = normalise_newlines(text).split("\n")
    lines: list[str] = []
    origin: list[int] = []
    page_of: list[int] = []
    furniture: list[bool] = []
    page = 0
    for n, line in enumerate(raw):
        page += line.count("\f")
        cleaned = clean_text(line.replace("\f", ""))
        for part in split_glued_heading(cleaned):
            lines.append(part)
            origin.append(n)
            page_of.append(page)
            # a line holding only a page break is furniture, not a blank line
            furniture.append(is_furniture(part) or ("\f" in line and not part.strip()))
    if page:
        _mark_running_headers(lines, page_of, furniture)
    prev_content: list[int] = []
    last = -1
    for i, line in enumerate(lines):
        prev_content.append(last)
        if line.strip() and not furniture[i]:
            last = i
    return _Lines(lines, origin, furniture, prev_content)


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _mark_running_headers(lines: list[str], page_of: list[int], furniture: list[bool]) -> None:
    """Lines repeated at the top or foot of most pages (digits aside) are furniture, and
    so is a longer line (five words or more) opening two or more pages."""
    edges: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.strip() and not furniture[i]:
            edges.setdefault(page_of[i], []).append(i)
    pages_with: dict[str, set[int]] = {}
    opening: dict[str, set[int]] = {}
    candidates: list[int] = []
    for p, found in edges.items():
        opening.setdefault(_mask(lines[found[0]]), set()).add(p)
        candidates.append(found[0])
        if len(found) < 4 * EDGE_LINES:
            continue  # too short a page to tell a running header from the text
        for i in {*found[:EDGE_LINES], *found[-EDGE_LINES:]}:
            candidates.append(i)
            pages_with.setdefault(_mask(lines[i]), set()).add(p)
    threshold = max(3, (len(edges) + 1) // 2)
    for i in candidates:
        line = lines[i].rstrip()
        key = _mask(line)
        repeated = len(pages_with.get(key, ())) >= threshold or (
            len(opening.get(key, ())) >= 2 and len(line.split()) >= 5)
        if repeated and line[-1:] not in ".;:," and not line.lstrip()[:1].islower() \
                and not SENTENCE_WORD.search(line) and not is_heading(line):
            furniture[i] = True


def _content(lines: _Lines, i: int) -> bool:
    return bool(lines.text[i].strip()) and not lines.furniture[i]


# --- headings ---------------------------------------------------------------------------


def _number(raw: str) -> str:
    """'(2)' -> '2', 'Three (bis)' -> 'Three bis', '7  bis' -> '7 bis'."""
    if raw.isalnum():
        return raw
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
    if len(words) > 12 or text[-1] in ",;:" or words[-1].lower() in OPEN_WORDS:
        return False
    if text.endswith(".") and len(words) > 8:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘[("):
        return False
    if re.match(r"^\(?\d+[.)]|^\([a-z]{1,4}\)", text) or BODY_START.match(text):
        return False
    return not SENTENCE_WORD.search(text.replace("by means of", "by"))


def _title_or_body(title: str) -> str:
    """A long sentence after the number is body text, not a title; a title ending in a
    dash before the body ("Punishment for theft.—Whoever...") keeps only the title."""
    dash = TITLE_DASH.match(title)
    if dash and _looks_like_title(dash["title"]):
        return clean_title(dash["title"])
    if len(title.split()) > 14 or STRONG_VERB.search(title.lower()):
        return ""
    return title


def _next_content(lines: _Lines, index: int) -> int | None:
    """The next content line when at most one blank line (and some furniture) comes first."""
    blanks = 0
    for j in range(index + 1, min(index + 8, len(lines.text))):
        if _content(lines, j):
            return j
        if not lines.furniture[j]:
            blanks += 1
            if blanks > 1:
                return None
    return None


def _continues_sentence(lines: _Lines, index: int) -> bool:
    """True when the line before ``index`` breaks off mid-sentence: a long line ending
    in a letter or comma, or any line ending in a word that a sentence cannot end on."""
    if index == 0 or not lines.text[index - 1].strip():
        return False
    prev = lines.text[index - 1].rstrip()
    if CONTINUATION_END.search(prev) is None:
        return False
    last = prev.split()[-1].lower()
    return len(prev) >= 50 or last in OPEN_WORDS or last.endswith(",")


def _match_heading(lines: _Lines, i: int, sections_are_divisions: bool,
                   statutes: bool) -> _Heading | None:
    line = lines.text[i].strip()
    if not line or is_table_row(line):
        return None
    if line[:2] in ("**", "__"):  # a Markdown heading in bold: **Article 1. Definitions**
        line = line.strip("*_ ")
    m = DIVISION.match(line)
    if m:
        title, ok = split_rest(m["rest"])
        if ok:
            kind, num = m["kind"], m["num"]
            return _with_next_title(lines, i, f"{kind} {num}", num, title, division=True)
    m = ANNEX.match(line)
    if m:
        title, ok = split_rest(m["rest"])
        if ok:
            ref = "Schedule" if m["kind"].lower() == "schedule" else m["kind"].capitalize()
            ref = f"{ref} {m['num']}" if m["num"] else ref
            heading = _with_next_title(lines, i, ref, m["num"] or "", title, division=False)
            return heading._replace(schedule=True)
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
    if not statutes:
        return None
    return _statute(lines, i, line)


def _statute(lines: _Lines, i: int, line: str) -> _Heading | None:
    """'3.—(1) A person...', '3. Title', '66A. Title.—Whoever...', or a marginal note."""
    m = STATUTE_INLINE.match(line)
    if m:
        ref = f"Section {m['num']}"
        note = _note_above(lines, i)
        if note is not None:  # "Extradition\n40.—(1) An offence..."
            title = clean_title(lines.text[note])
            return _Heading(note, ref, m["num"], title, None, False, statute=True)
        return _Heading(i, ref, m["num"], "", None, False, statute=True)
    m = STATUTE_HEADING.match(line)
    if not m:
        return None
    ref, rest = f"Section {m['num']}", m["rest"].strip()
    dash = TITLE_DASH.match(rest)
    if dash and _looks_like_title(dash["title"]):  # "66A. Punishment for...—Whoever"
        return _Heading(i, ref, m["num"], clean_title(dash["title"]), None, False,
                        statute=True)
    if _looks_like_title(rest):
        return _Heading(i, ref, m["num"], clean_title(rest), None, False, statute=True)
    note = _note_above(lines, i)
    if note is not None:  # "Theft of virtual assets\n26. A person who..."
        return _Heading(note, ref, m["num"], clean_title(lines.text[note]), None, False,
                        statute=True)
    if rest[:1].isupper() or rest[:1] == "(":
        return _Heading(i, ref, m["num"], "", None, False, statute=True, weak=True)
    return None


def _note_above(lines: _Lines, i: int) -> int | None:
    """Index of the line above a statute section that is its title (a marginal note);
    page furniture and one blank line (as between the paragraphs of a Word file) may
    stand between them."""
    j, blanks = i - 1, 0
    while j >= 0 and j > i - 9 and not _content(lines, j):
        blanks += not lines.furniture[j]
        j -= 1
    if j < 0 or blanks > 1 or not _content(lines, j):
        return None
    above = lines.text[j]
    if not _looks_like_title(above) or _is_any_heading(above):
        return None
    before = lines.prev_content[j]
    if before < 0:
        return j
    text = lines.text[before].strip()
    division = DIVISION.match(text)
    if division and not split_rest(division["rest"])[0]:
        return None  # the line above names the Part: "PART II\nOFFENCES\n3.—(1)..."
    if any(not lines.text[k].strip() for k in range(before + 1, j)):
        return j  # a blank line stands above the note
    return j if text[-1] in ".;:" or _is_any_heading(text) else None


def _with_next_title(lines: _Lines, i: int, ref: str, num: str, title: str,
                     division: bool) -> _Heading:
    if title:
        return _Heading(i, ref, num, title, None, division)
    j = _next_content(lines, i)
    if j is not None and _looks_like_title(lines.text[j]) and not _is_any_heading(lines.text[j]):
        after = _next_content(lines, j)
        if after is None or not lines.text[after].lstrip()[:1].islower():
            return _Heading(i, ref, num, clean_title(lines.text[j]), j, division)
    return _Heading(i, ref, num, "", None, division)


def _is_any_heading(line: str) -> bool:
    line = line.strip()
    return any(p.match(line) for p in (DIVISION, KEYWORD_HEADING, PARAGRAPH_SIGN))


def _group_heading(lines: _Lines, i: int, sections_are_divisions: bool,
                   statutes: bool) -> _Heading | None:
    """An unnumbered heading alone between blank lines, right above a provision heading."""
    line = lines.text[i].strip()
    if not line or line[-1] in ".;:," or lines.furniture[i] or not _looks_like_title(line):
        return None
    if not any(c.isalpha() for c in line):
        return None  # "00000", "2024": a number alone names no group of provisions
    if i > 0 and lines.text[i - 1].strip():
        return None
    above = lines.prev_content[i]
    if above < 0 or _is_any_heading(lines.text[above]):
        return None  # the line is the body of the heading above it
    j = i + 1
    if j >= len(lines.text) or lines.text[j].strip():
        return None
    k = _next_content(lines, j)
    if k is None or k != j + 1:
        return None
    below = _match_heading(lines, k, sections_are_divisions, statutes)
    if below is None or below.division or below.schedule or below.weak or below.at <= i:
        return None  # (the line is the marginal note of the section below)
    return _Heading(i, clean_title(line), "", "", None, True)


def _statute_number(num: str) -> float:
    digits = re.match(r"\d+", num)
    value = float(digits.group()) if digits else 0.0
    letters = num[digits.end():] if digits else ""
    return value + (sum(ord(c.upper()) - 64 for c in letters) / 100 if letters else 0.0)


def _candidates(lines: _Lines) -> list[_Heading]:
    """Every line that may be a heading, in order (statute headings in any order)."""
    texts = [line.strip() for line in lines.text]
    articles = keyword = 0
    for line in texts:
        m = KEYWORD_HEADING.match(line) or PARAGRAPH_SIGN.match(line)
        if m and split_rest(m["rest"])[1]:
            keyword += 1
            articles += line.lstrip("# ")[:3].lower() == "art" and m["num"][:1].isdigit()
    sections_are_divisions = articles >= 2
    # Statute-style "3. Title" headings only where no keyword headings are used, so
    # that numbered paragraphs inside articles never start a provision.
    statutes = keyword == 0
    headings: list[_Heading] = []
    skip_until = -1
    provisions = False
    for i in range(len(texts)):
        if i <= skip_until or lines.furniture[i]:
            continue
        heading = _match_heading(lines, i, sections_are_divisions, statutes)
        if heading is None and provisions:
            heading = _group_heading(lines, i, sections_are_divisions, statutes)
        if heading is None:
            continue
        if headings and heading.at <= headings[-1].at:
            continue  # a marginal note that is the title line of the heading above
        headings.append(heading)
        provisions = provisions or not heading.division
        if heading.title_index is not None:
            skip_until = heading.title_index
    return headings


def _enacting_formula(lines: _Lines, headings: list[_Heading], entries: set[int]) -> int:
    """Index of the enacting formula when only a contents list stands above it, else -1."""
    at = next((i for i, line in enumerate(lines.text) if ENACTING.match(line)), -1)
    if at < 0:
        return -1
    above = [h for k, h in enumerate(headings) if h.at < at and k not in entries]
    bodiless = _bodiless(lines, [*above, _Heading(at, "", "", "", None, True)])
    if any(not h.division and not bodiless[k] for k, h in enumerate(above)):
        return -1  # provisions with text of their own stand above it
    if not any(h.at > at and not h.division for h in headings):
        return -1
    return at


def _bodiless(lines: _Lines, headings: list[_Heading]) -> list[bool]:
    """For each heading, whether no content line stands between it and the next one."""
    out = []
    for k, h in enumerate(headings):
        stop = headings[k + 1].at if k + 1 < len(headings) else len(lines.text)
        start = (h.title_index if h.title_index is not None else h.at) + 1
        out.append(not any(_content(lines, j) for j in range(start, stop)))
    return out


def _contents_runs(lines: _Lines, headings: list[_Heading]) -> set[int]:
    """Indexes of headings that are entries of a contents list.

    A contents list is a run of three or more provision headings with no text of their
    own (divisions may stand between them; the last entry may be followed by other
    text), most of whose references come again outside the run.
    """
    bodiless = _bodiless(lines, headings)
    total = Counter(h.ref for h in headings if not h.division)
    out: set[int] = set()
    k = 0
    while k < len(headings):
        if not bodiless[k] or headings[k].weak:
            k += 1
            continue
        run = k
        while run < len(headings) and bodiless[run] and not headings[run].weak:
            run += 1
        inside = Counter(h.ref for h in headings[k:run] if not h.division)
        after = headings[run] if run < len(headings) else None
        end = run
        if after is not None and not after.division and not after.weak \
                and total[after.ref] > inside[after.ref] + 1:
            inside[after.ref] += 1
            end = run = run + 1  # the last entry, followed by the text before the body
        else:
            while end - 1 > k and headings[end - 1].division:
                end -= 1  # a division after the list heads the body
        entries = sum(inside.values())
        again = sum(n for ref, n in inside.items() if total[ref] > n)
        if entries >= 3 and again * 3 >= entries * 2:
            out.update(range(k, end))
        k = run
    return out


class _Structure(NamedTuple):
    headings: list[_Heading]
    contents: dict[str, str]  # ref -> title of each contents entry
    suspicious: list[_Heading]  # headings rejected inside provisions


def _find_headings(lines: _Lines) -> _Structure:
    headings = _candidates(lines)
    entries = _contents_runs(lines, headings)
    formula = _enacting_formula(lines, headings, entries)
    contents: dict[str, str] = {}
    kept: list[_Heading] = []
    for k, h in enumerate(headings):
        if h.at <= formula or k in entries:
            if not h.division and not h.weak and not h.schedule:
                contents.setdefault(h.ref, h.title)
        else:
            kept.append(h)
    out: list[_Heading] = []
    suspicious: list[_Heading] = []
    last = 0.0
    provisions = False
    schedule = False
    for h in kept:
        if schedule and not h.schedule:
            continue  # rows of a schedule or an annex
        if h.schedule:
            if not provisions:
                continue  # a contents entry for the schedule, or a title page line
            schedule = True
        elif h.statute:
            value = _statute_number(h.number)
            expected = h.weak and h.ref in contents and int(value) == int(last) + 1
            if (value <= last or h.weak) and not expected:
                if not h.weak and h.title:
                    suspicious.append(h)
                continue
            last = value
        if h.weak and not h.title:
            h = h._replace(title=contents.get(h.ref, ""))
        if not h.division and not h.title and h.ref in contents:
            h = h._replace(title=contents[h.ref])
        provisions = provisions or not h.division
        out.append(h)
    return _Structure(out, contents, suspicious)


# --- provisions -------------------------------------------------------------------------


def _provision(lines: _Lines, start: int, stop: int, ref: str, number: str, title: str,
               chapter: str | None, skip: frozenset[int] = frozenset()) -> Provision | None:
    """The provision made of lines[start:stop], furniture and ``skip`` lines dropped."""
    kept = [i for i in range(start, stop) if i not in skip and _content(lines, i)]
    if not kept:
        return None
    end = kept[-1]
    text = "\n".join(lines.text[i].rstrip() for i in range(kept[0], end + 1)
                     if i not in skip and not lines.furniture[i])
    text = re.sub(r"\n{3,}", "\n\n", text.strip("\n"))
    return Provision(ref, number, title, chapter, lines.origin[kept[0]] + 1,
                     lines.origin[end] + 1, text)


def _paragraphs(lines: _Lines) -> tuple[Provision, ...]:
    out: list[Provision] = []
    start: int | None = None
    for i in range(len(lines.text) + 1):
        blank = i == len(lines.text) or not _content(lines, i)
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
    """Split ``text`` into provisions in document order, with warnings on its structure."""
    lines = _read_lines(text)
    structure = _find_headings(lines)
    headings = structure.headings
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
        stop = headings[k + 1].at if k + 1 < len(headings) else len(lines.text)
        if heading.schedule:
            chapter = None
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
    found = tuple(provisions)
    return Segmentation(found, False, _warnings(found, structure, lines))


def locate(provisions: tuple[Provision, ...], pages: tuple[tuple[int, int], ...] = (),
           anchors: tuple[str, ...] = ()) -> tuple[Provision, ...]:
    """The provisions with where they stand in the source: their first and last page
    (from the pages of each text line) and the anchor of their first line."""
    if not pages and not anchors:
        return provisions
    out = []
    for p in provisions:
        if pages:
            last = len(pages)
            p = p._replace(page=(pages[min(p.start_line, last) - 1][0],
                                 pages[min(p.end_line, last) - 1][1]))
        if anchors:
            p = p._replace(anchor=anchors[min(p.start_line, len(anchors)) - 1] or None)
        out.append(p)
    return tuple(out)


# --- warnings ---------------------------------------------------------------------------


def _integer(number: str) -> int | None:
    m = re.fullmatch(r"(\d{1,6})(?:[A-Z]{0,2}| [a-z]{3,9})", number)
    return int(m.group(1)) if m else None


def _warnings(provisions: tuple[Provision, ...], structure: _Structure,
              lines: _Lines) -> tuple[SegmentWarning, ...]:
    out: list[SegmentWarning] = []
    body = [p for p in provisions if p.ref != "Preamble" and p.number
            and not p.ref.startswith(("Schedule", "Annex", "Appendix"))]
    seen: Counter[str] = Counter()
    for p in body:
        seen[p.ref] += 1
        if seen[p.ref] == 2:
            out.append(SegmentWarning("duplicate-ref", p.ref,
                               f"{p.ref} appears more than once (line {p.start_line})"))
    previous: Provision | None = None
    for p in body:
        number = _integer(p.number)
        if previous is not None and number is not None:
            before = _integer(previous.number)
            same_kind = previous.ref.split()[0] == p.ref.split()[0]
            if before is not None and same_kind and number > before + 1:
                missing = (f"{before + 1}" if number == before + 2
                           else f"{before + 1}-{number - 1}")
                out.append(SegmentWarning("numbering-gap", p.ref,
                                   f"numbering jumps from {previous.ref} to {p.ref}: "
                                   f"{missing} not found"))
        previous = p if number is not None else previous
    refs = {p.ref for p in provisions}
    missing_entries = [ref for ref in structure.contents if ref not in refs]
    if missing_entries:
        shown = ", ".join(missing_entries[:5]) + (" ..." if len(missing_entries) > 5 else "")
        out.append(SegmentWarning("contents-missing", "",
                           f"{len(missing_entries)} contents entries not found as provisions:"
                           f" {shown}"))
    if len(body) >= 5:
        typical = median(len(p.text) for p in body)
        for p in body:
            if len(p.text) > max(LONG_FACTOR * typical, LONG_MINIMUM):
                out.append(SegmentWarning("long-provision", p.ref,
                                   f"{p.ref} is {len(p.text) / typical:.0f} times the median "
                                   "length: it may hold provisions whose headings were missed"))
    starts = [p.start_line for p in provisions]
    for h in structure.suspicious:
        line = lines.origin[h.at] + 1
        k = bisect_right(starts, line) - 1
        holder = provisions[k] if k >= 0 and line <= provisions[k].end_line else None
        if holder is not None and holder.ref != "Preamble":
            out.append(SegmentWarning("heading-in-text", holder.ref,
                                      f"line {line} looks like the heading of {h.ref} but "
                                      f"lies inside {holder.ref}"))
    return _capped(out)


def _capped(warnings: list[SegmentWarning]) -> tuple[SegmentWarning, ...]:
    """At most ``MAX_WARNINGS`` of each code, then one that counts the rest."""
    seen: Counter[str] = Counter(w.code for w in warnings)
    kept: Counter[str] = Counter()
    out = []
    for w in warnings:
        kept[w.code] += 1
        if kept[w.code] <= MAX_WARNINGS:
            out.append(w)
        elif kept[w.code] == MAX_WARNINGS + 1:
            out.append(SegmentWarning(w.code, "", f"... and {seen[w.code] - MAX_WARNINGS} "
                                                  "more like this"))
    return tuple(out)
