"""Classify a document: segment it, score each provision, flag what needs a human."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cli.artifact import Manifest, default_model_dir, load_scorer, load_type_scorer
from cli.errors import InputError
from cli.scorer import Evidence, Scorer, Scores, TypeScorer

if TYPE_CHECKING:
    from cli.provision import Provision
    from cli.read import Document
    from cli.segment import SegmentWarning

__all__ = ["BATCH_MIN", "Classified", "Classifier", "DocumentResult", "Prediction",
           "review_code"]

CLOSE_MARGIN = 0.15
MIXED_FLOOR = 0.25
MIN_WORDS = 3
BATCH_MIN = 2000  # provisions; below this, the batch path's set-up costs more than it saves
PROGRESS_STEP = 500  # provisions of a large draft scored between progress reports


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
        self._vector: Any = None  # the NumPy arithmetic of the batch path, once prepared
        self._prepared = False

    @classmethod
    def load(cls, model_dir: Path | None = None, **options) -> Classifier:
        scorer, types, manifest = _load(model_dir or default_model_dir())
        return cls(scorer, types, manifest, **options)

    def predict(self, text: str) -> Prediction:
        return self._prediction(text, *self.scorer.score_values(text))

    def _prediction(self, text: str, scores: Scores, values: dict[int, float],
                    kind: Scores | None = None) -> Prediction:
        """The prediction of ``text`` from its scores and normalised TF-IDF values; ``kind``
        (the scores of its label's types) when the batch path has made it."""
        label, probs = scores.label, scores.as_dict()
        if kind is None:
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

    def prepare_batch(self) -> None:
        """Make what the batch path needs (before workers fork, so that they share it)."""
        self.scorer.key_positions  # noqa: B018 - with term_index
        if self.explain:
            self.scorer.index  # noqa: B018 - evidence looks terms up by name
        self._vector = _block_scorer(self.scorer, self.types)
        self._prepared = True

    def predict_batch(self, texts: Sequence[str]) -> list[Prediction]:
        """Predictions of JSONL records (``cli.batch``), a block at a time: the arithmetic
        in NumPy where it is installed (``cli.vector``), which agrees with ``predict``
        to within rounding, else the scorer's batch path, which agrees to the bit."""
        if not self._prepared:
            self.prepare_batch()
        if self._vector is None:
            return [self._prediction(t, *sv)
                    for t, sv in zip(texts, self.scorer.score_many_values(texts), strict=True)]
        classes, predict = self.scorer.classes, self._prediction
        probs, logits, values, kinds = self._vector.score(texts, values=self.explain)
        return [predict(t, Scores(classes, tuple(p), tuple(z)), v, k)
                for t, p, z, v, k in zip(texts, probs, logits, values, kinds, strict=True)]

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """Predictions of a draft's provisions, in order, the same to the bit as
        ``predict``'s: a draft of thousands goes through the scorer's batch path."""
        if len(texts) < BATCH_MIN:
            return [self.predict(t) for t in texts]
        self.scorer.key_positions  # noqa: B018 - made once here, with term_index
        out: list[Prediction] = []
        for start in range(0, len(texts), PROGRESS_STEP):
            part = texts[start:start + PROGRESS_STEP]
            out += [self._prediction(t, *sv)
                    for t, sv in zip(part, self.scorer.score_many_values(part), strict=True)]
            if self.on_batch:
                self.on_batch(len(out), len(texts))
        return out

    def classify_provisions(self, provisions: Sequence[Provision]) -> tuple[Classified, ...]:
        predictions = self.predict_many([p.text for p in provisions])
        return tuple(Classified(p, pred) for p, pred in zip(provisions, predictions, strict=True))

    def classify_document(self, doc: Document) -> DocumentResult:
        """Segment a draft's text and classify each provision."""
        from cli.segment import locate, segment  # here: JSONL records need no segmenter

        seg = segment(doc.text)
        if not any(_words(p.text) >= MIN_WORDS for p in seg.provisions):
            raise InputError(f"{doc.source}: no recognisable provisions (no headings and no "
                             "paragraph of text)")
        provisions = locate(seg.provisions, doc.pages, doc.anchors)
        return DocumentResult(doc.source, doc.extractor, seg.fallback,
                              self.classify_provisions(provisions), sha256=doc.sha256,
                              warnings=seg.warnings)


def _block_scorer(scorer: Scorer, types: TypeScorer) -> Any:
    try:
        from cli.vector import BlockScorer
    except ImportError:  # no NumPy: the pure-Python batch path
        return None
    return BlockScorer(scorer, types)


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


@lru_cache(maxsize=4)
def _load(model_dir: Path) -> tuple[Scorer, TypeScorer, Manifest]:
    scorer, manifest = load_scorer(model_dir)
    return scorer, load_type_scorer(model_dir, manifest, scorer), manifest
