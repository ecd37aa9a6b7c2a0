"""Regression tests of issue 16: each hostile input, through the real entry point.

Every test runs ``python -m cli`` in a subprocess (so closed descriptors, full disks,
signals and memory limits are real) on a small input, with generous time and memory
bounds: the point is that nothing is quadratic, unbounded, destructive or noisy. The
real figures are printed by ``python benchmarks/linearity.py``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY_CORPUS = ROOT / "tests" / "fixtures" / "tiny_corpus"
MB = 1024 * 1024
ESC = b"\x1b"

DRAFT = (
    "Model law on computer misuse\n\n"
    "Article 1. Definitions\nIn this law, a computer system is any device that processes "
    "data automatically.\n\n"
    "Article 2. Unlawful entry\nA person who enters a computer system without right commits "
    "an offence.\n\n"
    "Article 3. Deceptive messages\nA person who sends deceptive messages through a computer "
    "system to obtain money commits an offence.\n"
)
BODY = "A person who enters a computer system without right commits an offence."


def _limits(mem_mb: int | None, fsize: int | None,
            extra: Callable[[], None] | None) -> Callable[[], None] | None:
    if mem_mb is None and fsize is None and extra is None:
        return None

    def apply() -> None:
        if mem_mb is not None:
            resource.setrlimit(resource.RLIMIT_AS, (mem_mb * MB, mem_mb * MB))
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails: EFBIG
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        if extra is not None:
            extra()

    return apply


def classify(*args: str | Path, stdin: bytes | None = None, timeout: float = 60,
             mem_mb: int | None = None, fsize: int | None = None,
             env: dict[str, str] | None = None, stdout: int | io.BufferedWriter | None = None,
             preexec: Callable[[], None] | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m cli ARGS`` from the source tree, the shipped model by default."""
    environ = {k: v for k, v in os.environ.items() if k != "CYBERSCOPE_MODEL_DIR"}
    environ.update({"NO_COLOR": "", "COLUMNS": "120", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)], cwd=ROOT, env=environ,
        input=stdin, stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE, timeout=timeout, check=False,
        preexec_fn=_limits(mem_mb, fsize, preexec))


def err(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stderr.decode("utf-8", "replace")


def assert_one_line_error(done: subprocess.CompletedProcess[bytes], code: int = 1) -> str:
    """The run failed with ``code``, one line on stderr, no traceback; the line is returned."""
    message = err(done)
    assert done.returncode == code, message
    assert "Traceback" not in message and "Exception ignored" not in message, message
    assert message.startswith("classify: "), message
    assert message.endswith("\n") and message.count("\n") == 1, message
    return message.strip()


def assert_train_error(done: subprocess.CompletedProcess[bytes]) -> str:
    """Training failed with exit 1: progress lines, then one error line, no traceback."""
    message = err(done)
    assert done.returncode == 1, message
    assert "Traceback" not in message and "Exception ignored" not in message, message
    lines = message.splitlines()
    assert all(x.startswith("classify: ") for x in lines), message
    assert lines[-1].startswith("classify: error: "), message
    return lines[-1]


def strict_json(text: bytes | str) -> object:
    """Parse JSON, refusing the NaN and Infinity that Python's encoder writes by default."""

    def refuse(name: str) -> float:
        raise AssertionError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


# --- 1. train --out never deletes outside its directory; no temporary files left ----------


def _old_manifest(out: Path, files: dict[str, str]) -> None:
    manifest = {"model_id": "cyberscope-linear-old", "scorer": "scorer-old.bin",
                "pipeline": "pipeline-old.joblib", "review_threshold": 0.5, "files": files}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_train_deletes_only_regular_files_inside_out(tmp_path: Path) -> None:
    out = tmp_path / "models"
    (out / "sub").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victims = [tmp_path / "victim.txt", elsewhere / "absolute.txt", elsewhere / "target.txt",
               out / "sub" / "nested.bin"]
    for victim in victims:
        victim.write_text("keep me", encoding="utf-8")
    (out / "link.bin").symlink_to(elsewhere / "target.txt")
    (out / "scorer-old.bin").write_bytes(b"old scorer")
    (out / "notes.txt").write_text("not the model's", encoding="utf-8")
    zero = "0" * 64
    _old_manifest(out, {"../victim.txt": zero, str(elsewhere / "absolute.txt"): zero,
                        "link.bin": zero, "sub/nested.bin": zero, "scorer-old.bin": zero,
                        "../elsewhere/../victim.txt": zero})
    done = classify("train", "--corpus", TINY_CORPUS, "--out", out, timeout=300)
    assert done.returncode == 0, err(done)
    for victim in victims:
        assert victim.read_text(encoding="utf-8") == "keep me", victim
    assert (out / "link.bin").is_symlink(), "a symlink is not a regular file: left alone"
    assert (out / "notes.txt").exists()
    assert not (out / "scorer-old.bin").exists(), "the old model's own file is replaced"
    done = classify("-", "--model", out, stdin=DRAFT.encode())
    assert done.returncode == 0, err(done)


def test_train_removes_its_stale_temporary_files(tmp_path: Path) -> None:
    """A train killed while writing leaves ``.NAME.XXXX.tmp``; the next train removes
    those of its own pattern and nothing else."""
    out = tmp_path / "models"
    out.mkdir()
    stale = [out / ".manifest.json.k2j3h4_x.tmp", out / ".scorer-0123456789ab.bin.a1b2c3d4.tmp",
             out / ".pipeline-0123456789ab.joblib.zz9y8x7w.tmp"]
    for path in stale:
        path.write_bytes(b"half written")
    foreign = [out / ".editor-swap.tmp", out / "draft.tmp", out / ".notes.txt.a1b2c3d4.tmp"]
    for path in foreign:
        path.write_bytes(b"someone else's")
    done = classify("train", "--corpus", TINY_CORPUS, "--out", out, timeout=300)
    assert done.returncode == 0, err(done)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in foreign)


