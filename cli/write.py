"""Files the tool writes: written atomically, so readers see the old file or the new."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from cli.errors import InputError

__all__ = ["write_atomic", "write_output"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    import tempfile  # imported here: it costs start-up time and only some commands write

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.chmod(tmp, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def write_output(path: Path, text: str, inputs: Sequence[str] = ()) -> None:
    """Write a command's output to ``path`` as UTF-8, atomically, and never over one of
    the command's ``inputs`` (``-`` is standard input)."""
    for name in inputs:
        if name != "-" and _same_file(path, Path(name)):
            raise InputError(f"{path}: is one of the inputs; write the output to another file")
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror or exc})") from None
