"""Read drafts given as PDF, Word (DOCX), web pages (HTML) or Markdown as plain text.

``detect_format`` names the format of a file from its first bytes, then its extension;
``extract`` turns the bytes of a non-plain-text format into text with one heading or
paragraph a line. Each format has a module of its own, imported only when a file of
that format is read, so plain-text runs load none of the PDF or Word libraries.
"""

from __future__ import annotations

import codecs
from pathlib import PurePath
from typing import NamedTuple

__all__ = ["FORMATS", "Extracted", "decode", "detect_format", "extract"]

FORMATS = ("pdf", "docx", "html", "markdown", "text")
EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx", ".doc": "docx",
    ".htm": "html", ".html": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc, or a password-protected .docx
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


class Extracted(NamedTuple):
    """Text extracted from a document and the extractor that produced it."""

    text: str  # plain text with "\n" line ends, headings on their own lines
    extractor: str  # e.g. "pdf:pypdf", "docx:python-docx", "html:stdlib", "markdown"


def _ascii_head(head: bytes) -> bytes:
    """The first bytes as lower-case ASCII, with a byte-order mark and UTF-16 undone."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode("ascii", "ignore")
            break
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    return head[:2048].lstrip().lower()


def _sniff(suffix: str, head: bytes) -> str | None:
    if b"%PDF-" in head[:1024]:
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

    Content: ``%PDF-``, a zip holding ``word/`` parts, ``<html`` or ``<!doctype html``.
    Extension: ``.pdf``, ``.docx``, ``.htm``/``.html``, ``.md``/``.markdown``. Anything
    else is plain text.
    """
    suffix = PurePath(name).suffix.lower() if name else ""
    return _sniff(suffix, head) or EXTENSIONS.get(suffix, "text")


def extract(fmt: str, data: bytes) -> Extracted:
    """Text of a non-plain-text format ('pdf' | 'docx' | 'html' | 'markdown').

    Imports the library the format needs only now; raises
    :class:`cli.errors.InputError` when the content cannot be read.
    """
    if fmt == "pdf":
        from cli.extract.pdf import extract_pdf

        return extract_pdf(data)
    if fmt == "docx":
        from cli.extract.docx import extract_docx

        return extract_docx(data)
    if fmt == "html":
        from cli.extract.html import extract_html

        return extract_html(data)
    if fmt == "markdown":
        from cli.extract.markdown import extract_markdown

        return extract_markdown(data)
    raise ValueError(f"no extractor for format {fmt!r}; expected one of {FORMATS[:-1]}")


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text of HTML or Markdown bytes: a BOM or the given encoding, else UTF-8, else cp1252."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            encoding = name
            break
    for candidate in (encoding, "utf-8", "cp1252"):
        if not candidate:
            continue
        try:
            text = data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    # cp1252 leaves five bytes undefined; latin-1 reads every byte
    return data.decode("latin-1").replace("\r\n", "\n").replace("\r", "\n")

