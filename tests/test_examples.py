"""End to end on the sample drafts and on the real drafts of ../shared/realdev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.classify import Classifier
from cli.read import read_document
from cli.segment import segment
from tests.conftest import EXAMPLES, REALDEV, realdev_records

DRAFTS = sorted(EXAMPLES.glob("*.txt")) + sorted((EXAMPLES / "compare").glob("*.txt"))
runner = CliRunner()


def expected(draft: Path) -> list[dict]:
    return json.loads(draft.with_suffix(".expected.json").read_text())["provisions"]


def test_there_are_sample_drafts() -> None:
    assert len(list(EXAMPLES.glob("*.txt"))) >= 5


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.name)
def test_sample_segmentation(draft: Path) -> None:
    got = [(p.ref, p.title) for p in segment(draft.read_text(encoding="utf-8")).provisions]
    assert got == [(e["ref"], e["title"]) for e in expected(draft)]


OFFENCES = ("cyber-dependent", "cyber-enabled")


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.name)
def test_sample_labels(draft: Path) -> None:
    """No offence crosses the dependent/enabled line; nine labels in ten are right."""
    result = Classifier.load().classify_document(read_document(str(draft)))
    got = [c.prediction.label for c in result.provisions]
    want = [e["label"] for e in expected(draft)]
    refs = [c.provision.ref for c in result.provisions]
    wrong = [(r, w, g) for r, w, g in zip(refs, want, got, strict=True) if w != g]
    flipped = [x for x in wrong if x[1] in OFFENCES and x[2] in OFFENCES]
    assert not flipped, f"offences on the wrong side of the line: {flipped}"
    assert len(wrong) <= len(want) // 10, f"wrong labels: {wrong}"


def test_sample_labels_overall() -> None:
    classifier = Classifier.load()
    right = total = 0
    for draft in DRAFTS:
        result = classifier.classify_document(read_document(str(draft)))
        want = [e["label"] for e in expected(draft)]
        right += sum(c.prediction.label == w for c, w in zip(result.provisions, want, strict=True))
        total += len(want)
    assert right / total >= 0.95


@pytest.mark.parametrize("draft", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_sample_json_through_cli(draft: Path) -> None:
    result = runner.invoke(app, [str(draft), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)["documents"][0]
    assert [p["ref"] for p in doc["provisions"]] == [e["ref"] for e in expected(draft)]
    lines = draft.read_text(encoding="utf-8").split("\n")
    for p in doc["provisions"]:
        first = p["text"].split("\n")[0]
        assert lines[p["start_line"] - 1].replace("\f", "").rstrip() == first


@pytest.mark.parametrize("name", ["budapest-convention", "un-convention-reconstruction"])
def test_realdev_drafts_every_provision_found(name: str) -> None:
    records = [r for r in realdev_records() if r["instrument"] == name]
    text = (REALDEV / "drafts" / f"{name}.txt").read_text(encoding="utf-8")
    found = {p.ref: p for p in segment(text).provisions}
    for r in records:
        assert r["article"] in found, r["id"]
        assert found[r["article"]].title == r["title"]
        assert found[r["article"]].text.strip() == r["text"].strip()
