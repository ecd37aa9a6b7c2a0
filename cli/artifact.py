"""The model directory: where it is, what its manifest says, and its files verified.

A model directory holds data files named by their content and ``manifest.json``, which
names them with their SHA-256. Nothing is read from a data file until its hash matches
the manifest, and training writes the data files first and the manifest last, so a
directory is always the old model or the new one, whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cli.errors import ModelError
from cli.write import write_atomic

if TYPE_CHECKING:
    from cli.scorer import Scorer, TypeScorer

__all__ = ["MANIFEST", "Manifest", "default_model_dir", "fresh_model_dir", "load_manifest",
           "load_scorer", "load_type_scorer", "manifest_files", "read_named", "read_verified",
           "sha256_bytes", "sha256_object", "write_model_dir"]

MANIFEST = "manifest.json"


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
    """A SHA-256 hash object fed ``data``, by the interpreter's built-in implementation
    where it has one: ``hashlib`` loads OpenSSL, which costs every run some milliseconds."""
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # Python 3.12 and later
        except ImportError:
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


def load_manifest(model_dir: Path) -> Manifest:
    """Read and check the manifest of a model directory."""
    path = model_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{model_dir}: not a cyberscope model directory (no {MANIFEST})") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: unreadable manifest ({exc.__class__.__name__})") from None
    try:
        return Manifest(
            model_id=str(data["model_id"]),
            files={str(k): str(v) for k, v in data["files"].items()},
            scorer_file=str(data["scorer"]),
            review_threshold=float(data["review_threshold"]),
            data=data,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ModelError(f"{path}: not a cyberscope model manifest") from None


def read_verified(model_dir: Path, manifest: Manifest, name: str) -> bytes:
    """The bytes of a model file, refused unless their SHA-256 matches the manifest."""
    expected = manifest.files.get(name)
    if expected is None:
        raise ModelError(f"{model_dir}: the manifest lists no file {name}")
    try:
        data = (model_dir / name).read_bytes()
    except OSError:
        raise ModelError(f"{model_dir / name}: missing model file") from None
    if sha256_bytes(data) != expected:
        raise ModelError(f"{model_dir / name}: SHA-256 does not match the manifest; "
                         "the model was altered or is incomplete (run `classify train`)")
    return data


def read_named(model_dir: Path, key: str) -> bytes:
    """The verified bytes of the file the manifest names under ``key`` ("pipeline")."""
    manifest = load_manifest(model_dir)
    name = manifest.data.get(key)
    if not isinstance(name, str):
        raise ModelError(f"{model_dir}: the manifest names no {key} file")
    return read_verified(model_dir, manifest, name)


def load_scorer(model_dir: Path) -> tuple[Scorer, Manifest]:
    """The verified scorer of a model directory and its manifest."""
    from cli.scorer import Scorer

    manifest = load_manifest(model_dir)
    return Scorer.from_bytes(read_verified(model_dir, manifest, manifest.scorer_file)), manifest


def load_type_scorer(model_dir: Path, manifest: Manifest, scorer: Scorer) -> TypeScorer:
    """The verified type scorer of a model directory, checked against its label scorer."""
    from cli.scorer import TypeScorer

    name = manifest.data.get("type_scorer")
    if not isinstance(name, str):
        raise ModelError(f"{model_dir}: the model has no type scorer; retrain it "
                         "(`classify train`)")
    types = TypeScorer.from_bytes(read_verified(model_dir, manifest, name))
    types.check(scorer)
    return types


def manifest_files(model_dir: Path) -> set[str]:
    """The data files named by the manifest already in ``model_dir``, if any."""
    try:
        return set(load_manifest(model_dir).files)
    except ModelError:
        return set()


def write_model_dir(out_dir: Path, files: dict[str, tuple[str, bytes]],
                    meta: dict[str, Any]) -> None:
    """Write the data files, then the manifest that commits them.

    ``files`` maps a manifest key ("scorer", "pipeline") to a file name and its bytes.
    The files the old manifest named and the new one does not are removed after;
    nothing else in ``out_dir`` is touched.
    """
    previous = manifest_files(out_dir)
    for name, data in files.values():
        write_atomic(out_dir / name, data)
    manifest = {
        **meta,
        **{key: name for key, (name, _) in files.items()},
        "files": {name: sha256_bytes(data) for name, data in files.values()},
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    write_atomic(out_dir / MANIFEST, text.encode())
    for name in previous - set(manifest["files"]):  # only files the old manifest named
        (out_dir / name).unlink(missing_ok=True)
