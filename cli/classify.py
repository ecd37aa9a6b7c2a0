"""Classify a document: segment it, score each provision, flag what needs a human."""

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cli.artifact import Manifest, default_model_dir, load_models
from cli.errors import InputError
from cli.provision import Provision
from cli.read import Document
from cli.read.decode import normalise_newlines
from cli.scorer import Evidence, Scorer, Scores, TypeScorer
from cli.structure import OffencePart, Reading, is_mixed, read_provision

if TYPE_CHECKING:
    from cli.segment import SegmentWarning  # not imported to classify JSONL records

__all__ = ["BATCH_MIN", "REVIEW_CODES", "Classified", "Classifier", "DocumentResult",
           "Prediction", "Review", "placed", "read", "review_code", "review_reasons"]

CLOSE_MARGIN = 0.15
MIN_WORDS = 3
LINE_SEARCH = 40  # lines a provision's text line is looked for past the previous one
REFERENCE_OTHER_MAX = 0.8  # offence-by-reference: flagged while `other` is below this
BATCH_MIN = 1000  # provisions of a draft; below this, forking workers costs more than it saves


class Review(NamedTuple):
    """Why a human should look at a provision: a stable code and a sentence."""

    code: str
    text: str

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


# Every review reason, by code, with what it means (README, "Review reasons").
REVIEW_CODES = {
    "mixed": "offence language of both kinds, each at least 0.25",
    "close-call": "the two most probable labels are within 0.15",
    "low-confidence": "the label's probability is below the review threshold",
    "parts-disagree": "its parts create offences of both kinds, or a long provision's "
                      "offence parts and its whole text disagree",
    "offence-in-part": "labelled other, but a part has offence language and scores as an "
                       "offence",
    "offence-by-reference": "labelled other, but it makes an offence of the instrument's "
                            "other offences (laundering their proceeds, say) with little "
                            "vocabulary of its own",
    "procedural-offence": "labelled a cyber offence, but it punishes obstructing an "
                          "investigation or disobeying an order, which is other",
    "no-offence-cue": "labelled an offence, but no phrase in it creates one",
}


class Prediction(NamedTuple):
    """The label of a provision, how sure the model is, which parts carry the offence,
    and why a human should look (``reviews``; ``review`` is their text, or None)."""

    label: str
    confidence: float
    scores: dict[str, float]
    review: str | None
    evidence: tuple[Evidence, ...] = ()
    type: str = ""  # one of the label's types (data/README.md)
    type_confidence: float = 0.0  # among the label's types
    type_evidence: tuple[Evidence, ...] = ()
    offence_parts: tuple[OffencePart, ...] = ()  # the draft's lines once classified
    reviews: tuple[Review, ...] = ()

    @property
    def review_code(self) -> str | None:
        """The code of the first review reason, or None when none is needed."""
        return self.reviews[0].code if self.reviews else None


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
    warnings: "tuple[SegmentWarning, ...]" = ()  # what the segmenter found odd in the draft


def review_code(reason: str | None) -> str | None:
    """The code of a review reason's text: its words before the colon ("close call: ..."
    is ``close-call``), or None; for JSON of schema 1, which had only the text."""
    if not reason:
        return None
    return "-".join(reason.split(":", 1)[0].lower().split())


