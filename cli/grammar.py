"""The grammar of drafts: headings, divisions, page furniture and footnote markers.

One module owns these patterns so that the segmenter (``cli.segment``) and every
reader (PDF line joining in ``cli.read.layout``, HTML, Markdown) see the same draft
the same way, whatever format it came in. Every pattern here runs on one line at a
time and has no nested quantifiers, so matching is linear in the line's length.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = [
    "ANNEX", "BODY_START", "CONTINUATION_END", "DIVISION", "ENACTING", "FOOTNOTE_LINE",
    "FOOTNOTE_MARKER", "FOOTNOTE_TAIL", "KEYWORD_HEADING", "KINDS",
    "MARKDOWN_FOOTNOTE_DEFINITION", "MARKDOWN_FOOTNOTE_REF", "NUMBERED", "NUMBER_WORDS",
    "OPEN_WORDS", "PARAGRAPH_SIGN", "QUALIFIER", "SENTENCE_WORD", "STATUTE_HEADING",
    "STATUTE_INLINE", "STATUTE_START", "STRONG_VERB", "SUFFIX", "TITLE_DASH", "clean_text",
    "clean_title", "is_edge_furniture", "is_furniture", "is_heading", "is_keyword_heading",
    "is_table_row", "split_glued_heading", "split_rest",
]

# --- numbers ---------------------------------------------------------------------------
SUFFIX = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|nonies|novies|decies)"
ARABIC = r"\d{1,4}[A-Za-z]{0,2}(?:[-.]\d{1,4}[A-Za-z]{0,2}){0,3}"
ROMAN = r"[IVXLC]{1,7}"
# Numbers written as words ("Article Three", "Article Twenty-One"): the pattern takes any
# capitalised word or pair, and the segmenter keeps only real numbers (a short pattern
# compiles faster, and compiling is a visible part of start-up).
WORD_NUMBER = r"[A-Z][a-z]{2,9}(?:-[A-Z][a-z]{2,5})?"
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "first second third fourth fifth sixth seventh eighth ninth tenth".split()
)
NUMBER = (rf"(?:{ARABIC}|{ROMAN}|\(\s*{ARABIC}\s*\)|{WORD_NUMBER})"
          rf"(?:\s*\(?\s*{SUFFIX}\s*\)?|\s+{SUFFIX})?")

# --- headings of provisions and divisions ----------------------------------------------
KINDS = {
    "article": "Article", "art.": "Article", "art": "Article", "artículo": "Article",
    "section": "Section", "sec.": "Section", "sect.": "Section", "s.": "Section",
    "clause": "Clause", "rule": "Rule", "regulation": "Regulation",
}
KEYWORD_HEADING = re.compile(
    rf"^#{{0,6}}\s*(?P<kind>Article|ARTICLE|Art\.|ART\.|Artículo|ARTÍCULO|Section|SECTION|"
    rf"Sec\.|SEC\.|Sect\.|Clause|CLAUSE|Rule|RULE|Regulation|REGULATION)"
    rf"\s*(?P<num>{NUMBER})(?P<rest>(?:[\s.:(\-–—*\[].*)?)$"
)
PARAGRAPH_SIGN = re.compile(
    rf"^#{{0,6}}\s*§§?\s*(?P<num>{ARABIC}(?:\s+{SUFFIX})?)(?P<rest>(?:[\s.:(\-–—*].*)?)$"
)
STATUTE_HEADING = re.compile(r"^#{0,6}\s*(?P<num>\d{1,4}[A-Z]{0,3})\.(?P<rest>\s+\S.*)$")
# "3.—(1) A person..." and "3. (1) A person...": a section whose body starts on its line
STATUTE_INLINE = re.compile(
    r"^#{0,6}\s*(?P<num>\d{1,4}[A-Z]{0,3})\.\s*(?:[—–]+\s*|(?=\((?:1|a)\)\s))(?P<rest>\S.*)$"
)
# A line that may open a statute section, as typeset text shows it ("3. Title", "3.—(1)")
STATUTE_START = re.compile(r"^\d{1,4}[A-Z]{0,3}\.(?:\s*[—–]|\s+[A-Z\"“'‘(])")
DIVISION = re.compile(
    rf"^#{{0,6}}\s*(?P<kind>Chapter|CHAPTER|Part|PART|Title|TITLE|Book|BOOK|Division|DIVISION|"
    rf"Subpart|SUBPART|Sub-Part|SUB-PART|Subchapter|SUBCHAPTER)\s+"
    rf"(?P<num>{ARABIC}|{ROMAN}|[A-Z]|ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|One|Two|"
    rf"Three|Four|Five|Six|Seven|Eight|Nine|Ten)(?P<rest>(?:[\s.:\-–—].*)?)$"
)
# Schedules and annexes: "SCHEDULE", "Schedule 2 - Penalties", "FIRST SCHEDULE", "ANNEX I".
# After the provisions, one stands for all the text below it (its rows start nothing).
ANNEX = re.compile(
    r"^#{0,6}\s*(?:(?:FIRST|SECOND|THIRD|First|Second|Third)\s+)?"
    r"(?P<kind>SCHEDULE|Schedule|ANNEX|Annex|APPENDIX|Appendix)"
    r"(?:\s*(?P<num>\d{1,3}|[IVXLC]{1,6}|[A-Z])(?![A-Za-z]))?(?P<rest>(?:[\s.:\-–—].*)?)$"
)
# Numbered paragraphs, lettered items and bullets: each opens a line of its own.
NUMBERED = re.compile(
    r"^(?:\(?\d{1,3}[.)]\s|\(\d{1,3}\)|\([a-z]{1,2}\)|\([ivxlc]{1,6}\)|[a-z][.)]\s|"
    r"\([A-Z]\)|[•▪◦‣·●■–—-]\s)"
)

# --- the words around headings ---------------------------------------------------------
# The formula that ends the preamble: what stands above it is title page and contents.
ENACTING = re.compile(
    r"^\s*(?:(?:NOW,?\s+)?(?:THEREFORE,?\s+)?(?:BE IT|Be it|BE it) (?:FURTHER )?"
    r"(?:ENACTED|enacted)|ENACTED by|IT IS HEREBY ENACTED"
    r"|HA(?:VE|S) ADOPTED TH(?:IS|E PRESENT) [A-Z]+|HAVE AGREED AS FOLLOWS|Have agreed as follows)"
)
# "Punishment for theft.—Whoever...": a title ended by a dash, then the body
# (the dash touches the title: "Protocol — Enhanced..." is a title with a dash in it)
TITLE_DASH = re.compile(r"^(?P<title>[^—–]{2,200}?\S)[.:,]?[—–]+\s*(?P<body>\S.*)$")
# "Article 43 (2nd Protocol). Title"
QUALIFIER = re.compile(r"^\s*\((?P<q>[^()]{1,30})\)\s*[.:\-–—]\s*(?P<title>\S.*)$")
SENTENCE_WORD = re.compile(r"\b(?:shall|must|may|is|are|means|includes|has|have|will)\b")
BODY_START = re.compile(
    r"^(?:An?y? (?:person|individual|body)|Every (?:person|one)|Whoever|Where|If|No person|"
    r"Subject to|Notwithstanding|Nothing in|In this|Except|For the purposes)\b"
)
STRONG_VERB = re.compile(r"\b(?:shall|must)\b")
CONTINUATION_END = re.compile(r"[a-z,]$")
OPEN_WORDS = frozenset("in of to under by with and or the see per than from and/or a an".split())
# A row of a table: cells apart by a tab, a wide gap or a bar
TABLE_ROW = re.compile(r"\S(?:\t| {3,}| \| )\S")

# --- page furniture --------------------------------------------------------------------
_MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|"
           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_DISTRIBUTION = (r"Distr\.?:?\s*(?:General|GENERAL|Limited|LIMITED|Restricted|RESTRICTED)"
                 r"|Original:?\s*(?:English|French|Spanish|Arabic|Russian|Chinese)")
# A whole line of furniture, wherever it stands: page numbers ("3", "- 3 -", "Page 3 of
# 12", "iv"), document symbols ("A/AC.291/L.15"), distribution and language marks, dates.
FURNITURE = re.compile(
    r"^\s*(?:"
    r"(?:[Pp]age|PAGE|p\.)?\s*[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[A-Z]{1,8}(?:/[A-Z0-9][A-Za-z0-9.\-()]{0,24}){2,8}(?:\s+\S+){0,2}"
    rf"|{_DISTRIBUTION}"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}"  # a date alone on a line
    r")\s*$"
)
# Tokens of furniture in a page's top and foot lines: dates and job numbers too. Only
# PDF pages have such lines: compiled on first use, as compiling it takes milliseconds.
_FURNITURE_TOKEN = (
    r"(?:"
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b"  # 12 May 2024
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}\b"  # May 12, 2024
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"  # 2024-05-12, 12.05.2024
    r"|\b[A-Z]{1,10}(?:/[A-Z0-9][A-Za-z0-9.\-()]*){2,}"  # A/AC.291/L.15
    r"|\b(?:[A-Z]\.)?\d{2}-\d{4,6}\b(?:\s*\([A-Z]\))?"  # V.24-01234 (E)
    r"|\*\d{6,8}\*"  # bar code text
    r"|(?:(?:\bPage|\bPAGE|\bpage|\bp\.)\s*)?(?:[-–—]\s*)?\b\d{1,4}\b(?:\s*[-–—])?"
    r"(?:\s*(?:of|/)\s*\d{1,4}\b)?"  # page numbers: 3, - 3 -, Page 3 of 40, 3/40
    r"|\b[ivxlc]{1,6}\b"  # front-matter page numbers
    rf"|\b(?:{_DISTRIBUTION})\b"
    r")"
)
_FURNITURE_LEFTOVER = " \t|-–—,.:;·•()[]"

# --- footnote markers ------------------------------------------------------------------
# A superscript run or element that is only a marker: "1", "[2]", "(3)", "*", "†".
FOOTNOTE_MARKER = re.compile(r"^\s*(?:\[?\d{1,3}\]?|\(\d{1,3}\)|[*†‡]+)\s*$")
# The first line of a footnote at a page's foot.
FOOTNOTE_LINE = re.compile(r"^(?:\d{1,3}|\*+|[†‡]|\[\d{1,3}\])(?:\s|$)")
# A marker left at the end of a heading's title: "Illegal access1", "Title [2]", "Title*".
FOOTNOTE_TAIL = re.compile(r"(?:(?<=[a-z)])\d{1,2}|\s*\[\d{1,3}\]|\*+)$")
MARKDOWN_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
MARKDOWN_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]]+\]:")


@cache
def _furniture_token() -> re.Pattern[str]:
    return re.compile(_FURNITURE_TOKEN)


def is_furniture(line: str) -> bool:
    """True for a line of page furniture: page numbers, document symbols, distribution
    marks and dates alone on a line; form feeds aside."""
    stripped = line.replace("\f", "").strip()
    return bool(stripped) and len(stripped) < 80 and FURNITURE.match(stripped) is not None


def is_edge_furniture(text: str) -> bool:
    """True for a line at a page's top or foot made only of furniture tokens: page
    numbers, document symbols, dates, job numbers and the like."""
    if not text.strip():
        return False
    rest = _furniture_token().sub(" ", text)
    return not rest.strip(_FURNITURE_LEFTOVER)


def clean_title(raw: str) -> str:
    """A heading's title without emphasis, brackets, footnote markers and end stops."""
    title = raw.strip().strip("*_").strip()
    if title.startswith("(") and title.endswith(")"):
        title = title[1:-1]
    title = FOOTNOTE_TAIL.sub("", title).strip()
    return title.rstrip(".:;").strip()


