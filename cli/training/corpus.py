"""Read labelled records: the training corpus in ``data/corpus`` and evaluation files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cli import LABELS
from cli.errors import InputError
from cli.read import read_text
from cli.read.jsonl import iter_json_lines

__all__ = ["TYPES", "Record", "corpus_digest", "load_corpus", "read_labelled"]

# The finer type of each record, by label (data/README.md).
TYPES: dict[str, frozenset[str]] = {
    "cyber-dependent": frozenset(
        "illegal-access illegal-interception data-interference system-interference "
        "misuse-of-devices critical-infrastructure-attack other-dependent".split()),
    "cyber-enabled": frozenset(
        "computer-forgery computer-fraud identity-offence theft-extortion "
        "child-sexual-abuse-material grooming intimate-images harassment-stalking-threats "
        "defamation-insult false-information hate-speech terrorism-extremism "
        "public-order-state-security copyright trafficking-gambling money-laundering spam "
        "other-enabled".split()),
    "other": frozenset(
        "preamble-purpose scope definitions jurisdiction procedural-power "
        "international-cooperation safeguards-human-rights ancillary-liability sanctions "
        "non-cyber-offence compliance-offence institutions prevention final-clauses "
        "other-other".split()),
}


@dataclass(frozen=True)
class Record:
    """A labelled provision."""

    id: str
    text: str
    label: str
    style: str
    type: str = ""


def read_labelled(path: Path, *, style: str | None = None) -> list[Record]:
    """Records of a JSONL file with at least ``text`` and ``label``; errors name the line."""
    raw = read_text(str(path))
    records = []
    for no, obj in iter_json_lines(raw, str(path)):
        if not isinstance(obj.get("text"), str):
            raise InputError(f"{path}, line {no}: a record needs a \"text\" string")
        label = obj.get("label")
        if label not in LABELS:
            raise InputError(f"{path}, line {no}: label {label!r} is not one of "
                             f"{', '.join(LABELS)}")
        records.append(Record(
            id=str(obj.get("id", f"{path.stem}:{no}")),
            text=obj["text"],
            label=label,
            style=str(obj.get("style") or style or obj.get("instrument") or path.stem),
            type=str(obj.get("type", "")),
        ))
    if not records:
        raise InputError(f"{path}: holds no records")
    return records


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The corpus files, in a fixed order."""
    files = sorted(corpus_dir.glob("*.jsonl"))
    if not files:
        raise InputError(f"{corpus_dir}: no *.jsonl corpus files")
    return files


def load_corpus(corpus_dir: Path) -> list[Record]:
    """Every record of every corpus file, file by file in name order."""
    return [r for f in corpus_files(corpus_dir) for r in read_labelled(f, style=f.stem)]


def corpus_digest(corpus_dir: Path) -> str:
    """SHA-256 over the corpus files' names and bytes: what a model was trained on."""
    digest = hashlib.sha256()
    for f in corpus_files(corpus_dir):
        digest.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()
