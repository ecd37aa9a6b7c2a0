"""The header every JSON document of the tool starts with, and the one JSON encoder."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cli import __version__

__all__ = ["SCHEMA_VERSION", "dumps", "json_header"]

SCHEMA_VERSION = 2  # 2: review and breadth are codes, their text in review_text, breadth_text
_ENCODERS = {indent: json.JSONEncoder(indent=indent, sort_keys=True, ensure_ascii=False)
             for indent in (None, 2)}


def json_header(model: dict[str, Any], sources: Sequence[str]) -> dict[str, Any]:
    """``schema_version``, ``tool``, ``model`` and ``source`` (the inputs, in order)."""
    return {"schema_version": SCHEMA_VERSION,
            "tool": {"name": "cyberscope", "version": __version__},
            "model": model, "source": list(sources)}


def dumps(obj: Any, indent: int | None = 2) -> str:
    """JSON with sorted keys; the encoders are made once, as JSONL writes one per line."""
    return _ENCODERS[indent].encode(obj)