def split_rest(rest: str) -> tuple[str, bool]:
    """Title of a heading from what follows its number; False when it is no heading."""
    rest = rest.strip()
    if not rest:
        return "", True
    if rest[0] in ".:-–—":
        return clean_title(re.sub(r"^[.:]?\s*[-–—]*\s*", "", rest)), True
    if rest[0] in "([":
        after = re.sub(r"^[(\[][^)\]]*[)\]]\s*", "", rest)
        if after and (after[0].islower() or after[0] in ",;"):
            return "", False  # "article 83(1) thereof," is a cross-reference
        return clean_title(rest), True
    if rest[0] == "*":
        return clean_title(rest), True
    first = rest.split()[0]
    if first[0].islower() or first[0] in ",;":
        return "", False  # a cross-reference inside running text
    return clean_title(rest), True


def is_keyword_heading(line: str) -> bool:
    """True for a heading named by a keyword or sign: ``Article 5 novies``, ``Chapter II``,
    ``Subchapter 2``, ``§ 202c``, ``Annex 1``; not for a cross-reference (``Article 5 of``)."""
    line = line.strip()
    m = (KEYWORD_HEADING.match(line) or PARAGRAPH_SIGN.match(line) or DIVISION.match(line)
         or ANNEX.match(line))
    return m is not None and split_rest(m["rest"])[1]


