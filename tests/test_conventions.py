"""The habits of everyday command-line tools, through the installed ``classify``.

Each test runs the console script in a subprocess, as a user or a script would:
``-o`` written atomically and never over an input, many files with one unreadable,
a mistyped command, a cp1252 or ASCII stdout, ``COLUMNS`` from 60 to 200 and wide
characters, readable evidence with ``--explain`` (CSV too), ``.ndjson`` and JSON lines
on standard input, and ``train`` without ``--out``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli.output.table import text_width
from tests.conftest import EXAMPLES, TINY_CORPUS

SAMPLE = EXAMPLES / "draft-convention.txt"


def classify_exe() -> str:
    beside = Path(sys.executable).parent / "classify"
    found = str(beside) if beside.exists() else shutil.which("classify")
    if not found:
        pytest.skip("cyberscope is not installed in this environment (pip install '.[test]')")
    return found


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """``classify ARGS`` through the console script; output as bytes."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("CYBERSCOPE_MODEL_DIR", "COLUMNS", "FORCE_COLOR")}
    return subprocess.run([classify_exe(), *args], cwd=cwd, env={**base, **(env or {})},
                          input=input, capture_output=True, timeout=180, check=False)


def lines_of(err: bytes) -> list[str]:
    return err.decode().splitlines()


