"""The output formats of each command family, and the input kinds of ``classify``."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ClassifyFormat", "CompareFormat", "InputKind", "ReportFormat", "SafeguardsFormat"]


class ClassifyFormat(StrEnum):
    """``classify FILE...``"""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class CompareFormat(StrEnum):
    """``classify compare``"""

    table = "table"
    json = "json"
    markdown = "markdown"


class SafeguardsFormat(StrEnum):
    """``classify safeguards``"""

    table = "table"
    json = "json"
    markdown = "markdown"


class ReportFormat(StrEnum):
    """``classify explain`` and ``classify evaluate``"""

    table = "table"
    json = "json"


class InputKind(StrEnum):
    """What an input holds: a whole draft, or pre-split JSONL records."""

    text = "text"
    jsonl = "jsonl"