# --- 2. DOCX: tiny files that unpack to gigabytes are refused, in bounded memory -----------


def _docx_with(replace: Callable[[str, bytes], bytes | None]) -> bytes:
    """The test DOCX of ``DRAFT`` with members rewritten by ``replace`` (None: unchanged)."""
    from tests.fixtures_docs import make_docx

    source = zipfile.ZipFile(io.BytesIO(make_docx(DRAFT)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            new = replace(info.filename, data)
            target.writestr(info.filename, data if new is None else new)
    return out.getvalue()


def test_docx_huge_numbering_start_is_bounded(tmp_path: Path) -> None:
    def numbering(name: str, data: bytes) -> bytes | None:
        if name != "word/numbering.xml":
            return None
        text = data.decode().replace('w:val="decimal"', 'w:val="upperLetter"')
        text = text.replace('<w:start w:val="1"/>', '<w:start w:val="10400000000"/>')
        return text.replace('w:startOverride w:val="', 'w:startOverride w:val="1040000000')

    path = tmp_path / "start.docx"
    path.write_bytes(_docx_with(numbering))
    assert len(path.read_bytes()) < 64 * 1024
    done = classify(path, "-f", "json", mem_mb=1024, timeout=60)
    if done.returncode == 0:
        assert len(done.stdout) < MB
        strict_json(done.stdout)
    else:
        assert "out of memory" not in assert_one_line_error(done)


def _bomb_member(size: int) -> bytes:
    """A zip member compressed by hand: ``size`` bytes of paragraphs in a few hundred KB."""
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    chunk = paragraph * (MB // len(paragraph))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [packer.compress(chunk) for _ in range(size // len(chunk))]
    return b"".join([*parts, packer.flush()])


def test_docx_zip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    from tests.fixtures_docs import make_docx

    source = zipfile.ZipFile(io.BytesIO(make_docx(DRAFT)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
        # a document.xml of 400 MB of paragraphs, written through zipfile's streaming API
        paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
        head, tail = source.read("word/document.xml").split(b"</w:body>")
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            chunk = paragraph * (MB // len(paragraph))
            for _ in range(400):
                member.write(chunk)
            member.write(b"</w:body>" + tail)
    path = tmp_path / "bomb.docx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 2 * MB
    message = assert_one_line_error(classify(path, mem_mb=1024, timeout=120))
    assert "out of memory" not in message


# --- 3. Markdown stripping is linear ------------------------------------------------------


@pytest.mark.parametrize("unit", ["*a ", "_a ", "[a]("])
def test_markdown_unclosed_emphasis_is_linear(tmp_path: Path, unit: str) -> None:
    path = tmp_path / "draft.md"
    path.write_text(f"# Article 1\n{BODY}\n" + unit * 80_000 + "\n", encoding="utf-8")
    done = classify(path, "-f", "json", timeout=30)
    assert done.returncode == 0, err(done)


# --- 4. segmenter and compare are linear ---------------------------------------------------


@pytest.mark.parametrize(("text", "seconds"), [
    ("".join(f"{k}. Alpha\n" for k in range(1, 10_001)) + "1. Alpha\n" * 10_000 + BODY + "\n", 40),
    ("Article 1\n" * 200_000 + BODY + "\n", 90),
    ("".join(f"Chapter {k}\n" for k in range(1, 80_001)) + BODY + "\n", 90),
], ids=["bodiless-numbered", "repeated-article", "many-chapters"])
def test_segmenter_hostile_headings_are_linear(tmp_path: Path, text: str, seconds: int) -> None:
    """Bounds: the linear segmenter takes 2-7 s, 10-30 s and 2-5 s here (loaded machine);
    the quadratic one 58 s on a quiet machine, and minutes for the other two."""
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    done = classify(path, "-f", "jsonl", timeout=seconds, mem_mb=2048)
    assert done.returncode in (0, 1), err(done)
    assert "Traceback" not in err(done)


def _long_draft(articles: int, shift: int) -> str:
    lines = ["Model law, long version", ""]
    for k in range(1, articles + 1):
        lines += [f"Article {k + shift}. Provision {k}",
                  f"A person who enters computer system number {k} without right commits "
                  f"offence {k}, and the penalty for offence {k} is a fine.", ""]
    return "\n".join(lines)


def test_compare_of_long_drafts_is_bounded(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(_long_draft(4000, 0), encoding="utf-8")
    new.write_text(_long_draft(4000, 1), encoding="utf-8")
    done = classify("compare", old, new, "-f", "json", timeout=60, mem_mb=1536)
    assert done.returncode == 0, err(done)
    strict_json(done.stdout)


# --- 5. no worker outlives its parent ------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                           text=True, check=False).stdout.split()
    return [int(p) for p in found]


def _alive(pids: list[int]) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=,stat=", "-p", ",".join(map(str, pids))],
                           capture_output=True, text=True, check=False).stdout.splitlines()
    return [int(line.split()[0]) for line in found if not line.split()[1].startswith("Z")]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL],
                         ids=["SIGTERM", "SIGHUP", "SIGKILL"])
def test_signals_leave_no_worker_behind(tmp_path: Path, signum: int) -> None:
    if shutil.which("ps") is None:
        pytest.skip("no ps on this machine")
    records = tmp_path / "batch.jsonl"
    with records.open("w", encoding="utf-8") as fh:
        for k in range(60_000):
            fh.write(json.dumps({"id": k, "text": f"{BODY} Record {k} of the batch, with "
                                 f"more words about data {k} and systems {k}."}) + "\n")
    environ = {k: v for k, v in os.environ.items() if k != "CYBERSCOPE_MODEL_DIR"}
    environ["CYBERSCOPE_WORKERS"] = "2"
    proc = subprocess.Popen([sys.executable, "-m", "cli", str(records), "-f", "jsonl"],
                            cwd=ROOT, env=environ, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        workers: list[int] = []
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            time.sleep(0.05)
        if len(workers) < 2:
            pytest.fail("the batch ended before its workers could be seen")
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0
    assert b"Traceback" not in stderr
    deadline = time.monotonic() + 15
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(workers), f"workers {workers} outlived their parent"


# --- 6. no escape sequence reaches a terminal; CSV cells cannot be formulas ---------------

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b[31m"


def test_control_characters_never_reach_human_output(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT.replace("Unlawful entry", "Unlawful\x1b[2J entry\x08\x9b2J")
                    .replace("A person who enters", f"A person{HOSTILE} who enters")
                    .replace("sends deceptive", "sends\x1b[2J deceptive"), encoding="utf-8")
    for args in ([path], [path, "--explain"], [path, "-f", "markdown"],
                 ["explain", path, "Article 2"], [path, "--strict"], ["safeguards", path],
                 ["safeguards", path, "-f", "markdown"]):
        done = classify(*args)
        assert done.returncode in (0, 3), err(done)
        for stream in (done.stdout, done.stderr):
            assert ESC not in stream and b"\x07" not in stream and b"\x08" not in stream
            assert "\x9b" not in stream.decode("utf-8", "replace"), args
    done = classify(path, "-f", "json")
    texts = [p["text"] for p in strict_json(done.stdout)["documents"][0]["provisions"]]
    assert any(HOSTILE in text for text in texts), "JSON keeps the text as it is, escaped"


def test_compare_output_has_no_control_characters(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(DRAFT, encoding="utf-8")
    new.write_text(DRAFT.replace("Deceptive messages", f"Deceptive{HOSTILE} messages"),
                   encoding="utf-8")
    for fmt in ("table", "markdown"):
        done = classify("compare", old, new, "-f", fmt)
        assert done.returncode == 0, err(done)
        assert ESC not in done.stdout and b"\x07" not in done.stdout


def test_jsonl_ids_cannot_drive_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"id": f"A{HOSTILE}1", "text": BODY}) + "\n", encoding="utf-8")
    for fmt in ("table", "markdown"):
        done = classify(path, "-f", fmt, "--strict")
        assert done.returncode in (0, 3), err(done)
        assert ESC not in done.stdout and ESC not in done.stderr


def test_file_names_cannot_forge_stderr_lines(tmp_path: Path) -> None:
    path = tmp_path / f"evil\nclassify: error: forged{HOSTILE}.txt"
    path.write_bytes(b"")
    message = assert_one_line_error(classify(path))
    assert "\x1b" not in message and "is empty" in message


def test_csv_cells_cannot_start_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    records = [{"id": "=1+2", "text": f'=HYPERLINK("http://example.invalid","x") {BODY}'},
               {"id": "+1", "text": f"+{BODY}"}, {"id": "-1", "text": f"-{BODY}"},
               {"id": "@SUM(A1)", "text": f"@{BODY}"}, {"id": "\tx", "text": f"\t{BODY}"},
               {"id": "\rx", "text": f"\r{BODY}"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    done = classify(path, "-f", "csv")
    assert done.returncode == 0, err(done)
    rows = list(csv.reader(io.StringIO(done.stdout.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=1+2" in cells and any(c.startswith("'=HYPERLINK(") for c in cells)
    assert all(0 <= float(row[8]) <= 1 for row in rows[1:]), "numbers stay numbers"


# --- 7. no traceback: closed or full streams, odd JSONL, training that cannot succeed ----


def test_closed_stdout_is_one_line(draft: Path) -> None:
    done = classify(draft, preexec=lambda: os.close(1), stdout=subprocess.DEVNULL)
    assert_one_line_error(done)


def test_closed_stdin_is_one_line() -> None:
    done = classify("-", preexec=lambda: os.close(0))
    assert_one_line_error(done)


def test_full_disk_on_stdout_is_one_line(draft: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        for fmt in ("table", "json"):
            message = assert_one_line_error(classify(draft, "-f", fmt, stdout=full))
            assert "space" in message.lower()
        assert_one_line_error(classify("explain", draft, "Article 2", stdout=full))


@pytest.mark.parametrize("line", [
    '{"id": "x", "text": "A person who \\ud800 enters a computer system without right."}',
    '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"text": "x", "more": ' + '{"a": ' * 100_000 + "1" + "}" * 100_001,
], ids=["lone-surrogate", "deep-array", "deep-object"])
def test_odd_jsonl_is_one_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    for fmt in ("json", "table"):
        assert "line 1" in assert_one_line_error(classify(path, "-f", fmt))


def _corpus(tmp_path: Path, files: dict[str, list[str]]) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {"cyber-dependent": BODY,
             "cyber-enabled": "A person who sends deceptive messages online to obtain money "
                              "commits an offence.",
             "other": "This law enters into force on the day after its publication."}
    for style, labels in files.items():
        with (corpus / f"{style}.jsonl").open("w", encoding="utf-8") as fh:
            for k, label in enumerate(labels):
                fh.write(json.dumps({"id": f"{style}-{k}", "text": f"{texts[label]} ({k})",
                                     "label": label}) + "\n")
    return corpus


LABELS3 = ["cyber-dependent", "cyber-enabled", "other"]


@pytest.mark.parametrize("files", [
    {"alpha": ["other"] * 4, "beta": ["other"] * 4},
    {"alpha": ["other"]},
    {"alpha": LABELS3 * 3},
    {"alpha": LABELS3 * 2, "beta": ["other"] * 3},
], ids=["one-label", "one-record", "one-style", "fold-lacks-labels"])
def test_train_on_an_unusable_corpus_is_one_line(tmp_path: Path, files) -> None:
    out = tmp_path / "models"
    done = classify("train", "--corpus", _corpus(tmp_path, files), "--out", out, timeout=300)
    assert_train_error(done)
    assert not out.exists() or not any(out.iterdir())


def test_train_on_a_full_disk_is_one_line_and_keeps_the_old_model(tmp_path: Path) -> None:
    out = tmp_path / "models"
    shutil.copytree(ROOT / "models", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    done = classify("train", "--corpus", TINY_CORPUS, "--out", out, fsize=1024, timeout=300)
    assert "file too large" in assert_train_error(done).lower()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before, "old model intact"


def _without_dac_override() -> None:
    """Root writes anywhere: drop the capability that lets it (Linux), so that a
    read-only directory is read-only for this child too."""
    if os.geteuid() != 0:
        return
    import ctypes

    pr_capbset_drop, cap_dac_override = 24, 1
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(pr_capbset_drop, cap_dac_override, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def test_train_on_a_read_only_out_is_one_line(tmp_path: Path) -> None:
    probe = tmp_path / "probe"
    probe.mkdir(mode=0o555)
    try:
        check = subprocess.run([sys.executable, "-c", f"open({str(probe / 'x')!r}, 'w')"],
                               preexec_fn=_without_dac_override, capture_output=True,
                               check=False)
    except OSError:
        pytest.skip("cannot make a directory read-only for a root child here")
    if check.returncode == 0:
        pytest.skip("cannot make a directory read-only for a root child here")
    out = tmp_path / "models"
    shutil.copytree(ROOT / "models", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    out.chmod(0o555)
    try:
        done = classify("train", "--corpus", TINY_CORPUS, "--out", out,
                        preexec=_without_dac_override, timeout=300)
    finally:
        out.chmod(0o755)
    assert "permission denied" in assert_train_error(done).lower()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# --- 8. JSON output is always valid --------------------------------------------------------


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_non_finite_jsonl_numbers_are_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(f'{{"id": {value}, "text": "{BODY}"}}\n', encoding="utf-8")
    assert "line 1" in assert_one_line_error(classify(path, "-f", "json"))
    path.write_text(f'{{"id": 1, "extra": [{value}], "text": "{BODY}"}}\n', encoding="utf-8")
    assert "line 1" in assert_one_line_error(classify(path, "-f", "json"))


def test_finite_numeric_ids_still_work(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(f'{{"id": 1.5e300, "text": "{BODY}"}}\n{{"id": 7, "text": "{BODY}"}}\n',
                    encoding="utf-8")
    done = classify(path, "-f", "json")
    assert done.returncode == 0, err(done)
    ids = [p["id"] for p in strict_json(done.stdout)["documents"][0]["provisions"]]
    assert ids == [1.5e300, 7]


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan", "inf"])
def test_min_confidence_must_be_a_number_in_range(draft: Path, value: str) -> None:
    # a usage error: click prints usage lines, so only the code and the absence of a
    # traceback and of output are checked
    done = classify(draft, "--min-confidence", value, "-f", "json")
    assert done.returncode == 2, err(done)
    assert "Traceback" not in err(done) and not done.stdout


# --- 9. the model directory is confined and verified --------------------------------------


def _model_copy(tmp_path: Path) -> Path:
    model = tmp_path / "model"
    shutil.copytree(ROOT / "models", model)
    return model


def _manifest(model: Path) -> dict:
    return json.loads((model / "manifest.json").read_text(encoding="utf-8"))


def _point_scorer(model: Path, name: str, sha: str | None = None) -> None:
    manifest = _manifest(model)
    real = manifest["scorer"]
    manifest["files"][name] = sha or manifest["files"][real]
    manifest["scorer"] = name
    (model / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _scorer_bytes(model: Path) -> bytes:
    return (model / _manifest(model)["scorer"]).read_bytes()


def test_model_entries_are_confined_with_one_message(tmp_path: Path, draft: Path) -> None:
    """Whatever a bad entry points at (outside the directory and present or absent, a
    device, a FIFO, a symlink to a valid copy, a subdirectory), the message is the same."""
    model = _model_copy(tmp_path)
    good = _scorer_bytes(model)
    (tmp_path / "outside.bin").write_bytes(good)  # a valid copy, hash and all
    (model / "sub").mkdir()
    (model / "sub" / "scorer.bin").write_bytes(good)
    (model / "link.bin").symlink_to(tmp_path / "outside.bin")
    os.mkfifo(model / "fifo.bin")
    with (model / "huge.bin").open("wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.truncate(3 * 1024 * MB)
    entries = ["../outside.bin", "../missing.bin", str(tmp_path / "outside.bin"), "/dev/zero",
               "/etc/passwd", "link.bin", "fifo.bin", "sub/scorer.bin", "huge.bin",
               "missing.bin", ".", "", "sub"]
    manifest = (model / "manifest.json").read_text(encoding="utf-8")
    messages = set()
    for name in entries:
        (model / "manifest.json").write_text(manifest, encoding="utf-8")
        _point_scorer(model, name)
        done = classify(draft, "--model", model, timeout=20, mem_mb=1024)
        messages.add(assert_one_line_error(done))
    assert len(messages) == 1, messages
    (message,) = messages
    assert "outside" not in message and "passwd" not in message


def _rewrite_scorer(model: Path, edit: Callable[[dict, bytearray], None]) -> None:
    data = _scorer_bytes(model)
    magic, header, weights = data.split(b"\n", 2)
    meta = json.loads(header)
    table = bytearray(weights)
    edit(meta, table)
    new = magic + b"\n" + json.dumps(meta).encode() + b"\n" + bytes(table)
    name = "scorer-edited.bin"
    (model / name).write_bytes(new)
    _point_scorer(model, name, hashlib.sha256(new).hexdigest())


@pytest.mark.parametrize("edit", [
    lambda meta, table: meta.update(classes=["other"] * 3),
    lambda meta, table: meta.update(classes=["other", "cyber-enabled", "spam"]),
    lambda meta, table: meta.update(intercept=[float("nan")] * 3),
    lambda meta, table: table.__setitem__(slice(0, 8), struct.pack("<d", float("nan"))),
    lambda meta, table: table.__setitem__(slice(8, 16), struct.pack("<d", float("inf"))),
    lambda meta, table: meta.update(terms="not a list"),
    lambda meta, table: meta.pop("sublinear_tf"),
], ids=["duplicate-classes", "unknown-class", "nan-intercept", "nan-weight", "inf-weight",
        "terms-not-list", "missing-key"])
def test_hash_consistent_but_malformed_scorer_is_refused(tmp_path: Path, draft: Path,
                                                         edit) -> None:
    model = _model_copy(tmp_path)
    _rewrite_scorer(model, edit)
    for fmt in ("json", "table"):
        assert_one_line_error(classify(draft, "--model", model, "-f", fmt))


@pytest.mark.parametrize("threshold", ["NaN", "Infinity", "2.5", "-1", '"high"'])
def test_manifest_threshold_must_be_a_probability(tmp_path: Path, draft: Path,
                                                  threshold: str) -> None:
    model = _model_copy(tmp_path)
    text = (model / "manifest.json").read_text(encoding="utf-8")
    value = json.dumps(_manifest(model)["review_threshold"])
    (model / "manifest.json").write_text(
        text.replace(f'"review_threshold": {value}', f'"review_threshold": {threshold}'),
        encoding="utf-8")
    assert threshold in (model / "manifest.json").read_text(encoding="utf-8")
    assert_one_line_error(classify(draft, "--model", model, "-f", "json"))


def test_manifest_itself_must_be_a_regular_file(tmp_path: Path, draft: Path) -> None:
    model = _model_copy(tmp_path)
    (model / "manifest.json").unlink()
    os.mkfifo(model / "manifest.json")
    assert_one_line_error(classify(draft, "--model", model, timeout=20))
    (model / "manifest.json").unlink()
    (model / "manifest.json").symlink_to("/dev/zero")
    assert_one_line_error(classify(draft, "--model", model, timeout=20, mem_mb=1024))


# --- 10. FIFOs, unclosed HTML tags, %PDF- in a text, empty references ---------------------


def test_fifo_without_writer_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    assert "regular file" in assert_one_line_error(classify(fifo, timeout=20))
    assert "regular file" in assert_one_line_error(classify("compare", fifo, fifo, timeout=20))
    assert "regular file" in assert_one_line_error(classify("explain", fifo, "1", timeout=20))
    records = tmp_path / "records.jsonl"  # JSONL is streamed, through the same opener
    os.mkfifo(records)
    assert "regular file" in assert_one_line_error(classify(records, "-f", "jsonl", timeout=20))


def _page(tail: str) -> str:
    return ("<html><body><h2>Article 1. Unlawful entry</h2>"
            f"<p>{BODY}</p>\n" + tail)


@pytest.mark.parametrize("unit", ["x <a y ", "x </a y ", "x <!-- > ", "x <?y ", "x <!y ",
                                  "<a x='> ", "x <![CDATA[ > "])
def test_html_unclosed_tags_are_linear(tmp_path: Path, unit: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page(unit * 40_000), encoding="utf-8")
    done = classify(path, "-f", "json", timeout=60, mem_mb=1024)
    assert done.returncode == 0, err(done)
    strict_json(done.stdout)


def test_html_ending_in_an_unclosed_tag_is_bounded(tmp_path: Path) -> None:
    words = " ".join(f"word{k % 997}" for k in range(200_000))
    path = tmp_path / "page.html"
    path.write_text(_page(f"<p>{words}</p>\n" * 2 + "<a href='x" + words), encoding="utf-8")
    done = classify(path, "-f", "json", timeout=120, mem_mb=1024)
    assert done.returncode == 0, err(done)


@pytest.mark.parametrize("markup", ["<![foo[ x", "<![ x", "<![if x", "<!DOCTYPE",
                                    "<a " + "x " * 400_000 + ">"],
                         ids=["marked-section", "bare-marked", "conditional", "doctype",
                              "huge-tag"])
def test_html_odd_declarations_do_not_crash(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page(f"<p>{markup}</p>"), encoding="utf-8")
    done = classify(path, "-f", "json")
    assert done.returncode == 0, err(done)


def test_text_mentioning_pdf_magic_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Note: the scanner looks for the %PDF-1.7 header.\n\n" + DRAFT,
                    encoding="utf-8")
    done = classify(path, "-f", "json")
    assert done.returncode == 0, err(done)
    assert strict_json(done.stdout)["documents"][0]["extractor"].startswith("text:")


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf", b" \n\t"])
def test_pdf_magic_at_the_start_still_means_pdf(tmp_path: Path, prefix: bytes) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(prefix + b"%PDF-1.4\n% broken\n")
    assert "PDF" in assert_one_line_error(classify(path))


@pytest.mark.parametrize("ref", ["", "   "])
def test_explain_empty_reference_is_a_usage_error(draft: Path, ref: str) -> None:
    done = classify("explain", draft, ref)
    assert done.returncode == 2, err(done)
    assert not done.stdout and "Traceback" not in err(done)
