"""The type of each provision: the type scorer, its consistency with the label, and where
types and treaty counterparts appear (output, summary, compare, explain, evaluate)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.artifact import load_manifest, load_models, load_scorer, load_type_scorer, read_ahead
from cli.classify import Classified, Classifier, DocumentResult, Prediction
from cli.compare import compare
from cli.errors import ModelError
from cli.read import read_document
from cli.scorer import TypeScorer
from cli.segment import Provision
from cli.training.corpus import TYPES, load_corpus
from tests.conftest import EXAMPLES, TINY_CORPUS

runner = CliRunner()
DRAFT = EXAMPLES / "draft-convention.txt"


def test_type_scorer_equals_the_per_label_regressions() -> None:
    """Within its label, the exported type scorer gives scikit-learn's probabilities."""
    from sklearn.linear_model import LogisticRegression

    from cli.training.train import PARAMS, SEED, export_scorer, export_type_scorer, fit_pipeline

    records = load_corpus(TINY_CORPUS)
    texts, labels, types = ([r.text for r in records], [r.label for r in records],
                            [r.type for r in records])
    pipeline = fit_pipeline(texts, labels)
    scorer, type_scorer = export_scorer(pipeline), export_type_scorer(pipeline, texts, labels,
                                                                      types)
    x = pipeline.named_steps["tfidf"].transform(texts)
    worst = 0.0
    for label in type_scorer.types:
        rows = [i for i, g in enumerate(labels) if g == label]
        names = sorted({types[i] for i in rows})
        if len(names) < 2:
            continue
        clf = LogisticRegression(C=PARAMS["C"], class_weight=PARAMS["class_weight"],
                                 max_iter=5000, random_state=SEED)
        expected = clf.fit(x[rows], [types[i] for i in rows]).predict_proba(x)
        assert list(clf.classes_) == list(type_scorer.types[label])
        for text, row in zip(texts, expected, strict=True):
            got = type_scorer.score(scorer.score_values(text)[1], label).probabilities
            worst = max(worst, *(abs(a - b) for a, b in zip(got, row, strict=True)))
    assert worst < 1e-6  # float32 weights


def test_type_scorer_round_trip_and_checks(tiny_model: Path) -> None:
    scorer, manifest = load_scorer(tiny_model)
    types = load_type_scorer(tiny_model, manifest, scorer)
    again = TypeScorer.from_bytes(types.to_bytes())
    assert again.types == types.types and list(again.table) == list(types.table)
    with pytest.raises(ModelError, match="not a cyberscope type scorer"):
        TypeScorer.from_bytes(b"cyberscope-types/1\n{}\n")
    short = TypeScorer(types.types, list(types.intercept), types.terms - 1,
                       types.table[: (types.terms - 1) * types.stride])
    with pytest.raises(ModelError, match="does not match the label scorer"):
        short.check(scorer)


def test_a_model_without_a_type_scorer_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    for f in tiny_model.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    del manifest["type_scorer"]
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    scorer, loaded = load_scorer(tmp_path)
    with pytest.raises(ModelError, match="no type scorer"):
        load_type_scorer(tmp_path, loaded, scorer)


def _altered_type_copy(model: Path, into: Path) -> str:
    """A copy of ``model`` in ``into`` with one bit of its type scorer flipped; the
    type scorer's file name."""
    for f in model.iterdir():
        (into / f.name).write_bytes(f.read_bytes())
    name = load_manifest(into).data["type_scorer"]
    data = bytearray((into / name).read_bytes())
    data[-1] ^= 1
    (into / name).write_bytes(bytes(data))
    return name


def test_an_altered_type_scorer_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    _altered_type_copy(tiny_model, tmp_path)
    scorer, manifest = load_scorer(tmp_path)
    with pytest.raises(ModelError, match="does not match the manifest"):
        load_type_scorer(tmp_path, manifest, scorer)


def test_load_models_reads_the_type_scorer_on_a_second_thread_and_checks_it(
        tiny_model: Path, tmp_path: Path) -> None:
    """Both scorers as the one-at-a-time loaders give them; the type file's faults
    (altered, missing) are raised in the caller's thread, after the label scorer's."""
    scorer, types, manifest = load_models(tiny_model)
    alone, _ = load_scorer(tiny_model)
    assert scorer.to_bytes() == alone.to_bytes()
    assert types.to_bytes() == load_type_scorer(tiny_model, manifest, alone).to_bytes()
    name = _altered_type_copy(tiny_model, tmp_path)
    with pytest.raises(ModelError, match="does not match the manifest"):
        load_models(tmp_path)
    (tmp_path / name).unlink()
    with pytest.raises(ModelError, match="does not match the manifest"):
        load_models(tmp_path)
    (tmp_path / name).write_bytes((tiny_model / name).read_bytes())  # whole again
    scorer, _, _ = load_models(tmp_path)
    scorer_file = load_manifest(tmp_path).scorer_file
    (tmp_path / scorer_file).write_bytes(b"cyberscope-linear/2\n{}\n")
    with pytest.raises(ModelError, match="does not match the manifest"):
        load_models(tmp_path)  # the label scorer's fault alone, with the reader joined


