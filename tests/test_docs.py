"""The documentation matches the tool: every command is documented, the JSON fields too."""

from __future__ import annotations

import contextlib
import re

from typer.testing import CliRunner

from cli.app import app
from cli.output.classify import CSV_FIELDS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help_with_example_and_is_in_readme() -> None:
    assert set(commands()) >= {"file", "train", "evaluate", "compare", "explain"}
    for name in commands():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.stdout, name
        assert re.search(rf"classify {name}\b", README), f"README does not show `classify {name}`"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert "pip install . && classify data/examples/" in blocks[0]
    assert "pip install '.[test]' && python -m pytest" in blocks[1]
    path = re.search(r"classify (data/examples/\S+)", blocks[0]).group(1)
    assert (ROOT / path).is_file()


def test_readme_documents_every_json_field() -> None:
    for field in ["schema_version", "tool", "model", "documents", "source", "extractor",
                  "segmentation", "provisions", "ref", "number", "title", "chapter",
                  "start_line", "end_line", "label", "confidence", "scores", "review", "text",
                  "review_codes", "offence_parts",
                  "summary", "counts", "offences", "dependent_share", "enabled_share",
                  "breadth", "uncertain", "flagged", "evidence"]:
        assert f'"{field}"' in README or f"`{field}`" in README, field


def test_csv_fields_documented_shape() -> None:
    assert CSV_FIELDS[:2] == ["source", "ref"]


def test_version_is_single_sourced() -> None:
    import tomllib
    from importlib.metadata import PackageNotFoundError, version

    from cli import __version__

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["dynamic"] == ["version"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "cli.__version__"}
    with contextlib.suppress(PackageNotFoundError):  # a checkout never installed has none
        assert version("cyberscope") == __version__
