"""A keyword-rule baseline for the accuracy benchmark: what a careful analyst's grep does."""

from __future__ import annotations

import re

OFFENCE = re.compile(
    r"\b(offen[cs]es?|punish\w*|criminal\w*|guilty|liable|imprisonment|fine|penalt\w+|"
    r"whoever|shall be sentenced)\b", re.I)
NOT_AN_OFFENCE = re.compile(
    r"\b(jurisdiction|extradit\w+|mutual (legal )?assistance|preserv\w+|production order|"
    r"search and seiz\w+|real-time collection|safeguards?|definitions?|means any|"
    r"attempt|aiding|abetting|legal persons?|corporate liability|ratification|"
    r"entry into force|cooperation)\b", re.I)
DEPENDENT = re.compile(
    r"\b(access\w*|intercept\w*|interferen\w+|hinder\w*|malware|virus\w*|denial of service|"
    r"hack\w*|botnet\w*|password\w*|access codes?|damag\w+ .{0,20}data|delet\w+|"
    r"suppress\w+)\b", re.I)
ENABLED = re.compile(
    r"\b(fraud\w*|forg\w+|identity|child\w*|minor\w*|sexual|pornograph\w+|grooming|"
    r"harass\w+|stalk\w+|threat\w*|defam\w+|insult\w*|false (news|information)|rumou?rs?|"
    r"hatred|racist|xenophob\w+|terror\w+|extrem\w+|copyright|gambling|traffick\w+|"
    r"launder\w+|extort\w+|spam|obscen\w+|blasphem\w+)\b", re.I)


def baseline_label(text: str) -> str:
    """cyber-dependent, cyber-enabled or other, by counting keyword hits."""
    if not OFFENCE.search(text):
        return "other"
    heading = text.strip().split("\n", 1)[0]
    if NOT_AN_OFFENCE.search(heading):
        return "other"
    dep, enb = len(DEPENDENT.findall(text)), len(ENABLED.findall(text))
    if dep == 0 and enb == 0:
        return "other"
    return "cyber-enabled" if enb >= dep else "cyber-dependent"
