"""Checks of offence provisions: unlawfulness and mental elements, vague content terms,
testing exemptions for device offences, online aggravation, serious-crime content."""

from __future__ import annotations

import re
from typing import NamedTuple

from cli.safeguards import cues
from cli.safeguards.context import Document, number_of
from cli.safeguards.cues import LazyPattern
from cli.safeguards.text import (
    Span,
    body_start,
    items,
    number_value,
    passages,
    quote,
    references,
    snippet,
)
from cli.safeguards.values import Flag, ProvisionView, Quote

__all__ = ["check_offence", "online_aggravation"]

INTENT_WORDS = ("intentionally, knowingly, wilfully, with intent, dishonestly, fraudulently, "
                "maliciously or deliberately")
UNLAWFUL_WORDS = ("'without right', 'without authorisation', 'unlawfully', 'without lawful "
                  "excuse' or 'without the consent' of the person entitled")
SERIOUS_YEARS = 4.0
# "liable to the penalty prescribed for offences under section 2" names a penalty, not conduct
_PENALTY_BEFORE = re.compile(r"\b(?:penalt\w+|punish\w*|sentence\w*|liable)\b", re.I)
CONTENT_KINDS = frozenset({"content-offence"})


class Layout(NamedTuple):
    """The passages of an offence provision by role."""

    limbs: list[Span]  # passages that create an offence
    definitions: list[Span]  # passages that define a term of the provision
    exemptions: list[Span]  # passages that exempt or except conduct
    others: list[Span]


class Element(NamedTuple):
    """Whether an element qualifies every offence of a provision, and on which words."""

    present: bool
    evidence: Quote | None  # the words that supply it, or the words of the bare offence
    undetermined: str | None = None


def _passages(view: ProvisionView) -> list[Span]:
    """The passages of a provision's body."""
    return passages(view.text, Span(body_start(view.text), len(view.text)))


def layout(view: ProvisionView, spans: list[Span] | None = None) -> Layout:
    """The passages of an offence provision by role (``spans``: its passages, if found)."""
    text = view.text
    out = Layout([], [], [], [])
    for span in _passages(view) if spans is None else spans:
        part = text[span.start:span.end].strip()
        if cues.DEFINITION_PASSAGE.match(part) and not cues.OFFENCE_CUE.search(part):
            out.definitions.append(span)
        elif cues.OFFENCE_CUE.search(part):
            penalty = cues.PENALTY_ONLY.search(part)
            if penalty and not cues.PROHIBITION.search(part, 0, penalty.start()):
                out.others.append(span)
            elif cues.EXEMPTION_CLAUSE.search(part[:80]) and "shall not" not in part[:80]:
                out.exemptions.append(span)
            else:
                out.limbs.append(span)
        elif cues.EXEMPTION_CLAUSE.search(part):
            out.exemptions.append(span)
        else:
            out.others.append(span)
    return out


def _conduct(view: ProvisionView, limb: Span, lay: Layout, doc: Document
             ) -> tuple[ProvisionView, Span]:
    """The words that define a limb's conduct: the limb, or the definition of the term it
    names ("commits cyber harassment" -> "'cyber harassment' is the use of ...")."""
    m = cues.NAMED_TERM_CONDUCT.search(view.text, limb.start, limb.end)
    if not m or re.match(r"(?:an?|any|the|that|such)\b", m.group("term"), re.I):
        return view, limb
    term = m.group("term").strip().lower()
    for span in lay.definitions:
        if term in view.text[span.start:span.end].lower():
            return view, span
    found = doc.definition_of(term)
    return found if found else (view, limb)


