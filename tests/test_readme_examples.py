"""Every command the README shows, run as written through the installed ``classify``.

The README's ``sh`` blocks are read at test time, so an example added or changed there
is tested as it stands. Each runs under ``bash -o pipefail`` in a directory that holds
the files the examples name (``draft.txt``, ``b.pdf``, ``records.jsonl``, ...), with
the project's ``data/`` and ``tests/`` beside them, and must exit as documented without a traceback.
jq is the one the machine has (Debian's jq 1.6 on this project's machines, where
``label`` is a keyword). Installing, training and benchmarks are left to their own
tests and to CI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.fixtures_docs import make_docx, make_pdf

README = ROOT / "README.md"
SLOW_OR_ELSEWHERE = re.compile(r"pip install|python -m pytest|\bbenchmarks/|classify train\b")
# exit codes the README documents for an example: --strict fails on flagged provisions
# (4 on safeguard flags), --fail-under on a low score
ALLOWED_EXIT = ((re.compile(r"--strict-safeguards\b|classify safeguards .*--strict\b"), {0, 4}),
                (re.compile(r"--strict\b"), {0, 3}), (re.compile(r"--fail-under\b"), {0, 1}))


def readme_examples(text: str) -> list[str]:
    """The commands of the README's ``sh`` blocks, one per line, without comments;
    of a line that installs first (``... && pip install . && classify x``), the part
    after the installation."""
    commands = []
    for block in re.findall(r"```(?:sh|bash|console)\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"(^|\s)#.*$", "", line).strip()
            if "pip install" in line:
                line = " && ".join(p.strip() for p in line.split("&&")
                                   if p.strip().startswith("classify"))
            if line and not SLOW_OR_ELSEWHERE.search(line):
                commands.append(line)
    return commands


EXAMPLES_IN_README = readme_examples(README.read_text(encoding="utf-8"))


def _records(path: Path) -> None:
    """A few labelled records of the corpus, as ``evaluate`` and JSONL input take them."""
    lines = []
    for corpus in sorted((ROOT / "data" / "corpus").glob("*.jsonl"))[:2]:
        lines += corpus.read_text(encoding="utf-8").splitlines()[:15]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding every file the README's examples name."""
    work = tmp_path_factory.mktemp("readme")
    convention = (EXAMPLES / "draft-convention.txt").read_text(encoding="utf-8")
    (work / "draft.txt").write_text(convention, encoding="utf-8")
    (work / "a.txt").write_text((EXAMPLES / "national-cybercrime-act.txt").read_text(
        encoding="utf-8"), encoding="utf-8")
    (work / "b.pdf").write_bytes(make_pdf((EXAMPLES / "computer-misuse-bill.txt").read_text(
        encoding="utf-8")))
    (work / "c.docx").write_bytes(make_docx((EXAMPLES / "directive-text.txt").read_text(
        encoding="utf-8")))
    for name, rev in (("old.txt", "convention-rev1.txt"), ("new.txt", "convention-rev2.txt")):
        shutil.copyfile(EXAMPLES / "compare" / rev, work / name)
    (work / "drafts").mkdir()
    for sample in sorted(EXAMPLES.glob("*.txt")):
        shutil.copyfile(sample, work / "drafts" / sample.name)
    _records(work / "records.jsonl")
    shutil.copyfile(work / "records.jsonl", work / "archive.jsonl")  # the streaming examples
    import gzip

    (work / "archive.jsonl.gz").write_bytes(gzip.compress((work / "records.jsonl").read_bytes()))
    for shipped in ("data", "tests"):  # examples that name the project's own files
        (work / shipped).symlink_to(ROOT / shipped)
    return work


def _classify() -> Path:
    beside = Path(sys.executable).parent / "classify"
    found = beside if beside.exists() else shutil.which("classify")
    if not found:
        pytest.skip("cyberscope is not installed in this environment (pip install '.[test]')")
    return Path(found)


def test_the_readme_has_examples() -> None:
    assert len(EXAMPLES_IN_README) >= 15
    assert any("| jq" in c for c in EXAMPLES_IN_README)


def test_example_parsing() -> None:
    text = ("```sh\npython3 -m venv .venv && . .venv/bin/activate && pip install . && "
            "classify x.txt\nclassify y.txt   # a comment\n# only a comment\n"
            "python benchmarks/speed.py\n```\n")
    assert readme_examples(text) == ["classify x.txt", "classify y.txt"]


@pytest.mark.parametrize("command", EXAMPLES_IN_README)
def test_readme_example(command: str, workdir: Path) -> None:
    exe = _classify()
    if "| jq" in command and shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    env = {k: v for k, v in os.environ.items() if k != "CYBERSCOPE_MODEL_DIR"}
    env["PATH"] = f"{exe.parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("COLUMNS", None)
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    allowed = next((codes for pat, codes in ALLOWED_EXIT if pat.search(command)), {0})
    assert done.returncode in allowed, f"{command}\nexit {done.returncode}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    written = re.search(r"(?:^|\s)(?:-o|--output)\s+(\S+)", command)
    if written:  # the output went to a file, and nothing to stdout
        assert done.stdout == "" and (workdir / written.group(1)).stat().st_size > 0
    elif done.returncode == 0:
        assert done.stdout.strip(), f"{command} printed nothing"
    if re.search(r"(-f|--format) json\s*$", command):
        json.loads(done.stdout)
