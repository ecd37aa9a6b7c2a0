"""Worker processes forked from this one, that overlap it and never outlive it.

``imap_ordered(job, items)`` runs the job on the first item here, and on the others,
if any, in a ``Pool`` of one worker per core; ``beside(job, items, here)`` runs the job
on each item in a worker of its own while ``here()`` runs in this process.
``Pool(job, n).imap(items)`` sends each item (bytes) to one of ``n`` workers in turn
and yields ``job(item)`` (bytes) in the order of the items, while the main process goes
on reading the next items and writing the results: at most ``depth`` items per worker
are in flight, so memory stays flat whatever the number of items. Items and results
travel as bytes over one pipe pair per worker; nothing is pickled.

The workers inherit ``job`` and its data from the fork. They ignore SIGINT (the main
process handles it and shuts them down), and die with their parent: on Linux the
kernel kills them when the parent dies, even by SIGKILL (``PR_SET_PDEATHSIG``);
elsewhere they stop when their request pipe closes, which it does when the parent
dies. ``close`` (also on any error or signal in the main process) kills and reaps
them. An error of the job in a worker is raised in the main process; a worker that
dies is reported as one.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection
from types import TracebackType
from typing import TypeVar

from cli.errors import CyberscopeError

__all__ = ["Pool", "beside", "imap_ordered", "worker_count"]

Job = Callable[[bytes], bytes]
T = TypeVar("T")
_OK, _ERROR, _CRASH = b"O", b"E", b"X"
_PR_SET_PDEATHSIG = 1


def worker_count() -> int:
    """Workers for a large job: one per core (at most 8) where fork exists, unless
    ``CYBERSCOPE_WORKERS`` says how many (``1``: everything in this process)."""
    env = os.environ.get("CYBERSCOPE_WORKERS", "")
    wanted = int(env) if env.isdigit() and int(env) >= 1 else min(os.cpu_count() or 1, 8)
    if wanted > 1 and (not hasattr(os, "fork") or sys.platform == "win32"):
        return 1
    return wanted


class Pool:
    """``n`` forked workers running ``job``; use as a context manager."""

    def __init__(self, job: Job, n: int, depth: int = 2) -> None:
        self.job = job
        self.depth = depth
        self.pids: list[int] = []
        self.conns: list[tuple[Connection, Connection]] = []  # (requests, results)
        gc.collect()
        gc.freeze()  # the inherited objects stay shared: the collector does not touch them
        try:
            for _ in range(n):
                self._fork()
        except BaseException:  # an interrupted start: the workers made so far are killed
            self.close(kill=True)
            raise

    def _fork(self) -> None:
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            code = 1
            try:
                os.close(req_w)
                os.close(res_r)
                for requests, results in self.conns:  # the other workers' pipes
                    requests.close()
                    results.close()
                code = _serve(self.job, parent, Connection(req_r, writable=False),
                              Connection(res_w, readable=False))
            finally:
                os._exit(code)
        self.pids.append(pid)  # first, so that an interrupt from here on still kills it
        os.close(req_r)
        os.close(res_w)
        self.conns.append((Connection(req_w, readable=False), Connection(res_r, writable=False)))

    def imap(self, items: Iterable[bytes]) -> Iterator[bytes]:
        """``job(item)`` for each item, in order."""
        n = len(self.pids)
        pending: deque[int] = deque()  # the worker of each item in flight, oldest first
        for k, item in enumerate(items):
            worker = k % n
            if len(pending) >= n * self.depth:  # the oldest in flight is this worker's
                yield self._result(pending.popleft())
            self._send(worker, item)
            pending.append(worker)
            while pending and self.conns[pending[0]][1].poll():
                yield self._result(pending.popleft())
        while pending:
            yield self._result(pending.popleft())

    def _send(self, worker: int, item: bytes) -> None:
        try:
            self.conns[worker][0].send_bytes(item)
        except OSError:
            raise self._died() from None

    def _result(self, worker: int) -> bytes:
        try:
            message = self.conns[worker][1].recv_bytes()
        except (EOFError, OSError):
            raise self._died() from None
        kind, body = message[:1], message[1:]
        if kind == _OK:
            return body
        text = body.decode("utf-8", "replace")
        if kind == _ERROR:
            code, _, text = text.partition(" ")
            error = CyberscopeError(text)
            error.exit_code = int(code)
            raise error
        raise CyberscopeError(f"a worker process failed: {text}")

    def _died(self) -> CyberscopeError:
        return CyberscopeError("a worker process stopped unexpectedly (out of memory?); "
                               "run with CYBERSCOPE_WORKERS=1 to use one process")

    def close(self, kill: bool = False) -> None:
        """Stop the workers and wait for them: at once with ``kill``, else once they have
        seen their request pipe close."""
        for requests, results in self.conns:
            requests.close()
            results.close()
        for pid in self.pids:
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.conns, self.pids = [], []
        gc.unfreeze()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(kill=kind is not None)


def _die_with(parent: int) -> bool:
    """Ask the kernel to kill this process when its parent dies (Linux); whether the
    parent is still the one that forked it."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the closed request pipe still stops this worker
    return os.getppid() == parent


def _serve(job: Job, parent: int, requests: Connection, results: Connection) -> int:
    """A worker's life: run the job on each request until the request pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if not _die_with(parent):
        return 0
    import threading
    from queue import SimpleQueue

    # A thread drains the request pipe, so the main process never blocks on a send
    # while this worker blocks on returning a result: there is no deadlock to fear.
    queue: SimpleQueue[bytes | None] = SimpleQueue()

    def read() -> None:
        try:
            while True:
                queue.put(requests.recv_bytes())
        except (EOFError, OSError):
            queue.put(None)

    threading.Thread(target=read, daemon=True).start()
    while (item := queue.get()) is not None:
        try:
            out = _OK + job(item)
        except CyberscopeError as exc:
            out = _ERROR + f"{exc.exit_code} {exc}".encode("utf-8", "replace")
        except MemoryError:
            out = _CRASH + b"out of memory"
        except Exception as exc:  # reported in the main process, which exits non-zero
            out = _CRASH + f"{exc.__class__.__name__}: {exc}".encode("utf-8", "replace")
        try:
            results.send_bytes(out)
        except OSError:  # the main process is gone
            return 0
    return 0


def beside(job: Job, items: Sequence[bytes], here: Callable[[], T]) -> tuple[list[bytes], T]:
    """``job(item)`` of each item, each in a forked worker of its own while ``here()``
    runs in this process, and what ``here()`` gave; all in this process, one after the
    other, where one worker is wanted. ``here`` must not fork workers of its own."""
    if worker_count() < 2:
        return [job(item) for item in items], here()
    with Pool(job, len(items)) as pool:
        for worker, item in enumerate(items):
            pool._send(worker, item)
        mine = here()
        return [pool._result(k) for k in range(len(items))], mine


def imap_ordered(job: Job, items: Iterable[bytes], workers: int | None = None) -> Iterator[bytes]:
    """``job(item)`` for each item, in order: the first here at once (a small input
    never forks, and the first result comes out before any worker starts), the others
    in ``workers`` forked processes (default ``worker_count()``)."""
    it = iter(items)
    first = next(it, None)
    if first is None:
        return
    yield job(first)
    second = next(it, None)
    if second is None:
        return
    n = worker_count() if workers is None else workers
    if n < 2:
        yield job(second)
        yield from map(job, it)
        return
    from itertools import chain

    with Pool(job, n) as pool:
        yield from pool.imap(chain((second,), it))
