"""Each sample draft reads the same from PDF, Word, HTML and Markdown as from plain text.

The versions are built at test time from ``data/examples/*.txt`` (or a small draft of
the tests' own where that folder is empty); the provisions found in each (refs, titles,
chapters and, with the shipped model, labels) must equal those of the text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest

from cli.read import extract
from cli.segment import segment
from tests.fixtures_docs import example_drafts, make_docx, make_html, make_markdown, make_pdf

DRAFTS = example_drafts()
BUILDERS: dict[str, tuple[str, Callable[[str], bytes]]] = {
    "pdf": ("pdf", lambda text: make_pdf(text)),
    "pdf-justified": ("pdf", lambda text: make_pdf(text, style="tj", date="12 May 2031")),
    "docx": ("docx", lambda text: make_docx(text)),
    "html": ("html", lambda text: make_html(text).encode("utf-8")),
    "markdown": ("markdown", lambda text: make_markdown(text).encode("utf-8")),
}


@cache
def extracted(name: str, version: str) -> str:
    """The text read back from one version of one draft (built once per session)."""
    text = dict(DRAFTS)[name]
    fmt, build = BUILDERS[version]
    return extract(fmt, build(text)).text


def outline(text: str) -> list[tuple[str, str, str | None]]:
    return [(p.ref, p.title, p.chapter) for p in segment(text).provisions]


@pytest.mark.parametrize("version", sorted(BUILDERS))
@pytest.mark.parametrize(("name", "text"), DRAFTS, ids=[name for name, _ in DRAFTS])
def test_same_provisions_as_text(name: str, text: str, version: str) -> None:
    assert outline(extracted(name, version)) == outline(text)


@pytest.mark.parametrize("version", sorted(BUILDERS))
@pytest.mark.parametrize(("name", "text"), DRAFTS, ids=[name for name, _ in DRAFTS])
def test_same_labels_as_text(name: str, text: str, version: str) -> None:
    from cli.classify import Classifier
    from cli.read import Document

    classifier = Classifier.load()  # the shipped model, as users run it

    def labels(body: str) -> list[tuple[str, str, str]]:
        result = classifier.classify_document(Document(name, body, "test"))
        return [(c.provision.ref, c.provision.title, c.prediction.label)
                for c in result.provisions]

    assert labels(extracted(name, version)) == labels(text)
