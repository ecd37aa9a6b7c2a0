"""Segmentation recall and precision over every sample draft in every format.

Usage: python benchmarks/segmentation.py [--no-examples] [-v]
       python benchmarks/segmentation.py --growth [--scale F]

For each layout draft of ``tests/fixtures/layouts/`` (and the sample drafts of
``data/examples/``), each format its expectations name (text, PDF, DOCX, HTML,
Markdown) is built, read back as the tool reads it and segmented. A provision found
counts as right when its ref, title and chapter equal an expected one (refs only for
``data/examples/``, whose expectations have no chapters); recall is right / expected,
precision is right / found. Prints a line per draft and format, then the totals.

``--growth`` times the segmenter and the Markdown and HTML readers on the hostile
inputs of ``tests/hostile_inputs.py``, doubling the input four times from 1/8 of the
issue's size (times ``--scale``), and prints the seconds and the growth factor of each
doubling (2 for linear time, 4 for quadratic).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cli.read import extract
from cli.segment import segment
from tests.fixtures_layouts import Case, cases, example_cases, versions
from tests.hostile_inputs import HOSTILE

Key = tuple[str, ...]


def _keys(items: list[dict], fields: tuple[str, ...]) -> Counter[Key]:
    return Counter(tuple(str(item.get(f)) for f in fields) for item in items)


def score(case: Case, fmt: str, data: bytes) -> tuple[int, int, int]:
    """(right, expected, found) for one version of one draft."""
    text = data.decode("utf-8") if fmt == "text" else extract(fmt, data).text
    found = [p._asdict() for p in segment(text).provisions]
    fields = ("ref", "title", "chapter") if "chapter" in case.expected["provisions"][0] \
        else ("ref", "title")
    want = _keys(case.expected["provisions"], fields)
    got = _keys(found, fields)
    return sum((want & got).values()), sum(want.values()), sum(got.values())


def growth(scale: float) -> None:
    """Seconds at each of five sizes, doubling, and the factor of each doubling."""
    for name, (build, size) in HOSTILE.items():
        times = []
        for k in range(5):
            function, data = build(max(1, int(size * scale / 8 * 2 ** k)))
            start = time.perf_counter()
            function(data)
            times.append(time.perf_counter() - start)
        factors = " ".join(f"{b / a:4.1f}" if a > 0 else "  - " for a, b in pairwise(times))
        print(f"{name:46} {' '.join(f'{t:6.2f}' for t in times)} s   growth {factors}")


def main(argv: list[str]) -> int:
    if "--growth" in argv:
        scale = float(argv[argv.index("--scale") + 1]) if "--scale" in argv else 1.0
        growth(scale)
        return 0
    verbose = "-v" in argv
    selected = cases() + ([] if "--no-examples" in argv else example_cases())
    totals: Counter[str] = Counter()
    by_format: dict[str, Counter[str]] = {}
    print(f"{'draft':34} {'format':9} {'recall':>7} {'precision':>9}")
    for case in selected:
        for version, (fmt, data) in versions(case).items():
            right, expected, found = score(case, fmt, data)
            for counter in (totals, by_format.setdefault(version, Counter())):
                counter.update(right=right, expected=expected, found=found)
            if verbose or right != expected or right != found:
                print(f"{case.name:34} {version:9} {right / expected:7.3f} "
                      f"{right / max(found, 1):9.3f}")
    print()
    for name, counter in [*sorted(by_format.items()), ("all", totals)]:
        print(f"{name:9} recall {counter['right'] / counter['expected']:.3f} "
              f"precision {counter['right'] / max(counter['found'], 1):.3f} "
              f"({counter['right']} right of {counter['expected']} expected, "
              f"{counter['found']} found)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
