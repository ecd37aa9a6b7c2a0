"""Files the tool writes: written atomically, so readers see the old file or the new."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from cli.errors import InputError

__all__ = ["AtomicFile", "atomic_file", "open_output", "write_atomic", "write_output"]


class AtomicFile:
    """The temporary file of ``atomic_file``; ``keep`` False leaves ``path`` as it was."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.keep = True

    def write(self, data: bytes) -> int:
        return self.fh.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[AtomicFile]:
    """A file written beside ``path`` and renamed over it when the block ends without an
    error (and ``keep`` is true), so that readers see the old file or the new, never half."""
    import tempfile  # imported here: it costs start-up time and only some commands write

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(tmp, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            out = AtomicFile(fh)
            yield out
            fh.flush()
            os.fsync(fh.fileno())
        if out.keep:
            os.replace(tmp, path)
        else:
            Path(tmp).unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    with atomic_file(path) as fh:
        fh.write(data)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _not_an_input(path: Path, inputs: Sequence[str]) -> None:
    for name in inputs:
        if name != "-" and _same_file(path, Path(name)):
            raise InputError(f"{path}: is one of the inputs; write the output to another file")


def write_output(path: Path, text: str, inputs: Sequence[str] = ()) -> None:
    """Write a command's output to ``path`` as UTF-8, atomically, and never over one of
    the command's ``inputs`` (``-`` is standard input)."""
    with open_output(path, inputs) as fh:
        fh.write(text.encode("utf-8"))


@contextmanager
def open_output(path: Path, inputs: Sequence[str] = ()) -> Iterator[AtomicFile]:
    """``atomic_file`` for a command's output, written as it comes (a stream): never
    over one of the command's ``inputs``; an error writing it is an ``InputError``."""
    _not_an_input(path, inputs)
    try:
        with atomic_file(path) as fh:
            yield fh
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
