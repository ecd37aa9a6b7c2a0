"""JSONL streamed through the batch path: the same bytes as a whole run, in order,
errors naming their line, and blocks that hold whole lines."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.errors import InputError
from cli.output.classify import render_csv, render_jsonl
from cli.read.jsonl import parse_block, parse_line, read_blocks
from cli.run import classify_inputs, stream_inputs

runner = CliRunner()
TEXTS = ["Hacking into a computer system without right.", "Fraud by means of a computer.",
         "This Act enters into force on publication.", "False news published online.",
         "Article 9\nMisuse of devices\nWhoever sells malware commits an offence."]


def records_file(tmp_path: Path, n: int, extra: str = "") -> Path:
    lines = []
    for i in range(n):
        rec = {"text": f"{TEXTS[i % len(TEXTS)]} ({i})"}
        if i % 3:
            rec["id"] = f"r{i}" if i % 2 else i
        lines.append(json.dumps(rec))
        if i % 97 == 5:
            lines.append("   ")  # blank lines are skipped, and not counted as records
    f = tmp_path / "records.jsonl"
    f.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return f


def streamed(path: Path, fmt: str, text: bool = True, explain: bool = False,
             workers: str = "2", monkeypatch: pytest.MonkeyPatch | None = None) -> bytes:
    if monkeypatch:
        monkeypatch.setenv("CYBERSCOPE_WORKERS", workers)
    out = io.BytesIO()
    stream_inputs([str(path)], out.write, fmt=fmt, text=text, explain=explain)
    return out.getvalue()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_streamed_output_equals_the_whole_run(tiny_model_env: Path, tmp_path: Path,
                                              workers: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    f = records_file(tmp_path, 3000)  # several blocks
    run = classify_inputs([str(f)])
    for text in (True, False):
        jsonl = streamed(f, "jsonl", text, workers=workers, monkeypatch=monkeypatch)
        assert jsonl.decode() == render_jsonl(run, text)
        assert streamed(f, "csv", text, workers=workers).decode() == render_csv(run, text)
    lines = jsonl.decode().splitlines()
    assert len(lines) == 3000
    assert [json.loads(x)["number"] for x in lines] == [str(k) for k in range(1, 3001)]
    assert "text" not in json.loads(lines[0])
    assert json.loads(lines[1])["id"] == "r1" and json.loads(lines[0])["id"] == "Record 1"


def test_streamed_explain_equals_the_whole_run(tiny_model_env: Path, tmp_path: Path) -> None:
    f = records_file(tmp_path, 40)
    run = classify_inputs([str(f)], explain=True)
    assert streamed(f, "jsonl", explain=True).decode() == render_jsonl(run)


def test_a_bad_line_inside_a_stream(tiny_model_env: Path, tmp_path: Path) -> None:
    f = records_file(tmp_path, 2000, extra='{"text": "fine"}\n{"text": broken\n')
    n_lines = len(f.read_text().splitlines())
    result = runner.invoke(app, [str(f), "-f", "jsonl"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"classify: error: {f}, line {n_lines}: not valid JSON "
                                     "(Expecting value: line 1 column 10 (char 9))")
    assert len(result.stdout.splitlines()) == 2001  # every record before it was written


@pytest.mark.parametrize(("line", "why"), [
    ("[1, 2]", "expected a JSON object"),
    ('{"id": 1}', 'no "text" string'),
    ('{"id": NaN, "text": "x"}', "not valid JSON"),
    ('{"id": 1e400, "text": "x"}', "not valid JSON"),
    ('{"id": true, "text": "x"}', '"id" must be a string or a number'),
    ('{"text": "a \\ud800 b"}', "unpaired surrogate"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
])
def test_bad_records_are_one_line_errors(line: str, why: str) -> None:
    with pytest.raises(InputError, match=f"x.jsonl, line 4: .*{why}"):
        parse_line(line, 4, 1, "x.jsonl")


def test_blocks_hold_whole_lines_numbered() -> None:
    lines = [json.dumps({"text": f"record {i} " + "x" * (i % 50)}) for i in range(500)]
    data = ("\ufeff".encode() + "\n\n".join(lines).encode() + b"\r\n")
    blocks = list(read_blocks(io.BytesIO(data), "s", first=100, size=1000))
    assert len(blocks) > 10
    records = [r for b in blocks for r in parse_block(b, "s")]
    assert [r.text for r in records] == [json.loads(x)["text"] for x in lines]
    assert [r.line for r in records] == list(range(1, 1000, 2))
    assert [r.number for r in records] == list(range(1, 501))


def test_not_utf8_lines_are_windows_1252_and_other_boms_refused() -> None:
    data = '{"text": "café"}\n'.encode("cp1252") + '{"text": "naïve"}\n'.encode()
    records = [r for b in read_blocks(io.BytesIO(data), "s") for r in parse_block(b, "s")]
    assert [r.text for r in records] == ["café", "naïve"]
    with pytest.raises(InputError, match="UTF-16"):
        list(read_blocks(io.BytesIO('{"text": "x"}\n'.encode("utf-16")), "s"))


def test_empty_stream_is_an_error(tiny_model_env: Path, tmp_path: Path) -> None:
    f = tmp_path / "empty.jsonl"
    f.write_text("\n  \n")
    result = runner.invoke(app, [str(f), "-f", "jsonl"])
    assert result.exit_code == 1 and "holds no JSONL records" in result.stderr


def test_stdin_streams_and_strict_counts_flags(tiny_model_env: Path, tmp_path: Path) -> None:
    f = records_file(tmp_path, 50)
    result = runner.invoke(app, ["-", "--input", "jsonl", "-f", "jsonl", "--strict"],
                           input=f.read_bytes())
    whole = runner.invoke(app, [str(f), "-f", "json", "--strict"])
    assert result.exit_code == whole.exit_code
    assert len(result.stdout.splitlines()) == 50
    assert result.stdout.replace('"source": "standard input"', f'"source": "{f}"') == \
        runner.invoke(app, [str(f), "-f", "jsonl"]).stdout


@pytest.mark.parametrize("explain", [False, True])
def test_the_line_writer_equals_the_json_objects(tiny_model_env: Path, tmp_path: Path,
                                                 explain: bool) -> None:
    """``jsonl_line`` (no dict, the batch path's writer) writes exactly what ``dumps``
    writes for ``provision_dict``, for drafts and records alike."""
    from cli.output.classify import _ids, provision_dict
    from cli.output.header import dumps

    f = records_file(tmp_path, 30)
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 1. Definitions\nIn this law, a computer system means a device.\n\n"
                     "Article 2. Illegal access\nWhoever enters a computer system without "
                     "right commits an offence.\n", encoding="utf-8")
    run = classify_inputs([str(draft), str(f)], explain=explain)
    expected = [dumps({"source": d.source, **provision_dict(c, d, explain, i)}, None)
                for d in run.documents for c, i in zip(d.provisions, _ids(d), strict=True)]
    assert render_jsonl(run).splitlines() == expected


def test_safeguards_with_jsonl_input_are_not_streamed(tiny_model_env: Path,
                                                      tmp_path: Path) -> None:
    f = records_file(tmp_path, 5)
    result = runner.invoke(app, [str(f), "-f", "jsonl", "--safeguards"])
    assert result.exit_code == 0, result.stderr
    assert all("safeguards" in json.loads(x) for x in result.stdout.splitlines())


def test_streamed_csv_with_explain_equals_the_whole_run(tiny_model_env: Path,
                                                        tmp_path: Path) -> None:
    """The batch path writes main's CSV columns: review code and text, type,
    counterparts, and the evidence column last with --explain."""
    f = records_file(tmp_path, 40)
    run = classify_inputs([str(f)], explain=True)
    out = streamed(f, "csv", explain=True).decode()
    assert out == render_csv(run)
    header = out.splitlines()[0].split(",")
    assert header[12:15] == ["review", "review_text", "type"] and header[-1] == "evidence"


def test_jsonl_on_stdin_is_detected_and_streamed(tiny_model_env: Path, tmp_path: Path) -> None:
    f = records_file(tmp_path, 50)
    piped = runner.invoke(app, ["-", "-f", "jsonl"], input=f.read_bytes())
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout.replace('"source": "standard input"', f'"source": "{f}"') == \
        runner.invoke(app, [str(f), "-f", "jsonl"]).stdout
    whole = runner.invoke(app, ["-", "-f", "json"], input=f.read_bytes())
    assert whole.exit_code == 0, whole.stderr
    assert json.loads(whole.stdout)["documents"][0]["extractor"] == "jsonl"


def test_jsonl_documents_carry_their_sha256(tiny_model_env: Path, tmp_path: Path) -> None:
    import hashlib

    f = records_file(tmp_path, 5)
    doc = json.loads(runner.invoke(app, [str(f), "-f", "json"]).stdout)["documents"][0]
    assert doc["sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()


def test_streamed_output_file_and_a_bad_input_among_many(tiny_model_env: Path,
                                                          tmp_path: Path) -> None:
    f = records_file(tmp_path, 30)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, [str(f), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text() == runner.invoke(app, [str(f), "-f", "jsonl"]).stdout
    missing = tmp_path / "missing.jsonl"
    result = runner.invoke(app, [str(missing), str(f), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"classify: error: {missing}: no such file"
    assert out.read_text() == runner.invoke(app, [str(f), "-f", "csv"]).stdout
    result = runner.invoke(app, [str(missing), "-f", "csv", "-o", str(out)])
    assert result.exit_code == 1 and out.read_text().startswith("source,")  # left as it was
    assert runner.invoke(app, [str(f), "-f", "jsonl", "-o", str(f)]).exit_code == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
