"""The pickle-free scorer: the trained linear model as JSON, verified before use.

It reproduces the scikit-learn pipeline (TF-IDF with sublinear tf and l2 norm, then
multinomial logistic regression) in plain Python, so classifying a draft needs
neither scikit-learn nor NumPy, and loading a model never unpickles anything.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cli.errors import ModelError
from cli.features import analyze

__all__ = ["Evidence", "Manifest", "Scorer", "Scores", "load_manifest", "load_scorer"]

SCORER_FORMAT = "cyberscope-linear/1"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Scores:
    """Probabilities and raw scores (logits) of each class for one text."""

    classes: tuple[str, ...]
    probabilities: tuple[float, ...]
    logits: tuple[float, ...]

    @property
    def label(self) -> str:
        return self.classes[self._ranked()[0]]

    @property
    def confidence(self) -> float:
        return self.probabilities[self._ranked()[0]]

    @property
    def runner_up(self) -> str:
        return self.classes[self._ranked()[1]]

    def _ranked(self) -> list[int]:
        return sorted(range(len(self.classes)), key=lambda i: (-self.probabilities[i], i))

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.classes, self.probabilities, strict=True))


@dataclass(frozen=True)
class Evidence:
    """A term of the text and how far it pushed one class over another."""

    term: str
    weight: float


@dataclass(frozen=True)
class Manifest:
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
    """A linear text classifier over TF-IDF terms, evaluated in plain Python."""

    def __init__(self, classes: list[str], intercept: list[float],
                 terms: dict[str, list[float]], sublinear_tf: bool = True) -> None:
        self.classes = tuple(classes)
        self.intercept = tuple(intercept)
        self.terms = terms
        self.sublinear_tf = sublinear_tf

    @classmethod
    def from_json(cls, data: bytes) -> Scorer:
        try:
            obj = json.loads(data)
            if obj["format"] != SCORER_FORMAT:
                raise ModelError(f"unknown scorer format {obj['format']!r}")
            return cls(obj["classes"], obj["intercept"], obj["terms"], obj["sublinear_tf"])
        except (ValueError, KeyError, TypeError):
            raise ModelError("the scorer file is not a cyberscope scorer") from None

    def to_json(self) -> bytes:
        obj = {"format": SCORER_FORMAT, "classes": list(self.classes),
               "intercept": list(self.intercept), "sublinear_tf": self.sublinear_tf,
               "terms": self.terms}
        return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()

    def features(self, text: str) -> dict[str, float]:
        """The text's l2-normalised TF-IDF values over the model's vocabulary."""
        counts = Counter(t for t in analyze(text) if t in self.terms)
        values = {}
        for term, n in counts.items():
            tf = 1.0 + math.log(n) if self.sublinear_tf else float(n)
            values[term] = tf * self.terms[term][0]
        norm = math.sqrt(sum(v * v for v in values.values()))
        if norm > 0.0:
            values = {t: v / norm for t, v in values.items()}
        return values

    def score(self, text: str) -> Scores:
        """Class probabilities of one text."""
        values = self.features(text)
        logits = list(self.intercept)
        for term, v in values.items():
            weights = self.terms[term]
            for c in range(len(logits)):
                logits[c] += v * weights[c + 1]
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return Scores(self.classes, tuple(e / total for e in exps), tuple(logits))

    def contributions(self, text: str, label: str) -> dict[str, float]:
        """Each term's share of ``label``'s logit; with the intercept they sum to it."""
        c = self.classes.index(label) + 1
        return {t: v * self.terms[t][c] for t, v in self.features(text).items()}

    def evidence(self, text: str, label: str, against: str, top: int = 8) -> list[Evidence]:
        """The terms that pushed ``text`` most towards ``label`` and away from ``against``."""
        a, b = self.classes.index(label) + 1, self.classes.index(against) + 1
        pushes = [(v * (self.terms[t][a] - self.terms[t][b]), t)
                  for t, v in self.features(text).items()]
        pushes.sort(key=lambda p: (-p[0], p[1]))
        return [Evidence(t, round(w, 6)) for w, t in pushes[:top] if w > 0]


def load_scorer(model_dir: Path) -> tuple[Scorer, Manifest]:
    """The verified scorer of a model directory and its manifest."""
    manifest = load_manifest(model_dir)
    return Scorer.from_json(read_verified(model_dir, manifest, manifest.scorer_file)), manifest
