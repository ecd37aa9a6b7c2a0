"""Precision, recall, F1 and confusion, checked against hand-computed values."""

from __future__ import annotations

import pytest

from cli.metrics import evaluate_predictions


def test_hand_computed_example() -> None:
    gold = ["cyber-dependent", "cyber-dependent", "cyber-enabled", "other", "other"]
    pred = ["cyber-dependent", "cyber-enabled", "cyber-enabled", "other", "cyber-dependent"]
    m = evaluate_predictions(gold, pred)
    assert m.per_label["cyber-dependent"].precision == pytest.approx(0.5)
    assert m.per_label["cyber-dependent"].recall == pytest.approx(0.5)
    assert m.per_label["cyber-enabled"].f1 == pytest.approx(2 / 3)
    assert m.per_label["other"].f1 == pytest.approx(2 / 3)
    assert m.macro_f1 == pytest.approx((0.5 + 2 / 3 + 2 / 3) / 3)
    assert m.accuracy == pytest.approx(0.6)
    assert m.confusion["other"]["cyber-dependent"] == 1


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError):
        evaluate_predictions(["other"], [])