def _element(view: ProvisionView, span: Span, pattern: LazyPattern, doc: Document
             ) -> Element:
    """Whether every alternative conduct of a passage carries the element."""
    text = view.text
    chapeau, parts = items(text, span)
    m = pattern.search(text, chapeau.start, chapeau.end)
    if m:
        return Element(True, quote(view, m.start(), m.end()))
    if not parts:
        return _by_reference(view, span, pattern, doc) or Element(False, snippet(view, span))
    last = parts[-1]
    tail = cues.TAIL_QUALIFIER.search(text, last.start, last.end)
    if tail and pattern.search(tail.group()):
        m = pattern.search(text, tail.start(), tail.end())
        return Element(True, quote(view, m.start(), m.end()) if m else None)
    if _conjunctive(text, parts):
        for part in parts:
            m = pattern.search(text, part.start, part.end)
            if m:
                return Element(True, quote(view, m.start(), m.end()))
        return _by_reference(view, span, pattern, doc) or Element(False, snippet(view, span))
    found: Quote | None = None
    for part in parts:
        m = pattern.search(text, part.start, part.end)
        if m:
            found = found or quote(view, m.start(), m.end())
            continue
        ref = _by_reference(view, part, pattern, doc)
        if ref and ref.present:
            continue
        whole = _by_reference(view, chapeau, pattern, doc)
        if whole and whole.present:
            return whole
        return Element(False, snippet(view, part))
    return Element(True, found)


def _conjunctive(text: str, parts: list[Span]) -> bool:
    """Items joined by 'and' are cumulative conditions, not alternative offences."""
    before_last = text[parts[-2].start:parts[-2].end].rstrip().rstrip(",;").rstrip()
    return before_last.endswith((" and", ";and"))


def _by_reference(view: ProvisionView, span: Span, pattern: LazyPattern, doc: Document
                  ) -> Element | None:
    """The element brought in by naming another offence ('an offence under section 12')."""
    m = next((m for m in cues.NAMED_OFFENCE_REF.finditer(view.text, span.start, span.end)
              if not _PENALTY_BEFORE.search(view.text, max(span.start, m.start() - 50), m.start())),
             None)
    if not m:
        return None
    named = references(view.text[m.start():min(span.end, m.end() + 60)])
    if not named:  # "an offence under paragraph (a)": a part of this provision
        return Element(True, quote(view, m.start(), m.end() + 12))
    for num in named:
        other = doc.lookup(num)
        if other is None or other.ref == view.ref or pattern.search(other.text):
            return Element(True, quote(view, m.start(), min(span.end, m.end() + 20)))
    return None


def _exemption_supplies_unlawfulness(view: ProvisionView, lay: Layout, doc: Document
                                     ) -> Quote | None:
    """A list of exceptions for consent or authorisation, here or in a provision named."""
    text = view.text
    for span in lay.exemptions + lay.limbs:
        for e in cues.EXEMPTION_CLAUSE.finditer(text, span.start, span.end):
            m = cues.CONSENT_EXCEPTION.search(text, e.end(), span.end)
            if m:
                return quote(view, e.start(), m.end())
    for span in lay.others + lay.exemptions:
        for num in references(text[span.start:span.end]):
            other = doc.lookup(num)
            if other is None or other.ref == view.ref:
                continue
            e = cues.EXEMPTION_CLAUSE.search(other.text)
            if e and cues.CONSENT_EXCEPTION.search(other.text, e.end()):
                return quote(view, span.start, span.end, 120)
    return None


def _missing_element(view: ProvisionView, lay: Layout, doc: Document,
                     pattern: LazyPattern) -> Element:
    """The first limb that lacks the element, or present."""
    for limb in lay.limbs:
        where, span = _conduct(view, limb, lay, doc)
        element = _element(where, span, pattern, doc)
        if not element.present:
            named = cues.NAMED_CATEGORY.search(view.text, limb.start, limb.end)
            if named:
                return Element(False, quote(view, named.start(), named.end()),
                               f"the conduct is named ('{named.group('name')}'), not described: "
                               "its elements are set by the law that defines it")
            return element
    return Element(True, None)


