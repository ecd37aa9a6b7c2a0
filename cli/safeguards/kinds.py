"""What kind of provision a check is looking at: from the type when known, else the text."""

from __future__ import annotations

import re

from cli.safeguards import cues
from cli.safeguards.text import body_start

__all__ = ["COOPERATION_KINDS", "OFFENCE_KINDS", "UNLAWFULNESS_TYPES", "cooperation_kind",
           "kind_from_type", "kind_of"]

OFFENCE_LABELS = frozenset({"cyber-dependent", "cyber-enabled"})
OFFENCE_KINDS = frozenset({"offence", "misuse-of-devices", "fraud-forgery", "property-offence",
                           "content-offence"})
COOPERATION_KINDS = frozenset({"mutual-legal-assistance", "extradition", "contact-point",
                               "cooperation"})
# SAFEGUARDS.md: the offences that must carry an unlawfulness element.
UNLAWFULNESS_TYPES = frozenset({
    "illegal-access", "illegal-interception", "data-interference", "system-interference",
    "misuse-of-devices", "critical-infrastructure-attack", "computer-forgery", "computer-fraud"})
_TYPE_KINDS = {
    "misuse-of-devices": "misuse-of-devices",
    "computer-fraud": "fraud-forgery", "computer-forgery": "fraud-forgery",
    "identity-offence": "property-offence", "theft-extortion": "property-offence",
    "copyright": "property-offence", "money-laundering": "property-offence",
    "trafficking-gambling": "property-offence",
    "procedural-power": "procedural-power",
}
_DEPENDENT_TYPES = frozenset({"illegal-access", "illegal-interception", "data-interference",
                              "system-interference", "critical-infrastructure-attack",
                              "other-dependent"})
_ENABLED_TYPES = frozenset({
    "computer-forgery", "computer-fraud", "identity-offence", "theft-extortion",
    "child-sexual-abuse-material", "grooming", "intimate-images", "harassment-stalking-threats",
    "defamation-insult", "false-information", "hate-speech", "terrorism-extremism",
    "public-order-state-security", "copyright", "trafficking-gambling", "money-laundering", "spam",
    "other-enabled"})

_DEVICE_HEADING = re.compile(r"\b(?:devices?|tools?|malware|malicious (?:code|software)|"
                             r"passwords?|access codes?|hacking|programs? for)\b", re.I)
_OTHER_OFFENCE_HEADING = re.compile(r"\b(?:access|intercept\w*|interference|modification|"
                                    r"obstruction|remaining|espionage)\b", re.I)
_DESIGNED = re.compile(r"\b(?:designed|adapted|primarily useful)\b", re.I)
_FRAUD = re.compile(r"\b(?:fraud\w*|forg\w+|inauthentic|unauthentic|deception|deceiv\w+|"
                    r"economic (?:benefit|gain)|loss of property)\b", re.I)
_PROPERTY = re.compile(r"\b(?:identity|identification data|impersonat\w+|theft|steal\w*|"
                       r"extort\w*|ransom\w*|copyright|intellectual property|launder\w*|"
                       r"gambling|trafficking|drugs?|firearms?)\b", re.I)


def kind_from_type(type_: str, text: str) -> str:
    """The kind a check needs, from a provision's type (``LABELS.md``)."""
    text = cues.lower(text)
    if type_ == "international-cooperation":
        return cooperation_kind(text) or "cooperation"
    if type_ in _TYPE_KINDS:
        return _TYPE_KINDS[type_]
    if type_ in _DEPENDENT_TYPES:
        return "offence"
    if type_ in _ENABLED_TYPES:
        return "content-offence"
    return "other"


def kind_of(text: str, label: str) -> str:
    """The kind of a provision from its words and label, where no type is known.

    Offences (by label): misuse-of-devices, fraud-forgery, property-offence,
    content-offence (other cyber-enabled offences), offence. Others: a kind of
    cooperation, procedural-power, or other.
    """
    text = cues.lower(text)
    head = text[:body_start(text)]
    body = text[len(head):]
    if label in OFFENCE_LABELS:
        if _is_devices(head, body):
            return "misuse-of-devices"
        if label == "cyber-dependent":
            return "offence"
        if _FRAUD.search(head or body[:300]):
            return "fraud-forgery"
        if _PROPERTY.search(head or body[:300]):
            return "property-offence"
        return "content-offence"
    if cues.DEFINITIONS_HEADING.search(head) or not cues.OPERATIVE.search(body):
        return "other"
    coop = cooperation_kind(text)
    if coop:
        return coop
    if is_procedural(body):
        return "procedural-power"
    return "other"


def _is_devices(head: str, body: str) -> bool:
    if head and _DEVICE_HEADING.search(head):
        return True
    if head and _OTHER_OFFENCE_HEADING.search(head):
        return False
    return bool(cues.DEVICE_OBJECT.search(body) and cues.DEVICE_DEALING.search(body)
                and _DESIGNED.search(body))


def cooperation_kind(text: str) -> str | None:
    """mutual-legal-assistance, extradition, contact-point, cooperation, or None."""
    body = text[body_start(text):]
    if not cues.OPERATIVE.search(body):
        return None
    head = text[:body_start(text)]
    if cues.CONTACT_POINT.search(text):
        return "contact-point"
    if cues.EXTRADITION.search(head) or (cues.EXTRADITION.search(body)
                                         and not cues.MLA_STRONG.search(body)):
        return "extradition"
    if cues.MLA_STRONG.search(body):
        return "mutual-legal-assistance"
    if cues.INTERNATIONAL.search(body):
        return "cooperation"
    return None


def is_procedural(body: str) -> bool:
    """A power to search, seize, order, collect, intercept, preserve or compel is granted, or a
    duty to retain data or keep an order secret is laid on providers."""
    if cues.RETENTION.search(body) or cues.COMPELLED.search(body) or (
            cues.GAG.search(body) and cues.PROVIDER.search(body)):
        return True
    return bool((cues.POWER.search(body) or cues.PRESERVATION_GRANT.search(body))
                and (cues.POWER_GRANT.search(body) or cues.EMPOWER_AUTHORITY.search(body)
                     or cues.JUDICIAL.search(body)))
