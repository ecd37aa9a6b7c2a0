"""One ``classify`` call: read each input, classify it, gather the results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cli.classify import Classifier, DocumentResult
from cli.io import STDIN, Document, read_document
from cli.report import Run

__all__ = ["classify_inputs", "is_jsonl"]


def is_jsonl(path: str, input_kind: str | None) -> bool:
    """Whether an input is pre-split JSONL: by ``--input``, else by the .jsonl extension."""
    if input_kind is not None:
        return input_kind == "jsonl"
    return path != STDIN and path.lower().endswith(".jsonl")


def classify_one(classifier: Classifier, path: str, input_kind: str | None) -> DocumentResult:
    if is_jsonl(path, input_kind):
        from cli.io import decode_text, read_bytes

        source = "standard input" if path == STDIN else path
        text, _ = decode_text(read_bytes(path), source)
        return classifier.classify_jsonl(Document(source, text, "jsonl"))
    return classifier.classify_document(read_document(path))


def classify_inputs(paths: Sequence[str], *, input_kind: str | None = None,
                    min_confidence: float | None = None, explain: bool = False,
                    model_dir: Path | None = None,
                    warn: Callable[[str], None] | None = None,
                    on_document: Callable[[int, int, str], None] | None = None,
                    on_batch: Callable[[int, int], None] | None = None) -> Run:
    """Classify every input, in the order given."""
    classifier = Classifier.load(model_dir, min_confidence=min_confidence, explain=explain,
                                 on_batch=on_batch)
    docs = []
    for k, path in enumerate(paths, 1):
        if on_document:
            on_document(k, len(paths), path)
        doc = classify_one(classifier, path, input_kind)
        if doc.fallback and warn:
            warn(f"{doc.source}: no article or section headings found; "
                 "classified paragraph by paragraph")
        docs.append(doc)
    return Run(tuple(docs), classifier.manifest.model_id, classifier.manifest.scorer_sha256,
               classifier.min_confidence, explain)