def check_offence(view: ProvisionView, kind: str, unlawfulness: bool, doc: Document
                  ) -> list[Flag]:
    """The offence checks of SAFEGUARDS.md for one offence provision."""
    flags: list[Flag] = []
    spans = _passages(view)
    lay = layout(view, spans)
    if not lay.limbs:  # no words that create an offence: a definition or a penalty clause
        return flags
    aggravation = online_aggravation(view, spans)
    if aggravation:
        flags.append(aggravation)
    if unlawfulness:
        flags += _unlawfulness(view, lay, doc)
    if not aggravation:
        flags += _intent(view, lay, doc)
    if kind == "misuse-of-devices":
        flags += _testing(view, doc)
    if kind in CONTENT_KINDS and cues.CONTENT_CONDUCT.search(view.text):
        vague = _vague(view, lay)
        if vague:
            flags.append(vague)
            flags += _serious(view)
    return flags


def _unlawfulness(view: ProvisionView, lay: Layout, doc: Document) -> list[Flag]:
    element = _missing_element(view, lay, doc, cues.UNLAWFUL)
    if element.present or _exemption_supplies_unlawfulness(view, lay, doc):
        return []
    if doc.general_element(cues.UNLAWFUL, view.chapter):
        return []
    if element.undetermined:
        return [Flag("no-unlawfulness-element", "undetermined",
                     f"{view.ref}: cannot tell whether the offence requires acting without right",
                     _ev(element.evidence), element.undetermined)]
    return [Flag("no-unlawfulness-element", "fires",
                 f"{view.ref}: the conduct is an offence even when done with right or "
                 "authorisation (no 'without right' or similar element)",
                 _ev(element.evidence), f"an unlawfulness element ({UNLAWFUL_WORDS})")]


def _intent(view: ProvisionView, lay: Layout, doc: Document) -> list[Flag]:
    removed = cues.INTENT_REMOVED.search(view.text)
    if removed:
        return [Flag("no-intent-element", "fires",
                     f"{view.ref}: the text makes intent or knowledge unnecessary",
                     (quote(view, removed.start(), removed.end()),), None)]
    element = _missing_element(view, lay, doc, cues.INTENT)
    if element.present or doc.general_element(cues.INTENT, view.chapter):
        return []
    if element.undetermined:
        return [Flag("no-intent-element", "undetermined",
                     f"{view.ref}: cannot tell whether the offence requires intent",
                     _ev(element.evidence), element.undetermined)]
    reckless = cues.RECKLESS.search(view.text)
    if reckless:
        return [Flag("no-intent-element", "fires",
                     f"{view.ref}: recklessness or negligence is enough; no intent or "
                     "knowledge is required for the act",
                     (*_ev(element.evidence), quote(view, reckless.start(), reckless.end())),
                     f"a mental element for the act ({INTENT_WORDS})")]
    return [Flag("no-intent-element", "fires",
                 f"{view.ref}: the conduct is an offence without intent or knowledge",
                 _ev(element.evidence), f"a mental element ({INTENT_WORDS})")]


def _ev(q: Quote | None) -> tuple[Quote, ...]:
    return (q,) if q else ()


def _testing(view: ProvisionView, doc: Document) -> list[Flag]:
    m = cues.TESTING_EXEMPTION.search(view.text)
    if m:
        return []
    own = number_of(view.ref)
    for num in references(view.text):
        other = doc.lookup(num)
        if (other is not None and other.ref != view.ref
                and cues.TESTING_EXEMPTION.search(other.text)):
            return []
    if own and doc.testing_exemptions:
        mention = re.compile(r"\b(?:section|article|s\.|art\.)\s*" + re.escape(own) + r"\b", re.I)
        if any(other.ref != view.ref and mention.search(other.text)
               for other in doc.testing_exemptions):
            return []
    device = cues.DEVICE_OBJECT.search(view.text, body_start(view.text))
    evidence = (quote(view, device.start(), device.end()),) if device else ()
    return [Flag("no-testing-exemption", "fires",
                 f"{view.ref}: dealing in tools or access codes is an offence with no exemption "
                 "for authorised testing, system protection or security research",
                 evidence, "an exemption for authorised testing, protection of a system or "
                 "security research (here or in a provision it names)")]


