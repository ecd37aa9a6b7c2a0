"""Classify a document: segment it, score each provision, flag what needs a human."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cli.artifact import Manifest, default_model_dir, load_scorer, load_type_scorer
from cli.errors import InputError
from cli.parallel import map_ranges
from cli.scorer import Evidence, Scorer, Scores, TypeScorer
from cli.segment import Provision, SegmentWarning, locate, segment

if TYPE_CHECKING:
    from cli.read import Document

__all__ = ["BATCH_MIN", "Classified", "Classifier", "DocumentResult", "Prediction",
           "review_code"]

CLOSE_MARGIN = 0.15
MIXED_FLOOR = 0.25
MIN_WORDS = 3
BATCH_MIN = 2000  # provisions; below this, the batch path's set-up costs more than it saves


class Prediction(NamedTuple):
    """The label of a provision, how sure the model is, and why a human should look."""

    label: str
    confidence: float
    scores: dict[str, float]
    review: str | None
    evidence: tuple[Evidence, ...] = ()
    type: str = ""  # one of the label's types (data/README.md)
    type_confidence: float = 0.0  # among the label's types
    type_evidence: tuple[Evidence, ...] = ()


class Classified(NamedTuple):
    """A provision and its prediction."""

    provision: Provision
    prediction: Prediction


class DocumentResult(NamedTuple):
    """A classified document."""

    source: str
    extractor: str
    fallback: bool
    provisions: tuple[Classified, ...]
    record_ids: tuple[Any, ...] = ()  # JSONL input: each record's "id" as given
    sha256: str = ""  # of the input's bytes
    warnings: tuple[SegmentWarning, ...] = ()  # what the segmenter found odd in the draft


def review_code(reason: str | None) -> str | None:
    """The code of a review reason: its words before the colon ("close call: ..." is
    ``close-call``), or None when the provision needs no review."""
    if not reason:
        return None
    return "-".join(reason.split(":", 1)[0].lower().split())


def review_reason(scores: Scores, min_confidence: float) -> str | None:
    """Why a prediction needs a human: low confidence, a close call, or a mixed provision."""
    probs = scores.as_dict()
    dep, enb = probs.get("cyber-dependent", 0.0), probs.get("cyber-enabled", 0.0)
    if dep >= MIXED_FLOOR and enb >= MIXED_FLOOR:
        return (f"mixed: offence language of both kinds (cyber-dependent {dep:.2f}, "
                f"cyber-enabled {enb:.2f})")
    ranked = sorted(scores.probabilities, reverse=True)
    if ranked[0] - ranked[1] < CLOSE_MARGIN:
        return f"close call: {scores.label} {ranked[0]:.2f} vs {scores.runner_up} {ranked[1]:.2f}"
    if ranked[0] < min_confidence:
        return f"low confidence: {ranked[0]:.3f} < {min_confidence:.2f}"
    return None


class Classifier:
    """The verified scorer and the rules that turn its scores into predictions."""

    def __init__(self, scorer: Scorer, types: TypeScorer, manifest: Manifest,
                 min_confidence: float | None = None, explain: bool = False,
                 on_batch: Callable[[int, int], None] | None = None) -> None:
        self.scorer = scorer
        self.types = types
        self.manifest = manifest
        self.min_confidence = (manifest.review_threshold if min_confidence is None
                               else min_confidence)
        self.explain = explain
        self.on_batch = on_batch  # told (done, total) as a large batch is scored

    @classmethod
    def load(cls, model_dir: Path | None = None, **options) -> Classifier:
        scorer, types, manifest = _load(model_dir or default_model_dir())
        return cls(scorer, types, manifest, **options)

    def predict(self, text: str) -> Prediction:
        return self._prediction(text, *self.scorer.score_values(text))

    def _prediction(self, text: str, scores: Scores, values: dict[int, float]) -> Prediction:
        label, probs = scores.label, scores.as_dict()
        kind = self.types.score(values, label)
        evidence: tuple[Evidence, ...] = ()
        type_evidence: tuple[Evidence, ...] = ()
        if self.explain:
            evidence = tuple(self.scorer.evidence(text, label, scores.runner_up))
            against = kind.runner_up if len(kind.classes) > 1 else None
            type_evidence = tuple(self.types.evidence(values, self.scorer.terms, kind.label,
                                                      against))
        return Prediction(label, probs[label], probs, review_reason(scores, self.min_confidence),
                          evidence, kind.label, kind.confidence, type_evidence)

    def _predict_batch(self, texts: Sequence[str]) -> list[Prediction]:
        """Predictions for part of a large batch, through the scorer's batch path."""
        return [self._prediction(t, *sv)
                for t, sv in zip(texts, self.scorer.score_many_values(texts), strict=True)]

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """Predictions in order.

        A large batch (a JSONL file) goes through the scorer's batch path, whose set-up
        pays off only over thousands of texts, shared among worker processes
        (``cli.parallel``); the results are the same, in the same order, whatever the
        number of workers.
        """
        if len(texts) < BATCH_MIN:
            return [self.predict(t) for t in texts]
        self.scorer.key_positions  # noqa: B018 - made once here (with term_index), before fork
        if self.explain:
            self.scorer.index  # noqa: B018 - evidence looks terms up by name
        out: list[Prediction] = []
        for done, part in map_ranges(lambda i, j: self._predict_batch(texts[i:j]), len(texts)):
            out += part
            if self.on_batch:
                self.on_batch(done, len(texts))
        return out

    def classify_provisions(self, provisions: Sequence[Provision]) -> tuple[Classified, ...]:
        predictions = self.predict_many([p.text for p in provisions])
        return tuple(Classified(p, pred) for p, pred in zip(provisions, predictions, strict=True))

    def classify_document(self, doc: Document) -> DocumentResult:
        """Segment a draft's text and classify each provision."""
        seg = segment(doc.text)
        if not any(_words(p.text) >= MIN_WORDS for p in seg.provisions):
            raise InputError(f"{doc.source}: no recognisable provisions (no headings and no "
                             "paragraph of text)")
        provisions = locate(seg.provisions, doc.pages, doc.anchors)
        return DocumentResult(doc.source, doc.extractor, seg.fallback,
                              self.classify_provisions(provisions), sha256=doc.sha256,
                              warnings=seg.warnings)


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


@lru_cache(maxsize=4)
def _load(model_dir: Path) -> tuple[Scorer, TypeScorer, Manifest]:
    scorer, manifest = load_scorer(model_dir)
    return scorer, load_type_scorer(model_dir, manifest, scorer), manifest
