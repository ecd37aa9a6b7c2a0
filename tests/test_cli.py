"""The command line, driven through Typer's runner and through the installed entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()
DRAFT = (
    "Draft law on computer crime\n\n"
    "Article 1. Definitions\nIn this law, computer system means any device processing data.\n\n"
    "Article 2. Illegal access\nA person who enters a computer system without authorisation "
    "commits an offence.\n\n"
    "Article 3. False news\nPublishing false news on social media that disturbs public order "
    "is an offence.\n"
)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    f = tmp_path / "draft.txt"
    f.write_text(DRAFT, encoding="utf-8")
    return f


def invoke(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, prog_name="classify")


def test_json_shape(tiny_model_env: Path, draft: Path) -> None:
    result = invoke(str(draft), "--format", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["schema_version"] == 2
    assert set(out) == {"schema_version", "tool", "model", "source", "documents", "summary"}
    assert out["source"] == [str(draft)]
    assert set(out["model"]) >= {"id", "sha256"}
    (doc,) = out["documents"]
    assert doc["source"] == str(draft)
    assert [p["ref"] for p in doc["provisions"]] == ["Preamble", "Article 1", "Article 2",
                                                     "Article 3"]
    p = doc["provisions"][2]
    assert set(p) >= {"ref", "number", "title", "chapter", "start_line", "end_line", "label",
                      "confidence", "scores", "text"}
    assert set(p["scores"]) == {"cyber-dependent", "cyber-enabled", "other"}
    assert abs(sum(p["scores"].values()) - 1) < 1e-5
    assert (p["start_line"], p["end_line"]) == (6, 7)
    s = doc["summary"]
    assert s["provisions"] == 4
    assert sum(s["counts"].values()) == 4
    assert s["offences"] == s["counts"]["cyber-dependent"] + s["counts"]["cyber-enabled"]
    assert out["summary"]["provisions"] == 4
    for q in doc["provisions"]:
        assert (q["offence_parts"] == []) == (q["label"] == "other")
        for f in q["offence_parts"]:
            assert q["start_line"] <= f["start_line"] <= f["end_line"] <= q["end_line"]
            assert f["label"] in ("cyber-dependent", "cyber-enabled")
        assert bool(q["review_codes"]) == (q["review"] is not None)


def test_output_is_deterministic(tiny_model_env: Path, draft: Path) -> None:
    for fmt in ("json", "jsonl", "csv", "markdown", "table"):
        first = invoke(str(draft), "--format", fmt).stdout
        assert first == invoke(str(draft), "--format", fmt).stdout


def test_jsonl_and_csv(tiny_model_env: Path, draft: Path) -> None:
    lines = invoke(str(draft), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 4
    assert all(json.loads(line)["source"] == str(draft) for line in lines)
    rows = list(csv.DictReader(io.StringIO(invoke(str(draft), "-f", "csv").stdout)))
    assert [r["ref"] for r in rows] == ["Preamble", "Article 1", "Article 2", "Article 3"]
    assert rows[2]["text"].startswith("Article 2. Illegal access\nA person")


def test_table_and_markdown_show_breakdown(tiny_model_env: Path, draft: Path) -> None:
    table = invoke(str(draft)).stdout
    assert "Article 2" in table and "Illegal access" in table
    assert "Share of offences" in table
    assert "\x1b[" not in table  # no colour when not on a terminal
    md = invoke(str(draft), "--format", "markdown").stdout
    assert md.startswith("# cyberscope report\n")
    head = md.split(f"## {draft}\n")[0]  # provenance and legend come first
    for part in (f"Source: `{draft}`", "SHA-256", "model `", "Command: `classify",
                 "`cyber-enabled`", "⚑"):
        assert part in head, part
    assert "| Article 2 | Illegal access |" in md


def test_many_files_and_total(tiny_model_env: Path, draft: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(DRAFT)
    out = json.loads(invoke(str(draft), str(other), "--format", "json").stdout)
    assert [d["source"] for d in out["documents"]] == [str(draft), str(other)]
    assert out["summary"]["provisions"] == 8
    table = invoke(str(draft), str(other)).stdout
    assert "All 2 documents" in table


def test_stdin_and_jsonl_input(tiny_model_env: Path) -> None:
    out = json.loads(invoke("-", "--format", "json", input=DRAFT).stdout)
    assert out["documents"][0]["source"] == "standard input"
    records = ('{"id": "r1", "text": "Hacking into a computer system."}\n'
               '{"text": "Entry into force."}\n{"id": 7, "text": "Fraud online."}\n')
    out = json.loads(invoke("-", "--input", "jsonl", "--format", "json", input=records).stdout)
    provs = out["documents"][0]["provisions"]
    assert [p.get("id") for p in provs] == ["r1", "Record 2", 7]
    assert [p["ref"] for p in provs] == ["r1", "Record 2", "7"]
    assert [p["start_line"] for p in provs] == [1, 2, 3]


def test_jsonl_extension_selects_jsonl_input(tiny_model_env: Path, tmp_path: Path) -> None:
    f = tmp_path / "records.jsonl"
    f.write_text('{"text": "ok text here"}\n{"text": broken\n')
    result = invoke(str(f))
    assert result.exit_code == 1
    assert "line 2: not valid JSON" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: d / "missing.txt", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: _write(d / "empty.txt", b""), "is empty"),
    (lambda d: _write(d / "bin.dat", b"\x00\x01\x02" * 100), "binary"),
    (lambda d: _write(d / "nums.txt", b"1 2 3\n\n4 5\n"), "no recognisable provisions"),
])
def test_bad_input_one_line_exit_1(tiny_model_env: Path, tmp_path: Path, setup, message) -> None:
    path = setup(tmp_path)
    result = invoke(str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("classify: error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_fallback_warns(tiny_model_env: Path, tmp_path: Path) -> None:
    f = _write(tmp_path / "memo.txt",
               b"A memo about hacking computers.\n\nAnd one on fraud online.\n")
    result = invoke(str(f), "--format", "json")
    assert result.exit_code == 0
    assert "warning" in result.stderr and "paragraph by paragraph" in result.stderr
    assert json.loads(result.stdout)["documents"][0]["segmentation"] == "paragraphs"


def test_usage_errors_exit_2(tiny_model_env: Path, draft: Path) -> None:
    assert invoke(str(draft), "--format", "yaml").exit_code == 2
    assert invoke(str(draft), "--input", "xml").exit_code == 2
    assert invoke(str(draft), "--min-confidence", "3").exit_code == 2


def test_altered_model_dir_is_refused(tiny_model: Path, tmp_path: Path, draft: Path) -> None:
    bad = tmp_path / "model"
    bad.mkdir()
    for f in tiny_model.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    manifest = json.loads((bad / "manifest.json").read_text())
    (bad / manifest["scorer"]).write_bytes(b"{}")
    result = invoke(str(draft), "--model", str(bad))
    assert result.exit_code == 1
    assert "does not match the manifest" in result.stderr


def test_help_lists_every_command_with_example() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("file", "train", "evaluate"):
        assert command in result.stdout
        sub = invoke(command, "--help")
        assert sub.exit_code == 0
        assert "Example:" in sub.stdout


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("cyberscope ")


def test_file_named_like_a_command(tiny_model_env: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("train").write_text(DRAFT)
    assert invoke("file", "train", "-f", "json").exit_code == 0
    assert invoke("./train", "-f", "json").exit_code == 0


def test_strict_exits_3_when_flagged(tiny_model_env: Path, draft: Path) -> None:
    result = invoke(str(draft), "--strict", "--min-confidence", "1.0", "-f", "json")
    assert result.exit_code == 3
    assert json.loads(result.stdout)["summary"]["flagged"] == 4


def test_entry_point_subprocess(tiny_model_env: Path, draft: Path, tmp_path: Path) -> None:
    """The real console entry point: pipes, stdin, exit codes, no colours when piped."""
    env = {**os.environ, "CYBERSCOPE_MODEL_DIR": str(tiny_model_env)}
    cmd = [sys.executable, "-m", "cli"]
    done = subprocess.run([*cmd, str(draft), "--format", "json"], capture_output=True,
                          text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema_version"] == 2
    done = subprocess.run([*cmd, "-", "-f", "csv"], input=DRAFT, capture_output=True,
                          text=True, env=env, check=False)
    assert done.returncode == 0 and done.stdout.startswith("source,ref,")
    done = subprocess.run([*cmd, str(tmp_path / "nope.txt")], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr


@pytest.mark.parametrize("encode", [
    lambda s: s.encode("utf-16"),
    lambda s: s.replace("\n", "\r\n").encode("cp1252"),
    lambda s: b"\xef\xbb\xbf" + s.replace("\n", "\r\n").encode(),
], ids=["utf-16-bom", "cp1252-crlf", "utf-8-bom-crlf"])
def test_encodings_read_alike(tiny_model_env: Path, tmp_path: Path, draft: Path, encode) -> None:
    other = _write(tmp_path / "encoded.txt", encode(DRAFT))
    a = json.loads(invoke(str(draft), "-f", "json").stdout)["documents"][0]["provisions"]
    b = json.loads(invoke(str(other), "-f", "json").stdout)["documents"][0]["provisions"]
    assert [(p["ref"], p["label"], p["text"]) for p in a] == \
        [(p["ref"], p["label"], p["text"]) for p in b]


def test_huge_file_refused_with_size(tiny_model_env: Path, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    result = invoke(str(big))
    assert result.exit_code == 1
    assert "is 50.0 MB; cyberscope reads files up to 20.0 MB" in result.stderr


def test_explain_option_adds_evidence(tiny_model_env: Path, draft: Path) -> None:
    out = json.loads(invoke(str(draft), "--explain", "-f", "json").stdout)
    p = out["documents"][0]["provisions"][2]
    assert p["evidence"]
    assert all(set(e) == {"term", "weight", "words", "concept"} for e in p["evidence"])
    for e in p["evidence"]:  # the words are the provision's own, as written
        assert all(w in " ".join(p["text"].split()) for w in e["words"])
        assert (e["concept"] is not None) == e["term"].startswith("c:")
        assert e["words"] or e["term"].startswith("c:")
    line = json.loads(invoke(str(draft), "--explain", "-f", "jsonl").stdout.splitlines()[2])
    assert line["evidence"] == p["evidence"]
    assert "evidence" not in json.loads(invoke(str(draft), "-f", "json").stdout)[
        "documents"][0]["provisions"][2]
    assert "Evidence" in invoke(str(draft), "--explain").stdout


def test_explain_command(tiny_model_env: Path, draft: Path) -> None:
    result = invoke("explain", str(draft), "article 2", "-f", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["ref"] == "Article 2"
    assert set(out["scores"]) == {"cyber-dependent", "cyber-enabled", "other"}
    assert out["evidence"]
    table = invoke("explain", str(draft), "Article 2")
    assert "Illegal access" in table.stdout and "Scores" in table.stdout
    missing = invoke("explain", str(draft), "Article 99")
    assert missing.exit_code == 1
    assert "no provision 'Article 99'; found Preamble, Article 1" in missing.stderr


def test_compare_command(tiny_model_env: Path, draft: Path, tmp_path: Path) -> None:
    new = _write(tmp_path / "new.txt", (DRAFT + "\nArticle 4. Insult\nInsulting a public "
                                        "official by means of an electronic device is an "
                                        "offence.\n").encode())
    result = invoke("compare", str(draft), str(new), "-f", "json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["schema_version"] == 2
    added = [c for c in out["changes"] if "added" in c["change"]]
    assert [c["new_ref"] for c in added] == ["Article 4"]
    assert out["delta"]["provisions"] == 1
    for fmt in ("table", "markdown"):
        shown = invoke("compare", str(draft), str(new), "-f", fmt)
        assert shown.exit_code == 0 and "Article 4" in shown.stdout


def test_large_jsonl_batch_same_with_and_without_workers(tiny_model_env: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches over BATCH_MIN are scored by worker processes: same output, same order."""
    from cli.classify import BATCH_MIN

    texts = ["Hacking into a computer system without right.", "Fraud by means of a computer.",
             "This Act enters into force on publication.", "False news published online."]
    f = tmp_path / "big.jsonl"
    f.write_text("".join(json.dumps({"id": f"r{i}", "text": f"{texts[i % 4]} ({i})"}) + "\n"
                         for i in range(BATCH_MIN + 10)))
    parallel = invoke(str(f), "-f", "jsonl").stdout
    monkeypatch.setenv("CYBERSCOPE_WORKERS", "1")
    serial = invoke(str(f), "-f", "jsonl").stdout
    assert parallel == serial
    assert len(parallel.splitlines()) == BATCH_MIN + 10


