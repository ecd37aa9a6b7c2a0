"""Checks of international cooperation: dual criminality and refusal on grounds of
discrimination."""

from __future__ import annotations

from cli.safeguards import cues
from cli.safeguards.text import Span, body_start, quote, snippet
from cli.safeguards.values import Flag, ProvisionView

__all__ = ["check_cooperation"]

GROUNDS = "sex, race, religion, nationality, ethnic origin or political opinions"


def check_cooperation(view: ProvisionView, kind: str) -> list[Flag]:
    """The cooperation checks of SAFEGUARDS.md for one cooperation provision."""
    text = view.text
    body = body_start(text)
    flags: list[Flag] = []
    if kind in ("mutual-legal-assistance", "extradition"):
        waived = cues.DUAL_WAIVED.search(text, body)
        gives = cues.GIVES.search(text, body)
        required = cues.DUAL_CRIMINALITY.search(text, body)
        defers = cues.DEFERS.search(text, body)
        if waived or (gives and not required and not defers):
            m = waived or gives
            what = "extradition" if kind == "extradition" else "assistance"
            flags.append(Flag("no-dual-criminality", "fires",
                              f"{view.ref}: {what} is to be given without requiring that the "
                              "conduct be an offence in both states",
                              (quote(view, m.start(), m.end()),),
                              "a dual criminality requirement"))
    if kind == "mutual-legal-assistance" and not cues.REFUSAL_GROUND.search(text, body):
        flags.append(Flag("no-rights-refusal-ground", "fires",
                          f"{view.ref}: mutual legal assistance with no ground to refuse a request "
                          "aimed at punishing a person for who they are or what they believe",
                          (snippet(view, Span(body, len(text))),),
                          f"a refusal ground for requests made on account of {GROUNDS}"))
    return flags
