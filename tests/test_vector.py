"""The batch path's NumPy arithmetic agrees with the pure-Python scorer to within
rounding, and a text's result does not depend on the block it is scored in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.artifact import default_model_dir, load_scorer

pytest.importorskip("numpy")
from cli.vector import BlockScorer

ROOT = Path(__file__).resolve().parent.parent
EDGE = ["", "...", "a", "the of and", "Article 5\nIllegal access\n" + "computer " * 400,
        "x " * 3000 + "data data data", "Offence\n(1) Whoever attempts fraud online."]


def corpus_texts() -> list[str]:
    return [json.loads(line)["text"] for f in sorted((ROOT / "data" / "corpus").glob("*.jsonl"))
            for line in f.read_text(encoding="utf-8").splitlines()]


def test_block_scores_match_the_scorer_within_rounding() -> None:
    scorer, _ = load_scorer(default_model_dir())
    texts = corpus_texts() + EDGE
    probs, logits = BlockScorer(scorer).score(texts)
    for text, p, z in zip(texts, probs, logits, strict=True):
        expected = scorer.score(text)
        assert p == pytest.approx(expected.probabilities, abs=1e-12, rel=1e-12)
        assert z == pytest.approx(expected.logits, abs=1e-9, rel=1e-12)


def test_a_text_scores_the_same_in_any_block() -> None:
    scorer, _ = load_scorer(default_model_dir())
    block = BlockScorer(scorer)
    texts = corpus_texts()[:300] + EDGE
    whole = block.score(texts)
    alone = [block.score([t]) for t in texts]
    assert whole[0] == [p[0] for p, _ in alone]
    assert whole[1] == [z[0] for _, z in alone]
    assert block.score([]) == ([], [])
