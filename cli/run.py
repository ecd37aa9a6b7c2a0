"""One ``classify`` call: read each input, classify it, and sum up the results."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from cli.classify import Classifier, DocumentResult
from cli.errors import InputError
from cli.read import JSONL_EXTENSIONS, STDIN
from cli.report import Summary, summarise, summarise_all

if TYPE_CHECKING:
    from cli.safeguards import SafeguardReport

__all__ = ["Run", "StreamTotals", "classify_inputs", "classify_jsonl", "classify_one",
           "is_jsonl", "make_run", "stdin_kind", "stream_inputs"]


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
    safeguards: "tuple[SafeguardReport, ...]" = ()


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
    return path != STDIN and path.lower().endswith(JSONL_EXTENSIONS)


def stdin_kind(input_kind: str | None, stdin: BinaryIO | None = None
               ) -> tuple[str, BinaryIO]:
    """The kind of standard input (``input_kind``, else ``jsonl`` when its first line is
    a JSON object with a ``text`` field, else ``text``) and a stream of all of it."""
    import sys

    from cli.errors import InputError

    if stdin is None and sys.stdin is None:
        raise InputError("standard input is closed; give a file, or '-' with input")
    stream = stdin or sys.stdin.buffer
    if input_kind is not None:
        return input_kind, stream
    from cli.read.jsonl import peek_stdin

    jsonl, stream = peek_stdin(stream)
    return ("jsonl" if jsonl else "text"), stream


def classify_one(classifier: Classifier, path: str, input_kind: str | None,
                 stdin: BinaryIO | None = None) -> DocumentResult:
    """Read one input (a draft, or JSONL records) and classify its provisions.

    Standard input with no ``input_kind`` is JSONL when its first line is a JSON
    object with a ``text`` field."""
    if path == STDIN:
        input_kind, stdin = stdin_kind(input_kind, stdin)
    if is_jsonl(path, input_kind):
        return classify_jsonl(classifier, path, stdin)
    from cli.read import read_document

    return classifier.classify_document(read_document(path, stdin=stdin))


def classify_jsonl(classifier: Classifier, path: str,
                   stdin: BinaryIO | None = None) -> DocumentResult:
    """JSONL records through the batch path (``cli.batch``), gathered into one document,
    with the SHA-256 of the bytes read."""
    from cli.batch import BlockJob, classify_blocks, read_classified
    from cli.read.jsonl import StreamStats, open_jsonl, read_blocks

    found = []
    stats = StreamStats(digest=True)
    with open_jsonl(path, stdin) as (source, stream):
        job = BlockJob(classifier, source, "records")
        for result in classify_blocks(job, read_blocks(stream, source, stats)):
            found += read_classified(result.data)
            result.check()
    if not found:
        raise InputError(f"{source}: holds no JSONL records")
    return DocumentResult(source, "jsonl", False, tuple(c for _, c in found),
                          tuple(rid for rid, _ in found), stats.sha256)


class StreamTotals(NamedTuple):
    """What a streamed run wrote: records, and records flagged for review."""

    records: int
    flagged: int


def stream_inputs(paths: Sequence[str], write: Callable[[bytes], object], *, fmt: str = "jsonl",
                  text: bool = True, min_confidence: float | None = None,
                  explain: bool = False, model_dir: Path | None = None,
                  flush: Callable[[], object] | None = None,
                  stdin: BinaryIO | None = None,
                  on_error: Callable[[InputError], None] | None = None) -> StreamTotals:
    """Classify JSONL inputs as streams, writing ``jsonl`` lines or ``csv`` rows as they
    come, in input order: the same bytes ``render_jsonl``/``render_csv`` give for the
    same records, with flat memory, whatever the inputs' size.

    An input that cannot be read, or a bad line, raises :class:`InputError` once the
    records before it are written; with ``on_error`` it is handed to ``on_error``
    instead, and the next input is read. The CSV header comes with the first record."""
    from cli.batch import BlockJob, classify_blocks
    from cli.read.jsonl import open_jsonl, read_blocks

    classifier = Classifier.load(model_dir, min_confidence=min_confidence, explain=explain)
    header = b""
    if fmt == "csv":
        import csv
        import io

        from cli.output.classify import csv_header

        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(csv_header(text, explain))
        header = buf.getvalue().encode("utf-8")
    records = flagged = 0
    for path in paths:
        before = records
        try:
            with open_jsonl(path, stdin) as (source, stream):
                job = BlockJob(classifier, source, fmt, text)
                for result in classify_blocks(job, read_blocks(stream, source)):
                    if result.records and not records:
                        write(header + result.data)
                        if flush:
                            flush()  # the first lines out at once
                    else:
                        write(result.data)
                    records += result.records
                    flagged += result.flagged
                    result.check()
                if records == before:
                    raise InputError(f"{source}: holds no JSONL records")
        except InputError as exc:
            if on_error is None:
                raise
            on_error(exc)
    return StreamTotals(records, flagged)


def classify_inputs(paths: Sequence[str], *, input_kind: str | None = None,
                    min_confidence: float | None = None, explain: bool = False,
                    model_dir: Path | None = None,
                    warn: Callable[[str], None] | None = None,
                    on_document: Callable[[int, int, str], None] | None = None,
                    on_batch: Callable[[int, int], None] | None = None,
                    safeguards: bool = False,
                    on_error: Callable[[InputError], None] | None = None,
                    stdin: BinaryIO | None = None) -> Run:
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
            doc = classify_one(classifier, path, input_kind, stdin)
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
