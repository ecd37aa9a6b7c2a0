"""Train the scikit-learn pipeline, measure it, and write the model directory.

scikit-learn and joblib are imported inside the functions that need them: the
classification path never loads this module's heavy dependencies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cli import LABELS
from cli.artifact import model_dir_lock, read_named, sha256_bytes, write_model_dir
from cli.classify import read, review_reasons
from cli.errors import InputError, ModelError
from cli.metrics import Metrics, evaluate_predictions
from cli.scorer import Scorer, Scores, TypeScorer
from cli.structure import Reading
from cli.training.corpus import TYPES, Record, corpus_digest, load_corpus

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

__all__ = ["CrossValidation", "TrainResult", "cross_validate", "cross_validate_all",
           "export_scorer", "export_type_scorer", "fit_pipeline", "load_pipeline",
           "review_threshold", "selective_accuracy", "train", "type_accuracy", "write_model"]

SEED = 0
PARAMS: dict[str, Any] = {"C": 10.0, "min_df": 2, "class_weight": "balanced"}
Progress = Callable[[str], None]


@dataclass(frozen=True)
class TrainResult:
    """What training produced and measured."""

    model_id: str
    records: int
    grouped_cv: Metrics
    fold_macro_f1: dict[str, float]
    review_threshold: float
    out_dir: Path
    type_accuracy: dict[str, float]  # grouped CV: "offences" and "all"


def fit_pipeline(texts: Sequence[str], labels: Sequence[str],
                 params: dict[str, Any] | None = None) -> Pipeline:
    """A fitted TF-IDF + logistic regression pipeline."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from cli.features import analyze

    p = {**PARAMS, **(params or {})}
    pipeline = Pipeline([
        ("tfidf", TfidfVectorizer(analyzer=analyze, token_pattern=None, lowercase=False,
                                  sublinear_tf=True, min_df=p["min_df"])),
        ("clf", LogisticRegression(C=p["C"], class_weight=p["class_weight"], max_iter=5000,
                                   random_state=SEED)),
    ])
    pipeline.fit(list(texts), list(labels))
    return pipeline


def export_scorer(pipeline: Pipeline) -> Scorer:
    """The pickle-free scorer equivalent to a fitted pipeline."""
    tfidf, clf = pipeline.named_steps["tfidf"], pipeline.named_steps["clf"]
    classes = [str(c) for c in clf.classes_]
    if classes != list(LABELS):
        raise ModelError(f"the classifier's classes {classes} are not {list(LABELS)}")
    from array import array

    idf, coef = tfidf.idf_, clf.coef_
    terms = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.__getitem__)
    table = array("d")
    for j in range(len(terms)):
        table.append(float(idf[j]))
        table.extend(float(coef[c, j]) for c in range(len(classes)))
    return Scorer(classes, [float(b) for b in clf.intercept_], terms, table, sublinear_tf=True)


def export_type_scorer(pipeline: Pipeline, texts: Sequence[str], labels: Sequence[str],
                       types: Sequence[str], params: dict[str, Any] | None = None) -> TypeScorer:
    """The type scorer: for each label, a logistic regression over that label's types,
    fitted on the label's records with the label pipeline's TF-IDF features."""
    from array import array

    import numpy as np
    from sklearn.linear_model import LogisticRegression

    p = {**PARAMS, **(params or {})}
    x = pipeline.named_steps["tfidf"].transform(list(texts))
    groups: dict[str, list[str]] = {}
    intercept: list[float] = []
    columns = []
    for label in LABELS:
        rows = [i for i, g in enumerate(labels) if g == label]
        names = sorted({types[i] for i in rows})
        if not names:
            raise ModelError(f"no {label} record to learn its types from")
        groups[label] = names
        if len(names) == 1:  # one type: it is certain
            intercept.append(0.0)
            columns.append(np.zeros(x.shape[1]))
            continue
        clf = LogisticRegression(C=p["C"], class_weight=p["class_weight"], max_iter=5000,
                                 random_state=SEED).fit(x[rows], [types[i] for i in rows])
        if len(names) == 2:  # binary: the second class's logit against a zero for the first
            intercept += [0.0, float(clf.intercept_[0])]
            columns += [np.zeros(x.shape[1]), clf.coef_[0]]
        else:
            intercept += [float(b) for b in clf.intercept_]
            columns += list(clf.coef_)
    weights = np.ascontiguousarray(np.stack(columns, axis=1), dtype=np.float32)
    table = array("f")
    table.frombytes(weights.tobytes())
    return TypeScorer(groups, intercept, x.shape[1], table)