def is_heading(line: str) -> bool:
    """True for a line that opens a provision, a division or an annex in typeset text."""
    return is_keyword_heading(line) or STATUTE_START.match(line.strip()) is not None


_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_GLUED = re.compile(
    rf"(?<=[a-z)][.;:])\s+(?P<head>(?:Article|ARTICLE|Section|SECTION|Chapter|CHAPTER|Part|PART|"
    rf"Subchapter|SUBCHAPTER|Division|DIVISION)\s+(?:{ARABIC}|{ROMAN})(?:\s+{SUFFIX})?)\s*$"
)


def clean_text(line: str) -> str:
    """A line with ligatures spelt out and soft hyphens and zero-width characters removed."""
    if line.isascii():
        return line
    for ligature, letters in _LIGATURES.items():
        if ligature in line:
            line = line.replace(ligature, letters)
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", line))


def is_table_row(line: str) -> bool:
    """True for a row of a table: cells apart by a tab, a wide gap or a bar."""
    return TABLE_ROW.search(line.strip()) is not None


def split_glued_heading(line: str) -> list[str]:
    """A line ending in a bare heading after a finished sentence, as text extracted from
    PDFs leaves it ("...an offence. Article 5 novies"), as two lines; else the line."""
    if len(line) < 12 or not line.rstrip()[-1:].isalnum():
        return [line]
    m = _GLUED.search(line)
    if m is None:
        return [line]
    before = line[:m.start()]
    if len(before.split()) < 4 or is_heading(before):
        return [line]
    return [before, m["head"]]
