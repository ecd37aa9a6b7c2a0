"""Turn a provision's text into the terms the linear model weighs.

One function serves training (as the vectorizer's analyzer) and classification (in
the pickle-free scorer), so both see exactly the same terms; large batches count the
same terms in integer space (``cli.term_index``, tested equal against this one):

- words, lightly stemmed ("interception" and "intercepts" both give "intercept"),
  and pairs of adjacent words;
- the words of the heading line again, prefixed ``h:``, since a title such as
  "Illegal access" says much of what the provision does;
- concept markers, one per word or phrase of a hand-written lexicon found in the
  text, up to five: ``c:ict``, ``c:procedure``, ``c:ancillary``, and ``c:offence``,
  ``c:target`` and ``c:means`` each with ``:ict`` or ``:noict`` after it, by whether
  the text has an ICT element at all. They let the model carry what it learns from
  "computer system" over to "information network" or "ICT system", and from one
  family's offence formula to another's: the labels separate offences that *target*
  systems and data from offences committed *by means of* them, and both from
  offences with no ICT element, which a linear model could not otherwise tell apart;
- cue markers, ``c:cue:offence`` (phrases that create an offence: "commits an offence",
  "is guilty of", "shall be punished", "whoever"), ``c:cue:defining`` ("means", "is
  authorised if", "takes place if", "for the purposes of", "is presumed"),
  ``c:cue:reference`` ("offences under this Act", "proceeds") and
  ``c:cue:procedural`` ("obstructs an investigation", "an order issued under"), once
  per occurrence up to three: they tell a provision that creates an offence from one
  that explains, presumes or reports, whatever its vocabulary.

Very common words are not terms on their own (they stay inside word pairs).
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["CONCEPT_PHRASES", "CONCEPT_WORDS", "CUES", "DEFINING_CUE", "HEADING_MAX", "MARKERS",
           "OFFENCE_CUE", "PHRASES", "PROCEDURAL_CUE", "REFERENCE_CUE", "analyze", "cue_counts",
           "cue_terms", "has_offence_cue",
           "lookup_word", "stem"]

TOKEN = re.compile(r"[a-z][a-z0-9]+(?:['’-][a-z0-9]+)*")
SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ements", "ement", "ments", "ment",
            "ities", "ity", "ies", "ed", "es", "s")
MAX_CONCEPT_COUNT = 5
HEADING_MAX = 120  # characters: a longer first line is running text, not a heading
SPLIT_BY_ICT = ("offence", "means", "target")
# Words too common to be evidence on their own; they still count inside word pairs.
STOP_WORDS = frozenset(
    "the of to a an its it and or in for by be is as any on with that this which such are at "
    "from has have been other all their his her these those he she they shall may under if not "
    "no was were into than then so".split()
)
# Single words, as prefixes of the lower-cased word ("punish" matches "punishable");
# a trailing "$" asks for the whole word.
CONCEPT_WORDS: dict[str, str] = {
    "ict": ("computer cyber online internet website web$ software hack data$ digital electronic "
            "network password malware virus encrypt server e-mail email sms$ platform app$ apps$ "
            "device automated telecommunication ict$ icts$ cyberspace"),
    "offence": ("offence offense punish criminal liable imprisonment fine$ fines$ penalt guilty "
                "whoever felony misdemeano sentenced"),
    "target": ("unauthorised unauthorized intercept interfer hinder malware malicious virus "
               "password botnet impair damag delet suppress"),
    "means": ("fraud forg deceiv decept identity child minor sexual obscen indecen pornograph "
              "groom defam insult libel rumor rumour hatred racis xenophob terror extrem "
              "copyright gambl traffick launder harass stalk threat extort blackmail incit "
              "blasphem religio morals"),
    "procedure": ("preserv seiz warrant extradit cooperation co-operation request empower"),
    "ancillary": ("attempt abet corporate complicity conspir"),
}
# Phrases of two or three words, matched after stemming.
CONCEPT_PHRASES: dict[str, str] = {
    "ict": ("information system|information network|information technology|social media|"
            "information and communication|information and communications"),
    "target": ("access code|security measure|denial of service|infringing security|"
               "unlawfully access|unlawful access|unlawfully enters|unlawful entry|"
               "access to computer|access to information|access to an|access a computer|"
               "accesses a computer|accesses any|accessing a computer|without authorisation|"
               "without authorization"),
    "means": "false news|false information|false statement|public order|national unity",
    "procedure": ("production order|real-time collection|competent authority|"
                  "competent authorities|mutual assistance|mutual legal"),
    "ancillary": "legal person|legal persons|body corporate",
}
# Each concept's marker term, by whether the text has an ICT element: offence, target
# and means language is counted apart with and without one, since a penal code's
# general fraud offence is "other" and the same offence by means of a computer
# "cyber-enabled".
MARKERS = {ict: {name: f"c:{name}:{ict}" if name in SPLIT_BY_ICT else f"c:{name}"
                 for name in CONCEPT_WORDS} for ict in ("ict", "noict")}
# Each concept's prefixes under their first four letters (the shortest prefix's
# length), and its whole words: a word is tested against the few prefixes that share
# its start, not against every prefix of every concept.
_HEAD = 4
_PREFIXES: dict[str, list[tuple[str, str]]] = {}
_WHOLE: dict[str, set[str]] = {}
for _name, _words in CONCEPT_WORDS.items():
    for _w in _words.split():
        if _w.endswith("$"):
            _WHOLE.setdefault(_w[:-1], set()).add(_name)
        else:
            _PREFIXES.setdefault(_w[:_HEAD], []).append((_w, _name))
if min(map(len, _PREFIXES)) < _HEAD:
    raise AssertionError("a concept prefix is shorter than the letters it is filed under")


# Cue patterns match lower-cased text.
OFFENCE_CUE = re.compile(
    r"\b(?:commits? an? (?:criminal )?offen[cs]e|(?:is|are|shall be) guilty of|"
    r"shall (?:be|on conviction be) (?:punish|liable|sentenced|fined|imprisoned)\w*|"
    r"(?:is|are|shall be) (?:liable|punishable)|(?:is|are) punished|whoever|"
    r"(?:establish|make|made|constitutes?|is) (?:it )?(?:as )?(?:a )?criminal offen[cs]es?|"
    r"criminali[sz]e|make punishable|shall be an offen[cs]e|commits? a crime|"
    # obligations of the drafts' own wording: "make it a crime", "punish as a crime",
    # "treat as a criminal offence", "necessary to punish a person who"
    r"make it a crime|(?:is|shall be) a crime|"
    r"(?:punish|treat|penali[sz]e|sanction)\w* as (?:a )?(?:criminal )?(?:offen[cs]es?|crimes?)|"
    r"(?:shall|to) punish (?:a|any|every) person)\b")
DEFINING_CUE = re.compile(
    r"\b(?:means|includes?|is (?:un)?authori[sz]ed (?:if|where|unless)|takes? place (?:if|when|"
    r"where)|for the purposes? of|(?:is|shall be) presumed|a reference to|shall not be refused "
    r"in evidence|is evidence|in this (?:act|part|section|law|chapter|convention|code|directive)|"
    r"refers to|shall (?:notify|report))\b")
REFERENCE_CUE = re.compile(
    r"\b(?:offen[cs]es? (?:under|established (?:in|under|by)|referred to in|set (?:out|forth) in|"
    r"provided for (?:in|by)|prescribed (?:in|by)|covered by|stipulated in|in) "
    r"(?:this|these|the preceding|sections?|articles?|§)|proceeds)")
PROCEDURAL_CUE = re.compile(
    r"\b(?:(?:obstruct|frustrat|delay)\w* (?:\w+ ){0,4}investigation|"
    r"(?:order|warrant|notice|direction)s? (?:issued|made|given|served) under|"
    r"fails? (?:\w+ ){0,3}to comply with|subject of (?:an? )?(?:order|warrant))")
# Each cue's marker term and pattern, in the order ``analyze`` adds them.
CUES = (("c:cue:offence", OFFENCE_CUE), ("c:cue:defining", DEFINING_CUE),
        ("c:cue:reference", REFERENCE_CUE), ("c:cue:procedural", PROCEDURAL_CUE))
MAX_CUE_COUNT = 3


# The cue counts of the last texts asked about, oldest first: the analyzer and the
# reading of a provision's structure (``cli.structure``) both need them, and each search
# runs over the whole text. Bounded in entries (a JSONL block of some 550 records and
# its parts fits) and in characters held, so the texts it keeps alive stay small.
_CUE_MEMO: dict[str, tuple[int, ...]] = {}
_CUE_MEMO_MAX = 1024
_CUE_MEMO_CHARS = 4_000_000
_cue_memo_chars = 0


def cue_counts(text: str) -> tuple[int, ...]:
    """How often each cue of ``CUES`` occurs in ``text``, up to three each."""
    found = _CUE_MEMO.get(text)
    if found is not None:
        return found
    low = text.lower()
    counts: list[int] = []
    for _, pattern in CUES:
        n = 0
        for _ in pattern.finditer(low):
            n += 1
            if n == MAX_CUE_COUNT:
                break
        counts.append(n)
    found = tuple(counts)
    _remember_cues(text, found)
    return found


def _remember_cues(text: str, counts: tuple[int, ...]) -> None:
    """Keep ``text``'s cue counts, forgetting the oldest past either bound."""
    global _cue_memo_chars
    if len(text) > _CUE_MEMO_CHARS:
        return
    while _CUE_MEMO and (len(_CUE_MEMO) >= _CUE_MEMO_MAX
                         or _cue_memo_chars + len(text) > _CUE_MEMO_CHARS):
        oldest = next(iter(_CUE_MEMO))
        del _CUE_MEMO[oldest]
        _cue_memo_chars -= len(oldest)
    _CUE_MEMO[text] = counts
    _cue_memo_chars += len(text)


