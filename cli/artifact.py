"""The model directory: where it is, what its manifest says, and its files verified.

A model directory holds data files named by their content and ``manifest.json``, which
names them with their SHA-256. Nothing is read from a data file until its hash matches
the manifest, and training writes the data files first and the manifest last, so a
directory is always the old model or the new one, whole.

The directory is confined: the manifest may name only plain file names (no path
separator, no ``..``, no leading dot), each a regular file inside the directory (a
symlink, FIFO or device is refused without being followed or opened blocking) of
bounded size; every bad entry gives the same message, which does not tell whether a
file outside the directory exists. Training removes only regular files directly
inside the directory that its old manifest named, and its own stale temporary files.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cli.errors import ModelError
from cli.write import write_atomic

if TYPE_CHECKING:
    from cli.scorer import Scorer, TypeScorer

__all__ = ["MANIFEST", "Manifest", "default_model_dir", "fresh_model_dir", "load_manifest",
           "load_models", "load_scorer", "load_type_scorer", "manifest_files", "model_dir_lock",
           "plain_name", "read_ahead", "read_named", "read_verified", "sha256_bytes",
           "sha256_object", "write_model_dir"]

MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_FILE_BYTES = 256 * 1024 * 1024  # the shipped scorer and pipeline are under 1 MB each
_SHA256 = re.compile(r"[0-9a-f]{64}")
# what write_atomic leaves of a model file when a train is killed: ".NAME.XXXXXXXX.tmp"
_STALE_TEMP = re.compile(r"\.(?:manifest\.json|scorer-[0-9a-f]{12}\.bin|"
                         r"pipeline-[0-9a-f]{12}\.joblib)\.[a-z0-9_]{8}\.tmp")


class Manifest(NamedTuple):
    """What ``models/manifest.json`` says of a trained model."""

    model_id: str
    files: dict[str, str]
    scorer_file: str
    review_threshold: float
    data: dict

    @property
    def scorer_sha256(self) -> str:
        return self.files[self.scorer_file]


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex (``sha256_object``)."""
    return sha256_object(data).hexdigest()


def sha256_object(data: bytes) -> Any:
    """A SHA-256 hash object fed ``data``: OpenSSL's, which hashes the shipped model's
    7.3 MB in 5 ms where the interpreter's built-in implementation takes 30 ms. It is
    taken from ``_hashlib``, the module behind ``hashlib``, where there is one:
    ``hashlib`` itself also loads the BLAKE2 module and sets up every other algorithm,
    some 2 ms of each start (measured on this project's machine)."""
    try:
        from _hashlib import openssl_sha256 as sha256
    except ImportError:  # an interpreter built without OpenSSL
        from hashlib import sha256

    return sha256(data)