def test_output_file_is_written_and_inputs_are_safe(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    shutil.copyfile(SAMPLE, draft)
    done = run("draft.txt", "-f", "html", "-o", "report.html", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "classify draft.txt -f html -o report.html" in page
    assert '<mark class="ev"' in page  # evidence is marked without --explain
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left

    before = draft.read_bytes()
    for args in (["draft.txt", "-o", "draft.txt"], ["draft.txt", "-o", "./draft.txt"],
                 ["compare", "draft.txt", "draft.txt", "-o", "draft.txt"]):
        done = run(*args, cwd=tmp_path)
        assert done.returncode == 1
        assert lines_of(done.stderr) == [
            f"classify: error: {Path(args[-1])}: is one of the inputs; write the output to "
            "another file"]
        assert draft.read_bytes() == before

    done = run("compare", str(EXAMPLES / "compare" / "convention-rev1.txt"),
               str(EXAMPLES / "compare" / "convention-rev2.txt"), "-f", "html", "-o", "cmp.html",
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Breakdown, side by side" in (tmp_path / "cmp.html").read_text(encoding="utf-8")
    done = run("draft.txt", "-o", str(tmp_path / "missing-dir" / "x" / "out.txt"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # directories are made, as for models


def test_one_unreadable_file_does_not_stop_the_others(tmp_path: Path) -> None:
    shutil.copyfile(SAMPLE, tmp_path / "a.txt")
    shutil.copyfile(EXAMPLES / "penal-code-chapter.txt", tmp_path / "c.txt")
    (tmp_path / "empty.txt").write_text("")
    done = run("a.txt", "missing.txt", "empty.txt", "c.txt", "-f", "json", cwd=tmp_path)
    assert done.returncode == 1
    assert lines_of(done.stderr) == ["classify: error: missing.txt: no such file",
                                     "classify: error: empty.txt: is empty"]
    out = json.loads(done.stdout)
    assert [d["source"] for d in out["documents"]] == ["a.txt", "c.txt"]
    done = run("missing.txt", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, b"")
    assert lines_of(done.stderr) == ["classify: error: missing.txt: no such file"]


def test_mistyped_command_gets_a_suggestion(tmp_path: Path) -> None:
    done = run("expalin", "draft.txt", "Article 1", cwd=tmp_path)
    assert done.returncode == 2
    assert lines_of(done.stderr) == [
        "classify: error: expalin: no such command or file; did you mean `explain`?"]
    (tmp_path / "expalin").write_text(SAMPLE.read_text(encoding="utf-8"))
    assert run("expalin", cwd=tmp_path).returncode == 0  # an existing file is classified
    done = run("nothing-like-it", cwd=tmp_path)
    assert lines_of(done.stderr) == ["classify: error: nothing-like-it: no such file"]


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv"])
def test_output_degrades_on_a_narrow_encoding(tmp_path: Path, encoding: str, fmt: str) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 1. Access § 3 – “quoted” ‘words’ 非法访问\n"
                     "A person who intentionally accesses a computer system without right "
                     "commits an offence.\n", encoding="utf-8")
    done = run(str(draft), "-f", fmt, "--explain",
               env={"PYTHONIOENCODING": encoding, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding)  # every byte is of the encoding
    flat = " ".join(text.split())
    if encoding == "cp1252":  # it has these characters
        assert "Access § 3 – “quoted” ‘words’ ????????" in flat
    else:
        assert "Access S 3 - \"quoted\" 'words' ????????" in flat


def _tables(out: str) -> list[list[str]]:
    """The boxed tables of an output, each as its lines."""
    tables: list[list[str]] = []
    for line in out.splitlines():
        if line.startswith("┌"):
            tables.append([])
        if tables and line[:1] in "┌│├└" and line:
            tables[-1].append(line)
    return tables


@pytest.mark.parametrize("columns", [60, 80, 100, 140, 200])
def test_table_fits_columns_and_wraps(tmp_path: Path, columns: int) -> None:
    draft = tmp_path / "draft.txt"
    long_title = ("Unauthorised interference with the integrity of protected computer systems "
                  "of critical national infrastructure operators")
    draft.write_text(f"Article 1. {long_title}\nA person who intentionally interferes with a "
                     "computer system without right commits an offence.\n\n"
                     "Article 2. 非法获取计算机信息系统数据罪\nWhoever obtains computer data "
                     "without authorisation shall be punished.\n", encoding="utf-8")
    for extra in ([], ["--explain"]):
        done = run("draft.txt", *extra, env={"COLUMNS": str(columns)}, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        out = done.stdout.decode()
        tables = _tables(out)
        assert len(tables) == 2
        for table in tables:  # aligned: every line of a table as wide as the others
            assert len({text_width(line) for line in table}) == 1, "\n".join(table)
            assert text_width(table[0]) <= columns
        body = tables[0][next(k for k, x in enumerate(tables[0]) if x.startswith("├")):]
        titles = "".join(x.split("│")[2].replace(" ", "") for x in body if x.startswith("│"))
        assert long_title.replace(" ", "") in titles  # wrapped, never cut
        assert "非法获取计算机信息系统数据罪" in titles
        assert "…" not in out
        assert all(text_width(line) <= columns for line in out.splitlines())


def test_explain_evidence_is_readable(tmp_path: Path) -> None:
    done = run(str(SAMPLE), "--explain", "-f", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert all(r["evidence"] for r in rows)
    article6 = next(r for r in rows if r["ref"] == "Article 6")
    assert "without right" in article6["evidence"]
    assert "c:" not in " ".join(r["evidence"] for r in rows)
    # 140 columns: beside the Type column, a concept name fits on one line of Evidence
    table = run(str(SAMPLE), "--explain", env={"COLUMNS": "140"}).stdout.decode()
    assert not re.search(r"\bc:[a-z]+", table)
    assert all(text_width(line) <= 140 for line in table.splitlines())
    assert "procedural wording" in table
    done = run("explain", str(SAMPLE), "Article 6", "-f", "json")
    out = json.loads(done.stdout)
    assert out["schema_version"] == 2 and out["tool"]["name"] == "cyberscope"
    assert out["source"] == [str(SAMPLE)]
    assert any(e["words"] == ["without right"] for e in out["evidence"])


def test_explain_and_evaluate_json_carry_the_header(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join((TINY_CORPUS / name).read_text().splitlines()[0]
                                 for name in sorted(p.name for p in TINY_CORPUS.glob("*.jsonl")))
                       + "\n")
    for args, source in ((["evaluate", str(records)], str(records)),
                         (["explain", str(SAMPLE), "Article 6"], str(SAMPLE))):
        done = run(*args, "-f", "json")
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert out["schema_version"] == 2 and out["source"] == [source]
        assert out["tool"]["name"] == "cyberscope" and out["model"]["id"]


def test_review_and_breadth_are_codes_with_text(tmp_path: Path) -> None:
    out = json.loads(run(str(SAMPLE), "-f", "json").stdout)
    assert out["summary"]["breadth"] == "mixed"
    assert out["summary"]["breadth_text"].startswith("mixed: ")
    flagged = [p for p in out["documents"][0]["provisions"] if p["review"]]
    from cli.classify import REVIEW_CODES

    assert flagged and all(p["review"] in REVIEW_CODES and p["review"] == p["review_codes"][0]
                           for p in flagged)
    assert all(p["review_text"].startswith(p["review"] + ": ") for p in flagged)


def test_jsonl_by_extension_and_on_stdin(tmp_path: Path) -> None:
    record = {"id": "r1", "text": "A person who intentionally accesses a computer system "
                                  "without right commits an offence."}
    line = (json.dumps(record) + "\n").encode()
    (tmp_path / "records.ndjson").write_bytes(line)
    for args, data in ((["records.ndjson"], None), (["-"], line)):
        done = run(*args, "-f", "jsonl", cwd=tmp_path, input=data)
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert (out["id"], out["ref"], out["label"]) == ("r1", "r1", "cyber-dependent")
    done = run("-", "-f", "json", input=SAMPLE.read_bytes())  # a draft on stdin stays a draft
    assert len(json.loads(done.stdout)["documents"][0]["provisions"]) == 61


def test_train_without_out_never_touches_the_shipped_model(tmp_path: Path) -> None:
    done = run("train", "--corpus", str(TINY_CORPUS), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "cyberscope-model" / "manifest.json").is_file()
    assert "use it with: classify DRAFT --model cyberscope-model" in done.stdout.decode()
    again = run("train", "--corpus", str(TINY_CORPUS), cwd=tmp_path)
    assert (tmp_path / "cyberscope-model-2" / "manifest.json").is_file()
    ids = [json.loads((tmp_path / d / "manifest.json").read_text())["model_id"]
           for d in ("cyberscope-model", "cyberscope-model-2")]
    assert ids[0] == ids[1]  # the same corpus and libraries give the same model
    assert again.returncode == 0
    used = run(str(SAMPLE), "-f", "json", "--model", "cyberscope-model", cwd=tmp_path)
    assert json.loads(used.stdout)["model"]["id"] == ids[0]


def test_no_script_folder_module_shadows_the_standard_library() -> None:
    """``python benchmarks/X.py`` puts ``benchmarks/`` first on the path: a module there
    named like one of the standard library's (``types.py`` once) replaced it for every
    import, and broke every benchmark where no site module had imported it first."""
    root = Path(__file__).resolve().parent.parent
    for folder in ("benchmarks", "data/long_sections", ".ci"):
        names = {p.stem for p in (root / folder).glob("*.py")}
        assert not names & set(sys.stdlib_module_names), folder
