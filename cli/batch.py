"""The batch path: JSONL records classified block by block, in worker processes.

A block (``cli.read.jsonl.read_blocks``) is parsed, scored and formatted where it is
handled (``BlockJob``), so the main process only moves bytes; ``classify_blocks`` runs
the blocks through ``cli.parallel.imap_ordered``, whose results keep the input's
order. The output lines are those the whole-run renderers write for the same records
(``cli.output.classify``; tested equal). Besides ``jsonl`` and ``csv``, the job
writes ``records``: each record and its prediction as a JSON array with every float
in full, from which ``read_classified`` rebuilds them for the other formats.

A large draft's provisions take the same road (``predict_blocks``): blocks of their
texts go to the workers, which score them as a draft is scored (``Classifier.predict``,
which needs no set-up: faster here than the integer-space path, whose set-up costs
some 75 ms) and send each prediction back as a JSON line; floats survive JSON exactly.
"""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from typing import Any

from cli.classify import Classified, Classifier, Prediction, Review, placed
from cli.errors import InputError
from cli.provision import Provision
from cli.read.jsonl import Record, iter_block
from cli.scorer import Evidence
from cli.structure import OffencePart

__all__ = ["BlockJob", "BlockResult", "TextsJob", "classify_blocks", "predict_blocks",
           "prediction_fields", "prediction_from", "provision", "read_classified"]

_COUNTS = struct.Struct("<QQQ")  # records, flagged records, bytes of the error message
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_ASCII = json.JSONEncoder()
DRAFT_BLOCK = 100  # provisions of a large draft sent to a worker at a time


def prediction_fields(p: Prediction) -> list[Any]:
    """A prediction as a JSON-ready list, every float in full (``prediction_from``)."""
    return [p.label, p.confidence, p.scores, p.review, p.evidence, p.type,
            p.type_confidence, p.type_evidence, p.offence_parts, p.reviews]


def prediction_from(fields: Sequence[Any]) -> Prediction:
    """The prediction ``prediction_fields`` gave, from its parsed JSON."""
    (label, confidence, scores, review, evidence, kind, kind_confidence, kind_evidence,
     parts, reviews) = fields
    return Prediction(label, confidence, scores, review,
                      tuple(Evidence(t, w) for t, w in evidence), kind, kind_confidence,
                      tuple(Evidence(t, w) for t, w in kind_evidence),
                      tuple(OffencePart(*f) for f in parts), tuple(Review(*r) for r in reviews))


def provision(r: Record) -> Provision:
    """A JSONL record as a provision: its id is its reference, its line its place."""
    return Provision(ref=str(r.id), number=str(r.number), title="", chapter=None,
                     start_line=r.line, end_line=r.line, text=r.text)


class BlockResult:
    """What a block gave: its output, how many records it held, how many are flagged,
    and the error of a bad line, if any (the output holds every record before it)."""

    __slots__ = ("data", "error", "flagged", "records")

    def __init__(self, raw: bytes) -> None:
        self.records, self.flagged, size = _COUNTS.unpack_from(raw)
        start = _COUNTS.size + size
        self.error = raw[_COUNTS.size:start].decode("utf-8") if size else None
        self.data = raw[start:]

    def check(self) -> None:
        """Raise the bad line's error, once the records before it are written."""
        if self.error is not None:
            raise InputError(self.error)


class BlockJob:
    """Turn a block of JSONL lines into output bytes: ``jsonl``, ``csv`` rows (no
    header) or ``records``."""

    def __init__(self, classifier: Classifier, source: str, fmt: str = "jsonl",
                 text: bool = True) -> None:
        self.classifier = classifier
        self.source = source
        self.fmt = fmt
        self.text = text
        classifier.prepare_batch()  # here, before any worker is forked

    def __call__(self, block: bytes) -> bytes:
        records: list[Record] = []
        error = b""
        try:
            records.extend(iter_block(block, self.source))
        except InputError as exc:
            error = str(exc).encode("utf-8")
        predictions = [placed(p, provision(r)) for r, p in zip(
            records, self.classifier.predict_batch([r.text for r in records]), strict=True)]
        flagged = sum(1 for p in predictions if p.review)
        return (_COUNTS.pack(len(records), flagged, len(error)) + error
                + self.render(records, predictions).encode("utf-8"))

    def render(self, records: Sequence[Record], predictions: Sequence[Prediction]) -> str:
        from cli.output.classify import csv_row, jsonl_line

        src, text, explain = self.source, self.text, self.classifier.explain
        pairs = zip(records, predictions, strict=True)
        if self.fmt == "csv":
            import csv

            buf = io.StringIO()
            csv.writer(buf, lineterminator="\n").writerows(
                csv_row(src, provision(r), p, text, explain) for r, p in pairs)
            return buf.getvalue()
        if self.fmt == "records":
            lines = [_ENCODER.encode([r.line, r.number, r.id, r.text, *prediction_fields(p)])
                     for r, p in pairs]
        else:
            lines = [jsonl_line(src, provision(r), p, r.id, True, text, explain)
                     for r, p in pairs]
        return "\n".join(lines) + "\n" if lines else ""


def classify_blocks(job: BlockJob, blocks: Iterable[bytes],
                    workers: int | None = None) -> Iterator[BlockResult]:
    """Each block's result, in order (``cli.parallel.imap_ordered``); the workers are
    stopped when the caller stops, whatever the reason."""
    from cli.parallel import imap_ordered

    with closing(imap_ordered(job, blocks, workers)) as results:
        for raw in results:
            yield BlockResult(raw)


def read_classified(data: bytes) -> list[tuple[Any, Classified]]:
    """(record id, classified provision) of each ``records`` line of a block's output."""
    out = []
    for line in data.decode("utf-8").split("\n")[:-1]:
        no, number, rid, text, *fields = json.loads(line)
        out.append((rid, Classified(provision(Record(no, number, rid, text)),
                                    prediction_from(fields))))
    return out


class TextsJob:
    """Predictions of a block of a draft's provision texts (a JSON array of strings):
    one JSON line of ``prediction_fields`` per text, in order."""

    def __init__(self, classifier: Classifier) -> None:
        self.classifier = classifier

    def __call__(self, block: bytes) -> bytes:
        predictions = [self.classifier.predict(t) for t in json.loads(block)]
        # ASCII JSON: any text the main process holds (a lone surrogate too) travels
        return "".join(_ASCII.encode(prediction_fields(p)) + "\n"
                       for p in predictions).encode("ascii")


def predict_blocks(classifier: Classifier, texts: Sequence[str],
                   on_batch: Any = None) -> list[Prediction]:
    """The predictions of a large draft's provisions, in order, scored block by block in
    worker processes (``cli.parallel.imap_ordered``), the same to the bit as the main
    process would give; ``on_batch`` is told (done, total) after each block."""
    from cli.parallel import imap_ordered

    job = TextsJob(classifier)
    blocks = (json.dumps(texts[k:k + DRAFT_BLOCK]).encode("ascii")
              for k in range(0, len(texts), DRAFT_BLOCK))
    out: list[Prediction] = []
    with closing(imap_ordered(job, blocks)) as results:
        for raw in results:
            out += [prediction_from(json.loads(line))
                    for line in raw.decode("ascii").split("\n")[:-1]]
            if on_batch:
                on_batch(len(out), len(texts))
    return out
