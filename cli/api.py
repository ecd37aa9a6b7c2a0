"""The Python API: classify records from a program, or on the workers of a cluster.

    from cli import api

    classifier = api.load()  # the verified model, loaded once per process
    for out in classifier.classify(records, source="archive.jsonl"):
        print(out["label"], out["confidence"])

``records`` is any iterable of JSONL lines (``str`` or ``bytes``, as read from a file:
blank lines are skipped but counted) or of dicts (``{"text": ..., "id": ...}``), and
each result is a plain dict equal to the object that ``classify FILE -f jsonl`` writes
for that record, ``source``, line and record numbers included, when ``records`` are
the file's lines from the first (tested). A bad record raises
``cli.errors.InputError`` naming its line. Records are scored a block at a time, so an
iterable of any length is classified in flat memory. Nothing here forks or prints:
the parallelism is the caller's, a worker per core of a distributed engine, each
calling ``load()`` once (it is cached) and ``classify`` on its share; see the Dask
example in the README.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from cli.classify import Classifier
from cli.read.jsonl import ASCII_SPACE, Record, make_record, parse_line

__all__ = ["BatchClassifier", "load"]

BLOCK_RECORDS = 512


class BatchClassifier:
    """A loaded classifier that turns records into the CLI's JSONL objects."""

    def __init__(self, classifier: Classifier) -> None:
        self.classifier = classifier
        self.model_id = classifier.manifest.model_id
        self.model_sha256 = classifier.manifest.scorer_sha256

    def classify(self, records: Iterable[str | bytes | Mapping[str, Any]],
                 source: str = "records", text: bool = True) -> Iterator[dict[str, Any]]:
        """One dict per record, in order (``text`` False leaves the text out)."""
        from cli.batch import provision
        from cli.classify import placed
        from cli.output.classify import jsonl_line

        explain = self.classifier.explain
        parsed = _records(records, source)
        while block := list(islice(parsed, BLOCK_RECORDS)):
            predictions = self.classifier.predict_batch([r.text for r in block])
            for r, p in zip(block, predictions, strict=True):
                place = provision(r)
                yield json.loads(jsonl_line(source, place, placed(p, place), r.id, True, text,
                                            explain))


def _records(items: Iterable[str | bytes | Mapping[str, Any]], source: str) -> Iterator[Record]:
    number = 1
    for no, item in enumerate(items, 1):
        if isinstance(item, bytes):
            item = item.decode("utf-8")
        if isinstance(item, str):
            if not item.strip(ASCII_SPACE):
                continue
            yield parse_line(item, no, number, source)
        else:
            yield make_record(dict(item), no, number, source)
        number += 1


@lru_cache(maxsize=4)
def load(model_dir: str | Path | None = None, *, min_confidence: float | None = None,
         explain: bool = False) -> BatchClassifier:
    """The classifier of a model directory (default: the shipped model, or
    ``$CYBERSCOPE_MODEL_DIR``), verified and loaded once per process and arguments."""
    return BatchClassifier(Classifier.load(Path(model_dir) if model_dir else None,
                                           min_confidence=min_confidence, explain=explain))
