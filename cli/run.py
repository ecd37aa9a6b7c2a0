"""One ``classify`` call: read each input, classify it, and sum up the results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from cli.classify import Classifier, DocumentResult
from cli.errors import InputError
from cli.read import STDIN
from cli.report import Summary, summarise, summarise_all

if TYPE_CHECKING:
    from cli.safeguards import SafeguardReport

__all__ = ["Run", "classify_inputs", "is_jsonl", "make_run"]


class Run(NamedTuple):
    """Everything one ``classify`` call produced, summaries included, ready to render."""

    documents: tuple[DocumentResult, ...]
    summaries: tuple[Summary, ...]  # one per document, in order
    total: Summary  # all documents together
    model_id: str
    model_sha256: str
    min_confidence: float
    explain: bool = False
    # one per document, in order; () when the safeguard checks were not asked for
    safeguards: tuple[SafeguardReport, ...] = ()


def make_run(documents: Sequence[DocumentResult], classifier: Classifier,
             safeguards: bool = False) -> Run:
    """A Run of classified documents, with every summary computed once; with
    ``safeguards``, the safeguard checks of each document too (they cost more than the
    rest of a run's start-up, so only runs that show them make them)."""
    floor = classifier.min_confidence
    if not safeguards:
        return Run(tuple(documents), tuple(summarise(d, floor) for d in documents),
                   summarise_all(documents, floor), classifier.manifest.model_id,
                   classifier.manifest.scorer_sha256, floor, classifier.explain)
    from cli.safeguards import check_classified

    reports = tuple(check_classified(d) for d in documents)
    fired = [r.fired_codes() for r in reports]
    return Run(tuple(documents),
               tuple(summarise(d, floor, f) for d, f in zip(documents, fired, strict=True)),
               summarise_all(documents, floor, [c for f in fired for c in f]),
               classifier.manifest.model_id, classifier.manifest.scorer_sha256, floor,
               classifier.explain, reports)


def is_jsonl(path: str, input_kind: str | None) -> bool:
    """Whether an input is pre-split JSONL: by ``--input``, else by the extension
    (.jsonl, .ndjson)."""
    if input_kind is not None:
        return input_kind == "jsonl"
    from cli.read.jsonl import EXTENSIONS

    return path != STDIN and path.lower().endswith(EXTENSIONS)


def classify_one(classifier: Classifier, path: str, input_kind: str | None) -> DocumentResult:
    """Read one input (a draft, or JSONL records) and classify its provisions.

    Standard input with no ``input_kind`` is JSONL when its first line is a JSON
    object with a ``text`` field."""
    stdin = None
    if path == STDIN and input_kind is None:
        import io

        from cli.read import read_bytes
        from cli.read.jsonl import looks_like_jsonl

        data = read_bytes(STDIN)
        stdin = io.BytesIO(data)
        input_kind = "jsonl" if looks_like_jsonl(data) else "text"
    if is_jsonl(path, input_kind):
        from cli.read.jsonl import read_jsonl

        records = read_jsonl(path, stdin)
        return DocumentResult(records.source, "jsonl", False,
                              classifier.classify_provisions(records.provisions),
                              records.record_ids, records.sha256)
    from cli.read import read_document

    return classifier.classify_document(read_document(path, stdin=stdin))


def classify_inputs(paths: Sequence[str], *, input_kind: str | None = None,
                    min_confidence: float | None = None, explain: bool = False,
                    model_dir: Path | None = None,
                    warn: Callable[[str], None] | None = None,
                    on_document: Callable[[int, int, str], None] | None = None,
                    on_batch: Callable[[int, int], None] | None = None,
                    safeguards: bool = False,
                    on_error: Callable[[InputError], None] | None = None) -> Run:
    """Classify every input, in the order given (and check its safeguards if asked).

    An input that cannot be read raises :class:`InputError`; with ``on_error`` it is
    handed to ``on_error`` instead and left out, and the other inputs are classified.
    """
    classifier = Classifier.load(model_dir, min_confidence=min_confidence, explain=explain,
                                 on_batch=on_batch)
    docs = []
    for k, path in enumerate(paths, 1):
        if on_document:
            on_document(k, len(paths), path)
        try:
            doc = classify_one(classifier, path, input_kind)
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        if doc.fallback and warn:
            warn(f"{doc.source}: no article or section headings found; "
                 "classified paragraph by paragraph")
        for warning in doc.warnings if warn else ():
            warn(f"{doc.source}: {warning.text} [{warning.code}]")
        docs.append(doc)
    return make_run(docs, classifier, safeguards)
