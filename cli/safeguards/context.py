"""What the checks of one provision need to know about the rest of the document."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from cli.safeguards import cues
from cli.safeguards.cues import LazyPattern
from cli.safeguards.text import Span, body_start, quote
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
    def general_clauses(self) -> tuple[tuple[str | None, str, Quote], ...]:
        """(chapter, sentence, quote) of every clause about all offences of a Part or Act."""
        out = []
        for p in self.provisions:
            if not _THIS_PART.search(p.text):
                continue
            for m in cues.GENERAL_CLAUSE.finditer(p.text):
                start = p.text.rfind(".", 0, m.start()) + 1
                sentence = _SENTENCE.match(p.text, start)
                if sentence:
                    out.append((p.chapter, sentence.group(),
                                quote(p, sentence.start(), sentence.end())))
        return tuple(out)

    @cached_property
    def _general_elements(self) -> dict[tuple[LazyPattern, str | None], Quote | None]:
        return {}

    def general_element(self, pattern: LazyPattern, chapter: str | None
                        ) -> Quote | None:
        """A clause that states an element for every offence of a Part or the whole Act
        (found once per element and chapter: every offence of a document asks)."""
        known = self._general_elements
        if (pattern, chapter) not in known:
            known[pattern, chapter] = self._general_element(pattern, chapter)
        return known[pattern, chapter]

    def _general_element(self, pattern: LazyPattern, chapter: str | None) -> Quote | None:
        for where, sentence, q in self.general_clauses:
            if chapter and where and where != chapter:
                continue
            if pattern.search(sentence):
                return q
        return None
