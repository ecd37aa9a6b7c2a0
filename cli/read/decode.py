"""The one decoder: bytes of a text-based format (plain text, HTML, Markdown, JSONL)
to text with ``\\n`` line ends."""

from __future__ import annotations

import codecs

from cli.errors import InputError

__all__ = ["BOMS", "decode_text", "looks_binary", "normalise_newlines", "strip_bom"]

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(data: bytes) -> bool:
    """True for bytes with a NUL or many control characters in their first 8 KB."""
    sample = data[:8192]
    if b"\0" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(sample) // 100)


def strip_bom(head: bytes) -> tuple[bytes, str | None]:
    """The bytes after a byte-order mark, and the encoding the mark names (or None)."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return head[len(bom):], encoding
    return head, None


def decode_text(data: bytes, kind: str = "text", declared: str | None = None) -> tuple[str, str]:
    """Text of ``data`` and the encoding it was read in.

    A byte-order mark wins (UTF-8, UTF-16, UTF-32); then the encoding the document
    declares (an HTML meta charset), UTF-8, and Windows-1252, the usual legacy encoding
    of drafts. Binary content is refused. Errors name no file: the caller adds it.
    """
    body, bom_encoding = strip_bom(data)
    if bom_encoding:
        name = bom_encoding.removesuffix("-le").removesuffix("-be")
        try:
            return normalise_newlines(body.decode(bom_encoding)), name
        except UnicodeDecodeError:
            raise InputError(f"starts with a {name} byte-order mark but is not valid "
                             f"{name}") from None
    if looks_binary(data):
        if kind == "text":
            raise InputError("looks like a binary file, not text; cyberscope reads plain text, "
                             "Markdown, HTML, DOCX and PDF")
        raise InputError(f"looks like a binary file, not {kind} text")
    for encoding in (declared, "utf-8", "cp1252"):
        if not encoding:
            continue
        try:
            return normalise_newlines(data.decode(encoding)), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    if kind == "text":
        raise InputError("is neither UTF-8 nor Windows-1252 text; save it as UTF-8 and try again")
    # cp1252 leaves five bytes undefined; latin-1 reads every byte
    return normalise_newlines(data.decode("latin-1")), "latin-1"