def review_reasons(reading: Reading, threshold: float) -> tuple[Review, ...]:
    """Every reason a human should look at a provision, in the order of ``REVIEW_CODES``."""
    out: list[Review] = []
    probs = reading.probabilities
    if is_mixed(reading.whole):  # the whole text's score: parts may have settled the label
        out.append(Review("mixed", "offence language of both kinds (" + ", ".join(
            f"{k} {v:.2f}" for k, v in reading.whole.items() if k != "other") + ")"))
    ranked = sorted(probs.items(), key=lambda kv: -kv[1])
    if ranked[0][1] - ranked[1][1] < CLOSE_MARGIN:
        out.append(Review("close-call", f"{ranked[0][0]} {ranked[0][1]:.2f} vs {ranked[1][0]} "
                                        f"{ranked[1][1]:.2f}"))
    if ranked[0][1] < threshold:
        out.append(Review("low-confidence", f"{ranked[0][1]:.3f} < {threshold:.2f}"))
    kinds = sorted({f.label for f in reading.offence_parts if f.ref})
    whole = max(reading.whole, key=reading.whole.__getitem__)
    if len(kinds) > 1:
        out.append(Review("parts-disagree", "parts create offences of both kinds: " + ", ".join(
            f"{f.ref} {f.label}" for f in reading.offence_parts)))
    elif reading.long and kinds and whole != reading.label:
        out.append(Review("parts-disagree", f"the whole text reads {whole}, its offence parts "
                                            f"{reading.label}"))
    if reading.label == "other":
        hits = [p for p in reading.part_labels if p.label != "other" and p.offence_cue]
        if hits:
            out.append(Review("offence-in-part", "offence language in " + ", ".join(
                f"{p.ref or 'the opening'} ({p.label})" for p in hits[:3])))
        elif reading.offence_cue and reading.reference_cue and not reading.penalty \
                and reading.whole.get("other", 1.0) < REFERENCE_OTHER_MAX:
            out.append(Review("offence-by-reference", "an offence defined by reference to the "
                                                      "instrument's other offences"))
    elif reading.procedural_cue:
        out.append(Review("procedural-offence", "it protects an investigation or an order; "
                                                "a procedural offence is other"))
    elif not reading.offence_cue:
        out.append(Review("no-offence-cue", "no phrase such as 'commits an offence' or 'shall be "
                                            "punished'"))
    return tuple(out)


def read(scorer: Scorer, text: str, whole: Scores | None = None, batch: bool = False) -> Reading:
    """A provision read as a whole and part by part with ``scorer`` (``cli.structure``);
    ``whole`` is the whole text's score when it is already known; ``batch`` scores the
    parts through the scorer's batch path (same scores, faster once it is set up)."""
    def many(texts: list[str]) -> list[dict[str, float]]:
        todo = texts if whole is None else texts[1:]
        scored = scorer.score_many(todo) if batch else [scorer.score(t) for t in todo]
        return ([] if whole is None else [whole.as_dict()]) + [s.as_dict() for s in scored]

    return read_provision(text, many)


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
    def load(cls, model_dir: Path | None = None, **options) -> "Classifier":
        scorer, types, manifest = _load(model_dir or default_model_dir())
        return cls(scorer, types, manifest, **options)

    def predict(self, text: str) -> Prediction:
        return self._prediction(text, *self.scorer.score_values(text))

    def _prediction(self, text: str, scores: Scores, values: dict[int, float],
                    kind: Scores | None = None, batch: bool = False) -> Prediction:
        """The prediction of ``text`` from its scores and normalised TF-IDF values, read
        whole and part by part (``cli.structure``); ``kind`` (the scores of the whole
        text's label's types) when the batch path has made it; ``batch`` scores the parts
        through the scorer's batch path."""
        reading = read(self.scorer, text, scores, batch)
        label, probs = reading.label, reading.probabilities
        if kind is None or label != scores.label:
            if values is None:  # the batch path makes values only for --explain
                values = self.scorer.score_values(text)[1]
            kind = self.types.score(values, label)
        evidence: tuple[Evidence, ...] = ()
        type_evidence: tuple[Evidence, ...] = ()
        if self.explain:
            runner_up = max((k for k in probs if k != label), key=probs.__getitem__)
            evidence = tuple(self.scorer.evidence(text, label, runner_up))
            against = kind.runner_up if len(kind.classes) > 1 else None
            type_evidence = tuple(self.types.evidence(values, self.scorer.terms, kind.label,
                                                      against))
        reviews = review_reasons(reading, self.min_confidence)
        return Prediction(label, probs[label], probs,
                          "; ".join(map(str, reviews)) or None, evidence,
                          kind.label, kind.confidence, type_evidence,
                          reading.offence_parts, reviews)

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
            return [self._prediction(t, *sv, batch=True)
                    for t, sv in zip(texts, self.scorer.score_many_values(texts), strict=True)]
        classes, predict = self.scorer.classes, self._prediction
        probs, logits, values, kinds = self._vector.score(texts, values=self.explain)
        return [predict(t, Scores(classes, tuple(p), tuple(z)), v, k, batch=True)
                for t, p, z, v, k in zip(texts, probs, logits, values, kinds, strict=True)]

    def predict_many(self, texts: Sequence[str]) -> list[Prediction]:
        """Predictions of a draft's provisions, in order, each ``predict``'s: a draft of
        a thousand or more is scored in worker processes (``cli.batch.predict_blocks``)."""
        if len(texts) < BATCH_MIN:
            return [self.predict(t) for t in texts]
        from cli.batch import predict_blocks

        return predict_blocks(self, texts, self.on_batch)

    def classify_provisions(self, provisions: Sequence[Provision],
                            lines: Sequence[str] | None = None) -> tuple[Classified, ...]:
        """Each provision with its prediction; offence parts get the draft's line numbers
        (found in ``lines``, the draft's lines, where given)."""
        predictions = self.predict_many([p.text for p in provisions])
        return tuple(Classified(p, placed(pred, p, lines))
                     for p, pred in zip(provisions, predictions, strict=True))

    def classify_document(self, doc: Document) -> DocumentResult:
        """Segment a draft's text and classify each provision."""
        from cli.segment import locate, segment  # here: JSONL records need no segmenter

        seg = segment(doc.text)
        if not any(_words(p.text) >= MIN_WORDS for p in seg.provisions):
            raise InputError(f"{doc.source}: no recognisable provisions (no headings and no "
                             "paragraph of text)")
        provisions = locate(seg.provisions, doc.pages, doc.anchors)
        lines = normalise_newlines(doc.text).split("\n")  # numbered as ``segment`` does
        return DocumentResult(doc.source, doc.extractor, seg.fallback,
                              self.classify_provisions(provisions, lines), sha256=doc.sha256,
                              warnings=seg.warnings)


