"""Turn a provision's text into the terms the linear model weighs.

One function serves training (as the vectorizer's analyzer) and classification (in
the pickle-free scorer), so both see exactly the same terms:

- words, lightly stemmed ("interception" and "intercepts" both give "intercept"),
  and pairs of adjacent words;
- the words of the heading line again, prefixed ``h:``, since a title such as
  "Illegal access" says much of what the provision does;
- concept markers, one per phrase of a hand-written lexicon found in the text, up
  to five: ``c:ict``, ``c:procedure``, ``c:ancillary``, and ``c:offence``,
  ``c:target`` and ``c:means`` each with ``:ict`` or ``:noict`` after it, by whether
  the text has an ICT element at all. They let the model carry what it learns from
  "computer system" over to "information network" or "ICT system", and from one
  family's offence formula to another's: the labels separate offences that *target*
  systems and data from offences committed *by means of* them, and both from
  offences with no ICT element, which a linear model could not otherwise tell apart.

Very common words are not terms on their own (they stay inside word pairs).
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["CONCEPTS", "analyze", "stem"]

TOKEN = re.compile(r"[a-z][a-z0-9]+(?:['’-][a-z0-9]+)*")
SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ements", "ement", "ments", "ment",
            "ities", "ity", "ies", "ed", "es", "s")
MAX_CONCEPT_COUNT = 5
SPLIT_BY_ICT = ("offence", "means", "target")
# Words too common to be evidence on their own; they still count inside word pairs.
STOP_WORDS = frozenset({
    "the", "of", "to", "a", "an", "its", "it", "and", "or", "in", "for", "by", "be", "is",
    "as", "any", "on", "with", "that", "this", "which", "such", "are", "at", "from", "has",
    "have", "been", "other", "all", "their", "his", "her", "these", "those", "he", "she",
    "they", "shall", "may", "under", "if", "not", "no", "was", "were", "into", "than", "then",
    "so"
})
CONCEPTS: dict[str, str] = {
    "ict": (r"computer|ict\b|information and communications? technolog|information system|"
            r"electronic device|computer network|information network|electronic data|"
            r"computer data|automated data processing|digital device|"
            r"telecommunications? network|computer resource|online|internet|website|"
            r"electronic means|social media|cyber|electronic communication|"
            r"information technology|software|hack|\bdata\b|digital|electronic|network|"
            r"password|malware|virus|encrypt|server|e-?mail|\bsms\b|platform|\bapps?\b|"
            r"device|automated"),
    "offence": (r"offen[cs]e|punish|criminal|liable|imprisonment|\bfine\b|penalt|guilty|"
                r"whoever|shall be sentenced|felony|misdemeanou?r"),
    "target": (r"unauthori[sz]ed|unlawful(?:ly)? (?:access|enter|entry|intercept)|intercept|"
               r"interfer|hinder|denial of service|malware|malicious (?:code|software|program)|"
               r"virus|password|access code|botnet|impair|damag\w* .{0,30}data|delet|suppress|"
               r"security measure|infring\w* security|access(?:es|ed|ing)? (?:to )?"
               r"(?:the whole or any part of )?(?:a|an|any)? ?(?:computer|information|ict|"
               r"electronic|protected)"),
    "means": (r"fraud|forg|deceiv|decept|identity|child|minor|sexual|obscen|indecen|pornograph|"
              r"groom|defam|insult|libel|false (?:news|information|statement)|rumou?r|hatred|"
              r"racis|xenophob|terror|extrem|copyright|gambl|traffick|launder|harass|stalk|"
              r"threat|extort|blackmail|incit|blasphem|religio|public order|national unity|"
              r"morals"),
    "procedure": (r"preserv|production order|search and seiz|seiz|warrant|real-time collection|"
                  r"competent authorit|empower|mutual (?:legal )?assistance|extradit|"
                  r"cooperation|co-operation|request"),
    "ancillary": (r"attempt|aid(?:s|ing|ed)? (?:or|and) abet|abet|legal person|corporate|"
                  r"body corporate|complicity|conspir"),
}
CONCEPT_PATTERNS = {name: re.compile(pattern) for name, pattern in CONCEPTS.items()}


def stem(word: str) -> str:
    """Strip one common English suffix, keeping at least four letters."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_STEMS: dict[str, str] = {}  # a memo: words repeat, and stemming is the analyzer's main cost
_STEMS_MAX = 200_000


def _words(text: str) -> list[str]:
    out = []
    for word in TOKEN.findall(text):
        s = _STEMS.get(word)
        if s is None:
            s = stem(word)
            if len(_STEMS) < _STEMS_MAX:
                _STEMS[word] = s
        out.append(s)
    return out


def analyze(text: str) -> list[str]:
    """The terms of ``text``: stemmed words and word pairs, heading words, concepts."""
    low = text.lower()
    words = _words(low)
    terms = [w for w in words if w not in STOP_WORDS]
    terms += [f"{a} {b}" for a, b in pairwise(words)]
    head, _, body = low.strip().partition("\n")
    if body and len(head) < 120:
        terms += ["h:" + w for w in _words(head) if w not in STOP_WORDS]
    found = {name: len(pattern.findall(low)) for name, pattern in CONCEPT_PATTERNS.items()}
    # Offence, target and means language is counted apart with and without an ICT
    # element: a penal code's general fraud offence is "other", the same offence by
    # means of a computer "cyber-enabled".
    ict = "ict" if found["ict"] else "noict"
    for name, n in found.items():
        marker = f"c:{name}:{ict}" if name in SPLIT_BY_ICT else f"c:{name}"
        terms += [marker] * min(n, MAX_CONCEPT_COUNT)
    return terms