class CrossValidation(NamedTuple):
    """Held-out predictions of every record, by models trained without its style family."""

    readings: list[Reading]  # each record read whole and part by part, as classify does
    types: list[str]  # held-out types, within the held-out label; empty unless asked for
    folds: dict[str, float]  # each held-out family's label macro-F1


def cross_validate_all(records: Sequence[Record], params: dict[str, Any] | None = None,
                       progress: Progress | None = None, types: bool = True) -> CrossValidation:
    """Labels (and, with ``types``, types) of each record by models trained without its
    style family, and each fold's label macro-F1."""
    styles = sorted({r.style for r in records})
    held_out: list[Reading | None] = [None] * len(records)
    held_types = [""] * len(records)
    per_fold: dict[str, float] = {}
    for k, style in enumerate(styles, 1):
        if progress:
            progress(f"cross-validation: holding out {style} ({k}/{len(styles)})")
        train = [r for r in records if r.style != style]
        test = [i for i, r in enumerate(records) if r.style == style]
        texts, labels = [r.text for r in train], [r.label for r in train]
        pipeline = fit_pipeline(texts, labels, params)
        scorer = export_scorer(pipeline)
        type_scorer = (export_type_scorer(pipeline, texts, labels, [r.type for r in train],
                                          params) if types else None)
        for i in test:
            scores, values = scorer.score_values(records[i].text)
            held_out[i] = reading = read(scorer, records[i].text, scores)
            if type_scorer:
                held_types[i] = type_scorer.score(values, reading.label).label
        fold = evaluate_predictions([records[i].label for i in test],
                                    [held_out[i].label for i in test])
        per_fold[style] = fold.macro_f1
    return CrossValidation([s for s in held_out if s is not None],
                           held_types if types else [], per_fold)


def cross_validate(records: Sequence[Record], params: dict[str, Any] | None = None,
                   progress: Progress | None = None) -> tuple[list[Reading], dict[str, float]]:
    """Each record read (whole and parts, as ``classify`` reads it) by a model trained
    without its style family, and each fold's macro-F1."""
    cv = cross_validate_all(records, params, progress, types=False)
    return cv.readings, cv.folds


def type_accuracy(gold_types: Sequence[str], gold_labels: Sequence[str],
                  predicted: Sequence[str]) -> dict[str, float]:
    """Type accuracy over the offences (gold label an offence) and over every record."""
    pairs = list(zip(gold_types, gold_labels, predicted, strict=True))
    offences = [g == p for g, label, p in pairs if label != "other"]
    return {"offences": sum(offences) / len(offences) if offences else 0.0,
            "all": sum(g == p for g, _, p in pairs) / len(pairs) if pairs else 0.0}


def review_threshold(scores: Sequence[Reading | Scores], gold: Sequence[str],
                     target: float = 0.97) -> float:
    """The lowest confidence above which held-out predictions are right at ``target`` rate."""
    for t in [x / 100 for x in range(40, 96, 5)]:
        kept = [s.label == g for s, g in zip(scores, gold, strict=True) if s.confidence >= t]
        if kept and sum(kept) / len(kept) >= target:
            return t
    return 0.95


def selective_accuracy(readings: Sequence[Reading], gold: Sequence[str],
                       threshold: float) -> tuple[float, float]:
    """The accuracy of the provisions no review reason flags, and the share flagged."""
    flagged = [bool(review_reasons(r, threshold)) for r in readings]
    kept = [r.label == g for r, g, f in zip(readings, gold, flagged, strict=True) if not f]
    return (sum(kept) / len(kept) if kept else 0.0), sum(flagged) / max(len(flagged), 1)


def write_model(out_dir: Path, pipeline: Pipeline, scorer: Scorer, types: TypeScorer,
                meta: dict[str, Any]) -> str:
    """Write the scorers and the pipeline, named by their content, and the manifest."""
    import io

    import joblib

    scorer_bytes = scorer.to_bytes()
    types_bytes = types.to_bytes()
    buf = io.BytesIO()
    joblib.dump(pipeline, buf, compress=3)
    pipeline_bytes = buf.getvalue()
    model_id = f"cyberscope-linear-{sha256_bytes(scorer_bytes)[:12]}"
    write_model_dir(out_dir, {
        "scorer": (f"scorer-{sha256_bytes(scorer_bytes)[:12]}.bin", scorer_bytes),
        "pipeline": (f"pipeline-{sha256_bytes(pipeline_bytes)[:12]}.joblib", pipeline_bytes),
        "type_scorer": (f"types-{sha256_bytes(types_bytes)[:12]}.bin", types_bytes),
    }, {**meta, "model_id": model_id})
    return model_id