def placed(pred: Prediction, p: Provision, lines: Sequence[str] | None = None) -> Prediction:
    """``pred`` with its offence parts at the draft's line numbers (found in ``lines``,
    the draft's lines; a JSONL record's parts stand on the record's line)."""
    return pred._replace(offence_parts=_absolute(pred.offence_parts, p, lines))


def _line_map(p: Provision, lines: Sequence[str]) -> list[int]:
    """The draft's line number (1-based) of each line of a provision's text.

    The segmenter drops page furniture and blank runs from a provision's text, so its
    lines are found in the draft in order; a line not found keeps its offset."""
    out: list[int] = []
    j = p.start_line - 1
    for k, line in enumerate(p.text.split("\n")):
        i, stop = j, min(p.end_line, j + LINE_SEARCH)
        while i < stop and lines[i].replace("\f", "").rstrip() != line:
            i += 1
        if i < stop:
            j = i + 1
            out.append(i + 1)
        else:
            out.append(min(p.start_line + k, p.end_line))
    return out


def _absolute(parts: tuple[OffencePart, ...], p: Provision,
              lines: Sequence[str] | None) -> tuple[OffencePart, ...]:
    """Offence parts with the draft's line numbers instead of the provision's."""
    if not parts:
        return parts
    if lines is not None and p.end_line <= len(lines):
        where = _line_map(p, lines)
    else:  # a JSONL record: its text stands on one line of the input
        where = [min(p.start_line + k, p.end_line) for k in range(p.text.count("\n") + 1)]
    last = len(where) - 1
    return tuple(f._replace(start_line=where[min(f.start_line, last)],
                            end_line=where[min(f.end_line, last)]) for f in parts)


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
    return load_models(model_dir)
