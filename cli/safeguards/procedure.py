"""Checks of procedural powers: authorisation, interception scope, duration, gags,
compelled assistance and data retention."""

from __future__ import annotations

import re

from cli.safeguards import cues
from cli.safeguards.text import FullStops, body_start, quote
from cli.safeguards.values import Flag, ProvisionView, Quote

__all__ = ["check_procedure"]

_COURT = re.compile(r"\b(?:court|judge|magistrate|justice|tribunal)", re.I)


def _q(view: ProvisionView, m: re.Match[str] | None, limit: int = 160) -> tuple[Quote, ...]:
    return (quote(view, m.start(), m.end(), limit),) if m else ()


def check_procedure(view: ProvisionView) -> list[Flag]:
    """The procedural checks of SAFEGUARDS.md for one procedural provision."""
    body = body_start(view.text)
    text = view.text
    flags: list[Flag] = []
    power = cues.POWER.search(text, body)
    content = _content_interception(text, body)
    realtime = cues.TRAFFIC_REALTIME.search(text, body)
    preservation = cues.PRESERVATION_GRANT.search(text, body)
    gag = cues.GAG.search(text, body)

    if power:
        flags += _judicial(view, power, body)
    if content:
        flags += _scope(view, content, body)
    measure = content or realtime or preservation or gag
    if measure and not _duration(text, body):
        what = ("interception" if content else "real-time collection" if realtime
                else "preservation" if preservation else "confidentiality order")
        flags.append(Flag("no-duration-limit", "fires",
                          f"{view.ref}: the {what} has no maximum duration",
                          _q(view, measure), f"a maximum duration of the {what}"))
    if gag and cues.PROVIDER.search(text, body):
        limited = _duration(text, body)
        necessary = cues.NECESSITY.search(text, body)
        if not limited and not necessary:
            flags.append(Flag("provider-gag", "fires",
                              f"{view.ref}: a service provider can be ordered to keep the measure "
                              "secret with no time limit and no necessity test",
                              _q(view, gag), "a time limit or a necessity test for the secrecy"))
    compelled = cues.COMPELLED.search(text, body)
    if compelled:
        flags.append(Flag("compelled-assistance", "fires",
                          f"{view.ref}: a person can be compelled to provide assistance, "
                          "passwords, keys or decryption to give access",
                          _q(view, compelled, 200), None))
    retention = cues.RETENTION.search(text, body)
    if retention and not preservation:
        flags.append(Flag("data-retention", "fires",
                          f"{view.ref}: providers must retain data as a general duty, not "
                          "only specified data under a preservation order",
                          _q(view, retention, 200), None))
    return flags


def _content_interception(text: str, body: int) -> re.Match[str] | None:
    """Content interception that the provision grants (not one it only mentions), in
    the sentence of a mention. Each sentence is read once, however many mentions it
    holds, and the full stops around them are found going forward, so the work stays
    linear in the text."""
    stops = FullStops(text)
    end, after = -1, -1  # the first full stop from ``after`` (-1: none)
    checked = None
    for m in cues.CONTENT_INTERCEPTION.finditer(text, body):
        dot = stops.before(m.start())
        if after < 0 or not (end < 0 or m.end() <= end):
            end, after = text.find(".", m.end()), m.end()
        sentence = (max(body, dot + 1), end if end > 0 else len(text))
        if sentence == checked:
            continue
        checked = sentence
        words = text[sentence[0]:sentence[1]]
        if cues.POWER_GRANT.search(words) or cues.EMPOWER_AUTHORITY.search(words):
            return m
    return None


def _judicial(view: ProvisionView, power: re.Match[str], body: int) -> list[Flag]:
    text = view.text
    executive = cues.EXECUTIVE.search(text, body)
    if not executive:
        return []
    self_order = next((m for m in cues.SELF_ORDER.finditer(text, body)
                       if not _COURT.search(m.group())), None)
    judicial = cues.JUDICIAL.search(text, body)
    bypass = cues.WARRANTLESS.search(text, body)
    if judicial and not self_order and not bypass:
        return []
    evidence = _q(view, bypass or self_order or executive) + _q(view, power)
    return [Flag("no-judicial-authorisation", "fires",
                 f"{view.ref}: {_actor(executive)} can use the power with no court, judge or "
                 "independent authority issuing or approving it",
                 evidence, "authorisation by a court, judge or independent authority")]


def _scope(view: ProvisionView, content: re.Match[str], body: int) -> list[Flag]:
    text = view.text
    serious = cues.SERIOUS_RANGE.search(text, body)
    if serious:
        return []
    anything = cues.ANY_OFFENCE.search(text, body) or cues.INVESTIGATION_PURPOSE.search(text, body)
    if not anything:
        return []
    return [Flag("interception-scope", "fires",
                 f"{view.ref}: interception of content is available for any offence or "
                 "investigation, not a defined range of serious offences",
                 _q(view, anything) + _q(view, content), "a defined range of serious offences")]


def _actor(m: re.Match[str]) -> str:
    words = m.group().strip()
    return words if words.lower().startswith(("the ", "a ", "an ")) else f"the {words.lower()}"


_PENALTY = re.compile(r"\b(?:imprison\w*|fine|term|sentence\w*|convict\w*)\b", re.I)


def _duration(text: str, body: int) -> re.Match[str] | None:
    """A maximum duration of a measure (not the term of a penalty)."""
    for m in cues.DURATION_LIMIT.finditer(text, body):
        if not _PENALTY.search(text, max(body, m.start() - 60), m.start()):
            return m
    return None
