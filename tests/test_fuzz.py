"""Fuzzing the segmenter, the readers and the JSONL parser (hypothesis).

Two properties everywhere: nothing raises but cyberscope's own errors
(``cli.errors.CyberscopeError``), and what was read is not lost: every word of the
input is in the provisions the segmenter makes of the reader's text (or in their
chapters), every JSONL record comes back with its text and id.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cli.errors import CyberscopeError
from cli.grammar import clean_title
from cli.read import extract
from cli.read.jsonl import parse_jsonl
from cli.segment import Provision, is_furniture, segment
from tests.fixtures_docs import make_docx, make_html, make_markdown

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
WORD = re.compile(r"\w+")
DIVISION = re.compile(r"^\W*(?:chapter|part|title|book|division|subpart|sub-part|subchapter|"
                      r"section|sec\.?)\b", re.IGNORECASE)

# --- inputs ------------------------------------------------------------------------------

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
sentence = st.lists(words, min_size=1, max_size=12).map(" ".join)
number = st.one_of(st.integers(1, 300).map(str),
                   st.sampled_from(["I", "II", "IV", "IX", "XII", "7 bis", "3A", "12-1"]))
heading = st.builds(lambda kind, n, title: f"{kind} {n}{title}",
                    st.sampled_from(["Article", "ARTICLE", "Art.", "Section", "Sec.", "Clause",
                                     "Rule", "§", "Chapter", "CHAPTER", "Part", "Title"]),
                    number,
                    st.one_of(st.just(""), sentence.map(lambda s: f". {s.capitalize()}"),
                              sentence.map(lambda s: f" - {s.capitalize()}"),
                              sentence.map(lambda s: f": {s.capitalize()}")))
numbered = st.builds(lambda n, s: f"{n}. {s.capitalize()}", st.integers(1, 40), sentence)
lettered = st.builds(lambda c, s: f"({c}) {s}", st.sampled_from("abcdefgh"), sentence)
furniture = st.sampled_from(["17", "- 3 -", "Page 4 of 40", "A/AC.291/L.15", "\f", "iv"])
odd = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
line = st.one_of(heading, numbered, lettered, sentence, sentence.map(str.capitalize),
                 furniture, st.just(""), odd)
any_text = st.lists(line, max_size=40).map("\n".join)
# plain drafts: only words and headings, so that every word must come out again
plain_line = st.one_of(heading, numbered, lettered, sentence.map(str.capitalize), st.just(""))
plain_text = st.lists(plain_line, min_size=1, max_size=25).map("\n".join)


def _visible(text: str) -> str:
    """``text`` as a reader sees it: no form feeds (page breaks) or format characters
    (soft hyphens, zero-width spaces), blank space collapsed, composed (NFC)."""
    text = text.replace("\f", "")
    text = " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())
    return unicodedata.normalize("NFC", text)


def _tokens(text: str) -> Counter[str]:
    return Counter(w.casefold() for w in WORD.findall(text))


def _covered(provisions: tuple[Provision, ...]) -> Counter[str]:
    out: Counter[str] = Counter()
    for p in provisions:
        out += _tokens(p.text)
    for chapter in dict.fromkeys(p.chapter for p in provisions if p.chapter):
        out += _tokens(chapter)
    return out


def _provision_lines(source: str) -> list[str]:
    """The lines whose words must reach a provision: not page furniture, not division
    headings and not the line after one (its possible title), which name chapters (a
    division with no provision under it labels nothing)."""
    kept, after_division = [], False
    for raw in source.split("\n"):
        if not raw.strip():
            continue
        division = bool(DIVISION.match(raw.strip()))
        if not division and not after_division and not is_furniture(raw):
            kept.append(raw)
        after_division = division
    return kept


def _missing(source: str, provisions: tuple[Provision, ...]) -> Counter[str]:
    """Words of ``source``'s provision lines that no provision or chapter holds."""
    return _tokens("\n".join(_provision_lines(source))) - _covered(provisions)


# --- the segmenter --------------------------------------------------------------------------


@SETTINGS
@given(any_text)
def test_segmenter_keeps_every_line(text: str) -> None:
    """Every line that is not page furniture lies in a provision that holds it, except
    division headings (and the title line after one, past blank lines and furniture),
    which become chapters, and an unnumbered heading alone between blank lines above a
    provision, which becomes the chapter of the provisions below it. Lines are
    compared as the segmenter reads them (NFC)."""
    seg = segment(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    spans = [(p.start_line, p.end_line, p.text) for p in seg.provisions]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))
    chapters = {_visible(p.chapter) for p in seg.provisions if p.chapter}
    after_division = False
    running = _running_headers(lines)
    for i, raw in enumerate(lines, 1):
        content = _visible(raw)
        if not content or is_furniture(raw) or i in running:
            continue
        if DIVISION.match(content) or after_division:
            after_division = DIVISION.match(content) is not None
            continue
        if _visible(clean_title(content)) in chapters and not any(
                start <= i <= end for start, end, _ in spans):
            assert any(c.isalpha() for c in content), (i, raw)  # never a bare number
            continue
        holders = [t for start, end, t in spans if start <= i <= end]
        assert len(holders) == 1, (i, raw, spans)
        assert content in _visible(holders[0]), (i, raw)


