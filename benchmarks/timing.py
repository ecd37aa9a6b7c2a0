"""Timing several tasks side by side: each round runs every task once, in turn, so all
of them see the same machine load."""

from __future__ import annotations

import time
from collections.abc import Callable


def interleaved(tasks: dict[str, Callable[[], object]], rounds: int,
                clock: Callable[[], float] = time.perf_counter) -> dict[str, list[float]]:
    """Each task's time in each round, by ``clock`` (wall time unless told otherwise)."""
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(rounds):
        for name, task in tasks.items():
            start = clock()
            task()
            times[name].append(clock() - start)
    return times
