"""Text of a PDF's text layer, read with pypdf and laid out as a clean draft.

pypdf gives each run of text with its position and font size; runs are gathered into
lines with their height on the page, superscript footnote markers are dropped, and
:mod:`cli.read.layout` removes page furniture and joins wrapped lines.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
from collections.abc import Iterator
from typing import Any

from cli.errors import InputError
from cli.grammar import FOOTNOTE_MARKER
from cli.read import Extracted
from cli.read.layout import Line, Page, assemble_pages

__all__ = ["EXTRACTOR", "extract_pdf"]

EXTRACTOR = "pdf:pypdf"
SUPERSCRIPT = 0.8  # a run this much smaller than its line is a superscript

_Run = tuple[str, float, float, float]  # text, x, y, size


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep pypdf's warnings about sloppy files off the user's terminal."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _line(runs: list[_Run]) -> Line | None:
    """One line from its runs, without superscript footnote markers."""
    runs = [run for run in runs if run[0]]
    if not runs:
        return None
    largest = max(run[3] for run in runs)
    kept = [run for k, run in enumerate(runs)
            if not (k > 0 and run[3] < SUPERSCRIPT * largest and FOOTNOTE_MARKER.match(run[0]))]
    text = "".join(run[0] for run in kept)
    if not text.strip():
        return None
    first = next(run for run in kept if run[0].strip())
    main = max(kept, key=lambda run: len(run[0].strip()))
    return Line(text, y=first[2], x=first[1], size=main[3])


def _page(page: Any) -> Page:
    """The lines of one pypdf page with their height and font size."""
    lines: list[Line] = []
    runs: list[_Run] = []

    def flush() -> None:
        made = _line(runs)
        if made is not None:
            lines.append(made)
        runs.clear()

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
        for k, part in enumerate(text.split("\n")):
            if k:
                flush()
            if part:
                runs.append((part, x, y, size * (scale or 1.0)))

    page.extract_text(visitor_text=visit)
    flush()
    box = page.mediabox
    return Page(tuple(lines), float(box.bottom), float(box.top))


def _open(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception:
        raise InputError("the PDF is damaged or truncated and cannot be read") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError:
            raise InputError("the PDF is encrypted with AES, which needs the 'cryptography' "
                             "package to open; save an unencrypted copy and try again") from None
        except Exception:
            opened = 0
        if not opened:
            raise InputError("the PDF is password-protected; save a copy without the password "
                             "and try again") from None
    return reader


def extract_pdf(data: bytes) -> Extracted:
    """Clean text of a PDF's text layer; InputError when it is unreadable or holds no text."""
    with _quiet():
        reader = _open(data)
        try:
            count = len(reader.pages)
        except Exception:
            raise InputError("the PDF is damaged: its page tree cannot be read") from None
        if count == 0:
            raise InputError("the PDF has no pages")
        pages = []
        for number in range(count):
            try:
                pages.append(_page(reader.pages[number]))
            except InputError:
                raise
            except Exception:
                raise InputError(f"page {number + 1} of the PDF is damaged and cannot be "
                                 "read") from None
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise InputError("the PDF has no text layer (it looks like a scanned image); run it "
                         "through OCR and try again")
    text, lines = assemble_pages(pages)
    return Extracted(text, EXTRACTOR, lines)
