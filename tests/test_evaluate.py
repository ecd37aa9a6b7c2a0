"""`classify evaluate` and `classify train` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app
from cli.evaluate import evaluate_file
from tests.conftest import TINY_CORPUS

runner = CliRunner()


def test_evaluate_table_json_and_fail_under(tiny_model_env: Path) -> None:
    path = str(TINY_CORPUS / "alpha.jsonl")
    table = runner.invoke(app, ["evaluate", path])
    assert table.exit_code == 0, table.stderr
    assert "macro-F1" in table.stdout and "confusion" in table.stdout
    out = json.loads(runner.invoke(app, ["evaluate", path, "-f", "json"]).stdout)
    assert set(out) >= {"macro_f1", "accuracy", "per_label", "confusion", "misclassified"}
    report = evaluate_file(TINY_CORPUS / "alpha.jsonl", tiny_model_env)
    assert out["macro_f1"] == round(report.metrics.macro_f1, 4)
    assert len(out["misclassified"]) == len(report.misses)
    failing = runner.invoke(app, ["evaluate", path, "--fail-under", "1.0"])
    if report.metrics.macro_f1 < 1.0:
        assert failing.exit_code == 1 and "is under 1.0" in failing.stderr
    assert runner.invoke(app, ["evaluate", path, "--fail-under", "0.0"]).exit_code == 0


def test_evaluate_reads_bom_and_reports_bad_lines(tiny_model_env: Path, tmp_path: Path) -> None:
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + (TINY_CORPUS / "alpha.jsonl").read_bytes())
    assert runner.invoke(app, ["evaluate", str(bom)]).exit_code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "other"}\n{"text": "y", "label": "hacking"}\n')
    result = runner.invoke(app, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert "line 2: label 'hacking' is not one of" in result.stderr


def test_train_command_writes_a_model(tmp_path: Path) -> None:
    out = tmp_path / "model"
    result = runner.invoke(app, ["train", "--corpus", str(TINY_CORPUS), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "grouped cross-validation" in result.stdout and "held out alpha" in result.stdout
    assert "cross-validation: holding out" in result.stderr  # progress goes to stderr
    assert (out / "manifest.json").is_file()
    missing = runner.invoke(app, ["train", "--corpus", str(tmp_path / "none"), "--out",
                                  str(out)])
    assert missing.exit_code == 1 and "no *.jsonl corpus files" in missing.stderr
