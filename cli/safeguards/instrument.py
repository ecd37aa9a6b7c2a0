"""The whole-instrument checks: a public-interest defence, and a discrimination refusal
ground where the instrument provides for cooperation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cli.safeguards import cues
from cli.safeguards.cooperation import GROUNDS
from cli.safeguards.text import Span, body_start, snippet
from cli.safeguards.values import Flag, ProvisionView, Quote

__all__ = ["check_instrument"]

_ACCESS_TYPES = frozenset({"illegal-access", "illegal-interception"})
_ASSISTANCE_KINDS = frozenset({"mutual-legal-assistance", "extradition"})
_ACCESS = re.compile(r"\b(?:access\w*|intercept\w*|enter(?:s|ing)?|entry|trespass\w*|intrusion|"
                     r"hack\w*)\b", re.I)


def check_instrument(views: Sequence[ProvisionView], kinds: Sequence[str]) -> list[Flag]:
    """Flags of the whole instrument, from its provisions and their kinds."""
    flags: list[Flag] = []
    offences = [v for v, k in zip(views, kinds, strict=True) if _access_or_content(v, k)]
    if offences and not any(cues.PUBLIC_INTEREST.search(v.text) for v in views):
        evidence = tuple(_heading(v) for v in offences[:3])
        flags.append(Flag("no-public-interest-defence", "fires",
                          f"the instrument creates access, interception or content offences "
                          f"({', '.join(v.ref for v in offences[:5])}) and no provision exempts "
                          "journalism, public-interest disclosure, security research or "
                          "authorised testing", evidence,
                          "a public-interest, journalism, whistleblowing, security-research or "
                          "testing exemption anywhere in the instrument"))
    cooperation = [v for v, k in zip(views, kinds, strict=True)
                   if k in _ASSISTANCE_KINDS or _names_cooperation(v)]
    if cooperation and not any(cues.REFUSAL_GROUND.search(v.text) for v in views):
        flags.append(Flag("no-rights-refusal-ground", "fires",
                          "the instrument provides for cooperation "
                          f"({', '.join(v.ref for v in cooperation[:5])}) but no provision lets a "
                          "state refuse a request made on account of a person's "
                          f"{GROUNDS}", tuple(_heading(v) for v in cooperation[:3]),
                          f"a refusal ground for requests made on account of {GROUNDS}"))
    return flags


def _access_or_content(view: ProvisionView, kind: str) -> bool:
    if view.label not in ("cyber-dependent", "cyber-enabled"):
        return False
    if view.type is not None:
        return view.type in _ACCESS_TYPES or kind == "content-offence"
    if kind == "content-offence":
        return True
    start = body_start(view.text)
    return view.label == "cyber-dependent" and bool(_ACCESS.search(view.text, 0, start + 300))


def _names_cooperation(view: ProvisionView) -> bool:
    return bool(cues.EXTRADITION.search(view.text) or cues.MLA.search(view.text))


def _heading(view: ProvisionView) -> Quote:
    end = body_start(view.text) or len(view.text)
    return snippet(view, Span(0, end), 100)