def test_installed_console_script_from_another_directory(tmp_path: Path) -> None:
    """After `pip install .`, `classify` works from any directory with the packaged model."""
    import shutil

    exe = shutil.which("classify")
    if exe is None:
        pytest.skip("cyberscope is not installed in this environment")
    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT)
    env = {k: v for k, v in os.environ.items() if k != "CYBERSCOPE_MODEL_DIR"}
    done = subprocess.run([exe, "d.txt", "-f", "json"], cwd=tmp_path, capture_output=True,
                          text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["model"]["id"].startswith("cyberscope-linear-")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_large_batch_reports_progress(tiny_model: Path, workers: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from cli.classify import BATCH_MIN, Classifier

    monkeypatch.setenv("CYBERSCOPE_WORKERS", workers)
    seen: list[tuple[int, int]] = []
    classifier = Classifier.load(tiny_model, on_batch=lambda done, total: seen.append(
        (done, total)))
    texts = [f"Access to a computer system without right, case {i}." for i in range(BATCH_MIN)]
    predictions = classifier.predict_many(texts)
    assert len(predictions) == BATCH_MIN
    assert seen[-1] == (BATCH_MIN, BATCH_MIN)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) > 1
    assert predictions == [classifier.predict(t) for t in texts]


def test_console_script_runs_the_collector_rarely_and_not_at_exit() -> None:
    """``classify`` (cli.entry) sets the youngest generation's threshold before typer
    is imported and freezes what is left when the command ends."""
    code = ("import gc, sys\nsys.argv = ['classify', '--version']\n"
            "from cli.entry import GC_YOUNG, main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(gc.get_threshold()[0] == GC_YOUNG, gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split()[-2:] == ["True", "True"]


def test_a_large_drafts_workers_carry_any_text(tiny_model: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts and predictions travel to and from the workers as ASCII JSON: accents,
    quotes and a lone surrogate (from a damaged source) give what one process gives."""
    import cli.classify as classify_module
    from cli.classify import Classifier

    monkeypatch.setattr(classify_module, "BATCH_MIN", 1)
    monkeypatch.setenv("CYBERSCOPE_WORKERS", "2")
    classifier = Classifier.load(tiny_model, explain=True)
    texts = [f"Article {i}. Accès illicite «système» \ud800 (a) whoever intercepts data "
             f"commits an offence, case {i}." for i in range(250)]
    assert classifier.predict_many(texts) == [classifier.predict(t) for t in texts]
