"""Read what the user gives: files of every kind, standard input, JSONL records."""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from cli.errors import InputError

__all__ = ["MAX_BYTES", "Document", "JsonlRecord", "decode_text", "iter_json_lines",
           "parse_jsonl", "read_document", "write_atomic"]

MAX_BYTES = 20 * 1024 * 1024
STDIN = "-"


class Document(NamedTuple):
    """The text of one input and where it came from."""

    source: str
    text: str
    extractor: str


class JsonlRecord(NamedTuple):
    """One pre-split provision of a JSONL input."""

    line: int
    id: str | int | float | None  # as the record gives it
    text: str


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\0" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """Text of a plain-text file and the encoding it was read in.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such; other
    bytes that are not UTF-8 are read as Windows-1252, the usual legacy encoding of
    drafts; binary content is refused.
    """
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding)), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise InputError(f"{source}: starts with a {encoding} byte-order mark "
                                 f"but is not valid {encoding}") from None
    if _looks_binary(data):
        raise InputError(f"{source}: looks like a binary file, not text; cyberscope reads "
                         "plain text, Markdown, HTML, DOCX and PDF")
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _normalise(data.decode("cp1252")), "cp1252"
    except UnicodeDecodeError:
        raise InputError(f"{source}: is neither UTF-8 nor Windows-1252 text; "
                         "save it as UTF-8 and try again") from None


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _read_limited(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{source}: is larger than {_size(max_bytes)}, the most cyberscope "
                         "reads at once; split the draft into parts")
    return data


def read_bytes(path: str, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> bytes:
    """The raw bytes of a file, or of standard input for ``-``, within the size limit."""
    if path == STDIN:
        return _read_limited(stdin or sys.stdin.buffer, "standard input", max_bytes)
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{path}: is a directory; give the draft files inside it")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: is {_size(size)}; cyberscope reads files up to "
                             f"{_size(max_bytes)}, split the draft into parts")
        with p.open("rb") as fh:
            return _read_limited(fh, path, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give the draft files inside it") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_document(path: str, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> Document:
    """Read a draft of any supported format as text."""
    data = read_bytes(path, max_bytes, stdin)
    source = "standard input" if path == STDIN else path
    if not data.strip():
        raise InputError(f"{source}: is empty")
    from cli.extract import detect_format

    fmt = detect_format("" if path == STDIN else path, data[:4096])
    if fmt == "text":
        text, encoding = decode_text(data, source)
        extractor = f"text:{encoding}"
    else:
        if fmt in ("html", "markdown") and _looks_binary(data):
            raise InputError(f"{source}: looks like a binary file, not {fmt.upper()} text")
        from cli.extract import extract

        try:
            extracted = extract(fmt, data)
        except InputError as exc:
            raise InputError(f"{source}: {exc}") from None
        text, extractor = extracted.text, extracted.extractor
    if not text.strip():
        raise InputError(f"{source}: holds no text")
    return Document(source, text, extractor)


def iter_json_lines(text: str, source: str) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line; errors name the line and why."""
    for no, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
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
        records.append(JsonlRecord(no, rid, body))
    if not records:
        raise InputError(f"{source}: holds no JSONL records")
    return records


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    import tempfile  # imported here: it costs start-up time and only training writes files

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(tmp, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
