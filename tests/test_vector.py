"""The batch path's NumPy arithmetic agrees with the pure-Python scorer to within
rounding, and a text's result does not depend on the block it is scored in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.artifact import default_model_dir, load_scorer, load_type_scorer

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
    probs, logits, values, _ = BlockScorer(scorer).score(texts)
    for text, p, z, v in zip(texts, probs, logits, values, strict=True):
        expected, expected_values = scorer.score_values(text)
        assert p == pytest.approx(expected.probabilities, abs=1e-12, rel=1e-12)
        assert z == pytest.approx(expected.logits, abs=1e-9, rel=1e-12)
        assert v.keys() == expected_values.keys()
        assert v == pytest.approx(expected_values, abs=1e-12, rel=1e-12)


def test_a_text_scores_the_same_in_any_block() -> None:
    scorer, manifest = load_scorer(default_model_dir())
    block = BlockScorer(scorer, load_type_scorer(default_model_dir(), manifest, scorer))
    texts = corpus_texts()[:300] + EDGE
    whole = block.score(texts)
    alone = [block.score([t]) for t in texts]
    assert whole[0] == [p[0] for p, _, _, _ in alone]
    assert whole[1] == [z[0] for _, z, _, _ in alone]
    assert whole[2] == [v[0] for _, _, v, _ in alone]
    assert whole[3] == [k[0] for _, _, _, k in alone] and len(whole[3]) == len(texts)
    assert block.score([]) == ([], [], [], [])


def test_batch_predictions_carry_the_types_of_predict() -> None:
    """The batch path gives each record the type ``predict`` gives it: to the bit without
    NumPy, to within rounding with it."""
    from cli.classify import Classifier

    texts = corpus_texts()[:200] + EDGE
    for explain in (False, True):
        classifier = Classifier.load(explain=explain)
        alone = [classifier.predict(t) for t in texts]
        vector = classifier.predict_batch(texts)
        classifier._vector = None  # the pure-Python batch path
        plain = classifier.predict_batch(texts)
        assert plain == alone
        for v, a in zip(vector, alone, strict=True):
            assert (v.label, v.type, v.review) == (a.label, a.type, a.review)
            assert v.type_confidence == pytest.approx(a.type_confidence, abs=1e-9)
            assert [e.term for e in v.type_evidence] == [e.term for e in a.type_evidence]