def default_model_dir() -> Path:
    """``$CYBERSCOPE_MODEL_DIR`` if set, else the shipped model: installed beside the
    package (``cli/models``), or ``models/`` of a source checkout."""
    env = os.environ.get("CYBERSCOPE_MODEL_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "models", here.parent / "models"):
        if (candidate / MANIFEST).is_file():
            return candidate
    return here / "models"


def fresh_model_dir(parent: Path, name: str = "cyberscope-model") -> Path:
    """A directory in ``parent`` that does not exist yet, for a newly trained model:
    ``cyberscope-model``, else ``cyberscope-model-2``, ``-3``, ..."""
    candidate, k = parent / name, 1
    while candidate.exists() or candidate.is_symlink():
        k += 1
        candidate = parent / f"{name}-{k}"
    return candidate


def _bad_model(model_dir: Path) -> ModelError:
    """The one message for any bad entry: it names no file, so it cannot tell whether
    something outside the directory exists."""
    return ModelError(f"{model_dir}: a model file is missing, altered or not allowed (it "
                      "does not match the manifest); run `classify train` or give another "
                      "--model")


def plain_name(name: object) -> bool:
    """A file name the manifest may use: no directory part, no ``..``, not hidden."""
    return (isinstance(name, str) and 0 < len(name) <= 255 and not name.startswith(".")
            and not any(c in name for c in "/\\\0"))


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file (not a symlink) of at most ``limit``
    bytes; OSError or ValueError otherwise. A FIFO is never waited on."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise ValueError(f"{path}: not a regular file of at most {limit} bytes")
        data = fh.read(min(info.st_size, limit) + 1)  # a buffer of the file's size only
    if len(data) > limit:
        raise ValueError(f"{path}: larger than {limit} bytes")
    return data


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def load_manifest(model_dir: Path) -> Manifest:
    """Read and check the manifest of a model directory."""
    path = model_dir / MANIFEST
    try:
        data = json.loads(_read_regular(path, MAX_MANIFEST_BYTES).decode("utf-8"),
                          parse_constant=_refuse_constant)
    except FileNotFoundError:
        raise ModelError(f"{model_dir}: not a cyberscope model directory (no {MANIFEST})") from None
    except (OSError, ValueError, RecursionError) as exc:
        raise ModelError(f"{path}: unreadable manifest ({exc.__class__.__name__})") from None
    try:
        files = data["files"]
        threshold = data["review_threshold"]
        manifest = Manifest(
            model_id=str(data["model_id"]),
            files={k: v for k, v in files.items() if isinstance(v, str)},
            scorer_file=data["scorer"],
            review_threshold=float(threshold),
            data=data,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ModelError(f"{path}: not a cyberscope model manifest") from None
    if (isinstance(threshold, bool) or not math.isfinite(manifest.review_threshold)
            or not 0.0 <= manifest.review_threshold <= 1.0):
        raise ModelError(f"{path}: the review threshold is not a probability")
    if (len(manifest.files) != len(files) or manifest.scorer_file not in manifest.files
            or not all(plain_name(k) and _SHA256.fullmatch(v)
                       for k, v in manifest.files.items())):
        raise _bad_model(model_dir)
    return manifest


def read_verified(model_dir: Path, manifest: Manifest, name: str) -> bytes:
    """The bytes of a model file, refused unless it is a regular file inside the
    directory, of bounded size, whose SHA-256 matches the manifest."""
    expected = manifest.files.get(name)
    if expected is None or not plain_name(name):
        raise _bad_model(model_dir)
    try:
        data = _read_regular(model_dir / name, MAX_FILE_BYTES)
    except (OSError, ValueError):
        raise _bad_model(model_dir) from None
    if sha256_bytes(data) != expected:
        raise _bad_model(model_dir)
    return data


def read_named(model_dir: Path, key: str) -> bytes:
    """The verified bytes of the file the manifest names under ``key`` ("pipeline")."""
    manifest = load_manifest(model_dir)
    name = manifest.data.get(key)
    if not isinstance(name, str):
        raise _bad_model(model_dir)
    return read_verified(model_dir, manifest, name)


def load_scorer(model_dir: Path) -> tuple[Scorer, Manifest]:
    """The verified scorer of a model directory and its manifest."""
    from cli.scorer import Scorer

    manifest = load_manifest(model_dir)
    return Scorer.from_bytes(read_verified(model_dir, manifest, manifest.scorer_file)), manifest


def load_type_scorer(model_dir: Path, manifest: Manifest, scorer: Scorer) -> TypeScorer:
    """The verified type scorer of a model directory, checked against its label scorer."""
    return _type_scorer(read_verified(model_dir, manifest, _type_file(model_dir, manifest)),
                        scorer)


def read_ahead(model_dir: Path | None = None) -> None:
    """Start reading and verifying a model directory's manifest and both scorers' files
    (default: ``default_model_dir()``) on a second thread, for ``load_models`` to take.

    Reading and OpenSSL's hashing let go of the interpreter, so on two cores they go on
    while this thread works: the console script starts it before importing typer, which
    keeps the interpreter busy for some 35 ms, and the files are ready when the command
    needs them. Nothing is parsed before its hash has matched."""
    from _queue import SimpleQueue  # queue.SimpleQueue itself, without queue's imports

    try:
        model_dir = model_dir or default_model_dir()
    except OSError:  # left to the command, which reports it
        return
    with _AHEAD_LOCK:
        if model_dir in _AHEAD:
            return
        found: SimpleQueue = SimpleQueue()
        reader: threading.Thread | None = threading.Thread(
            target=_read_files, args=(model_dir, found), name="read-model", daemon=True)
        try:
            reader.start()
        except RuntimeError:  # no thread to be had: read here, now
            reader = None
            _read_files(model_dir, found)
        _AHEAD[model_dir] = (reader, found)


# The reads in progress, by model directory: the reading thread (None where the files
# were read at once) and what it has found; a lock, as API users may load in threads.
_AHEAD: dict[Path, tuple[Any, Any]] = {}
_AHEAD_LOCK = threading.Lock()


def _read_files(model_dir: Path, found: Any) -> None:
    """Put the manifest, then the scorer's and the type scorer's verified bytes, or the
    first error, in ``found``."""
    try:
        manifest = load_manifest(model_dir)
        found.put(manifest)
        found.put(read_verified(model_dir, manifest, manifest.scorer_file))
        found.put(read_verified(model_dir, manifest, _type_file(model_dir, manifest)))
    except BaseException as exc:  # raised in the thread that takes it
        found.put(exc)


def load_models(model_dir: Path) -> tuple[Scorer, TypeScorer, Manifest]:
    """The verified label and type scorers of a model directory, and its manifest.

    The files are read and verified on a second thread (``read_ahead``, started here
    unless it already was): the label scorer is parsed here while the type scorer, the
    larger file, is still being read and hashed. Reads of other directories still in
    progress are waited for and dropped, so no thread outlives this call (the batch
    path forks workers after it)."""
    from _queue import SimpleQueue

    from cli.scorer import Scorer

    read_ahead(model_dir)
    with _AHEAD_LOCK:
        mine = _AHEAD.pop(model_dir, None)
        readers = [reader for reader, _ in _AHEAD.values()]
        _AHEAD.clear()
    if mine is None:  # another thread's load took it: read here
        mine = (None, SimpleQueue())
        _read_files(model_dir, mine[1])
    reader, found = mine
    try:
        manifest = _taken(found)
        scorer = Scorer.from_bytes(_taken(found))
        types = _type_scorer(_taken(found), scorer)
    finally:
        for thread in (reader, *readers):
            if thread is not None:
                thread.join()
    return scorer, types, manifest


def _taken(found: Any) -> Any:
    """The next thing a reading thread found; its error is raised here."""
    item = found.get()
    if isinstance(item, BaseException):
        raise item
    return item


def _type_file(model_dir: Path, manifest: Manifest) -> str:
    name = manifest.data.get("type_scorer")
    if not isinstance(name, str):
        raise ModelError(f"{model_dir}: the model has no type scorer; retrain it "
                         "(`classify train`)")
    return name


def _type_scorer(data: bytes, scorer: Scorer) -> TypeScorer:
    from cli.scorer import TypeScorer

    types = TypeScorer.from_bytes(data)
    types.check(scorer)
    return types


def manifest_files(model_dir: Path) -> set[str]:
    """The plain file names the manifest already in ``model_dir`` lists, if any; names
    with a directory part, ``..`` or a leading dot are ignored."""
    try:
        data = json.loads(_read_regular(model_dir / MANIFEST, MAX_MANIFEST_BYTES))
        files = data["files"]
        return {name for name in files if plain_name(name)}
    except (OSError, ValueError, RecursionError, KeyError, TypeError, AttributeError):
        return set()


def _remove_own_file(out_dir: Path, name: str) -> None:
    """Remove ``out_dir/name`` if it is a regular file (a symlink is left alone)."""
    path = out_dir / name
    try:
        if plain_name(name) and stat.S_ISREG(path.lstat().st_mode):
            path.unlink()
    except FileNotFoundError:
        pass


@contextmanager
def model_dir_lock(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir`` for writing: created if need be, checked writable, locked against
    a second ``classify train``, and cleared of the temporary files a killed train left."""
    import fcntl
    import tempfile

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise ModelError(f"{out_dir}: cannot write the model there "
                         f"({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ModelError(f"{out_dir}: another `classify train` is writing this "
                             "directory") from None
        for entry in os.scandir(out_dir):
            if _STALE_TEMP.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)
        try:
            probe, probe_path = tempfile.mkstemp(dir=out_dir, prefix=f".{MANIFEST}.",
                                                 suffix=".tmp")
            os.close(probe)
            os.unlink(probe_path)
        except OSError as exc:
            raise ModelError(f"{out_dir}: cannot write the model there "
                             f"({exc.strerror or exc})") from None
        yield
    finally:
        os.close(fd)  # releases the lock


def write_model_dir(out_dir: Path, files: dict[str, tuple[str, bytes]],
                    meta: dict[str, Any]) -> None:
    """Write the data files, then the manifest that commits them.

    ``files`` maps a manifest key ("scorer", "pipeline") to a file name and its bytes.
    The regular files directly inside ``out_dir`` that the old manifest named and the
    new one does not are removed after; nothing else is touched. A write that fails
    (a full disk, a read-only directory) is a one-line error and leaves the old model.
    """
    previous = manifest_files(out_dir)
    manifest = {
        **meta,
        **{key: name for key, (name, _) in files.items()},
        "files": {name: sha256_bytes(data) for name, data in files.values()},
    }
    text = json.dumps(manifest, indent=2, sort_keys=True, allow_nan=False) + "\n"
    try:
        for name, data in files.values():
            write_atomic(out_dir / name, data)
        write_atomic(out_dir / MANIFEST, text.encode())
    except OSError as exc:
        raise ModelError(f"{out_dir}: cannot write the model there "
                         f"({exc.strerror or exc}); the previous model, "
                         "if any, is unchanged") from None
    for name in previous - set(manifest["files"]):  # only files the old manifest named
        _remove_own_file(out_dir, name)
