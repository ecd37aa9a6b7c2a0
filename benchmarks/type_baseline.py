"""A keyword-rule baseline for a provision's type, given its label: an analyst's grep.

The first type whose keywords occur in the heading line wins, else the type whose
keywords occur most often in the whole text, else the label's catch-all type.
"""

from __future__ import annotations

import re

RULES: dict[str, list[tuple[str, str]]] = {
    "cyber-dependent": [
        ("critical-infrastructure-attack", r"critical|protected computer|infrastructure"),
        ("misuse-of-devices", r"device|tool|password|access code|program\w* .{0,30}(designed|"
                              r"adapted)|malware|produc\w+|distribut\w+|possess\w*"),
        ("illegal-interception", r"intercept\w*"),
        ("system-interference", r"system interference|hinder\w*|functioning|denial of service|"
                                r"obstruct\w*|disrupt\w*"),
        ("data-interference", r"data interference|delet\w+|alter\w*|damag\w+|suppress\w+|"
                              r"modif\w+"),
        ("illegal-access", r"access\w*|enter\w*|intru\w+"),
        ("other-dependent", r"botnet\w*|ransom\w*|encrypt\w*"),
    ],
    "cyber-enabled": [
        ("child-sexual-abuse-material", r"child\w* (sexual|pornograph\w*|abuse)|pornograph\w*"),
        ("grooming", r"groom\w*|solicit\w+ .{0,20}child|meet\w* .{0,20}child"),
        ("intimate-images", r"intimate|non-consensual|private (image|sexual)"),
        ("computer-forgery", r"forg\w+|inauthentic|authentic"),
        ("identity-offence", r"identit\w+|impersonat\w+"),
        ("computer-fraud", r"fraud\w*|deceiv\w+|decept\w+"),
        ("theft-extortion", r"theft|steal\w*|extort\w*|ransom\w*|blackmail\w*"),
        ("harassment-stalking-threats", r"harass\w*|stalk\w*|threat\w*|bully\w*|intimidat\w+"),
        ("defamation-insult", r"defam\w+|insult\w*|libel\w*|reputation|honour|dignity"),
        ("false-information", r"false (news|information|statement)|rumou?r\w*|fake"),
        ("hate-speech", r"racis\w+|xenophob\w+|hatred|genocide|discriminat\w+"),
        ("terrorism-extremism", r"terror\w*|extremis\w+|separatis\w+"),
        ("public-order-state-security", r"public order|state security|national (unity|security)|"
                                        r"morals|religio\w+|blasphem\w+"),
        ("copyright", r"copyright|intellectual property|related rights"),
        ("trafficking-gambling", r"traffick\w*|gambl\w+|drug\w*|narcotic\w*|weapon\w*|arms"),
        ("money-laundering", r"launder\w*|proceeds"),
        ("spam", r"spam|unsolicited|commercial (e-?mail|message)"),
    ],
    "other": [
        ("definitions", r"definition\w*|means any|\"[^\"]+\" means|use of terms"),
        ("jurisdiction", r"jurisdiction"),
        ("international-cooperation", r"cooperation|co-operation|extradit\w+|mutual|"
                                      r"assistance|24/7"),
        ("procedural-power", r"preserv\w+|production order|search|seiz\w+|real-time|"
                             r"intercept\w+|warrant\w*"),
        ("safeguards-human-rights", r"safeguard\w*|human rights|personal data|privacy"),
        ("ancillary-liability", r"attempt\w*|aiding|abet\w*|corporate|legal person\w*"),
        ("sanctions", r"sanction\w*|penalt\w+|aggravat\w+"),
        ("final-clauses", r"ratif\w+|entry into force|signature|reservation\w*|amendment\w*|"
                          r"denunciation|depositary|commencement"),
        ("preamble-purpose", r"purpose|objective\w*|short title|preamble|citation"),
        ("scope", r"scope|application"),
        ("institutions", r"agency|authority|council|committee|centre|establish\w+"),
        ("prevention", r"prevent\w*|awareness|block\w*|takedown"),
        ("compliance-offence", r"fail\w* to comply|non-compliance|obstruct\w*"),
        ("non-cyber-offence", r"whoever|punish\w*|imprisonment"),
    ],
}
CATCH_ALL = {"cyber-dependent": "other-dependent", "cyber-enabled": "other-enabled",
             "other": "other-other"}
_COMPILED = {label: [(t, re.compile(rf"\b(?:{p})\b", re.I)) for t, p in rules]
             for label, rules in RULES.items()}


def baseline_type(text: str, label: str) -> str:
    """A type of ``label`` by keyword hits: heading first, then the whole text."""
    rules = _COMPILED[label]
    heading = text.strip().split("\n", 1)[0]
    for name, pattern in rules:
        if pattern.search(heading):
            return name
    hits = [(len(pattern.findall(text)), -k, name) for k, (name, pattern) in enumerate(rules)]
    best = max(hits)
    return best[2] if best[0] else CATCH_ALL[label]
