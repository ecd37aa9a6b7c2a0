"""The corpus carries long multi-part provisions (issue 9, failure class 1) in the families
that draft that way, and no family is too small to be held out in grouped cross-validation."""

from __future__ import annotations

import re
from collections import Counter

from cli.training.corpus import load_corpus
from tests.conftest import ROOT

CORPUS = ROOT / "data" / "corpus"
LONG, LONGEST = 3_000, 20_000


def test_at_least_150_long_provisions_of_every_label() -> None:
    records = load_corpus(CORPUS)
    long = [r for r in records if len(r.text) >= LONG]
    assert len(long) >= 150
    assert all(len(r.text) <= LONGEST for r in records)
    labels = Counter(r.label for r in long)
    assert min(labels[label] for label in ("cyber-dependent", "cyber-enabled", "other")) >= 30
    styles = Counter(r.style for r in long)
    assert styles["us-code"] >= 50 and styles["uk-commonwealth-statute"] >= 50
    canadian = [r for r in long if re.match(r"(?:.*\n)?\d+\.\d+ \(1\) ", r.text)]
    assert len(canadian) >= 30


def test_every_style_family_can_be_held_out() -> None:
    sizes = Counter(r.style for r in load_corpus(CORPUS))
    assert min(sizes.values()) >= 150, sizes


def test_readme_states_the_corpus_size() -> None:
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"{len(load_corpus(CORPUS)):,} provisions" in readme