def test_a_read_ahead_is_taken_by_its_directory_and_no_reading_thread_outlives_a_load(
        tiny_model: Path, tmp_path: Path) -> None:
    """What ``read_ahead`` read is what ``load_models`` gives; a read-ahead of another
    directory (the shipped model, when ``--model`` names another) is waited for and
    dropped, with its error, so the batch path never forks beside a running thread."""
    import threading

    from cli import artifact

    before = threading.active_count()
    read_ahead(tiny_model)
    read_ahead(tmp_path / "no-model-here")  # its error is never raised
    scorer, _, manifest = load_models(tiny_model)
    assert threading.active_count() == before and not artifact._AHEAD
    assert scorer.to_bytes() == load_scorer(tiny_model)[0].to_bytes()
    assert manifest == load_manifest(tiny_model)


def test_training_needs_a_type_on_every_record(tmp_path: Path) -> None:
    from cli.errors import InputError
    from cli.training.train import train

    lines = (TINY_CORPUS / "alpha.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["type"] = "grooming"  # a cyber-enabled type on a cyber-dependent record
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "alpha.jsonl").write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n")
    (corpus / "beta.jsonl").write_bytes((TINY_CORPUS / "beta.jsonl").read_bytes())
    with pytest.raises(InputError, match="no type of their label"):
        train(corpus, tmp_path / "out")


def test_every_type_is_one_of_its_labels_types(tiny_model: Path) -> None:
    classifier = Classifier.load(tiny_model)
    result = classifier.classify_document(read_document(str(DRAFT)))
    for c in result.provisions:
        assert c.prediction.type in TYPES[c.prediction.label], c.provision.ref
        assert 0 < c.prediction.type_confidence <= 1


def test_the_batch_path_gives_the_same_types(tiny_model: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from cli import classify as classify_module

    texts = [c.provision.text for c in Classifier.load(tiny_model).classify_document(
        read_document(str(DRAFT))).provisions]
    single = [Classifier.load(tiny_model).predict(t) for t in texts]
    monkeypatch.setattr(classify_module, "BATCH_MIN", 1)
    monkeypatch.setenv("CYBERSCOPE_WORKERS", "1")
    batch = Classifier.load(tiny_model).predict_many(texts)
    assert [(p.label, p.type) for p in batch] == [(p.label, p.type) for p in single]
    assert max(abs(a.type_confidence - b.type_confidence)
               for a, b in zip(batch, single, strict=True)) < 1e-12


def test_json_jsonl_and_csv_carry_type_and_counterparts(tiny_model_env: Path) -> None:
    out = runner.invoke(app, [str(DRAFT), "-f", "json"])
    assert out.exit_code == 0, out.stderr
    doc = json.loads(out.stdout)
    for p in doc["documents"][0]["provisions"]:
        assert p["type"] in TYPES[p["label"]]
        offence = p["label"] != "other"
        assert p["beyond_treaties"] == (offence and p["counterparts"] == {})
        if not offence:
            assert p["counterparts"] == {}
    summary = doc["summary"]
    assert summary["headline"].endswith(")") or summary["headline"].endswith(".")
    assert sum(summary["type_counts"].values()) == summary["provisions"]
    assert (summary["within_both_treaties"] + summary["within_budapest_only"]
            + summary["within_un_only"] + len(summary["beyond_treaties"])) == summary["offences"]
    lines = runner.invoke(app, [str(DRAFT), "-f", "jsonl"]).stdout.splitlines()
    assert all("type" in json.loads(x) and "counterparts" in json.loads(x) for x in lines)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [str(DRAFT), "-f", "csv"]).stdout)))
    assert {"type", "counterparts", "beyond_treaties"} <= set(rows[0])
    assert all(r["beyond_treaties"] in ("true", "false") for r in rows)


