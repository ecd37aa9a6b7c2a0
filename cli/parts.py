"""Split a provision's text into its parts: subsections, paragraphs, items.

A part starts at an enumeration marker — ``(1)``, ``(a)``, ``(i)``, ``(A)``, ``(I)``,
inserted ones such as ``(1A)``, ``(b.1)`` or ``(iii.01)``, bare ``a)`` and ``1)``, and
``1.`` at the start of a line — and runs to the next part. Markers may stand at the
start of a line or inside running text (many real statutes are one line per
section), nest as in US codes (``(a)(2)(B)``) and follow a Commonwealth section number
(``3.—(1)``). A marker is taken as a part only where it continues the numbering of
a level already open (``(b)`` after ``(a)``) or opens a new level with its first value
(``(1)``, ``(a)``, ``(i)``); cross-references (``subsection (3)``, ``184.2(3)``,
``paragraphs (a) and (b)``) are left in the text. The text before the first marker
(heading and chapeau) is the part with ref ``""``.

The parts cover the text in order without overlap: their texts joined give the
provision back. Each part knows its parent (the part whose chapeau introduces it),
so a part can be read with the words that govern it (``context``). One pass over
the markers with a stack of open levels: linear in the text's length.
"""

import re
from typing import NamedTuple

__all__ = ["Part", "context", "split_parts"]

# "(1)", "(1A)", "(2.1)", "(a)", "(aa)", "(b.1)", "(iv)", "(A)", "(IV)"; bare "a)" and "1)"
# after white space; "1." at the start of a line.
MARKER = re.compile(
    r"\((?P<p>\d{1,3}[A-Z]{0,2}(?:\.\d{1,2})?|[a-z]{1,5}(?:\.\d{1,2})?|[A-Z]{1,5}(?:\.\d{1,2})?)\)"
    r"|(?<![^\s])(?P<b>\d{1,2}|[a-z])\)(?=\s)"
    r"|(?:^|(?<=\n))[ \t]*(?P<n>\d{1,2})\.(?=[ \t]+[A-Z\"“(])",
)
ROMAN = re.compile(r"^(?=[ivxlc])(?:x{0,3}|xl|lx{0,3})(?:ix|iv|v?i{0,3})$")
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
# Words that make the marker after them a cross-reference, not a part.
REFERENCE_WORDS = frozenset(
    "subsection subsections sub-section sub-sections paragraph paragraphs subparagraph "
    "subparagraphs sub-paragraph sub-paragraphs clause clauses subclause subclauses section "
    "sections item items article articles art arts para paras subpara subparas subs cl s ss "
    "sec secs rule rules regulation regulations schedule".split()
)
LIST_WORDS = frozenset("and or to through nor".split())
CHAPEAU_END = re.compile(r"(?:[:—–]|--|-)\s*$")
STRONG_BEFORE = re.compile(r"(?:^|\n|[.;:—–\-]\s*|[;,]\s*(?:and|or)\s+)[ \t]*$")
WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z\-]*)(\.?)[ \t]*$")
ABBREVIATIONS = frozenset("s ss sec secs art arts para paras subpara subparas subs cl".split())
LOOKBEHIND = 40  # characters of text before a marker that decide whether it starts a part
MAX_GAP = 3  # a part may skip this many numbers (repealed subsections) after a clear boundary


class Part(NamedTuple):
    """One part of a provision: its ref, where it stands, and its own text.

    ``start``/``end`` are character offsets into the provision's text; ``start_line`` and
    ``end_line`` count lines from the provision's first line (0). ``parent`` is the index
    of the part that introduces this one (its chapeau), or -1.
    """

    ref: str
    start: int
    end: int
    start_line: int
    end_line: int
    text: str
    parent: int


class _Level(NamedTuple):
    kind: str  # "digit", "lower", "roman", "upper", "uroman"
    value: int
    label: str  # the marker as written, "(a)", for refs


def _roman(s: str) -> int | None:
    """The value of a lower-case roman numeral up to 399, or None."""
    if not ROMAN.match(s):
        return None
    total = 0
    for a, b in zip(s, [*s[1:], ""], strict=True):
        v = ROMAN_VALUES[a]
        total += -v if b and ROMAN_VALUES[b] > v else v
    return total


def _letters(s: str) -> int | None:
    """'a' -> 1, 'z' -> 26, 'aa' -> 27, 'bb' -> 28: repeated letters continue the series."""
    if len(set(s)) != 1:
        return None
    return (len(s) - 1) * 26 + ord(s[0]) - ord("a") + 1


def _candidates(raw: str) -> list[tuple[str, int, bool]]:
    """The (kind, value, inserted) readings of a marker's text."""
    base, dot, _ = raw.partition(".")
    inserted = bool(dot)
    if base[0].isdigit():
        digits = base.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return [("digit", int(digits), inserted or digits != base)]
    out: list[tuple[str, int, bool]] = []
    kind, roman_kind, low = ("lower", "roman", base) if base.islower() else \
        ("upper", "uroman", base.lower())
    if (r := _roman(low)) is not None:
        out.append((roman_kind, r, inserted))
    if (n := _letters(low)) is not None:
        out.append((kind, n, inserted))
    return out


