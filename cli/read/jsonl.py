"""Pre-split provisions given as JSON lines: whole, or as a stream of blocks.

A JSONL input of any size is read as a stream (``read_blocks``): blocks of whole lines,
each headed by its first line and record numbers, parsed where they are scored
(``parse_block``); only one block and one line are held at a time, so there is no size
cap. Lines end in ``\\n`` (or ``\\r\\n``); the bytes are UTF-8, with or without a
byte-order mark, and a line that is not UTF-8 is read as Windows-1252 (other
byte-order marks are refused). A line holding only ASCII whitespace is blank and
skipped; records are numbered from 1 among the others, and a record without an
``id`` is called "Record N". Every error names the line and why: not JSON, not an
object, no ``text`` string, an ``id`` that is neither a string nor a number, a number
that is not finite, an unpaired surrogate, nesting too deep, a line over 20 MB.
"""

from __future__ import annotations

import json
import struct
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, NamedTuple

from cli.errors import InputError
from cli.read.decode import looks_binary, strip_bom

__all__ = ["BLOCK", "FIRST_BLOCK", "MAX_LINE", "Record", "StreamStats",
           "iter_block", "iter_json_lines", "iter_records", "looks_like_jsonl", "make_record",
           "open_jsonl", "parse_block", "parse_jsonl", "parse_line", "peek_stdin",
           "read_blocks"]

PEEK = 65536  # bytes of standard input looked at to tell JSON lines from a draft

FIRST_BLOCK = 16 * 1024  # bytes: about 35 records, scored here before any worker starts
BLOCK = 256 * 1024  # bytes: about 550 records, some 70 ms of a worker's time
MAX_LINE = 20 * 1024 * 1024  # one record may be as large as a whole draft, no larger
ASCII_SPACE = " \t\n\r\x0b\x0c"
_HEADER = struct.Struct("<QQ")  # a block's first line number and first record number
_BOMS = {b"\xff\xfe\x00\x00": "utf-32", b"\x00\x00\xfe\xff": "utf-32", b"\xff\xfe": "utf-16",
         b"\xfe\xff": "utf-16"}


class Record(NamedTuple):
    """One JSONL record: its line, its number among the records, its id and text."""

    line: int
    number: int
    id: str | int | float  # as given, else "Record N"
    text: str


class StreamStats:
    """What ``read_blocks`` has read so far; with ``digest``, the SHA-256 of its bytes."""

    def __init__(self, digest: bool = False) -> None:
        self.records = 0
        self.bytes = 0
        self._digest: Any = None
        if digest:
            from cli.artifact import sha256_object

            self._digest = sha256_object(b"")

    def feed(self, data: bytes) -> None:
        """Count ``data`` into the digest, when one was asked for."""
        if self._digest is not None:
            self._digest.update(data)

    @property
    def sha256(self) -> str:
        """The SHA-256 of every byte read, byte-order mark included ("" unless asked for)."""
        return "" if self._digest is None else self._digest.hexdigest()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is out of range")
    return value


_DECODER = json.JSONDecoder(parse_constant=_reject_constant, parse_float=_finite)


def _json_value(line: str, no: int, source: str) -> Any:
    """The JSON value of one line: standard JSON only; errors name the line and why."""
    try:
        return _DECODER.decode(line)
    except RecursionError:
        raise InputError(f"{source}, line {no}: not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise InputError(f"{source}, line {no}: not valid JSON ({exc})") from None


def parse_line(line: str, no: int, number: int, source: str) -> Record:
    """The record of one non-blank line; errors name the line and why."""
    return make_record(_json_value(line, no, source), no, number, source)


def make_record(obj: Any, no: int, number: int, source: str) -> Record:
    """The record of a decoded JSON value (of line ``no``), checked as ``parse_line`` does."""
    if not isinstance(obj, dict):
        raise InputError(f"{source}, line {no}: expected a JSON object with a \"text\" field")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{source}, line {no}: the record has no \"text\" string")
    rid = obj.get("id")
    if rid is None:
        rid = f"Record {number}"
    elif isinstance(rid, bool) or not isinstance(rid, str | int | float):
        raise InputError(f"{source}, line {no}: \"id\" must be a string or a number")
    elif isinstance(rid, float) and rid - rid != 0.0:
        raise InputError(f"{source}, line {no}: \"id\" is not a finite number")
    for value in (text, rid):
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(f"{source}, line {no}: holds an unpaired surrogate "
                                 "(\\ud800-\\udfff), which is not text") from None
    return Record(no, number, rid, text)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "\n".join(_decode_line(x) for x in data.split(b"\n"))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", "replace")


def iter_records(text: str, source: str, line: int = 1, number: int = 1) -> Iterator[Record]:
    """The records of JSONL text whose first line is ``line`` and first record ``number``."""
    for raw in text.split("\n"):
        if raw.strip(ASCII_SPACE):
            yield parse_line(raw, line, number, source)
            number += 1
        line += 1


