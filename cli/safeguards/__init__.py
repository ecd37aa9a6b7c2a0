"""Safeguard checks: the human-rights red flags of ``SAFEGUARDS.md`` in each provision.

Pure functions over plain values. Give the provisions of a document as
:class:`ProvisionView` values (text, label, and the type where known) and get, for each
provision, the flags that fire (or could not be decided), each with the words it rests
on, and the flags of the whole instrument::

    report = check_document([ProvisionView("Article 6", text, "cyber-dependent"), ...])
    report.provisions[0]  # tuple of Flag
    report.instrument     # tuple of Flag

The checks read the text; they do not know the law the text sits in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from cli.safeguards.context import Document
from cli.safeguards.cooperation import check_cooperation
from cli.safeguards.cues import lower
from cli.safeguards.instrument import check_instrument
from cli.safeguards.kinds import (
    COOPERATION_KINDS,
    OFFENCE_KINDS,
    UNLAWFULNESS_TYPES,
    kind_from_type,
    kind_of,
)
from cli.safeguards.offences import check_offence
from cli.safeguards.procedure import check_procedure
from cli.safeguards.values import CODES, Flag, ProvisionView, Quote

__all__ = ["CODES", "Flag", "ProvisionView", "Quote", "SafeguardReport", "check_classified",
           "check_document", "check_provision", "fired", "kind", "kind_of", "lost_words"]

OFFENCE_LABELS = frozenset({"cyber-dependent", "cyber-enabled"})
PARALLEL_MIN = 1000  # provisions: a smaller document is checked in this process
BLOCK = 100  # provisions checked by a worker at a time


class SafeguardReport(NamedTuple):
    """The flags of each provision (in order) and of the whole instrument."""

    provisions: tuple[tuple[Flag, ...], ...]
    instrument: tuple[Flag, ...]

    def to_bytes(self) -> bytes:
        """The report as JSON (``from_bytes``), for a worker process to send."""
        import json

        return json.dumps([[[f.as_dict() for f in flags] for flags in self.provisions],
                           [f.as_dict() for f in self.instrument]]).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> SafeguardReport:
        """The report ``to_bytes`` gave."""
        import json

        provisions, instrument = json.loads(data)
        return cls(tuple(tuple(map(Flag.from_dict, flags)) for flags in provisions),
                   tuple(map(Flag.from_dict, instrument)))

    def fired_codes(self) -> list[str]:
        """The code of every flag that fires, provision by provision, then the instrument's."""
        return [code for flags in (*self.provisions, self.instrument)
                for code in sorted(fired(flags))]


def fired(flags: Sequence[Flag]) -> set[str]:
    """The codes of the flags that fire (not the undetermined ones)."""
    return {f.code for f in flags if f.status == "fires"}


def kind(view: ProvisionView) -> str:
    """The kind the checks use: from the type when given, else from the text and label."""
    if view.type is not None:
        return kind_from_type(view.type, view.text)
    return kind_of(view.text, view.label)


def _lowered(view: ProvisionView) -> ProvisionView:
    if view.original is not None:
        return view
    return view._replace(text=lower(view.text), original=view.text)


def check_provision(view: ProvisionView, doc: Sequence[ProvisionView] = ()
                    ) -> tuple[Flag, ...]:
    """The flags of one provision; ``doc`` (the whole document) resolves cross-references."""
    views = [_lowered(v) for v in (list(doc) or [view])]
    mine = _lowered(view)
    return _check(mine, kind(mine), Document.of(views))


def _check(view: ProvisionView, k: str, doc: Document) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    if view.label in OFFENCE_LABELS and k in OFFENCE_KINDS:
        unlawfulness = (view.type in UNLAWFULNESS_TYPES if view.type is not None
                        else view.label == "cyber-dependent" or k == "fraud-forgery")
        flags = check_offence(view, k, unlawfulness, doc)
    elif k == "procedural-power":
        flags = check_procedure(view)
    elif k in COOPERATION_KINDS:
        flags = check_cooperation(view, k)
    return tuple(sorted(flags, key=lambda f: CODES.index(f.code)))


def check_document(views: Sequence[ProvisionView], workers: int | None = None
                   ) -> SafeguardReport:
    """Every check of SAFEGUARDS.md over a document's provisions: those of a document of
    ``PARALLEL_MIN`` provisions or more in worker processes, block by block (``workers``
    of them; default: one per core; 1: in this process)."""
    views = [_lowered(v) for v in views]
    doc = Document.of(views)
    kinds = [kind(v) for v in views]
    if len(views) < PARALLEL_MIN or workers == 1:
        per = tuple(_check(v, k, doc) for v, k in zip(views, kinds, strict=True))
    else:
        per = _checked_in_workers(views, kinds, doc, workers)
    return SafeguardReport(per, tuple(check_instrument(views, kinds)))


def _checked_in_workers(views: Sequence[ProvisionView], kinds: Sequence[str], doc: Document,
                        workers: int | None) -> tuple[tuple[Flag, ...], ...]:
    """``_check`` of each provision, in order, in forked workers (``cli.parallel``), which
    inherit the document; a block is a range of provisions, its result their flags as a
    report's bytes (``SafeguardReport.to_bytes``), from which the same flags come back."""
    import json
    from contextlib import closing

    from cli.parallel import imap_ordered

    def job(block: bytes) -> bytes:
        start, end = json.loads(block)
        return SafeguardReport(tuple(_check(views[i], kinds[i], doc)
                                     for i in range(start, end)), ()).to_bytes()

    blocks = (json.dumps([k, min(k + BLOCK, len(views))]).encode("ascii")
              for k in range(0, len(views), BLOCK))
    out: list[tuple[Flag, ...]] = []
    with closing(imap_ordered(job, blocks, workers)) as results:
        for raw in results:
            out += SafeguardReport.from_bytes(raw).provisions
    return tuple(out)


class _Classified(Protocol):
    provision: Any  # ref, text, start_line, chapter
    prediction: Any  # label, and type where the model gives one


class _Document(Protocol):
    provisions: Sequence[_Classified]


def view_of(c: _Classified) -> ProvisionView:
    """What the checks read of a classified provision."""
    p, pred = c.provision, c.prediction
    return ProvisionView(p.ref, p.text, pred.label, getattr(pred, "type", None), p.start_line,
                         getattr(p, "page", None), p.chapter)


def check_classified(doc: _Document, workers: int | None = None) -> SafeguardReport:
    """Every check over a classified document (its provisions and their predictions)."""
    return check_document([view_of(c) for c in doc.provisions], workers)


_ELEMENT_CUES = {"no-unlawfulness-element": "UNLAWFUL", "no-intent-element": "INTENT",
                 "no-testing-exemption": "TESTING_EXEMPTION",
                 "no-judicial-authorisation": "JUDICIAL", "no-dual-criminality":
                 "DUAL_CRIMINALITY", "no-rights-refusal-ground": "REFUSAL_GROUND"}


def lost_words(code: str, old_text: str, new_text: str) -> str | None:
    """The words of the old text that supplied a safeguard the new text lacks ('without
    right'), where the check rests on words that can be quoted."""
    from cli.safeguards import cues

    name = _ELEMENT_CUES.get(code)
    if name is None:
        return None
    pattern = getattr(cues, name)
    now = {" ".join(m.group().split()) for m in pattern.finditer(lower(new_text))}
    for m in pattern.finditer(lower(old_text)):
        if " ".join(m.group().split()) not in now:
            return " ".join(old_text[m.start():m.end()].split())
    return None
