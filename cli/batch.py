"""The work of one streamed block: parse its records, score them, format the output.

``BlockJob`` runs in the workers of ``cli.stream``; its output lines are exactly those
of the whole-run renderers for the same records (tested), built from the same
fields.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any

from cli import LABELS
from cli.stream import Record, parse_block

__all__ = ["BlockJob", "csv_row", "jsonl_line"]

_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _r(x: float) -> float:
    return round(x, 6)


def _json(value: Any) -> str:
    return encode_basestring(value) if isinstance(value, str) else _ENCODER.encode(value)


def jsonl_line(source: str, ref: str, number: str, title: str, chapter: str | None,
               start_line: int, end_line: int, prediction: Any, record_id: Any = None,
               has_id: bool = False, text: str | None = None,
               evidence: Sequence[tuple[str, float]] | None = None) -> str:
    """One provision as a JSONL line: keys sorted, as ``json.dumps(..., sort_keys=True,
    ensure_ascii=False)`` writes them, without building a dict (it is the batch path's
    inner loop). ``text`` None leaves the text out; ``evidence`` None leaves it out."""
    s = prediction.scores
    out = [f'{{"chapter": {_json(chapter)}, "confidence": {_r(prediction.confidence)!r}, '
           f'"end_line": {end_line}, ']
    if evidence is not None:
        out.append('"evidence": ' + _ENCODER.encode(
            [{"term": t, "weight": w} for t, w in evidence]) + ", ")
    if has_id:
        out.append(f'"id": {_json(record_id)}, ')
    review = "null" if prediction.review is None else encode_basestring(prediction.review)
    out.append(f'"label": "{prediction.label}", "number": {_json(number)}, "ref": {_json(ref)}, '
               f'"review": {review}, "scores": {{"cyber-dependent": '
               f'{_r(s["cyber-dependent"])!r}, "cyber-enabled": {_r(s["cyber-enabled"])!r}, '
               f'"other": {_r(s["other"])!r}}}, "source": {_json(source)}, '
               f'"start_line": {start_line}, ')
    if text is not None:
        out.append(f'"text": {encode_basestring(text)}, ')
    out.append(f'"title": {_json(title)}}}')
    return "".join(out)


def csv_row(source: str, ref: str, number: str, title: str, chapter: str | None,
            start_line: int, end_line: int, prediction: Any, text: str | None) -> list[Any]:
    """One provision as a CSV row (``text`` None leaves the column out)."""
    row = [source, ref, number, title, chapter or "", start_line, end_line, prediction.label,
           _r(prediction.confidence), *(_r(prediction.scores[k]) for k in LABELS),
           prediction.review or ""]
    if text is not None:
        row.append(text)
    return row


def _block_scorer(scorer: Any) -> Any:
    try:
        from cli.vector import BlockScorer
    except ImportError:  # no NumPy: the pure-Python batch path
        return None
    return BlockScorer(scorer)


class BlockJob:
    """Turn a block of JSONL lines into output bytes (``jsonl`` or ``csv`` rows)."""

    def __init__(self, classifier: Any, source: str, fmt: str = "jsonl",
                 text: bool = True) -> None:
        self.classifier = classifier
        self.source = source
        self.fmt = fmt
        self.text = text
        self.vector = _block_scorer(classifier.scorer)

    def records(self, block: bytes) -> list[Record]:
        return parse_block(block, self.source)

    def __call__(self, block: bytes) -> bytes:
        records = parse_block(block, self.source)
        predictions = self.predict([r.text for r in records])
        return self.render(records, predictions).encode("utf-8")

    def predict(self, texts: Sequence[str]) -> list[Any]:
        """Predictions of a block's texts: the arithmetic in NumPy where it is installed."""
        if self.vector is None:
            return self.classifier._predict_batch(texts)
        from cli.scorer import Scores

        classes, predict = self.classifier.scorer.classes, self.classifier._prediction
        probs, logits = self.vector.score(texts)
        return [predict(t, Scores(classes, tuple(p), tuple(z)))
                for t, p, z in zip(texts, probs, logits, strict=True)]

    def render(self, records: Sequence[Record], predictions: Sequence[Any]) -> str:
        src, text, explain = self.source, self.text, self.classifier.explain
        if self.fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerows(csv_row(src, str(r.id), str(r.number), "", None, r.line, r.line,
                                     p, r.text if text else None)
                             for r, p in zip(records, predictions, strict=True))
            return buf.getvalue()
        lines = [jsonl_line(src, str(r.id), str(r.number), "", None, r.line, r.line, p,
                            r.id, True, r.text if text else None,
                            p.evidence if explain else None)
                 for r, p in zip(records, predictions, strict=True)]
        return "\n".join(lines) + "\n" if lines else ""
