"""Hostile inputs of the kind that made the segmenter and readers quadratic, by size.

Each builder takes a scale ``n`` and returns (the function under test, its input); the
input grows linearly with ``n``. Shared by ``tests/test_linear_time.py`` and
``benchmarks/segmentation.py --growth``.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["HOSTILE"]


def _markdown(marker: str) -> Callable[[int], tuple[Callable[[str], object], str]]:
    def build(n: int) -> tuple[Callable[[str], object], str]:
        from cli.read.markdown import markdown_to_text

        return markdown_to_text, "# Article 1\n" + marker * n
    return build


def _segment(make: Callable[[int], str]) -> Callable[[int], tuple[Callable[[str], object], str]]:
    def build(n: int) -> tuple[Callable[[str], object], str]:
        from cli.segment import segment

        return segment, make(n)
    return build


def _html(make: Callable[[int], str]) -> Callable[[int], tuple[Callable[[str], object], str]]:
    def build(n: int) -> tuple[Callable[[str], object], str]:
        from cli.read.html import html_to_text

        return html_to_text, make(n)
    return build


# name -> (builder, the scale of the input)
HOSTILE: dict[str, tuple[Callable[[int], tuple[Callable[[str], object], str]], int]] = {
    "markdown '*a '": (_markdown("*a "), 40_000),
    "markdown '_a '": (_markdown("_a "), 40_000),
    "markdown '[a]('": (_markdown("[a]("), 40_000),
    "markdown '<!--'": (_markdown("<!--"), 40_000),
    "segment bodiless 'k. Alpha' then '1. Alpha'": (_segment(
        lambda n: "".join(f"{k}. Alpha\n" for k in range(1, n + 1)) + "1. Alpha\n" * n),
        10_000),
    "segment 'Article 1' lines": (_segment(lambda n: "Article 1\n" * n), 200_000),
    "segment 'Chapter k' lines then text": (_segment(
        lambda n: "".join(f"Chapter {k}\n" for k in range(1, n + 1)) + "Some text.\n"),
        40_000),
    "segment contents-like '3. Title' lines": (_segment(
        lambda n: "".join(f"{k % 50 + 1}. Title\n" for k in range(n))), 40_000),
    "html nested divs": (_html(lambda n: "<div>a" * n), 100_000),
    "html unclosed end tags": (_html(lambda n: "<p>" + "<b>x</span>" * n), 100_000),
}
