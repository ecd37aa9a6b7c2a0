"""The values the safeguard checks take and give: plain, frozen, free of model code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

__all__ = ["CODES", "Flag", "ProvisionView", "Quote", "Status"]

Status = Literal["fires", "undetermined"]

# Every check, in the order of SAFEGUARDS.md.
CODES: tuple[str, ...] = (
    "no-unlawfulness-element", "no-intent-element", "vague-content-terms", "no-testing-exemption",
    "online-aggravation", "serious-crime-content",
    "no-judicial-authorisation", "interception-scope", "no-duration-limit", "provider-gag",
    "compelled-assistance", "data-retention",
    "no-dual-criminality", "no-rights-refusal-ground",
    "no-public-interest-defence",
)


class ProvisionView(NamedTuple):
    """What the checks read of a provision: its words, where they stand, and its kind.

    ``label`` is the classifier's (or a gold) label; ``type`` the finer type of
    ``LABELS.md`` where known, else None (the checks then find the kind from the text).
    """

    ref: str
    text: str
    label: str
    type: str | None = None
    start_line: int = 1
    page: int | None = None
    chapter: str | None = None
    original: str | None = None  # the text as written, where ``text`` is lower-cased


@dataclass(frozen=True)
class Quote:
    """Words of the provision a flag rests on, with their line (and page)."""

    text: str
    line: int
    page: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "line": self.line, "page": self.page}


@dataclass(frozen=True)
class Flag:
    """One safeguard check that fired (or could not decide) on a provision or instrument."""

    code: str
    status: Status
    message: str
    evidence: tuple[Quote, ...] = ()
    missing: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "status": self.status, "message": self.message,
                "evidence": [q.as_dict() for q in self.evidence], "missing": self.missing}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        """The flag ``as_dict`` gave."""
        return cls(data["code"], data["status"], data["message"],
                   tuple(Quote(q["text"], q["line"], q["page"]) for q in data["evidence"]),
                   data["missing"])
