"""Training: deterministic artifacts, atomic writes, grouped cross-validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.artifact import load_manifest
from cli.errors import ModelError
from cli.scorer import Scores
from cli.training.corpus import load_corpus
from cli.training.train import cross_validate, review_threshold, train
from tests.conftest import TINY_CORPUS


def test_training_twice_gives_identical_artifacts(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    train(TINY_CORPUS, a)
    train(TINY_CORPUS, b)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_retraining_replaces_old_files(tmp_path: Path, tiny_model: Path) -> None:
    for f in tiny_model.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    old_files = set(load_manifest(tmp_path).files)
    (tmp_path / "settings.json").write_text("{}")
    (tmp_path / "MODEL_CARD.md").write_text("card")
    train(TINY_CORPUS, tmp_path, params={"C": 1.0})
    manifest = load_manifest(tmp_path)
    assert not old_files & set(manifest.files)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["manifest.json", "MODEL_CARD.md", "settings.json", *manifest.files])


def test_crash_before_manifest_leaves_previous_model_whole(tmp_path: Path, tiny_model: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import artifact as model_module
    from cli.artifact import load_scorer

    for f in tiny_model.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    before = (tmp_path / "manifest.json").read_bytes()
    real_write = model_module.write_atomic

    def crash_on_manifest(path: Path, data: bytes) -> None:
        if path.name == "manifest.json":
            raise OSError("disk full")
        real_write(path, data)

    monkeypatch.setattr(model_module, "write_atomic", crash_on_manifest)
    with pytest.raises(ModelError, match="disk full"):
        train(TINY_CORPUS, tmp_path, params={"C": 1.0})
    assert (tmp_path / "manifest.json").read_bytes() == before
    load_scorer(tmp_path)  # still verifies


def test_grouped_cross_validation_holds_each_style_out() -> None:
    records = load_corpus(TINY_CORPUS)
    held_out, folds = cross_validate(records)
    assert sorted(folds) == ["alpha", "beta"]
    assert len(held_out) == len(records)


def test_review_threshold_is_lowest_reliable_confidence() -> None:
    classes = ("cyber-dependent", "cyber-enabled", "other")
    scores = [Scores(classes, (p, 1 - p, 0.0), (0.0, 0.0, 0.0)) for p in (0.9, 0.8, 0.55, 0.5)]
    gold = ["cyber-dependent", "cyber-dependent", "cyber-enabled", "cyber-dependent"]
    assert review_threshold(scores, gold) == 0.6
