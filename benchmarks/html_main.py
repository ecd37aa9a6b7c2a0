"""Main content of web pages: cyberscope's reader against readability-lxml.

Usage: python benchmarks/html_main.py   (needs ``pip install readability-lxml``)

For the saved legislation page of ``tests/fixtures/layouts/`` and the HTML versions of
every layout and sample draft (built as in ``tests/fixtures_layouts.py``), each
candidate's main content is read as text with cyberscope's own HTML reader and
segmented; a provision counts as right when its ref, title (and chapter, where the
expectations have chapters) equal an expected one. Prints right / expected / found
and the median time per page for each candidate.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cli.read.html import html_to_text
from cli.segment import segment
from tests.fixtures_layouts import cases, example_cases, versions


def _readability(markup: str) -> str:
    from readability import Document

    summary = Document(markup).summary(html_partial=True)
    return html_to_text(summary)


def main() -> int:
    try:
        import readability  # noqa: F401
    except ImportError:
        print("readability-lxml is not installed: pip install readability-lxml")
        return 1
    pages = []
    for case in cases() + example_cases():
        built = versions(case).get("html")
        if built:
            fields = ("ref", "title", "chapter") if "chapter" in case.expected["provisions"][0] \
                else ("ref", "title")
            want = Counter(tuple(str(e.get(f)) for f in fields)
                           for e in case.expected["provisions"])
            pages.append((case.name, built[1].decode("utf-8"), fields, want))
    for name, read in (("cyberscope", html_to_text), ("readability-lxml", _readability)):
        right = expected = found = 0
        times = []
        missed = []
        for page, markup, fields, want in pages:
            start = time.perf_counter()
            text = read(markup)
            times.append(time.perf_counter() - start)
            got = Counter(tuple(str(getattr(p, f)) for f in fields)
                          for p in segment(text).provisions)
            right += sum((want & got).values())
            expected += sum(want.values())
            found += sum(got.values())
            if want != got:
                missed.append(page)
        print(f"{name:17} {right} right of {expected} expected, {found} found; "
              f"median {statistics.median(times) * 1000:.1f} ms a page; "
              f"pages not exact: {', '.join(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
