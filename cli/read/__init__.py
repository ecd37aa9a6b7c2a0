"""Read what the user gives: drafts in every format, as text, and where they came from.

``read_document`` reads a file (or standard input) within the size limit, names its
format from its first bytes and then its extension (``detect_format``), and hands the
bytes to that format's reader: plain text and Markdown, HTML, DOCX and PDF each have a
module of their own, imported only when a file of that format is read, so plain-text
runs load none of the PDF or Word libraries. Pre-split JSONL records are read by
:mod:`cli.read.jsonl`.
"""

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import BinaryIO, NamedTuple

from cli.artifact import sha256_bytes
from cli.errors import InputError
from cli.read.decode import decode_text, strip_bom

__all__ = ["FORMATS", "JSONL_EXTENSIONS", "MAX_BYTES", "MAX_TEXT", "STDIN", "Document", "Extracted",
           "detect_format", "open_input", "read_bytes", "read_document", "read_text",
           "read_text_digest", "source_name"]

MAX_BYTES = 20 * 1024 * 1024
MAX_TEXT = MAX_BYTES  # characters a reader may produce: a DOCX or PDF may unpack to more
STDIN = "-"
FORMATS = ("pdf", "docx", "html", "markdown", "text")
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".doc": "docx",
    ".htm": "html", ".html": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
}
JSONL_EXTENSIONS = (".jsonl", ".ndjson")  # pre-split provisions, read as JSONL without --input
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, or a password-protected .docx
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


class Document(NamedTuple):
    """The text of one input and where it came from."""

    source: str
    text: str
    extractor: str
    sha256: str = ""  # of the bytes read, for the report's provenance
    pages: tuple[tuple[int, int], ...] = ()  # PDF: first and last page of each text line
    anchors: tuple[str, ...] = ()  # DOCX: paragraph index, HTML: element id or path, a line


class Extracted(NamedTuple):
    """Text a reader produced and the reader that produced it."""

    text: str  # plain text with "\n" line ends, headings on their own lines
    extractor: str  # e.g. "pdf:pypdf", "docx:python-docx", "html:stdlib", "markdown"
    pages: tuple[tuple[int, int], ...] = ()  # PDF: first and last page of each text line
    anchors: tuple[str, ...] = ()  # DOCX: paragraph index, HTML: element id or path, a line


def source_name(path: str) -> str:
    """How messages name an input: its path, or "standard input" for ``-``."""
    return "standard input" if path == STDIN else path


def _ascii_head(head: bytes) -> bytes:
    """The first bytes as lower-case ASCII, with a byte-order mark and UTF-16 undone."""
    body, encoding = strip_bom(head)
    if encoding and encoding != "utf-8":
        body = body.decode(encoding, errors="ignore").encode("ascii", "ignore")
    return body[:2048].lstrip().lower()


def _sniff(suffix: str, head: bytes) -> str | None:
    if strip_bom(head)[0].lstrip().startswith(b"%PDF-"):  # not a text that mentions it
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in head:
        return "docx"
    if head.startswith(OLE_MAGIC) and EXTENSIONS.get(suffix) == "docx":
        return "docx"
    text = _ascii_head(head)
    if text.startswith(_HTML_STARTS):
        return "html"
    if text.startswith((b"<?xml", b"<!--")) and b"<html" in text:
        return "html"
    return None


def detect_format(name: str, head: bytes) -> str:
    """'pdf' | 'docx' | 'html' | 'markdown' | 'text', from content first, then extension.

    Content: ``%PDF-`` first (after a byte-order mark or blank space), a zip holding
    ``word/`` parts, ``<html`` or ``<!doctype html``.
    Extension: ``.pdf``, ``.docx``, ``.htm``/``.html``, ``.md``/``.markdown``. Anything
    else is plain text.
    """
    suffix = PurePath(name).suffix.lower() if name else ""
    return _sniff(suffix, head) or EXTENSIONS.get(suffix, "text")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def _read_limited(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"{source}: is larger than {_size(max_bytes)}, the most cyberscope "
                         "reads at once; split the draft into parts")
    return data


def _not_regular(path: str) -> InputError:
    return InputError(f"{path}: is not a regular file (a pipe, device or socket); to read "
                      f"from a pipe, give '-' and redirect it to standard input")


@contextmanager
def open_input(path: str, max_bytes: int | None = None) -> Iterator[BinaryIO]:
    """A file opened for reading, after checks: only regular files (a FIFO with no
    writer would wait for ever, a device would never end), opened without blocking
    should one be put in the file's place, and within ``max_bytes`` where given.
    Errors are one line naming the file."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a directory; give the draft files inside it")
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path)
        if max_bytes is not None and info.st_size > max_bytes:
            raise InputError(f"{path}: is {_size(info.st_size)}; cyberscope reads files up to "
                             f"{_size(max_bytes)}, split the draft into parts")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        fh = os.fdopen(fd, "rb")
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            fh.close()
            raise _not_regular(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory; give the draft files inside it") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") \
            from None
    with fh:
        yield fh


def read_bytes(path: str, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> bytes:
    """The raw bytes of a file (``open_input``), or of standard input for ``-``, within
    the size limit."""
    if path == STDIN:
        if stdin is None and sys.stdin is None:
            raise InputError("standard input is closed; give a file, or '-' with input")
        return _read_limited(stdin or sys.stdin.buffer, "standard input", max_bytes)
    with open_input(path, max_bytes) as fh:
        try:
            return _read_limited(fh, path, max_bytes)
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_text(path: str) -> str:
    """The text of a plain-text file (or standard input), decoded by the one decoder."""
    return read_text_digest(path)[0]


def read_text_digest(path: str, stdin: BinaryIO | None = None) -> tuple[str, str]:
    """The text of a plain-text file (or standard input) and the SHA-256 of its bytes."""
    data = read_bytes(path, stdin=stdin)
    try:
        return decode_text(data)[0], sha256_bytes(data)
    except InputError as exc:
        raise InputError(f"{source_name(path)}: {exc}") from None


def extract(fmt: str, data: bytes) -> Extracted:
    """Text of ``data`` in format ``fmt``, by that format's reader.

    Imports the library the format needs only now; raises
    :class:`cli.errors.InputError` (naming no file) when the content cannot be read.
    """
    if fmt == "text":
        text, encoding = decode_text(data)
        return Extracted(text, f"text:{encoding}")
    if fmt == "pdf":
        from cli.read.pdf import extract_pdf

        return extract_pdf(data)
    if fmt == "docx":
        from cli.read.docx import extract_docx

        return extract_docx(data)
    if fmt == "html":
        from cli.read.html import extract_html

        return extract_html(data)
    if fmt == "markdown":
        from cli.read.markdown import extract_markdown

        return extract_markdown(data)
    raise ValueError(f"no extractor for format {fmt!r}; expected one of {FORMATS}")


def read_document(path: str, max_bytes: int = MAX_BYTES, stdin: BinaryIO | None = None) -> Document:
    """Read a draft of any supported format as text."""
    data = read_bytes(path, max_bytes, stdin)
    source = source_name(path)
    if not data.strip():
        raise InputError(f"{source}: is empty")
    fmt = detect_format("" if path == STDIN else path, data[:4096])
    try:
        extracted = extract(fmt, data)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None
    if not extracted.text.strip():
        raise InputError(f"{source}: holds no text")
    if len(extracted.text) > MAX_TEXT:
        raise InputError(f"{source}: holds more than {MAX_TEXT:,} characters of text; split "
                         "the draft into parts")
    return Document(source, extracted.text, extracted.extractor,
                    sha256_bytes(data), extracted.pages, extracted.anchors)
