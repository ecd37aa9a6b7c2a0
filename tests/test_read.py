"""Reading inputs: encodings, line ends, size limit, and every kind of bad input."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from cli.errors import InputError
from cli.read import read_document
from cli.read.decode import decode_text
from cli.read.jsonl import parse_jsonl
from cli.write import write_atomic

DRAFT = "Article 1. Illegal access\nAccess to a computer system without right is an offence.\n"


def test_utf8(tmp_path: Path) -> None:
    f = tmp_path / "d.txt"
    f.write_text(DRAFT + "Café – “quoted”\n", encoding="utf-8")
    doc = read_document(str(f))
    assert doc.text.endswith("Café – “quoted”\n")
    assert doc.extractor == "text:utf-8"


def test_utf16_with_bom(tmp_path: Path) -> None:
    f = tmp_path / "d.txt"
    f.write_bytes(DRAFT.encode("utf-16"))
    doc = read_document(str(f))
    assert doc.text == DRAFT
    assert doc.extractor == "text:utf-16"


def test_utf8_bom_and_crlf(tmp_path: Path) -> None:
    f = tmp_path / "d.txt"
    f.write_bytes(b"\xef\xbb\xbf" + DRAFT.replace("\n", "\r\n").encode())
    assert read_document(str(f)).text == DRAFT


def test_windows_1252(tmp_path: Path) -> None:
    f = tmp_path / "d.txt"
    f.write_bytes((DRAFT + "The State’s “network” – 5 €\n").encode("cp1252"))
    doc = read_document(str(f))
    assert "The State’s “network” – 5 €" in doc.text
    assert doc.extractor == "text:cp1252"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"  \n\n\t\n", "is empty"),
    (b"\x00\x01\x02binary\x00\xff" * 50, "binary"),
    (bytes(range(256)) * 4, "binary"),
])
def test_bad_content(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_document(str(f))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(str(tmp_path / "nope.txt"))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_document(str(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    f = tmp_path / "secret.txt"
    f.write_text(DRAFT)
    f.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        read_document(str(f))


def test_size_limit_file(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(DRAFT.encode() * 100)
    with pytest.raises(InputError, match=r"is 8 KB; cyberscope reads files up to 1 KB"):
        read_document(str(f), max_bytes=1000)


def test_size_limit_stdin() -> None:
    with pytest.raises(InputError, match="larger than"):
        read_document("-", max_bytes=100, stdin=io.BytesIO(DRAFT.encode() * 10))


def test_stdin() -> None:
    doc = read_document("-", stdin=io.BytesIO(DRAFT.encode()))
    assert doc.source == "standard input"
    assert doc.text == DRAFT


def test_decode_rejects_bad_bom() -> None:
    with pytest.raises(InputError):
        decode_text(b"\xff\xfe\x00\xd8")


def test_jsonl_records_and_broken_line() -> None:
    records = parse_jsonl('{"id": "a", "text": "one"}\n\n{"text": "two"}\n', "r.jsonl")
    assert [(r.line, r.number, r.id, r.text) for r in records] == [
        (1, 1, "a", "one"), (3, 2, "Record 2", "two")]
    assert parse_jsonl('{"id": 7, "text": "x"}', "r.jsonl")[0].id == 7
    with pytest.raises(InputError, match=r"line 1: \"id\" must be a string or a number"):
        parse_jsonl('{"id": [1], "text": "x"}', "r.jsonl")
    with pytest.raises(InputError, match=r"r.jsonl, line 2: not valid JSON"):
        parse_jsonl('{"text": "one"}\n{"text": broken}\n', "r.jsonl")
    with pytest.raises(InputError, match=r"line 1: the record has no \"text\" string"):
        parse_jsonl('{"id": 3}\n', "r.jsonl")


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    f = tmp_path / "out" / "x.json"
    write_atomic(f, b"first")
    write_atomic(f, b"second")
    assert f.read_bytes() == b"second"
    assert [p.name for p in f.parent.iterdir()] == ["x.json"]
