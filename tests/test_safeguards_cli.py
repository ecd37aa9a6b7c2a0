"""The safeguard checks on the command line: ``classify safeguards``, ``--safeguards``,
``--strict-safeguards`` and the safeguards that ``classify compare`` names."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app
from tests.conftest import ROOT

runner = CliRunner()
TREATY = ROOT / "tests" / "fixtures" / "safeguards" / "treaty.txt"
CLEAN = ("Draft accord\n\n"
         "Article 1. Entering computers\nEvery Contracting State shall make it a criminal "
         "offence, where done intentionally and without right, to enter a computer system.\n\n"
         "Article 2. Journalism\nNothing in this Accord makes it an offence to act in the "
         "course of journalism or in the public interest.\n")


def invoke(*args: str):
    return runner.invoke(app, list(args), prog_name="classify")


def by_ref(doc: dict) -> dict[str, set[str]]:
    return {p["ref"]: {f["code"] for f in p["safeguards"] if f["status"] == "fires"}
            for p in doc["provisions"]}


def test_safeguards_command_json_groups_flags_by_provision() -> None:
    result = invoke("safeguards", str(TREATY), "-f", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    (doc,) = out["documents"]
    flags = by_ref(doc)
    assert {"no-judicial-authorisation", "interception-scope", "no-duration-limit"} <= \
        flags["Article 7"]
    assert "no-unlawfulness-element" in flags["Article 2"]
    assert "Article 1" not in flags  # only flagged provisions are listed
    assert {f["code"] for f in doc["safeguards"]} >= {"no-public-interest-defence"}
    assert doc["counts"]["no-judicial-authorisation"] >= 2
    first = doc["provisions"][0]["safeguards"][0]
    assert set(first) == {"code", "status", "message", "evidence", "missing"}


def test_safeguards_command_table_and_markdown_quote_the_words_with_lines() -> None:
    table = invoke("safeguards", str(TREATY)).stdout
    assert "Article 7. Capture of content data" in table
    assert "interception-scope" in table and "line 22:" in table
    assert "Whole instrument" in table
    markdown = invoke("safeguards", str(TREATY), "-f", "markdown").stdout
    assert markdown.startswith(f"## {TREATY}") and "### Article 7. Capture of content data" in \
        markdown and "- **interception-scope**" in markdown


def test_strict_fails_only_when_a_flag_fires(tmp_path: Path) -> None:
    result = invoke("safeguards", str(TREATY), "--strict")
    assert result.exit_code == 4
    assert "safeguard flag(s)" in result.stderr
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    result = invoke("safeguards", str(clean), "--strict", "-f", "json")
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["counts"] == {}
    assert invoke(str(TREATY), "--strict-safeguards").exit_code == 4
    assert invoke(str(clean), "--strict-safeguards").exit_code == 0


def test_classify_with_safeguards_in_every_format() -> None:
    out = json.loads(invoke(str(TREATY), "--safeguards", "-f", "json").stdout)
    (doc,) = out["documents"]
    assert "interception-scope" in by_ref(doc)["Article 7"]
    assert doc["summary"]["safeguards"]["interception-scope"] == 1
    assert out["summary"]["safeguards"] == doc["summary"]["safeguards"]
    lines = [json.loads(x) for x in invoke(str(TREATY), "--safeguards", "-f",
                                           "jsonl").stdout.splitlines()]
    assert all("safeguards" in x and "document_safeguards" in x for x in lines)
    rows = list(csv.reader(io.StringIO(invoke(str(TREATY), "--safeguards", "-f",
                                              "csv").stdout)))
    assert rows[0][-1] == "flags"
    article7 = next(r for r in rows if r[1] == "Article 7")
    assert "interception-scope" in article7[-1].split()
    article12 = next(r for r in rows if r[1] == "Article 12")
    assert "no-intent-element?" in article12[-1].split()  # undetermined, marked
    table = invoke(str(TREATY), "--safeguards").stdout
    assert "Flags" in table and "Safeguard flags:" in table
    markdown = invoke(str(TREATY), "--safeguards", "-f", "markdown").stdout
    assert "| Flags |" in markdown


def test_without_the_option_no_check_runs_and_nothing_changes() -> None:
    out = json.loads(invoke(str(TREATY), "-f", "json").stdout)
    assert "safeguards" not in out["documents"][0]
    assert "safeguards" not in out["documents"][0]["provisions"][0]
    assert "safeguards" not in out["summary"]
    assert "Flags" not in invoke(str(TREATY)).stdout
    code = ("import sys; from typer.testing import CliRunner; from cli.app import app; "
            f"r = CliRunner().invoke(app, [{str(TREATY)!r}]); assert r.exit_code == 0; "
            "print('cli.safeguards' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "COLUMNS": "100"}, check=True)
    assert ran.stdout.strip() == "False"


def test_compare_names_a_safeguard_a_revision_removed(tmp_path: Path) -> None:
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(CLEAN, encoding="utf-8")
    new.write_text(CLEAN.replace(" and without right", ""), encoding="utf-8")
    result = invoke("compare", str(old), str(new), "-f", "json", "--unchanged-at", "0.5")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["safeguards_lost"] == [
        "Article 1 lost 'without right' (no-unlawfulness-element)"]
    assert "removes safeguards: Article 1 lost 'without right'" in out["headline"]
    change = next(c for c in out["changes"] if c["new_ref"] == "Article 1")
    assert "safeguards" in change["change"] and change["similarity"] > 0.5
    assert change["safeguards_gained"] == ["no-unlawfulness-element"]
    back = json.loads(invoke("compare", str(new), str(old), "-f", "json").stdout)
    assert back["safeguards_restored"] == ["Article 1 no longer fires no-unlawfulness-element"]
    table = invoke("compare", str(old), str(new)).stdout
    assert "+no-unlawfulness-element" in table
