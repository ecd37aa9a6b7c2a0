"""Large jobs shared among forked workers: same results, same order, any worker count."""

from __future__ import annotations

import os

import pytest

from cli import parallel
from cli.errors import CyberscopeError
from cli.parallel import FORK_MIN, map_ranges


def squares(start: int, end: int) -> list[tuple[int, int]]:
    return [(i, i * i) for i in range(start, end)]


@pytest.mark.parametrize("one_process", [True, False])
@pytest.mark.parametrize("total", [0, 1, 7, FORK_MIN - 1, FORK_MIN, FORK_MIN + 13])
def test_ranges_cover_the_job_in_order(total: int, one_process: bool,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    if one_process:
        monkeypatch.setenv("CYBERSCOPE_WORKERS", "1")
    else:
        monkeypatch.delenv("CYBERSCOPE_WORKERS", raising=False)
    parts = list(map_ranges(squares, total))
    assert [x for _, part in parts for x in part] == squares(0, total)
    assert [end for end, _ in parts] == sorted({end for end, _ in parts})
    assert not parts or parts[-1][0] == total


def test_large_jobs_run_in_other_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    if parallel.worker_count() < 2:
        pytest.skip("one core, or no fork, on this machine")
    monkeypatch.delenv("CYBERSCOPE_WORKERS", raising=False)
    pids = {pid for _, pid in map_ranges(lambda i, j: os.getpid(), FORK_MIN)}
    assert os.getpid() not in pids
    assert {pid for _, pid in map_ranges(lambda i, j: os.getpid(), 10)} == {os.getpid()}


def test_a_failing_job_raises_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CYBERSCOPE_WORKERS", raising=False)

    def job(start: int, end: int) -> int:
        raise ValueError(f"range {start}-{end}")

    with pytest.raises(ValueError, match="range 0-"):
        list(map_ranges(job, FORK_MIN))


def test_a_dying_worker_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    if parallel.worker_count() < 2:
        pytest.skip("one core, or no fork, on this machine")
    monkeypatch.delenv("CYBERSCOPE_WORKERS", raising=False)
    parent = os.getpid()

    def job(start: int, end: int) -> int:
        if os.getpid() != parent and start == 0:
            os._exit(1)  # as the out-of-memory killer would
        return end

    with pytest.raises(CyberscopeError, match="worker process stopped"):
        list(map_ranges(job, FORK_MIN))
