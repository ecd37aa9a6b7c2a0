"""The pickle-free scorer: same numbers as scikit-learn, verified loading, explanations."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest

from cli.artifact import load_manifest, load_scorer
from cli.errors import ModelError
from cli.scorer import Scorer
from cli.training.corpus import load_corpus
from tests.conftest import TINY_CORPUS


def test_scorer_equals_pipeline_on_fixture(tiny_model: Path) -> None:
    from cli.training.train import load_pipeline

    scorer, _ = load_scorer(tiny_model)
    pipeline = load_pipeline(tiny_model)
    texts = [r.text for r in load_corpus(TINY_CORPUS)] + ["", "nothing known here", "§ 12"]
    expected = pipeline.predict_proba(texts)
    for text, row in zip(texts, expected, strict=True):
        got = scorer.score(text).probabilities
        assert max(abs(a - b) for a, b in zip(got, row, strict=True)) < 1e-9


def test_contributions_add_up_to_logit(tiny_model: Path) -> None:
    scorer, _ = load_scorer(tiny_model)
    text = "A person who intercepts computer data without right commits an offence."
    scores = scorer.score(text)
    for k, label in enumerate(scorer.classes):
        total = sum(scorer.contributions(text, label).values()) + scorer.intercept[k]
        assert math.isclose(total, scores.logits[k], abs_tol=1e-12)


def test_evidence_is_sorted_and_positive(tiny_model: Path) -> None:
    scorer, _ = load_scorer(tiny_model)
    text = "Publishing false news on social media is an offence."
    s = scorer.score(text)
    evidence = scorer.evidence(text, s.label, s.runner_up)
    assert evidence
    assert all(e.weight > 0 for e in evidence)
    assert [e.weight for e in evidence] == sorted((e.weight for e in evidence), reverse=True)


def test_altered_scorer_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    manifest = load_manifest(tiny_model)
    for f in tiny_model.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    target = tmp_path / manifest.scorer_file
    data = bytearray(target.read_bytes())
    data[-3] ^= 1  # one bit of one weight
    target.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match the manifest"):
        load_scorer(tmp_path)


def test_altered_pipeline_is_never_unpickled(tiny_model: Path, tmp_path: Path) -> None:
    from cli.training.train import load_pipeline

    for f in tiny_model.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    name = json.loads((tmp_path / "manifest.json").read_text())["pipeline"]
    (tmp_path / name).write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")
    with pytest.raises(ModelError, match="does not match the manifest"):
        load_pipeline(tmp_path)


def test_missing_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a cyberscope model directory"):
        load_scorer(tmp_path)


def test_scorer_bytes_round_trip(tiny_model: Path) -> None:
    scorer, _ = load_scorer(tiny_model)
    again = Scorer.from_bytes(scorer.to_bytes())
    assert again.to_bytes() == scorer.to_bytes()


@pytest.mark.parametrize("data", [b'{"format": "something-else"}', b"",
                                  b"cyberscope-linear/1\n{}\n", b"cyberscope-linear/2\n[\n",
                                  b"cyberscope-linear/2\n{}\n"])
def test_not_a_scorer_is_refused(data: bytes) -> None:
    with pytest.raises(ModelError):
        Scorer.from_bytes(data)


def test_a_scorer_file_cut_short_or_padded_or_with_repeated_terms_is_refused(
        tiny_model: Path) -> None:
    scorer, _ = load_scorer(tiny_model)
    data = scorer.to_bytes()
    for bad in (data[:-8], data + bytes(8), data[:-1]):
        with pytest.raises(ModelError, match="not a cyberscope scorer"):
            Scorer.from_bytes(bad)
    twice = Scorer(list(scorer.classes), list(scorer.intercept),
                   [scorer.terms[0], *scorer.terms[:-1]], scorer.table)
    with pytest.raises(ModelError, match="distinct terms"):
        Scorer.from_bytes(twice.to_bytes())
    nan = Scorer(list(scorer.classes), list(scorer.intercept), scorer.terms,
                 [float("nan"), *scorer.table[1:]])
    with pytest.raises(ModelError, match="finite"):
        Scorer.from_bytes(nan.to_bytes())


def test_rows_are_stored_as_the_products_of_idf_and_weights(tiny_model: Path) -> None:
    """A draft slices each term's row from the file; the batch path's tuples hold the
    same numbers, each the product the scorer would otherwise compute."""
    scorer, _ = load_scorer(tiny_model)
    k = scorer.stride
    for i, term in enumerate(scorer.terms[:200]):
        idf = scorer.table[k * i]
        expected = (idf * idf, *(idf * w for w in scorer.table[k * i + 1:k * (i + 1)]))
        assert tuple(scorer.products[k * i:k * (i + 1)]) == expected == scorer.rows[term]


def test_evidence_weights_add_up_to_the_score_difference(tiny_model: Path) -> None:
    """Each evidence weight is the term's push from runner-up to label; all terms' pushes
    plus the intercepts' difference are the difference of the two labels' scores."""
    scorer, _ = load_scorer(tiny_model)
    text = "Whoever intercepts computer data without right to commit fraud is punished."
    s = scorer.score(text)
    label, other = s.label, s.runner_up
    for_label, for_other = scorer.contributions(text, label), scorer.contributions(text, other)
    shown = scorer.evidence(text, label, other, top=1000)
    for e in shown:
        assert math.isclose(e.weight, for_label[e.term] - for_other[e.term], abs_tol=1e-6)
    pushes = sum(for_label[t] - for_other[t] for t in for_label)
    k, j = scorer.classes.index(label), scorer.classes.index(other)
    assert math.isclose(pushes + scorer.intercept[k] - scorer.intercept[j],
                        s.logits[k] - s.logits[j], abs_tol=1e-9)


def test_scorers_pickle_as_their_bytes_and_an_old_format_asks_for_retraining(
        tiny_model: Path) -> None:
    """A loaded scorer's tables are views of its file's bytes; a program that sends it
    to another process pickles those bytes, and gets the same scorer back."""
    import pickle

    from cli.artifact import load_models

    scorer, types, _ = load_models(tiny_model)
    for model in (scorer, types):
        again = pickle.loads(pickle.dumps(model))
        assert type(again) is type(model) and again.to_bytes() == model.to_bytes()
    text = "Whoever accesses a computer system without right commits an offence."
    assert pickle.loads(pickle.dumps(scorer)).score(text) == scorer.score(text)
    with pytest.raises(ModelError, match="older format; retrain"):
        Scorer.from_bytes(b"cyberscope-linear/1\n{}\n")
    nan_rows = Scorer(list(scorer.classes), list(scorer.intercept), scorer.terms,
                      scorer.table, products=[float("nan"), *scorer.products[1:]])
    with pytest.raises(ModelError, match="finite"):
        nan_rows.to_bytes()
    data = bytearray(scorer.to_bytes())  # a NaN row written by another hand is refused
    rows_at = len(data) - 8 * len(scorer.products)
    data[rows_at:rows_at + 8] = struct.pack("<d", float("nan"))
    with pytest.raises(ModelError, match="finite"):
        Scorer.from_bytes(bytes(data))