def _is_reference(before: str, prev_end: int, start: int) -> bool:
    """Whether the text before a marker makes it a cross-reference."""
    if not before:
        return False
    last = before[-1]
    if last == ")":
        return prev_end != start  # "(a)(1)" nests only right after an accepted marker
    if last.isalnum() or last in ".’'\"”/":
        return not STRONG_BEFORE.search(before)
    m = WORD_BEFORE.search(before)
    if m is None:
        return False
    word = m.group(1).lower()
    if m.group(2) and word not in ABBREVIATIONS:
        return False  # a sentence ended: "... of this section. (b) Whoever"
    if word in REFERENCE_WORDS:
        return True
    if word in LIST_WORDS or before.rstrip().endswith(","):
        # "(a) and (b)", "(a), (b)": a list of references, unless a clause ended before it
        head = before[: m.start()].rstrip() if word in LIST_WORDS else before.rstrip()[:-1]
        return head.endswith(")") and not head.endswith(";")
    return False


def _choose(cands: list[tuple[str, int, bool]], stack: list[_Level], strong: bool,
            chapeau: bool) -> tuple[int, str, int] | None:
    """Where a marker goes: (depth, kind, value), or None when it starts no part."""
    continuing: list[tuple[int, str, int]] = []
    for kind, value, inserted in cands:
        for depth in range(len(stack) - 1, -1, -1):
            level = stack[depth]
            if level.kind != kind:
                continue
            step = value - level.value
            if (inserted and step == 0) or (not inserted and step == 1) or \
                    (strong and not inserted and 1 < step <= MAX_GAP):
                continuing.append((depth, kind, value))
            break
    opening = [(len(stack), kind, value) for kind, value, inserted in cands
               if value == 1 and not inserted and all(lv.kind != kind for lv in stack)]
    if continuing and opening and chapeau:
        return opening[0]  # "(h) ... any of the following: (i)": items open under (h)
    if continuing:
        return max(continuing)  # the deepest level that continues
    return opening[0] if opening else None


def split_parts(text: str) -> list[Part]:
    """The parts of a provision, in order, covering ``text`` exactly."""
    starts: list[tuple[int, str, int]] = [(0, "", -1)]  # (offset, ref, parent index)
    stack: list[_Level] = []
    owners: list[int] = []  # for each open level, the index (in starts) of its part
    prev_end = -1
    first_line_end = text.find("\n")
    for m in MARKER.finditer(text):
        raw = m.group("p") or m.group("b") or m.group("n")
        start = m.start("n") if m.group("n") else m.start()
        if m.group("n") and (first_line_end < 0 or start < first_line_end):
            continue  # "3. Unauthorised access": the heading's number, not a paragraph
        before = text[max(0, start - LOOKBEHIND):start]
        if _is_reference(before, prev_end, start):
            continue
        strong = bool(STRONG_BEFORE.search(before)) or (bool(before) and before[-1] == ")")
        chapeau = bool(CHAPEAU_END.search(before))
        label = f"({raw})"
        place = _choose(_candidates(raw), stack, strong, chapeau)
        if place is None:
            continue
        depth, kind, value = place
        del stack[depth:], owners[depth:]
        stack.append(_Level(kind, value, label))
        ref = "".join(level.label for level in stack)
        if prev_end == start and _only_markers(text[starts[-1][0]:start]):
            # "(a)(1) Whoever": one part, (a)(1), starting at "(a)"
            offset, _, parent = starts[-1]
            starts[-1] = (offset, ref, parent)
        elif start == 0:  # the text opens with its first part: no preamble
            starts[0] = (0, ref, -1)
        else:
            starts.append((start, ref, owners[-1] if owners else 0))
        owners.append(len(starts) - 1)
        prev_end = m.end()
    return _parts(text, starts)


def _only_markers(s: str) -> bool:
    """True for text made only of adjacent markers, such as "(a)" or "(a)(1)"."""
    return bool(re.fullmatch(r"(?:\([0-9A-Za-z.]{1,8}\))+", s))


def _parts(text: str, starts: list[tuple[int, str, int]]) -> list[Part]:
    parts: list[Part] = []
    line = 0
    for k, (start, ref, parent) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        chunk = text[start:end]
        body = chunk.rstrip()
        last_line = line + body.count("\n")
        parts.append(Part(ref, start, end, line, last_line, chunk, parent))
        line += chunk.count("\n")
    return parts


def context(parts: list[Part], k: int) -> str:
    """Part ``k`` read with the chapeaux that govern it: its ancestors' own text, then its
    own (the heading and any ``Whoever—`` stand in the first part, the root)."""
    chain = [parts[k].text]
    p = parts[k].parent
    while p >= 0:
        chain.append(parts[p].text)
        p = parts[p].parent
    return " ".join(reversed(chain))