def parse_jsonl(text: str, source: str) -> list[Record]:
    """The records of a whole JSONL text; none is an error."""
    records = list(iter_records(text, source))
    if not records:
        raise InputError(f"{source}: holds no JSONL records")
    return records


def iter_block(block: bytes, source: str) -> Iterator[Record]:
    """The records of a block made by ``read_blocks``, up to a bad line's error."""
    line, number = _HEADER.unpack_from(block)
    return iter_records(_decode(block[_HEADER.size:]), source, line, number)


def parse_block(block: bytes, source: str) -> list[Record]:
    """The records of a block made by ``read_blocks``."""
    return list(iter_block(block, source))


def iter_json_lines(text: str, source: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) of each non-blank line of labelled records (the corpus);
    errors name the line and why."""
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        obj = _json_value(line, no, source)
        if not isinstance(obj, dict):
            raise InputError(f"{source}, line {no}: expected a JSON object with a \"text\" field")
        yield no, obj


def _count_records(data: bytes) -> int:
    """Non-blank lines, by the same test as ``parse_block`` (ASCII whitespace only)."""
    return sum(map(bool, map(bytes.strip, data.split(b"\n"))))


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


def read_blocks(stream: BinaryIO, source: str, stats: StreamStats | None = None,
                first: int = FIRST_BLOCK, size: int = BLOCK) -> Iterator[bytes]:
    """Blocks of whole lines, each headed by its first line and record numbers.

    Reads as it goes: at most one block and one line are held at a time.
    """
    if stats is None:
        stats = StreamStats()
    read = getattr(stream, "read1", stream.read)
    buf = b""
    want = first
    line = number = 1
    start = True
    while True:
        data = read(want)
        stats.feed(data)
        if start and data:
            data = _check_start(data, source)
            start = False
        if data:
            buf += data
            if len(buf) < want:
                continue
            cut = buf.rfind(b"\n") + 1
            if not cut:  # inside a long line: read on, in larger reads
                if len(buf) > MAX_LINE:
                    raise InputError(f"{source}, line {line}: longer than "
                                     f"{MAX_LINE // (1024 * 1024)} MB")
                want = len(buf)
                continue
        else:
            cut = len(buf)
        if cut:
            body = buf[:cut]
            yield _HEADER.pack(line, number) + body
            line += body.count(b"\n")
            found = _count_records(body)
            number += found
            stats.records += found
            stats.bytes += cut
        if not data:
            return
        buf = buf[cut:]
        want = size


def _check_start(data: bytes, source: str) -> bytes:
    """The first bytes without a UTF-8 byte-order mark; other encodings are refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    for bom, encoding in _BOMS.items():
        if data.startswith(bom):
            raise InputError(f"{source}: JSONL in {encoding.upper()} is read only as a whole "
                             "draft; convert it to UTF-8")
    if looks_binary(data):
        raise InputError(f"{source}: looks like a binary file, not JSONL text")
    return data


class _Prefixed:
    """A binary stream that gives ``head``, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head = head
        self.stream = stream

    def read(self, n: int = -1) -> bytes:
        """Up to ``n`` bytes (all, if ``n`` is negative), fewer only at the end."""
        data = self.read1(n)
        if n is None or n < 0:
            return data + self.stream.read()
        return data + self.stream.read(n - len(data)) if len(data) < n else data

    def read1(self, n: int = -1) -> bytes:
        """Some bytes, at most ``n``: the rest of the head first."""
        if not self.head:
            return getattr(self.stream, "read1", self.stream.read)(n)
        if n is None or n < 0:
            n = len(self.head)
        data, self.head = self.head[:n], self.head[n:]
        return data


def peek_stdin(stream: BinaryIO) -> tuple[bool, BinaryIO]:
    """Whether ``stream`` (standard input) holds JSON lines (``looks_like_jsonl`` of its
    first line, read up to ``PEEK`` bytes), and a stream that gives all of it again."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    while len(head) < PEEK:
        data = read(PEEK - len(head))
        if not data:
            break
        head += data
        if b"\n" in head.lstrip():
            break
    return looks_like_jsonl(head), _Prefixed(head, stream)  # type: ignore[return-value]


@contextmanager
def open_jsonl(path: str, stdin: BinaryIO | None = None) -> Iterator[tuple[str, BinaryIO]]:
    """(source name, binary stream) of a JSONL file, or of standard input for ``-``."""
    from cli.read import STDIN, source_name

    if path == STDIN:
        if stdin is None and sys.stdin is None:
            raise InputError("standard input is closed; give a file, or '-' with input")
        yield source_name(path), stdin or sys.stdin.buffer
        return
    from cli.read import open_input

    with open_input(path) as fh:
        yield path, fh
