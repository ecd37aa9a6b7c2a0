"""The pickle-free scorer: the trained linear model, verified before use.

It reproduces the scikit-learn pipeline (TF-IDF with sublinear tf and l2 norm, then
multinomial logistic regression) in plain Python, so classifying a draft needs
neither scikit-learn nor NumPy, and loading a model never unpickles anything. The
file is a magic line, a JSON line (classes, intercepts, vocabulary) and the idf and
weights as little-endian float64s, read with the standard library's ``array``.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from array import array
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from cli.errors import ModelError
from cli.features import analyze

__all__ = ["Evidence", "Manifest", "Scorer", "Scores", "load_manifest", "load_scorer"]

SCORER_MAGIC = b"cyberscope-linear/1"
MANIFEST = "manifest.json"


class Scores(NamedTuple):
    """Probabilities and raw scores (logits) of each class for one text."""

    classes: tuple[str, ...]
    probabilities: tuple[float, ...]
    logits: tuple[float, ...]

    @property
    def _ranked(self) -> tuple[int, ...]:
        p = self.probabilities
        return tuple(sorted(range(len(p)), key=lambda i: (-p[i], i)))

    @property
    def label(self) -> str:
        return self.classes[self._ranked[0]]

    @property
    def confidence(self) -> float:
        return self.probabilities[self._ranked[0]]

    @property
    def runner_up(self) -> str:
        return self.classes[self._ranked[1]]

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.classes, self.probabilities, strict=True))


class Evidence(NamedTuple):
    """A term of the text and how far it pushed one class over another."""

    term: str
    weight: float


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
    return hashlib.sha256(data).hexdigest()


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


class Scorer:
    """A linear three-class text classifier over TF-IDF terms, evaluated in plain Python.

    ``table`` holds, for term ``i`` of ``terms``, its idf followed by the weight of
    each class, at ``table[4 * i:4 * i + 4]``.
    """

    def __init__(self, classes: list[str], intercept: list[float], terms: list[str],
                 table: array, sublinear_tf: bool = True) -> None:
        self.classes = tuple(classes)
        self.intercept = tuple(intercept)
        self.terms = list(terms)
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.table = table.tolist()  # a list reads faster than an array in the inner loop
        self.sublinear_tf = sublinear_tf
        self.stride = len(self.classes) + 1
        if self.stride != 4:
            raise ModelError(f"a scorer has three classes, not {len(self.classes)}")
        if len(table) != len(self.terms) * self.stride:
            raise ModelError("the scorer's weights do not match its vocabulary")

    @classmethod
    def from_bytes(cls, data: bytes) -> Scorer:
        """Read the scorer format: magic line, JSON header line, little-endian float64s."""
        try:
            magic, header, weights = data.split(b"\n", 2)
            if magic != SCORER_MAGIC:
                raise ModelError("the scorer file is not a cyberscope scorer")
            meta = json.loads(header)
            table = array("d")
            table.frombytes(weights)
            if sys.byteorder != "little":
                table.byteswap()
            return cls(meta["classes"], meta["intercept"], meta["terms"], table,
                       meta["sublinear_tf"])
        except (ValueError, KeyError, TypeError):
            raise ModelError("the scorer file is not a cyberscope scorer") from None

    def to_bytes(self) -> bytes:
        meta = {"classes": list(self.classes), "intercept": list(self.intercept),
                "sublinear_tf": self.sublinear_tf, "terms": self.terms}
        table = array("d", self.table)
        if sys.byteorder != "little":
            table.byteswap()
        header = json.dumps(meta, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return SCORER_MAGIC + b"\n" + header.encode() + b"\n" + table.tobytes()

    def _counts(self, text: str) -> dict[int, int]:
        """How often each known term occurs in ``text``, by term index."""
        get = self.index.get
        return {i: n for t, n in Counter(analyze(text)).items() if (i := get(t)) is not None}

    def _values(self, text: str) -> tuple[dict[int, float], float]:
        """Unnormalised TF-IDF values of the text's known terms, by index, and their norm."""
        table, stride, log = self.table, self.stride, math.log
        values: dict[int, float] = {}
        squares = 0.0
        for i, n in self._counts(text).items():
            tf = (1.0 + log(n)) if self.sublinear_tf else float(n)
            v = values[i] = tf * table[i * stride]
            squares += v * v
        return values, math.sqrt(squares) or 1.0

    def features(self, text: str) -> dict[str, float]:
        """The text's l2-normalised TF-IDF values over the model's vocabulary."""
        values, norm = self._values(text)
        return {self.terms[i]: v / norm for i, v in values.items()}

    def score(self, text: str) -> Scores:
        """Class probabilities of one text.

        One pass over the text's terms sums each class's dot product and the squared
        norm; dividing by the norm at the end equals scoring the normalised vector, as
        scikit-learn does, to within rounding. The loop is unrolled for the three
        labels: scoring is the inner loop of every run.
        """
        table, log, sublinear, get = self.table, math.log, self.sublinear_tf, self.index.get
        d0 = d1 = d2 = squares = 0.0
        for term, n in Counter(analyze(text)).items():
            i = get(term)
            if i is None:
                continue
            j = i * 4
            v = table[j] * ((1.0 + log(n)) if sublinear else n) if n > 1 else table[j]
            squares += v * v
            d0 += v * table[j + 1]
            d1 += v * table[j + 2]
            d2 += v * table[j + 3]
        norm = math.sqrt(squares) or 1.0
        logits = [b + d / norm for b, d in zip(self.intercept, (d0, d1, d2), strict=True)]
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return Scores(self.classes, tuple(e / total for e in exps), tuple(logits))

    def weight(self, term: str, label: str) -> float:
        return self.table[self.index[term] * self.stride + self.classes.index(label) + 1]

    def contributions(self, text: str, label: str) -> dict[str, float]:
        """Each term's share of ``label``'s logit; with the intercept they sum to it."""
        return {t: v * self.weight(t, label) for t, v in self.features(text).items()}

    def evidence(self, text: str, label: str, against: str, top: int = 8) -> list[Evidence]:
        """The terms that pushed ``text`` most towards ``label`` and away from ``against``."""
        pushes = [(v * (self.weight(t, label) - self.weight(t, against)), t)
                  for t, v in self.features(text).items()]
        pushes.sort(key=lambda p: (-p[0], p[1]))
        return [Evidence(t, round(w, 6)) for w, t in pushes[:top] if w > 0]


def load_scorer(model_dir: Path) -> tuple[Scorer, Manifest]:
    """The verified scorer of a model directory and its manifest."""
    manifest = load_manifest(model_dir)
    return Scorer.from_bytes(read_verified(model_dir, manifest, manifest.scorer_file)), manifest
