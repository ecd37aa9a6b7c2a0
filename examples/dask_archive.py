"""Classify a JSONL archive on a Dask cluster with cyberscope's Python API.

Each file is one partition (``read_text``'s default), so every record keeps the line
and record numbers ``classify FILE -f jsonl`` gives it; each worker process loads
the model once (``api.load`` is cached) and classifies its files.
Run: python examples/dask_archive.py 'archive/*.jsonl' [SCHEDULER_ADDRESS]
"""

from __future__ import annotations

import sys
from typing import Any

import dask.bag as db

from cli import api


def classify_partition(lines: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """The CLI's JSONL objects for one file's lines, given as (line, path) pairs."""
    if not lines:
        return []
    source = lines[0][1]
    return list(api.load().classify((line for line, _ in lines), source=source))


def classify_archive(pattern: str) -> db.Bag:
    """A bag of result dicts, one per record, file by file in input order."""
    return db.read_text(pattern, include_path=True).map_partitions(classify_partition)


if __name__ == "__main__":
    from dask.distributed import Client, LocalCluster

    client = Client(sys.argv[2]) if len(sys.argv) > 2 else Client(LocalCluster())
    for result in classify_archive(sys.argv[1]).compute():
        print(result["source"], result["ref"], result["label"], result["confidence"])