def test_table_and_markdown_have_a_type_column(tiny_model_env: Path) -> None:
    table = runner.invoke(app, [str(DRAFT)], env={"COLUMNS": "160"}).stdout
    assert "│ Type" in table and "Offence types:" in table
    md = runner.invoke(app, [str(DRAFT), "-f", "markdown"]).stdout
    assert "| Reference | Title | Label | Type |" in md


def _doc(name: str, rows: list[tuple[str, str, str, str]]) -> DocumentResult:
    """A document of (ref, title, label, type) with a one-line body each."""
    provisions = tuple(
        Classified(Provision(ref, ref.split()[-1], title, None, k, k,
                             f"{ref}. {title}\nThe body of {title.lower()} number {k}."),
                   Prediction(label, 1.0, {label: 1.0}, None, (), kind, 1.0))
        for k, (ref, title, label, kind) in enumerate(rows, 1))
    return DocumentResult(name, "text:utf-8", False, provisions)


def test_compare_reports_type_changes_and_offences_beyond_the_treaties() -> None:
    old = _doc("old", [("Section 1", "Access", "cyber-dependent", "illegal-access"),
                       ("Section 2", "Fraud", "cyber-enabled", "computer-fraud"),
                       ("Section 3", "Rumours", "cyber-enabled", "false-information")])
    new = _doc("new", [("Section 1", "Access", "cyber-dependent", "illegal-access"),
                       ("Section 2", "Fraud", "cyber-enabled", "identity-offence"),
                       ("Section 3", "Rumours", "cyber-enabled", "false-information"),
                       ("Section 6", "Insult", "cyber-enabled", "defamation-insult")])
    result = compare(old, new, 0.5)
    assert [c.new_ref for c in result.of_kind("retyped")] == ["Section 2"]
    assert result.treaty_line() == ("offences beyond the treaties: 1 → 2: added Section 6 "
                                    "(defamation-insult)")
    gone = compare(new, old, 0.5)
    assert gone.treaty_line() == ("offences beyond the treaties: 2 → 1: removed Section 6 "
                                  "(defamation-insult)")


def test_explain_shows_the_evidence_for_the_type(tiny_model_env: Path) -> None:
    out = runner.invoke(app, ["explain", str(DRAFT), "Article 7", "-f", "json"])
    assert out.exit_code == 0, out.stderr
    obj = json.loads(out.stdout)
    assert obj["type"] in TYPES[obj["label"]] and obj["type_evidence"]
    assert set(obj["type_scores"]) == set(TYPES[obj["label"]]) & set(obj["type_scores"])
    text = runner.invoke(app, ["explain", str(DRAFT), "Article 7"]).stdout
    assert f"Evidence for type {obj['type']}" in text


def test_evaluate_reports_type_accuracy(tiny_model_env: Path) -> None:
    out = runner.invoke(app, ["evaluate", str(TINY_CORPUS / "alpha.jsonl"), "-f", "json"])
    assert out.exit_code == 0, out.stderr
    types = json.loads(out.stdout)["types"]
    assert 0 <= types["offence_accuracy"] <= 1 and types["per_type"]
    text = runner.invoke(app, ["evaluate", str(TINY_CORPUS / "alpha.jsonl")]).stdout
    assert "type accuracy" in text


def test_shipped_model_types_the_sample_drafts() -> None:
    """On the sample drafts, nine types in ten are the expected ones (offences and all)."""
    drafts = sorted(EXAMPLES.glob("*.txt")) + sorted((EXAMPLES / "compare").glob("*.txt"))
    classifier = Classifier.load()
    right = total = offence_right = offences = 0
    for draft in drafts:
        want = json.loads(draft.with_suffix(".expected.json").read_text())["provisions"]
        result = classifier.classify_document(read_document(str(draft)))
        for c, w in zip(result.provisions, want, strict=True):
            assert c.prediction.type in TYPES[c.prediction.label]
            total += 1
            right += c.prediction.type == w["type"]
            if w["label"] != "other":
                offences += 1
                offence_right += c.prediction.type == w["type"]
    assert right / total >= 0.9 and offence_right / offences >= 0.9


def test_model_card_quotes_the_shipped_type_figures() -> None:
    from tests.conftest import ROOT

    card = (ROOT / "models" / "MODEL_CARD.md").read_text(encoding="utf-8")
    manifest = load_manifest(ROOT / "models")
    cv = manifest.data["grouped_cv"]["type_accuracy"]
    assert f"| {cv['offences']:.3f} | {cv['all']:.3f} |" in card
    assert manifest.data["types"] == {label: sorted(TYPES[label]) for label in TYPES}