def load_pipeline(model_dir: Path) -> Pipeline:
    """The scikit-learn pipeline of a model directory, unpickled only once its hash matches."""
    import io

    import joblib

    return joblib.load(io.BytesIO(read_named(model_dir, "pipeline")))


def check_trainable(records: Sequence[Record], corpus_dir: Path) -> None:
    """Refuse a corpus the grouped cross-validation cannot run on: every label must be
    there, in two style families at least, and each fold must train on all three."""
    present = {r.label for r in records}
    missing = [label for label in LABELS if label not in present]
    if missing:
        raise InputError(f"{corpus_dir}: the corpus has no {', '.join(missing)} record; "
                         f"training needs examples of every label ({', '.join(LABELS)})")
    styles = sorted({r.style for r in records})
    if len(styles) < 2:
        raise InputError(f"{corpus_dir}: the corpus has one style family ({styles[0]}); "
                         "cross-validation holds each family out in turn and needs two or more")
    for style in styles:
        rest = {r.label for r in records if r.style != style}
        if rest != set(LABELS):
            lacking = ", ".join(label for label in LABELS if label not in rest)
            raise InputError(f"{corpus_dir}: without the {style} family the corpus has no "
                             f"{lacking} record, so that fold cannot be trained")
    untyped = [r.id for r in records if r.type not in TYPES[r.label]]
    if untyped:
        raise InputError(f"{corpus_dir}: {len(untyped)} records have no type of their label "
                         f"(first: {untyped[0]}); see data/README.md")


def train(corpus_dir: Path, out_dir: Path, progress: Progress | None = None,
          params: dict[str, Any] | None = None) -> TrainResult:
    """Cross-validate by style family, fit on the whole corpus, write ``out_dir``.

    ``out_dir`` is locked and checked writable before the (long) training starts."""
    records = load_corpus(corpus_dir)
    check_trainable(records, corpus_dir)
    with model_dir_lock(out_dir):
        try:
            return _train(records, corpus_dir, out_dir, progress, params)
        except ValueError as exc:  # scikit-learn's refusals, e.g. no term left by min_df
            message = " ".join(str(exc).split())
            raise InputError(f"{corpus_dir}: cannot train on this corpus ({message})") from None


def _train(records: list[Record], corpus_dir: Path, out_dir: Path, progress: Progress | None,
           params: dict[str, Any] | None) -> TrainResult:
    import sklearn

    if progress:
        progress(f"read {len(records)} records from {corpus_dir}")
    held_out, held_types, per_fold = cross_validate_all(records, params, progress)
    gold = [r.label for r in records]
    cv = evaluate_predictions(gold, [s.label for s in held_out])
    cv_types = type_accuracy([r.type for r in records], gold, held_types)
    threshold = review_threshold(held_out, gold)
    selective = selective_accuracy(held_out, gold, threshold)
    if progress:
        progress("fitting the final model on the whole corpus")
    texts = [r.text for r in records]
    pipeline = fit_pipeline(texts, gold, params)
    scorer = export_scorer(pipeline)
    types = export_type_scorer(pipeline, texts, gold, [r.type for r in records], params)
    meta = {
        "schema_version": 1,
        "labels": list(LABELS),
        "params": {**PARAMS, **(params or {})},
        "corpus_sha256": corpus_digest(corpus_dir),
        "corpus_records": len(records),
        "sklearn_version": sklearn.__version__,
        "review_threshold": threshold,
        "grouped_cv": {"macro_f1": round(cv.macro_f1, 4), "accuracy": round(cv.accuracy, 4),
                       "unflagged_accuracy": round(selective[0], 4),
                       "flagged_share": round(selective[1], 4),
                       "folds": {k: round(v, 4) for k, v in sorted(per_fold.items())},
                       "type_accuracy": {k: round(v, 4) for k, v in cv_types.items()}},
        "types": {label: list(ts) for label, ts in types.types.items()},
    }
    model_id = write_model(out_dir, pipeline, scorer, types, meta)
    return TrainResult(model_id, len(records), cv, per_fold, threshold, out_dir, cv_types)
