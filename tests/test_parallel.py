"""Forked workers: results in order whatever their number, errors raised here, and no
worker outliving its parent, whatever signal stops it (checked with ``ps``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli import parallel
from cli.errors import CyberscopeError, InputError
from cli.parallel import Pool, imap_ordered

FORKS = hasattr(os, "fork") and sys.platform != "win32"
needs_fork = pytest.mark.skipif(not FORKS, reason="no fork on this platform")


def double(item: bytes) -> bytes:
    return item + item


@needs_fork
@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("total", [0, 1, 2, 7, 50])
def test_results_come_in_order(workers: int, total: int) -> None:
    items = [str(i).encode() for i in range(total)]
    assert list(imap_ordered(double, items, workers)) == [double(x) for x in items]


@needs_fork
def test_items_after_the_first_run_in_other_processes() -> None:
    def pid(item: bytes) -> bytes:
        return str(os.getpid()).encode()

    pids = [int(x) for x in imap_ordered(pid, [b""] * 6, 2)]
    assert pids[0] == os.getpid()
    assert os.getpid() not in pids[1:] and len(set(pids[1:])) == 2


@needs_fork
def test_an_error_in_a_worker_is_raised_here_with_its_exit_code() -> None:
    def job(item: bytes) -> bytes:
        if item == b"3":
            raise InputError("records.jsonl, line 3: not valid JSON")
        return item

    out = []
    with pytest.raises(CyberscopeError, match="line 3: not valid JSON") as caught:
        out.extend(imap_ordered(job, [b"1", b"2", b"3", b"4"], 2))
    assert out == [b"1", b"2"]  # everything before the bad item came out
    assert caught.value.exit_code == 1


@needs_fork
def test_a_dying_worker_is_an_error_not_a_hang() -> None:
    parent = os.getpid()

    def job(item: bytes) -> bytes:
        if os.getpid() != parent:
            os._exit(1)  # as the out-of-memory killer would
        return item

    with pytest.raises(CyberscopeError, match="worker process stopped"):
        list(imap_ordered(job, [b"a", b"b", b"c"], 2))


@needs_fork
def test_close_reaps_every_worker() -> None:
    with Pool(double, 2) as pool:
        pids = list(pool.pids)
        assert list(pool.imap([b"x", b"y"])) == [b"xx", b"yy"]
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_worker_count_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERSCOPE_WORKERS", "1")
    assert parallel.worker_count() == 1
    monkeypatch.setenv("CYBERSCOPE_WORKERS", "3")
    assert parallel.worker_count() == (3 if FORKS else 1)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                         text=True, check=False).stdout
    return [int(x) for x in out.split()]


def _alive(pids: list[int]) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=,stat=", "-p", ",".join(map(str, pids))],
                         capture_output=True, text=True, check=False).stdout
    return [int(line.split()[0]) for line in out.splitlines()
            if line.split() and not line.split()[1].startswith("Z")]


def _default_sigint() -> None:
    """Ctrl-C as a terminal gives it: a test run started in the background by a shell
    without job control (``nohup ... &``) passes SIGINT on ignored, as it should be."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_stream(tiny_model: Path) -> tuple[subprocess.Popen, list[int]]:
    """``classify - --input jsonl -f jsonl`` fed more than two blocks through a pipe that
    stays open, so it waits for input with its two workers running."""
    env = {**os.environ, "CYBERSCOPE_MODEL_DIR": str(tiny_model), "CYBERSCOPE_WORKERS": "2"}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "-", "--input", "jsonl", "-f",
                             "jsonl"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env, preexec_fn=_default_sigint)
    assert proc.stdin is not None
    line = json.dumps({"text": "Access to a computer system without right. " * 20}) + "\n"
    proc.stdin.write(line.encode() * 1200)  # about 1 MB: four blocks
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while len(workers := _children(proc.pid)) < 2:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.1)
    return proc, workers


def _gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while _alive(pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ps --ppid and prctl: Linux")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129),
                                              (signal.SIGINT, 130)])
def test_a_signal_stops_the_run_and_its_workers(tiny_model: Path, signum: int,
                                                code: int) -> None:
    proc, workers = _start_stream(tiny_model)
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == code
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    assert err.strip() == "classify: error: interrupted", err
    assert _gone(workers), f"workers {workers} outlived their parent"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ps --ppid and prctl: Linux")
def test_workers_die_with_a_killed_parent(tiny_model: Path) -> None:
    proc, workers = _start_stream(tiny_model)
    proc.kill()
    proc.wait(timeout=30)
    assert _gone(workers), f"workers {workers} outlived their parent (SIGKILL)"


@needs_fork
@pytest.mark.parametrize("workers", ["1", "2"])
def test_beside_runs_each_item_in_a_worker_of_its_own_while_here_runs(
        workers: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYBERSCOPE_WORKERS", workers)

    def pid(item: bytes) -> bytes:
        return item + b" " + str(os.getpid()).encode()

    found, mine = parallel.beside(pid, [b"a", b"b"], os.getpid)
    assert [x.split()[0] for x in found] == [b"a", b"b"] and mine == os.getpid()
    pids = {int(x.split()[1]) for x in found}
    if workers == "1":
        assert pids == {os.getpid()}
    else:
        assert os.getpid() not in pids and len(pids) == 2


@needs_fork
def test_beside_raises_a_workers_error_here_and_leaves_no_worker(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CYBERSCOPE_WORKERS", "2")
    where = tmp_path / "pid"

    def job(item: bytes) -> bytes:
        where.write_text(str(os.getpid()))
        raise InputError("old.txt: not a draft")

    with pytest.raises(CyberscopeError, match="not a draft"):
        parallel.beside(job, [b"x"], lambda: None)
    pid = int(where.read_text())
    assert pid != os.getpid()
    with pytest.raises(ChildProcessError):  # the worker was waited for
        os.waitpid(pid, os.WNOHANG)
