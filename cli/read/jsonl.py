"""Pre-split provisions given as JSON lines, turned into provisions at the edge."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, BinaryIO, NamedTuple

from cli.errors import InputError
from cli.read import read_text_digest, source_name
from cli.read.decode import strip_bom
from cli.segment import Provision

__all__ = ["EXTENSIONS", "JsonlInput", "JsonlRecord", "iter_json_lines", "looks_like_jsonl",
           "parse_jsonl", "read_jsonl"]

EXTENSIONS = (".jsonl", ".ndjson")


class JsonlRecord(NamedTuple):
    """One pre-split provision of a JSONL input."""

    line: int
    id: str | int | float | None  # as the record gives it
    text: str


class JsonlInput(NamedTuple):
    """The provisions of a JSONL input, with each record's ``id`` as given."""

    source: str
    provisions: tuple[Provision, ...]
    record_ids: tuple[Any, ...]
    sha256: str = ""  # of the bytes read


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number in standard JSON")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:24]} is out of range")
    return value


def iter_json_lines(text: str, source: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; errors name the line and why.

    Only standard JSON is read: NaN, Infinity and numbers out of a float's range are
    refused, so that whatever is echoed back is valid JSON."""
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, parse_constant=_refuse_constant, parse_float=_finite)
        except RecursionError:
            raise InputError(f"{source}, line {no}: not valid JSON (nested too deeply)") from None
        except ValueError as exc:
            raise InputError(f"{source}, line {no}: not valid JSON ({exc})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{source}, line {no}: expected a JSON object with a \"text\" field")
        yield no, obj


def parse_jsonl(text: str, source: str) -> list[JsonlRecord]:
    """Records of a JSONL input, each with a ``text`` and an optional ``id``."""
    records = []
    for no, obj in iter_json_lines(text, source):
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            raise InputError(f"{source}, line {no}: the record has no \"text\" string")
        rid = obj.get("id")
        if rid is not None and not isinstance(rid, str | int | float):
            raise InputError(f"{source}, line {no}: \"id\" must be a string or a number")
        for name, value in (("text", body), ("id", rid)):
            if isinstance(value, str) and not _encodable(value):
                raise InputError(f"{source}, line {no}: \"{name}\" holds a lone surrogate "
                                 "escape (such as \\ud800), which is not a character")
        records.append(JsonlRecord(no, rid, body))
    if not records:
        raise InputError(f"{source}: holds no JSONL records")
    return records


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def looks_like_jsonl(data: bytes) -> bool:
    """Whether ``data`` holds JSON lines: its first non-blank line is a JSON object with
    a ``text`` field (no draft starts so)."""
    body, encoding = strip_bom(data[:65536])
    head = body.decode(encoding or "utf-8", errors="replace").lstrip()
    first = head.split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        obj = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and "text" in obj


def read_jsonl(path: str, stdin: BinaryIO | None = None) -> JsonlInput:
    """The records of a JSONL file (or standard input) as provisions, one per line.

    A record's ``id`` becomes its reference ("Record k" where it has none)."""
    source = source_name(path)
    text, digest = read_text_digest(path, stdin)
    records = parse_jsonl(text, source)
    ids = tuple(f"Record {k}" if r.id is None else r.id for k, r in enumerate(records, 1))
    provisions = tuple(
        Provision(ref=str(rid), number=str(k), title="", chapter=None, start_line=r.line,
                  end_line=r.line, text=r.text)
        for k, (r, rid) in enumerate(zip(records, ids, strict=True), 1))
    return JsonlInput(source, provisions, ids, digest)
