"""The script a user would write with scikit-learn to label a JSONL archive.

Loads the shipped pipeline, reads JSONL records (``id``, ``text``) in chunks of
10,000, calls ``predict_proba`` and writes one JSON line per record with its label and
scores. ``benchmarks/speed.py`` runs it beside ``classify`` as the yardstick.
Run: python benchmarks/sklearn_batch.py PIPELINE.joblib IN.jsonl > OUT.jsonl
"""

from __future__ import annotations

import json
import sys
from itertools import islice

import joblib

CHUNK = 10_000


def main(pipeline_path: str, path: str) -> None:
    pipeline = joblib.load(pipeline_path)
    classes = [str(c) for c in pipeline.classes_]
    out = sys.stdout
    with open(path, encoding="utf-8") as fh:
        while lines := list(islice(fh, CHUNK)):
            records = [json.loads(line) for line in lines if line.strip()]
            probs = pipeline.predict_proba([r["text"] for r in records])
            for r, p in zip(records, probs.tolist(), strict=True):
                best = max(range(len(classes)), key=p.__getitem__)
                out.write(json.dumps({"id": r.get("id"), "label": classes[best],
                                      "confidence": round(p[best], 6),
                                      "scores": {c: round(x, 6) for c, x in zip(classes, p,
                                                                                strict=True)}})
                          + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
