"""Share a large job among worker processes forked from this one.

Classifying is pure Python, so a batch of thousands of provisions (a JSONL file) is
split into ranges that forked workers score side by side. Workers inherit the job
and its data from the fork; only the ranges go out and the results come back, in
order. Results are the same whatever
the number of workers; ``CYBERSCOPE_WORKERS=1`` keeps everything in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

__all__ = ["PARALLEL_MIN", "map_ranges", "worker_count"]

T = TypeVar("T")
PARALLEL_MIN = 2000  # items; below this, forking costs more than it saves
RANGES_PER_WORKER = 8  # small enough to balance the load and report progress

_JOB: Callable[[int, int], Any] | None = None


def worker_count() -> int:
    """Worker processes for a large job: one per core, where fork exists."""
    if os.environ.get("CYBERSCOPE_WORKERS") == "1":
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 8)


def map_ranges(job: Callable[[int, int], T], total: int) -> Iterator[tuple[int, T]]:
    """``(end, job(start, end))`` for consecutive ranges covering ``range(total)``, in
    order; in forked workers when ``total`` reaches ``PARALLEL_MIN``."""
    workers = worker_count() if total >= PARALLEL_MIN else 1
    size = max(1, -(-total // (workers * RANGES_PER_WORKER)))
    ranges = [(start, min(start + size, total)) for start in range(0, total, size)]
    if workers < 2:
        for start, end in ranges:
            yield end, job(start, end)
        return
    import multiprocessing

    global _JOB
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for (_, end), result in zip(ranges, pool.imap(_run, ranges), strict=True):
                yield end, result
    finally:
        _JOB = None


def _run(bounds: tuple[int, int]) -> Any:
    assert _JOB is not None
    return _JOB(*bounds)