def has_offence_cue(text: str) -> bool:
    """Whether ``text`` has an offence cue: one search, unless its counts are known."""
    found = _CUE_MEMO.get(text)
    return found[0] > 0 if found is not None else OFFENCE_CUE.search(text.lower()) is not None


def cue_terms(text: str) -> list[str]:
    """Each cue's marker once per occurrence in ``text``, up to three."""
    return [term for (term, _), n in zip(CUES, cue_counts(text), strict=True)
            for _ in range(n)]


# The suffixes, in the order they are tried, under their last letter: a word is tested
# only against the suffixes it could end with, which keeps the order that matters.
_SUFFIXES_BY_END: dict[str, tuple[str, ...]] = {
    end: tuple(x for x in SUFFIXES if x.endswith(end)) for end in {x[-1] for x in SUFFIXES}}


def stem(word: str) -> str:
    """Strip one common English suffix, keeping at least four letters ("access" stays)."""
    for suffix in _SUFFIXES_BY_END.get(word[-1:], ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word if word.endswith("ss") and suffix == "s" else word[: -len(suffix)]
    return word


def _word_concepts(word: str) -> tuple[str, ...]:
    """The concepts of ``CONCEPT_WORDS`` that ``word`` marks, in that order."""
    found = {name for prefix, name in _PREFIXES.get(word[:_HEAD], ()) if word.startswith(prefix)}
    found.update(_WHOLE.get(word, ()))
    return tuple(name for name in CONCEPT_WORDS if name in found) if found else ()


# A memo of each word's stem and concepts: words repeat, and this is the analyzer's main cost.
_WORDS: dict[str, tuple[str, tuple[str, ...]]] = {}
_WORDS_MAX = 200_000


def lookup_word(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's stem and the concepts it marks, remembered."""
    found = _WORDS.get(word)
    if found is None:
        found = (stem(word), _word_concepts(word))
        if len(_WORDS) < _WORDS_MAX:
            _WORDS[word] = found
    return found


def _stems(text: str) -> list[str]:
    return [lookup_word(w)[0] for w in TOKEN.findall(text)]


def _phrase_keys(phrases: str) -> list[str]:
    return [" ".join(_stems(p)) for p in phrases.split("|")]


# Each concept phrase, as its stems joined by spaces, and its concept.
PHRASES = {key: name for name, phrases in CONCEPT_PHRASES.items() for key in _phrase_keys(phrases)}
# The word pairs that are a phrase or begin one: most texts have none, and skip the search.
_PHRASE_PAIRS = frozenset(" ".join(key.split()[:2]) for key in PHRASES)


def analyze(text: str) -> list[str]:
    """The terms of ``text``: stemmed words and word pairs, heading words, concepts."""
    low = text.lower()
    memo = _WORDS.get  # looked up here first: a call to lookup_word costs more than a hit
    found = [memo(token) or lookup_word(token) for token in TOKEN.findall(low)]
    words = [stemmed for stemmed, _ in found]
    terms = [w for w in words if w not in STOP_WORDS]
    pairs = [f"{a} {b}" for a, b in pairwise(words)]
    terms += pairs
    counts = dict.fromkeys(CONCEPT_WORDS, 0)
    for name in [name for _, concepts in found for name in concepts]:
        counts[name] += 1
    if not _PHRASE_PAIRS.isdisjoint(pairs):
        for k in [k for k, pair in enumerate(pairs) if pair in _PHRASE_PAIRS]:
            name = PHRASES.get(pairs[k])
            if name is None and k + 2 < len(words):
                name = PHRASES.get(f"{pairs[k]} {words[k + 2]}")
            if name is not None:
                counts[name] += 1
    head, _, body = low.strip().partition("\n")
    if body and len(head) < HEADING_MAX:
        terms += ["h:" + w for w in _stems(head) if w not in STOP_WORDS]
    markers = MARKERS["ict" if counts["ict"] else "noict"]
    for name, n in counts.items():
        terms += [markers[name]] * min(n, MAX_CONCEPT_COUNT)
    return terms + cue_terms(text)
