"""A provision: the unit every input becomes and every output reports.

Kept apart from the segmenter, so that JSONL records become provisions without the
segmenter's regular expressions being compiled.
"""

from typing import NamedTuple

__all__ = ["Provision"]


class Provision(NamedTuple):
    """One provision of a draft: where it stands and what it says."""

    ref: str
    number: str
    title: str
    chapter: str | None
    start_line: int
    end_line: int
    text: str
    page: tuple[int, int] | None = None  # first and last page, when the source has pages
    anchor: str | None = None  # DOCX: paragraph index; HTML: element id or path
