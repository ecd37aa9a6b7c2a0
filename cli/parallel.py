"""Share a large job among worker processes forked from this one.

``map_ranges`` splits ``range(total)`` into consecutive ranges and runs a job on each,
in forked workers when the job is large: they inherit the job and its data from the
fork, so only the ranges go out and only the results come back, in order. Results are
the same whatever the number of workers; ``CYBERSCOPE_WORKERS=1`` keeps everything in
this process. Classifying a JSONL file of thousands of provisions is such a job.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from cli.errors import CyberscopeError

__all__ = ["FORK_MIN", "map_ranges", "worker_count"]

T = TypeVar("T")
FORK_MIN = 2000  # items; below this, forking costs more than it saves
RANGES_PER_WORKER = 8  # small enough to balance the load and report progress

_JOB: Callable[[int, int], Any] | None = None


def worker_count() -> int:
    """Worker processes for a large job: one per core, where fork exists, unless
    ``CYBERSCOPE_WORKERS=1``."""
    if os.environ.get("CYBERSCOPE_WORKERS") == "1":
        return 1
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(os.cpu_count() or 1, 8)


def map_ranges(job: Callable[[int, int], T], total: int) -> Iterator[tuple[int, T]]:
    """``(end, job(start, end))`` for consecutive ranges covering ``range(total)``, in
    order; in forked workers when ``total`` reaches ``FORK_MIN``. An error in a
    job is raised here; a worker that dies (killed, out of memory) is reported as one."""
    workers = worker_count() if total >= FORK_MIN else 1
    size = max(1, -(-total // (workers * RANGES_PER_WORKER)))
    ranges = [(start, min(start + size, total)) for start in range(0, total, size)]
    if workers < 2:
        for start, end in ranges:
            yield end, job(start, end)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _JOB
    _JOB = job
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for (_, end), result in zip(ranges, pool.map(_run, ranges), strict=True):
                yield end, result
    except BrokenProcessPool:
        raise CyberscopeError("a worker process stopped unexpectedly (out of memory?); "
                              "run with CYBERSCOPE_WORKERS=1 to use one process") from None
    finally:
        _JOB = None


def _run(bounds: tuple[int, int]) -> Any:
    assert _JOB is not None
    return _JOB(*bounds)
