"""What the checks of one provision need to know about the rest of the document."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from cli.safeguards import cues
from cli.safeguards.cues import LazyPattern
from cli.safeguards.text import FullStops, Span, body_start, quote
from cli.safeguards.values import ProvisionView, Quote

__all__ = ["Document", "number_of"]

_NUMBER = re.compile(r"(\d{1,4}[A-Za-z]?(?:\.\d{1,3})?)")
_SENTENCE = re.compile(r"[^.;]{1,400}")
_THIS_PART = re.compile(r"\bthis\s+(?:part|chapter|act|title|division|law|code|convention|"
                        r"section|subpart)\b", re.I)


def number_of(ref: str) -> str | None:
    """'Section 11' -> '11', 'Article 6' -> '6', 'Record 3' -> '3'."""
    m = _NUMBER.search(ref)
    return m.group(1) if m else None


@dataclass(frozen=True)
class Document:
    """The provisions of a document, by number, with its definitions and general clauses."""

    provisions: tuple[ProvisionView, ...]
    by_number: dict[str, ProvisionView] = field(default_factory=dict)

    @classmethod
    def of(cls, provisions: Sequence[ProvisionView]) -> Document:
        by_number: dict[str, ProvisionView] = {}
        for p in provisions:
            num = number_of(p.ref)
            if num and num not in by_number:
                by_number[num] = p
        return cls(tuple(provisions), by_number)

    def lookup(self, number: str) -> ProvisionView | None:
        return self.by_number.get(number)

    def definition_of(self, term: str) -> tuple[ProvisionView, Span] | None:
        """Where a term is defined in a definitions provision: ('“term” means ...')."""
        pattern = re.compile(r"[\"“”']\s*" + re.escape(term.strip()) +
                             r"\s*[\"“”']\s*(?:means|is|includes|refers to)\b", re.I)
        for p in self.definition_provisions:
            m = pattern.search(p.text)
            if m:
                end = p.text.find("“", m.end())
                end = end if end > 0 else min(len(p.text), m.end() + 600)
                return p, Span(m.start(), end)
        return None

    @cached_property
    def definition_provisions(self) -> tuple[ProvisionView, ...]:
        """The provisions headed as definitions, found once per document (every named
        term is looked up in them, so the search stays linear in the document)."""
        return tuple(p for p in self.provisions
                     if cues.DEFINITIONS_HEADING.search(p.text[:body_start(p.text)]))

    @cached_property
    def testing_exemptions(self) -> tuple[ProvisionView, ...]:
        """The provisions that exempt conduct for testing, protection or research, found
        once per document, so that each device offence looks only at them for the one
        that names it."""
        return tuple(p for p in self.provisions if cues.EXEMPTION_CLAUSE.search(p.text)
                     and cues.TESTING_EXEMPTION.search(p.text))

    @cached_property
    def general_clauses(self) -> tuple[tuple[str | None, str, ProvisionView, Span], ...]:
        """(chapter, sentence, provision, span) of every clause about all offences of a
        Part or Act."""
        out = []
        for p in self.provisions:
            if not _THIS_PART.search(p.text):
                continue
            stops = FullStops(p.text)
            for m in cues.GENERAL_CLAUSE.finditer(p.text):
                sentence = _SENTENCE.match(p.text, stops.before(m.start()) + 1)
                if sentence:
                    out.append((p.chapter, sentence.group(), p,
                                Span(sentence.start(), sentence.end())))
        return tuple(out)

    @cached_property
    def _general_firsts(self) -> dict[LazyPattern, tuple[int | None, int | None,
                                                           dict[str, int]]]:
        return {}

    def general_element(self, pattern: LazyPattern, chapter: str | None
                        ) -> Quote | None:
        """A clause that states an element for every offence of a Part or the whole Act:
        the first in the document that applies to ``chapter`` (any, when it is None).
        The clauses are read once per element, however many offences ask."""
        if pattern not in self._general_firsts:
            anywhere = unchaptered = None
            by_chapter: dict[str, int] = {}
            for k, (where, sentence, _, _) in enumerate(self.general_clauses):
                if not pattern.search(sentence):
                    continue
                anywhere = k if anywhere is None else anywhere
                if not where:
                    unchaptered = k if unchaptered is None else unchaptered
                elif where not in by_chapter:
                    by_chapter[where] = k
            self._general_firsts[pattern] = anywhere, unchaptered, by_chapter
        anywhere, unchaptered, by_chapter = self._general_firsts[pattern]
        if chapter:
            found = [k for k in (unchaptered, by_chapter.get(chapter)) if k is not None]
            anywhere = min(found) if found else None
        if anywhere is None:
            return None
        _, _, p, span = self.general_clauses[anywhere]
        return quote(p, span.start, span.end)
