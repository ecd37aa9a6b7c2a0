"""Shared fixtures: a tiny model fitted once per session, paths to the project's data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# In CI (CI=true) the property tests run the same examples every time, so that a change
# that passes here passes there; elsewhere each run explores afresh and keeps finding
# new cases (hypothesis's database replays the ones that failed).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
TINY_CORPUS = ROOT / "tests" / "fixtures" / "tiny_corpus"
EXAMPLES = ROOT / "data" / "examples"
REALDEV = ROOT.parent / "shared" / "realdev"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model trained on the tiny fixture corpus, in a temporary directory."""
    from cli.training.train import train

    out = tmp_path_factory.mktemp("tiny-model")
    train(TINY_CORPUS, out)
    return out


@pytest.fixture
def tiny_model_env(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at the tiny model, so tests do not depend on the shipped one."""
    monkeypatch.setenv("CYBERSCOPE_MODEL_DIR", str(tiny_model))
    return tiny_model


def realdev_records() -> list[dict]:
    path = REALDEV / "provisions.jsonl"
    if not path.exists():
        pytest.skip("../shared/realdev is absent (a user's clone has no shared/)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def realdev_texts() -> list[str]:
    """The texts of ../shared/realdev, or none where that folder is absent."""
    path = REALDEV / "provisions.jsonl"
    if not path.exists():
        return []
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
