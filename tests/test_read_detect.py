"""Choosing the format of an input, and loading format libraries only when needed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from cli.read import detect_format, extract
from tests.fixtures_docs import SMALL_DRAFT, make_docx, make_pdf

ROOT = Path(__file__).resolve().parent.parent


def zip_of(*names: str) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(("name", "head", "expected"), [
    ("draft.txt", make_pdf("Article 1. Scope")[:4096], "pdf"),  # content beats extension
    ("", make_docx(SMALL_DRAFT)[:4096], "docx"),
    ("notes", zip_of("[Content_Types].xml", "word/document.xml"), "docx"),
    ("bill.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "docx"),  # protected
    ("sheet.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "text"),
    ("draft.txt", b"  <!DOCTYPE html>\n<html><body>", "html"),
    ("draft", b"\xef\xbb\xbf<html lang='en'>", "html"),
    ("page", "<!doctype HTML><p>x".encode("utf-16"), "html"),
    ("draft.md", b"<!-- note -->\n## Article 1", "markdown"),
    ("act.HTML", b"Article 1. Scope", "html"),
    ("notes.markdown", b"Article 1", "markdown"),
    ("bill.docx", b"garbage", "docx"),
    ("draft.pdf", b"garbage", "pdf"),
    ("draft.txt", b"Article 1. Scope\n", "text"),
    ("-", b"# Article 1\n", "text"),
    ("archive.zip", zip_of("a.txt"), "text"),
])
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="no extractor"):
        extract("rtf", b"Article 1")


def test_plain_text_runs_load_no_format_library(tmp_path: Path) -> None:
    """Reading text, Markdown and HTML never imports pypdf, python-docx or pdfminer."""
    for name, body in (("d.txt", "Article 1. Scope\nText.\n"), ("d.md", "## Article 1\nText.\n"),
                       ("d.html", "<html><body><h2>Article 1</h2><p>Text.</p></body></html>")):
        (tmp_path / name).write_text(body, encoding="utf-8")
    code = (
        "import sys\n"
        "from cli.read import read_document\n"
        f"for name in ('d.txt', 'd.md', 'd.html'):\n"
        f"    read_document({str(tmp_path)!r} + '/' + name)\n"
        "print(sorted(m for m in ('pypdf', 'docx', 'pdfminer', 'lxml') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
