"""The Python API gives the CLI's JSONL objects; on a Dask cluster too."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import api
from cli.app import app
from cli.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
TEXTS = ["Hacking into a computer system without right.", "Fraud by means of a computer.",
         "This Act enters into force on publication.", "False news published online."]


def jsonl_file(path: Path, n: int, offset: int = 0) -> Path:
    lines = []
    for i in range(n):
        rec: dict = {"text": f"{TEXTS[(i + offset) % 4]} ({i})"}
        if i % 2:
            rec["id"] = f"{path.stem}-{i}"
        lines.append(json.dumps(rec))
        if i == 2:
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def cli_objects(path: Path, *args: str) -> list[dict]:
    result = runner.invoke(app, [str(path), "-f", "jsonl", *args])
    assert result.exit_code == 0, result.stderr
    return [json.loads(x) for x in result.stdout.splitlines()]


def test_lines_give_the_cli_objects(tiny_model_env: Path, tmp_path: Path) -> None:
    f = jsonl_file(tmp_path / "a.jsonl", 1200)
    classifier = api.load()
    assert api.load() is classifier  # loaded once
    with f.open(encoding="utf-8") as fh:
        assert list(classifier.classify(fh, source=str(f))) == cli_objects(f)
    with f.open("rb") as fh:
        assert list(classifier.classify(fh, source=str(f), text=False)) == \
            cli_objects(f, "--no-text")


def test_dicts_and_errors(tiny_model_env: Path) -> None:
    out = list(api.load().classify([{"text": TEXTS[0], "id": 7}, {"text": TEXTS[2]}]))
    assert [(o["id"], o["ref"], o["number"], o["start_line"]) for o in out] == [
        (7, "7", "1", 1), ("Record 2", "Record 2", "2", 2)]
    assert out[0]["label"] in ("cyber-dependent", "cyber-enabled", "other")
    with pytest.raises(InputError, match=r"records, line 2: the record has no \"text\""):
        list(api.load().classify([{"text": "x y z"}, {"id": 1}]))


def test_dask_cluster_gives_the_cli_objects(tiny_model_env: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("dask.distributed")
    spec = importlib.util.spec_from_file_location("dask_archive",
                                                  ROOT / "examples" / "dask_archive.py")
    assert spec and spec.loader
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    files = [jsonl_file(tmp_path / f"part-{k}.jsonl", 40 + k, k) for k in range(3)]
    expected = [o for f in files for o in cli_objects(f)]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        got = example.classify_archive(str(tmp_path / "part-*.jsonl")).compute()
    assert got == expected