def _vague(view: ProvisionView, lay: Layout) -> Flag | None:
    text = view.text
    found: list[Quote] = []
    seen: set[str] = set()
    for span in lay.limbs + lay.definitions:
        child = bool(cues.CHILD_CONTEXT.search(text, span.start, span.end))
        for m in cues.VAGUE.finditer(text, span.start, span.end):
            word = m.group().lower()
            if (child and cues.CHILD_ONLY_TERMS.match(word)) or word in seen:
                continue
            seen.add(word)
            found.append(quote(view, m.start(), m.end()))
    if not found:
        return None
    words = ", ".join(f"'{q.text}'" for q in found[:4])
    return Flag("vague-content-terms", "fires",
                f"{view.ref}: the prohibited content is defined by open-ended terms ({words})",
                tuple(found), None)


def _serious(view: ProvisionView) -> list[Flag]:
    text = view.text
    life = cues.LIFE.search(text)
    if life:
        return [_serious_flag(view, quote(view, life.start(), life.end()), "life imprisonment")]
    maxima = _terms(view, cues.MAX_TERM) + _terms(view, cues.RANGE_TERM)
    fixed = _terms(view, cues.PLAIN_TERM)
    maxima += fixed
    minima = _terms(view, cues.MIN_TERM) + fixed
    if maxima:
        years, q = max(maxima, key=lambda t: t[0])
        return [_serious_flag(view, q, "a maximum")] if years >= SERIOUS_YEARS else []
    if minima:
        years, q = max(minima, key=lambda t: t[0])
        return [_serious_flag(view, q, "a minimum")] if years >= SERIOUS_YEARS else []
    ref = cues.PENALTY_BY_REFERENCE.search(text)
    if ref:
        return [Flag("serious-crime-content", "undetermined",
                     f"{view.ref}: the penalty is given by cross-reference, so whether the "
                     "content offence is a 'serious crime' cannot be read here",
                     (quote(view, ref.start(), ref.end()),),
                     "a stated maximum term of imprisonment")]
    if cues.IMPRISONMENT.search(text):
        return [Flag("serious-crime-content", "undetermined",
                     f"{view.ref}: imprisonment is provided without a stated term",
                     (), "a stated maximum term of imprisonment")]
    return [Flag("serious-crime-content", "undetermined",
                 f"{view.ref}: the provision states no penalty, so whether the content offence "
                 "is a 'serious crime' cannot be read here", (),
                 "a stated maximum term of imprisonment")]


def _serious_flag(view: ProvisionView, q: Quote, what: str) -> Flag:
    return Flag("serious-crime-content", "fires",
                f"{view.ref}: a vaguely defined content offence carries {what} of four years or "
                "more, which makes it a 'serious crime' open to cross-border evidence sharing",
                (q,), None)


def _terms(view: ProvisionView, pattern: LazyPattern) -> list[tuple[float, Quote]]:
    out = []
    for m in pattern.finditer(view.text):
        value = number_value(m.group("n"))
        if value is None:
            continue
        years = value / 12 if m.group("unit").lower().startswith("month") else value
        out.append((years, quote(view, m.start(), m.end())))
    return out


def online_aggravation(view: ProvisionView, spans: list[Span] | None = None) -> Flag | None:
    """An offence (or higher penalty) for any offence of other law done with a computer
    (``spans``: the provision's passages, if found)."""
    text = view.text
    for span in _passages(view) if spans is None else spans:
        law = cues.OTHER_LAW.search(text, span.start, span.end)
        if not law:
            continue
        means = cues.BY_COMPUTER.search(text, span.start, span.end)
        if means:
            first, second = sorted((means, law), key=lambda m: m.start())
            return Flag("online-aggravation", "fires",
                        f"{view.ref}: conduct already an offence under other law becomes an "
                        "offence (or is punished more) because a computer was used",
                        (quote(view, first.start(), second.end(), 200),), None)
    return None