def _running_headers(lines: list[str]) -> set[int]:
    """Line numbers of what the segmenter may drop as a running header: a line of five
    words or more (digits aside) opening two pages or more."""
    opening: dict[str, list[int]] = {}
    new_page = True
    for i, raw in enumerate(lines, 1):
        if "\f" in raw:
            new_page = True
        if raw.replace("\f", "").strip() and new_page:
            key = re.sub(r"\d+", "#", " ".join(raw.replace("\f", "").lower().split()))
            opening.setdefault(key, []).append(i)
            new_page = False
    return {i for key, at in opening.items() if len(at) >= 2 and len(key.split()) >= 5
            for i in at}


@SETTINGS
@given(plain_text)
def test_segmenter_loses_no_word(text: str) -> None:
    assert not _missing(text, segment(text).provisions)


# --- the readers: arbitrary input raises nothing but the tool's errors ---------------------


@SETTINGS
@given(st.one_of(any_text, odd, st.text(alphabet="<>/!?-[]='\"&;#ax \n", max_size=200)))
def test_markdown_and_html_readers_never_crash(text: str) -> None:
    for fmt in ("markdown", "html"):
        with contextlib.suppress(CyberscopeError):
            extract(fmt, text.encode("utf-8"))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_readers_of_arbitrary_bytes_raise_only_their_own_errors(data: bytes) -> None:
    for fmt in ("markdown", "html", "docx", "pdf"):
        with contextlib.suppress(CyberscopeError):
            extract(fmt, data)


# --- the readers: what a draft says comes out in its provisions ----------------------------


def _read_and_segment(fmt: str, data: bytes) -> tuple[Provision, ...]:
    return segment(extract(fmt, data).text).provisions


@SETTINGS
@given(plain_text)
def test_markdown_reader_loses_no_word(text: str) -> None:
    assume(text.strip())
    markup = make_markdown(text)
    assert not _missing(text, _read_and_segment("markdown", markup.encode()))


@SETTINGS
@given(plain_text)
def test_html_reader_loses_no_word(text: str) -> None:
    assume(text.strip())
    assert not _missing(text, _read_and_segment("html", make_html(text).encode()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_text, st.booleans())
def test_docx_reader_loses_no_word(text: str, auto_number: bool) -> None:
    assume(text.strip())
    data = make_docx(text, auto_number=auto_number, table=False, header=None)
    assert not _missing(text, _read_and_segment("docx", data))


# --- the JSONL parser -------------------------------------------------------------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(),
                         st.floats(allow_nan=False, allow_infinity=False), odd)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(odd, inner, max_size=4)), max_leaves=12)


@SETTINGS
@given(st.lists(st.fixed_dictionaries(
    {"text": sentence}, optional={"id": st.one_of(odd, st.integers(),
                                                  st.floats(allow_nan=False,
                                                            allow_infinity=False)),
                                  "extra": json_values}), min_size=1, max_size=8))
def test_jsonl_records_come_back_whole(records: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    parsed = parse_jsonl(text, "records.jsonl")
    assert [r.text for r in parsed] == [r["text"] for r in records]
    for k, (record, source) in enumerate(zip(parsed, records, strict=True), 1):
        # an id as given; where there is none, None or the reference "Record k"
        assert record.id == source["id"] if "id" in source else record.id in (None, f"Record {k}")
    assert [r.line for r in parsed] == list(range(1, len(records) + 1))


hostile_json = st.one_of(
    st.builds(lambda n: '{"text": ' + "[" * n + "]" * n + "}", st.integers(1, 200_000)),
    st.builds(lambda n, c: '{"text": "x", "a": ' + "[" * n + c, st.integers(1, 50_000),
              st.sampled_from(["", "1", "]", "}"])),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e999", '"\\ud800"',
                     '"\\udfff x"', '"\\ud83d\\ude00"', "1" * 5000, "0.1e-99999"]).map(
        lambda v: f'{{"id": {v}, "text": "A person who enters a computer system."}}'),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
)


@SETTINGS
@given(st.lists(hostile_json, min_size=1, max_size=3))
def test_jsonl_parser_raises_only_input_errors(lines: list[str]) -> None:
    try:
        records = parse_jsonl("\n".join(lines), "records.jsonl")
    except CyberscopeError as exc:
        assert "\n" not in str(exc)
        return
    for record in records:
        record.text.encode("utf-8")  # no lone surrogate
        if isinstance(record.id, str):
            record.id.encode("utf-8")
        json.dumps(record.id, allow_nan=False)  # finite numbers only


def test_jsonl_deep_nesting_is_an_input_error() -> None:
    with pytest.raises(CyberscopeError, match="line 1"):
        parse_jsonl('{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}", "r.jsonl")
