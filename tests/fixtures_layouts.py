"""The layout drafts of ``tests/fixtures/layouts/`` and their versions in every format.

Each draft is ``NAME.txt`` (or ``NAME.html`` for a saved web page) with
``NAME.expected.json`` beside it: ``{"style", "formats", "provisions": [{"ref", "title",
"chapter", ...}], "warnings": [codes]}``. ``versions`` builds the PDF, DOCX, HTML and
Markdown versions of a text draft with the builders of :mod:`tests.fixtures_docs`, for
the formats its expectations name. Used by the end-to-end tests and by
``benchmarks/segmentation.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from tests.fixtures_docs import EXAMPLES, make_docx, make_html, make_markdown, make_pdf

__all__ = ["LAYOUTS", "Case", "cases", "example_cases", "versions"]

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"

BUILDERS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "pdf": ("pdf", lambda text: make_pdf(text)),
    "docx": ("docx", lambda text: make_docx(text)),
    "html": ("html", lambda text: make_html(text).encode("utf-8")),
    "markdown": ("markdown", lambda text: make_markdown(text).encode("utf-8")),
}


class Case(NamedTuple):
    """One draft: its source file and what segmenting it must give."""

    name: str
    source: Path
    expected: dict


def cases() -> list[Case]:
    """Every layout draft, in name order."""
    out = []
    for path in sorted(LAYOUTS.glob("*.expected.json")):
        name = path.name.removesuffix(".expected.json")
        source = next(p for p in (LAYOUTS / f"{name}.txt", LAYOUTS / f"{name}.html")
                      if p.exists())
        out.append(Case(name, source, json.loads(path.read_text(encoding="utf-8"))))
    return out


def example_cases() -> list[Case]:
    """The sample drafts of data/examples/ as cases (refs and titles; every format)."""
    out = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        expected["formats"] = ["text", *BUILDERS]
        out.append(Case(path.stem, path, expected))
    return out


def versions(case: Case) -> dict[str, tuple[str, bytes]]:
    """``{version: (format, bytes)}`` for each format the case's expectations name."""
    data = case.source.read_bytes()
    if case.source.suffix == ".html":
        return {"html": ("html", data)}
    text = data.decode("utf-8")
    out: dict[str, tuple[str, bytes]] = {}
    for version in case.expected["formats"]:
        if version == "text":
            out[version] = ("text", data)
        else:
            fmt, build = BUILDERS[version]
            out[version] = (fmt, build(text))
    return out
