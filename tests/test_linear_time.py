"""Regression: segmentation, Markdown and HTML reading grow linearly on hostile input.

Each input of :mod:`tests.hostile_inputs` is timed at a small size and at four times
that size; a linear reader takes about four times as long, a quadratic one sixteen.
The bound (ten times, plus half a second of slack for a busy machine) is generous so
that the test is not flaky; ``benchmarks/segmentation.py --growth`` prints the figures.
"""

from __future__ import annotations

import time

import pytest

from tests.hostile_inputs import HOSTILE


def _seconds(name: str, n: int) -> float:
    function, data = HOSTILE[name][0](n)
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        function(data)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_linear_growth(name: str) -> None:
    small = max(500, HOSTILE[name][1] // 80)
    once, four_times = _seconds(name, small), _seconds(name, 4 * small)
    assert four_times < 10 * once + 0.5, (name, once, four_times)


@pytest.mark.parametrize("marker", ["*a ", "_a ", "[a]("])
def test_markdown_of_the_issue_in_a_second(marker: str) -> None:
    assert _seconds(f"markdown {marker!r}", 40_000) < 3.0
