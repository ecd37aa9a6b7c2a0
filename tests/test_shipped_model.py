"""The model shipped in models/: verified, up to date with the corpus, equal to scikit-learn."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cli.artifact import load_manifest, load_scorer
from cli.classify import default_model_dir
from cli.training.corpus import corpus_digest, load_corpus
from tests.conftest import ROOT, realdev_texts

CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [r.text for r in load_corpus(CORPUS)]


def test_shipped_model_was_trained_on_this_corpus() -> None:
    manifest = load_manifest(default_model_dir())
    assert manifest.data["corpus_sha256"] == corpus_digest(CORPUS), \
        "data/corpus changed since the model was trained: run `classify train --out models`"
    assert manifest.data["corpus_records"] == len(load_corpus(CORPUS))


def test_corpus_meets_the_issue_minimums() -> None:
    records = load_corpus(CORPUS)
    counts = {label: sum(r.label == label for r in records)
              for label in ("cyber-dependent", "cyber-enabled", "other")}
    assert len(records) >= 1500
    assert counts["cyber-dependent"] >= 350 and counts["cyber-enabled"] >= 450 \
        and counts["other"] >= 600
    assert len({r.style for r in records}) >= 8
    assert len({r.id for r in records}) == len(records)


def test_corpus_records_are_complete_and_consistent() -> None:
    from cli.training.corpus import TYPES

    for path in sorted(CORPUS.glob("*.jsonl")):
        ids = []
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            assert list(rec) == ["id", "text", "label", "type", "style", "modeled_on"], rec["id"]
            assert rec["style"] == path.stem and rec["id"].startswith(f"{path.stem}-")
            assert rec["type"] in TYPES[rec["label"]], rec["id"]
            assert rec["text"].strip() and rec["modeled_on"].strip(), rec["id"]
            ids.append(int(rec["id"].rsplit("-", 1)[1]))
        assert ids == list(range(1, len(ids) + 1)), path.name


def test_shipped_scorer_equals_shipped_pipeline(texts: list[str]) -> None:
    """The pickle-free scorer gives the pipeline's probabilities on corpus and realdev."""
    import sklearn

    from cli.training.train import load_pipeline

    model_dir = default_model_dir()
    manifest = load_manifest(model_dir)
    if manifest.data["sklearn_version"] != sklearn.__version__:
        pytest.skip(f"the pipeline was saved by scikit-learn {manifest.data['sklearn_version']}")
    scorer, _ = load_scorer(model_dir)
    pipeline = load_pipeline(model_dir)
    texts = texts + realdev_texts()
    expected = pipeline.predict_proba(texts)
    assert list(pipeline.classes_) == list(scorer.classes)
    worst = max(abs(a - b) for text, row in zip(texts, expected, strict=True)
                for a, b in zip(scorer.score(text).probabilities, row, strict=True))
    assert worst < 1e-9


def test_fresh_fit_exports_to_an_equal_scorer(texts: list[str]) -> None:
    """Whatever scikit-learn is installed: a pipeline fitted now and its export agree."""
    from cli.training.train import export_scorer, fit_pipeline

    records = load_corpus(CORPUS)
    pipeline = fit_pipeline([r.text for r in records], [r.label for r in records])
    scorer = export_scorer(pipeline)
    sample = texts[::7] + realdev_texts()
    expected = pipeline.predict_proba(sample)
    worst = max(abs(a - b) for text, row in zip(sample, expected, strict=True)
                for a, b in zip(scorer.score(text).probabilities, row, strict=True))
    assert worst < 1e-9


def test_classification_imports_neither_sklearn_nor_numpy() -> None:
    """Nor what would slow its start: hashlib (OpenSSL's SHA-256 is taken from behind it),
    dataclasses, statistics."""
    draft = ROOT / "data" / "examples" / "draft-convention.txt"
    code = (f"import sys; from cli.entry import main; sys.argv = ['classify', {str(draft)!r}, "
            "'-f', 'json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in ('sklearn', 'numpy', 'joblib', 'scipy', 'pickle', 'rich.table', "
            "'hashlib', 'dataclasses', 'statistics') if m in sys.modules]\n"
            "print(bad, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert json.loads(done.stdout)["documents"][0]["provisions"]
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_model_card_quotes_the_shipped_figures() -> None:
    card = (ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    manifest = load_manifest(default_model_dir())
    cv = manifest.data["grouped_cv"]
    assert f"| {cv['macro_f1']:.3f} | {cv['accuracy']:.3f} |" in card
    assert f"{cv['unflagged_accuracy']:.3f} right with {cv['flagged_share']:.3f} flagged" in card
    assert f"{manifest.data['corpus_records']:,} provisions" in card
    assert f"confidence of {manifest.review_threshold:.2f}" in card
