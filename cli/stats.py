"""Small statistics the segmenter and the PDF reader share, in plain Python."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["median"]


def median(values: Iterable[float]) -> float:
    """The median of some numbers, as ``statistics.median`` gives it (whose import,
    with ``decimal`` and ``fractions``, costs the start-up more than this does)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("median of no values")
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
