"""The words the safeguard checks look for, as compiled patterns.

Every pattern is linear-time: single bounded quantifiers over character classes, no
nested repetition over user text. Patterns are case-insensitive unless noted.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

_I = re.IGNORECASE


def _ws(pattern: str) -> str:
    """A space outside a character class matches any run of whitespace: drafts are
    hard-wrapped ('without\\nright')."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif ch == " " and not in_class:
            out.append(r"\s+")
        else:
            out.append(ch)
    return "".join(out)


class LazyPattern:
    """A pattern compiled on first use: the checks hold some seventy patterns, and compiling
    them all costs more than a classify run's start-up, so a run that asks for no
    safeguard check compiles none."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize
                 ) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)


def _c(pattern: str, flags: int = 0) -> LazyPattern:
    """A lazy pattern over lower-cased text (see ``lower``): matching without IGNORECASE
    is several times faster."""
    return LazyPattern(_ws(pattern), flags & ~re.IGNORECASE)


def lower(text: str) -> str:
    """Lower case, one character for one, so that offsets stay those of ``text``."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


NUM = (r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
       r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
       r"seventy|eighty|ninety|hundred|half)")

# --- offence elements ------------------------------------------------------------------
INTENT = _c(
    r"\b(?:intentional(?:ly)?|knowingly|knowing|with (?:the )?knowledge|requisite knowledge|"
    r"wil(?:l)?ful(?:ly)?|"
    r"(?:with|requisite|dishonest|fraudulent|criminal|specific) (?:the )?intent|"
    r"with (?:the |an |a |specific )?intent(?:ion)?|intent(?:ion)? (?:to|that|of)|"
    r"intend(?:s|ing) to|dishonestly|fraudulently|maliciously|purposely|purposefully|"
    r"deliberately|with (?:the )?(?:aim|purpose|object) of|corruptly|mens rea|"
    r"(?:scheme|artifice|plan) to defraud|meaning (?:it |them |that )?to|intending|knows|knew|"
    r"in order to)\b", _I)
# Recklessness or negligence without a word of intent does not count.
RECKLESS = _c(r"\b(?:reckless(?:ly|ness)?|negligen(?:t|tly|ce)|having reason to believe|"
                      r"ought reasonably to have known|ought to have known|"
                      r"conscious(?:ly)? disregard\w*)\b", _I)
# Text that takes the mental element away.
INTENT_REMOVED = _c(
    r"\b(?:(?:immaterial|irrelevant|no defen[cs]e)\s+(?:that|whether)\s+(?:or not\s+)?"
    r"(?:the (?:person|accused|offender|defendant)|he|she|they|it)\b[^.;]{0,80}?"
    r"\b(?:intend|kn[eo]w|meant)"
    r"|whether or not (?:the (?:person|accused|offender)|he|she|they) (?:intended|knew)"
    r"|regardless of (?:whether|the) (?:person's |offender's )?(?:intent|knowledge)"
    r"|(?:no|without (?:any )?(?:need|proof) of) (?:intent|intention|knowledge|mental element)"
    r" (?:is |need be |shall be )?(?:required|proved|proven)"
    r"|strict liability)", _I)

UNLAWFUL = _c(
    r"\b(?:without (?:a |any |the |his |her |their |its |prior |due |proper |express ){0,2}"
    r"(?:right|lawful (?:excuse|justification|authority|reason)|"
    r"legal (?:excuse|justification|authority|basis)|reasonable excuse|authori[sz]ation|"
    r"authority|permission|legitimate (?:reason|excuse|authority|justification|purpose)|"
    r"(?:being|having been|having) (?:duly )?(?:authori[sz]ed|entitled)|"
    r"(?:the |his |her |their |express |prior |lawful )?(?:express |or implied |implied )?consent)|"
    r"unauthori[sz]ed|unlawfully|illegally|wrongfully|illicitly|"
    r"unlawful (?:access|interception|use|entry|acquisition|disclosure|interference|possession)|"
    r"not (?:being )?entitled|(?:does|did) not have (?:the )?(?:express |implied |lawful )?"
    r"(?:or implied |or express )?(?:consent|authori[sz]ation|authority|permission)|"
    r"in excess of (?:his |her |their |its )?(?:authority|authori[sz]ation)|"
    r"exceed(?:s|ing)? (?:his |her |their |its )?"
    r"(?:authori[sz]ed access|authority|authori[sz]ation)|"
    r"contrary to (?:law|the law)|not (?:being )?(?:duly )?authori[sz]ed|"
    r"beyond (?:the )?(?:scope|limits) of (?:his |her |their |its |the )?(?:authori[sz]ation|"
    r"authority|permission)|(?:has|have|had|having) no (?:\w+ )?(?:right|permission|"
    r"authority|authori[sz]ation|consent)|no (?:lawful )?(?:authority|permission|right) to|"
    r"(?:goes|going|went|go) beyond (?:the |his |her |their |its )?(?:permission|authority|"
    r"authori[sz]ation))\b", _I)
# An exception for consent or authorisation (in an exemption clause) counts as the element.
CONSENT_EXCEPTION = _c(
    r"\b(?:consent|authori[sz]ation|authori[sz]ed by law|lawful authority|under the authority of|"
    r"licen[cs]e|in accordance with (?:a |an )?(?:warrant|authori[sz]ation|order)|entitled)\b", _I)
EXEMPTION_CLAUSE = _c(
    r"\b(?:does not apply|do not apply|shall not apply|is not an offen[cs]e|is not guilty|"
    r"no offen[cs]e is committed|shall not be (?:construed|interpreted) as|"
    r"nothing in (?:this|section|subsection|article|paragraph)|unless\b|"
    r"except (?:where|when|if)|shall not be liable|"
    r"is a defen[cs]e|it shall be a defen[cs]e)", _I)

# --- what makes a passage an offence ----------------------------------------------------
OFFENCE_CUE = _c(
    r"\b(?:commits? (?:an |the )?(?:offen[cs]e|crime|felony|misdemeanou?r)|"
    r"(?:is|are|shall be) guilty of|(?:shall be|is|are) (?:liable|punish(?:ed|able))|"
    r"shall be (?:fined|imprisoned|sentenced)|"
    r"establish as (?:a )?criminal offen[cs]es?|shall (?:not|never)\b(?![\s,]{1,3}(?:be|apply|"
    r"affect|prejudice|limit|exceed|derogate)\b)|"
    r"is an offen[cs]e|constitutes? (?:an |the )?offen[cs]e|commits the crime|"
    r"(?:make|makes|making|treat) (?:it|such conduct|the following) (?:a |an )?(?:criminal )?"
    r"offen[cs]es?|criminali[sz]e|shall (?:be|constitute) (?:a |an )?(?:criminal )?offen[cs]e)", _I)
PROHIBITION = _c(r"\bshall not\b", _I)
# A passage whose conduct is only a reference to another passage of the provision.
PENALTY_ONLY = _c(
    r"\b(?:contravenes?|fails? to comply with|breach(?:es)?)\s+(?:the provisions of\s+)?"
    r"(?:sub-?section|paragraph|this section|section|article)|"
    r"(?:commits|convicted of) an offen[cs]e (?:under|in terms of|referred to in) "
    r"(?:this (?:section|article)|sub-?section|paragraph)|"
    r"^(?:\(\S{1,6}\)\s*)?(?:any|every|a) person (?:who|that) commits an offen[cs]e under|"
    r"^(?:\(\S{1,6}\)\s*)?(?:if|where) [^,;]{0,120}\boffen[cs]e\b|"
    r"^(?:\(\S{1,6}\)\s*)?(?:an|the|any|every) offen[cs]e (?:under|against|in) this|"
    r"^(?:\(\S{1,6}\)\s*)?(?:any|every|a|the) person (?:who is )?(?:convicted|guilty) of "
    r"(?:an |the )?offen[cs]e", _I)
# the heading of a definitions provision
DEFINITIONS_HEADING = _c(r"\b(?:definitions?|interpretation|use of terms|meaning of)\b")
DEFINITION_PASSAGE = _c(
    r"^(?:\(\S{1,6}\)\s*)?(?:for the purposes? of|in this (?:section|article)|"
    r"[\"“”']?\s*[\w ,-]{2,60}?[\"“”']?\s+(?:means|includes|is the use|refers to))", _I)
NAMED_TERM_CONDUCT = _c(
    r"\b(?:commits|carries out|engages in|is guilty of)\s+(?:the (?:offen[cs]e|crime) of\s+)?"
    r"(?P<term>[a-z][a-z -]{2,40}?)\s+(?:commits|is liable|shall|and is|is guilty|,)", _I)
# Offences named by a legal category rather than described (their elements are set by the
# law that defines the category).
NAMED_CATEGORY = _c(
    r"\b(?:criminal offen[cs]es?|offen[cs]e of|crime of)\s+(?:to\s+(?:engage in|commit)\s+)?"
    r"(?:the (?:offen[cs]e|crime) of\s+)?(?P<name>money[ -]laundering|laundering of proceeds|"
    r"theft|fraud|forgery|extortion|terrorism|genocide|trafficking in persons|"
    r"infringement of copyright)\b", _I)

# A reference to another provision or part of this one ("an offence under section 12").
REFERENCE = _c(
    r"\b(?P<kind>sections?|articles?|sub-?sections?|paragraphs?|arts?\.|ss?\.)\s+"
    r"(?P<num>\(?[0-9]{1,4}[A-Za-z]?(?:\.[0-9]{1,3})?\)?(?:\([0-9a-z.]{1,5}\)){0,3})"
    r"(?=(?P<more>[\s,0-9A-Za-z().]{0,50}))", _I)
NAMED_OFFENCE_REF = _c(
    r"\b(?:an? |the |any )?(?:offen[cs]es?|acts?|conduct)\s+(?:specified |referred to |established "
    r"|set out |described )?(?:under|in|by|in accordance with|pursuant to)\s+(?:any of\s+)?"
    r"(?:sub-?sections?|sections?|articles?|paragraphs?|arts?\.)\s+\(?[0-9a-z]", _I)

# Letter items of a list: "(a) ", "a) ", "(iv) "
LETTER_ITEM = _c(r"(?:(?<=\s)|(?<=^)|(?<=[—–:;-]))\(?([a-z]|[a-z]\.\d)\)\s", re.MULTILINE)
SUBSECTION = LazyPattern(r"(?:(?<=^)|(?<=\n)|(?<=[.;:—–\]]\s)|(?<=[.;:—–]))"
                        r"\((\d{1,3}(?:\.\d{1,2})?[A-Za-z]?)\)\s")
# "(a) Offence.—Whoever ..." at the start of a line: a lettered subsection (US-code style)
LINE_LETTER = _c(r"(?m)^[ \t]*\(([a-z])\)\s", 0)
# A qualifier after the last item that governs all items (", with fraudulent intent").
TAIL_QUALIFIER = _c(r",\s*(?:and\s+)?(?:with|knowing|intending|without)\b[^;]{0,160}$", _I)

# --- content offences -------------------------------------------------------------------
CONTENT_CONDUCT = _c(
    r"\b(?:publish\w*|send\w*|sent|shar(?:e|es|ed|ing)|transmit\w*|distribut\w*|disseminat\w*|"
    r"circulat\w*|post(?:s|ed|ing)?|broadcast\w*|writ(?:e|es|ing)|wrote|upload\w*|"
    r"make[s]? available|making available|possess\w*|communicat\w*|display\w*|"
    r"request, suggestion|propos\w+|spread\w*|produc\w+|offer\w*|utter\w*|insult\w*)\b", _I)
VAGUE = _c(
    r"\b(?:(?:false|fake|misleading)(?:\s+(?:news|information|statements?|reports?|data|"
    r"content|messages?|rumou?rs?))?(?!\s+(?:identit|pretence|pretense|name|document|header|"
    r"instrument|representation of identity))|deceptive|inaccurate|untrue|rumou?rs?|"
    r"insult\w*|humiliat\w*|offensive|annoy\w*|inconvenience|indecent|immoral\w*|obscen\w*|lewd|"
    r"lascivious|hatred|strife|discord|sectarian\w*|enmity|hostility|ill[- ]will|"
    r"divisions? among|ridicul\w*|degrad(?:e|es|ing)|demean\w*|glorif\w*|"
    r"public (?:order|peace|tranquill?ity|security|morals?|decency)|good morals|"
    r"national (?:unity|interests?|prestige|cohesion)|dignity of the state|prestige of the state|"
    r"security of the state|state security|religious feelings|blasphem\w*|extremis[mt]\w*|"
    r"undermin\w+ (?:public |the )?confidence|prejudicial to|"
    r"malicious (?:information|content|communication|message|material|statement)s?|"
    r"sedition|seditious|subversive|propaganda|contrary to (?:public )?(?:morals|morality|"
    r"decency)|offend\w* (?:the )?(?:religious )?(?:beliefs|sentiments|feelings)|"
    r"reputation of the state|disturb\w* (?:the )?(?:public|peace)|panic)\b", _I)
CHILD_CONTEXT = _c(r"\bchild(?:ren)?\b|\bminors?\b", _I)
CHILD_ONLY_TERMS = _c(r"^(?:indecent|obscen\w*|lewd|lascivious)$", _I)

# --- penalties --------------------------------------------------------------------------
_TERM = rf"(?P<n>{NUM}(?:[ -](?:{NUM}))?)\s+(?P<unit>years?|months?)"
MAX_TERM = _c(
    rf"\b(?:not exceeding|not more than|up to|maximum (?:term )?of|no more than|"
    rf"exceeding not|at most)\s+{_TERM}", _I)
MIN_TERM = _c(rf"\b(?:not less than|at least|minimum (?:term )?of|no less than)\s+{_TERM}",
                      _I)
PLAIN_TERM = _c(
    rf"\bimprison\w*\s+(?:for\s+|of\s+)?(?:a term of\s+|a period of\s+)?{_TERM}", _I)
RANGE_TERM = _c(rf"\bfrom\s+{NUM}\s+(?:years?\s+|months?\s+)?to\s+{_TERM}", _I)
LIFE = _c(r"\bimprisonment for life\b|\blife imprisonment\b", _I)
IMPRISONMENT = _c(r"\bimprison\w*|\bdeprivation of liberty\b|\bjail\b", _I)
PENALTY_BY_REFERENCE = _c(
    r"\b(?:punishment|penalty|penalties|sentence) "
    r"(?:prescribed|provided|specified|set out|laid down) (?:for|in|under|by)\b|"
    r"\bliable (?:to|on conviction to) the (?:same )?(?:punishment|penalty)|"
    r"\bas (?:prescribed|provided) (?:in|under|by) (?:section|article)", _I)

# --- online aggravation -----------------------------------------------------------------
OTHER_LAW = _c(
    r"\b(?:under|against|protected (?:under|by)|prescribed (?:by|under)|defined (?:in|by|under)|"
    r"punishable under|created by)\s+(?:any|another|other)\s+(?:other\s+)?(?:written\s+)?"
    r"(?:law|laws|enactment|act|statute|legislation|penal (?:law|code)|criminal law)\b", _I)
BY_COMPUTER = _c(
    r"\b(?:by (?:means|use) of|through|using|uses?|with the (?:use|aid) of|via)\s+(?:a |an |any )?"
    r"(?:computer|information (?:and communications? )?(?:technology|system)|ict|electronic|"
    r"network|internet|social media)", _I)

# --- misuse of devices / exemptions -----------------------------------------------------
DEVICE_OBJECT = _c(
    r"\b(?:device|computer program|programme|software|tool|malware|password|access code|"
    r"passcode|credentials?)\b", _I)
DEVICE_DEALING = _c(
    r"\b(?:produc\w+|sell\w*|sale|sold|procur\w+|import\w*|export\w*|distribut\w+|possess\w*|"
    r"supply|supplies|supplied|making available|make available|makes available|offer\w*|"
    r"disclos\w+|deal\w* (?:with|in)|design\w*|adapt\w*|obtain\w*|purchas\w+|buy\w*)\b", _I)
TESTING_EXEMPTION = _c(
    r"\b(?:authori[sz]ed (?:security )?test\w*|testing|penetration test\w*|security research\w*|"
    r"research(?:er)?s? (?:purposes?|in good faith)|protection of (?:a|the|any) (?:computer|"
    r"information|ict)\b|protect(?:ing)? (?:a|the|any) (?:computer|information|ict|network)\b|"
    r"management or protection|legitimate purpose|bona fide (?:purpose|research)|"
    r"not (?:for the purpose of|intended for) committing|ethical hacking|vulnerability "
    r"(?:research|disclosure)|responsible disclosure|academic research)", _I)
PUBLIC_INTEREST = _c(
    r"\b(?:journalis\w+|public interest|whistle-?\s?blow\w*|protected disclosure|"
    r"security research\w*|authori[sz]ed (?:security )?test\w*|testing or protection|"
    r"protection of (?:a|the|any) (?:computer|information|ict)\b|"
    r"protect(?:ing)? (?:a|the|any) (?:computer|information|ict|network)\b|"
    r"management or protection|press freedom|freedom of expression defen[cs]e|ethical hacking|"
    r"vulnerability (?:research|disclosure)|responsible disclosure)", _I)

# --- procedural powers ------------------------------------------------------------------
EXECUTIVE = _c(
    r"\b(?:competent authorit(?:y|ies)|authorities|police(?: officer)?s?|peace officers?|"
    r"law enforcement (?:officer|agenc\w+|authorit\w+)s?|investigat\w+ officers?|"
    r"authori[sz]ed officers?|prosecutors?|public prosecutor|director of public prosecutions|"
    r"attorney[- ]general|minister|inspector[- ]general|agent of the state|officers?|"
    r"(?:public )?prosecution(?: service)?|procurator\w*|(?:security|intelligence) "
    r"(?:service|agency|agencies)|(?:the )?(?:commission|agency|regulator|authority) may)\b", _I)
JUDICIAL = _c(
    r"\b(?:(?:court|judge|magistrate|justice of the peace|tribunal|judicial (?:officer|"
    r"authority))s?\b[^.;]{0,60}?\b(?:may|shall|to)?\s*(?:issue|grant|authori[sz]e|approve|"
    r"order|give|make)|(?:apply|application|made)\b[^.;]{0,40}?\bto (?:the |a )?(?:\w+ )?(?:court|"
    r"judge|magistrate|tribunal)|(?:search )?(?:warrant|order|authori[sz]ation) (?:issued|granted|"
    r"given|made) by (?:a|the|any) (?:\w+ )?(?:court|judge|magistrate)|court order|"
    r"judicial (?:order|warrant|authori[sz]ation|approval)|order (?:of|from) (?:a|the) (?:\w+ )?"
    r"(?:court|judge)|"
    r"(?:under|by virtue of|pursuant to|in accordance with|with|on|execut\w+) (?:a|the) "
    r"(?:search )?warrant|issue a (?:search )?warrant|"
    r"warrant of (?:a|the) (?:court|judge|magistrate)|on (?:an )?application to (?:the |a )?"
    r"(?:court|judge|magistrate)|(?:approval|authori[sz]ation|leave|order) of (?:a|the) "
    r"(?:court|judge|magistrate|independent)|independent (?:authority|oversight body|"
    r"commissioner)|authori[sz]ation (?:has been |is )?(?:obtained|given|granted) "
    r"(?:pursuant to|under|by)|the judge (?:to whom|who|by whom)|(?:the )?magistrate may)", _I)
POWER = _c(
    r"\b(?:search(?:es|ed|ing)?|seiz\w+|seizure|(?:production|disclosure) order|"
    r"order\w*\b[^.;]{0,80}?\b(?:to (?:submit|produce|disclose|collect|record|"
    r"give access)|disclosure|compelling)|submit specified|intercept\w*|"
    r"collect(?:ion)? or record\w*|real[- ]time|remote(?:ly)? access\w*|forensic tool|"
    r"access(?:ing)? (?:a|the|any) (?:computer|information|ict)|enter (?:into )?(?:and search|any)"
    r"|similarly access|disclos\w+ (?:to|of) [^.;]{0,40}traffic data|expeditious disclosure)\b",
    _I)
POWER_GRANT = _c(
    r"\b(?:may|shall|to)\s+(?:be able to\s+|expeditiously\s+)?(?:issue (?:an |a )?(?:order|"
    r"warrant|notice)|order|require|compel|direct|search|seize|intercept|collect|access|enter|"
    r"extend|disclose|obtain)|\bempower\w*\b|\bauthori[sz]ing (?:an? |the )?\w+ (?:officer )?to\b|"
    r"\bensure (?:that )?(?:such )?(?:the )?expeditious", _I)
# a power that may be used "without a warrant" (or court order), even in urgent cases only
WARRANTLESS = _c(r"\bwithout (?:a |any |the |prior )?(?:search )?(?:warrant|court order|judicial "
                 r"(?:order|authori[sz]ation|approval)|(?:an? )?order (?:of|from) (?:a|the) "
                 r"(?:court|judge))", _I)
SELF_ORDER = _c(
    r"\b(?:competent authorit(?:y|ies)|authorities|police|officers?|prosecutors?|minister|"
    r"director|agent of the state|commissioner|prosecution|procurator\w*|agency)\b"
    r"[^.;]{0,160}?\b(?:may|shall)\s+(?:issue|order|require|compel|direct)\b", _I)
EMPOWER_AUTHORITY = _c(
    r"\b(?:empower|enable|permit|allow)\w*\s+(?:its |their |the )?(?:competent |law "
    r"enforcement |designated )?authorit(?:y|ies)\s+to\b|\bto (?:the|its) (?:\w+'s )?competent "
    r"authorit(?:y|ies)\b", _I)
CONTENT_INTERCEPTION = _c(
    r"\b(?:content data|content of (?:an? |the |any )?(?:electronic |private )?communications?|"
    r"private communications?|intercept\w*|interception of (?:the )?content|wiretap\w*|"
    r"communications? content)\b", _I)
TRAFFIC_REALTIME = _c(r"\breal[- ]time\b|\btraffic data\b[^.;]{0,80}\b(?:collect|record)|"
                              r"\b(?:collect|record)\w*\b[^.;]{0,80}\btraffic data\b", _I)
DURATION_LIMIT = _c(
    rf"\b(?:not exceeding|not more than|no more than|up to|no longer than|maximum (?:period |"
    rf"duration )?of|at most|shall not exceed|valid for(?: a period of)?|period of|"
    rf"for a (?:further )?period of|expire[sd]? (?:after|at the end of)|lapse[sd]? after)\s+"
    rf"(?:a (?:further )?period of\s+)?(?:up to\s+)?{NUM}\b[^.;]{{0,20}}?\b(?:days?|hours?|weeks?|"
    rf"months?|years?)\b", _I)
ANY_OFFENCE = _c(
    r"\b(?:any (?:criminal )?offen[cs]e|an? (?:criminal )?offen[cs]e (?:against|under) (?:this|"
    r"any)|offen[cs]es? against this or any other|any crime|all offen[cs]es|"
    r"an offen[cs]e (?:has been|is being|is about to be|will be) committed)", _I)
SERIOUS_RANGE = _c(
    r"\b(?:range of serious|serious (?:criminal )?offen[cs]es|serious crimes?|any felony|"
    r"offen[cs]es? (?:listed|specified|set out|enumerated) in|offen[cs]es? under (?:section|"
    r"article)s? \d|an offen[cs]e under sections? \d[^.;]{0,30}\d|punishable by (?:a )?"
    r"(?:maximum )?(?:term of )?imprisonment (?:of|for) (?:at least|not less than)|"
    r"(?:serious|bodily) harm|terrorism offen[cs]es?|the schedule)\b", _I)
INVESTIGATION_PURPOSE = _c(
    r"\b(?:for the purposes? of (?:an? |any |the )?(?:criminal )?investigation|required for the "
    r"purpose|investigation(?:s)? or proceedings?|criminal investigations?)\b", _I)
GAG = _c(
    r"\b(?:keep (?:\w+ )?(?:confidential|secret)|maintain (?:the )?(?:confidentiality|secrecy)|"
    r"confidentiality (?:order|obligation)|not (?:to )?disclose (?:the )?(?:fact|existence|"
    r"execution|making|issuing)|shall not disclose (?:to any person )?(?:the )?(?:fact|existence|"
    r"order|request))", _I)
PROVIDER = _c(r"\b(?:service providers?|providers?|operators?|licensees?|"
                      r"telecommunications? (?:compan\w+|operators?))\b", _I)
NECESSITY = _c(r"\b(?:necessary|necessity|proportionat\w+|strictly required|"
                       r"prejudice (?:the|an?) investigation)\b", _I)
COMPELLED = _c(
    r"\b(?:(?:person|anyone|individual)s? (?:who (?:has|have)|having|with) (?:\w+ )?knowledge "
    r"(?:about|of) the (?:functioning|operation|workings?)|"
    r"(?:require|compel|order|direct)\w*\s+(?:(?:any|a|the|every) person|anyone|any individual|"
    r"everyone)\b[^.;]{0,240}?"
    r"\b(?:assistance|assist|help|passwords?|keys?|decrypt\w*|access codes?|credentials)\b|"
    r"(?:electronic|decryption|encryption|cryptographic) keys? (?:enabling|to enable|necessary|"
    r"required|for)|(?:provide|disclose|surrender|produce)\w*\s+(?:any |the |their |his or her )?"
    r"(?:passwords?|decryption keys?|encryption keys?|access codes?)|decrypt\w*)", _I)
RETENTION = _c(
    r"\b(?:service providers?|providers?|operators?|licensees?)\b[^.;]{0,80}?\b(?:shall|must)\s+"
    r"(?:retain|keep|store|preserve)\b[^.;]{0,120}?\b(?:traffic|subscriber|content|"
    r"communications?|metadata|log)\b[^.;]{0,40}?\bdata\b|\bdata retention\b|\bretain\b[^.;]{0,80}?"
    r"\b(?:traffic|subscriber) data\b[^.;]{0,60}?\b(?:for|period)", _I)

# --- international cooperation ----------------------------------------------------------
MLA_STRONG = _c(
    r"\b(?:mutual (?:legal )?assistance|request (?:another|the other|any other) (?:state |"
    r"contracting )?(?:party|state)|requested (?:state |contracting )?(?:party|state) shall|"
    r"(?:execut\w+|receiv\w+|receipt of) (?:a|the|any|such) (?:\w+ )?request|request from "
    r"(?:a |any )?(?:foreign|another|other)|at the request of (?:another|a "
    r"foreign|the requesting|any other)|afford (?:one another|each other) (?:\w+ )?assistance)\b",
    _I)
MLA = _c(
    r"\b(?:mutual (?:legal )?assistance|assistance\b[^.;]{0,120}\brequest|request\b[^.;]{0,60}"
    r"\bassistance|afford (?:one another|each other) (?:\w+ )?assistance|"
    r"request(?:ing|ed)? (?:state |contracting )?(?:party|state)|"
    r"request (?:another|the other|any other) (?:state |contracting )?(?:party|state)|"
    r"another (?:state )?party to (?:order|search|disclose|preserve)|foreign (?:state|"
    r"government|authority)'?s? request|assistance (?:to|from) (?:a |another )?foreign)\b", _I)
EXTRADITION = _c(r"\bextradit\w+", _I)
CONTACT_POINT = _c(r"\bpoint of contact\b|\b24/7\b|twenty-four hour", _I)
# "may" but not the month ("12 May 2022")
OPERATIVE = _c(r"\b(?:shall|(?<!\d\s)may(?!\s\d)|must|undertakes?|agree)\b")
DUAL_CRIMINALITY = _c(
    r"\b(?:dual|double) criminality|\bpunishable under the laws? of both|"
    r"\b(?:law|laws) of both (?:states|parties|countries)\b|\b(?:an )?offen[cs]e "
    r"(?:under|in) (?:the laws? of )?both|\boffen[cs]e (?:under the law of|in) the requested|"
    r"\bcriminal (?:under|in) both|\bwould (?:also )?(?:constitute|be) an offen[cs]e (?:under|in) "
    r"the (?:law|laws) of the requested", _I)
DUAL_WAIVED = _c(
    r"\b(?:regardless|irrespective) of (?:whether|dual criminality)[^.;]{0,60}\b(?:offen[cs]e|"
    r"criminal)|\bdual criminality (?:is|shall) not (?:be )?required|\bwithout (?:regard to|"
    r"requiring) dual criminality|\bdeemed to be (?:included as )?extraditable", _I)
DEFERS = _c(
    r"\b(?:subject to (?:the )?(?:conditions|law|laws|domestic law|its domestic)|"
    r"(?:governed by|in accordance with|under|permitted (?:under|by)|consistent with) (?:the )?"
    r"(?:conditions [^.;]{0,40})?(?:its |their |the |applicable )?(?:\w+ )?(?:domestic law|"
    r"national law|laws? of the requested|applicable treaties|domestic laws)|"
    r"to the (?:fullest |full )?extent (?:possible |permitted )?under (?:relevant |the )?laws|"
    r"relevant laws, treaties)", _I)
GIVES = _c(
    r"\b(?:shall (?:afford|provide|give|render|grant|expeditiously disclose|disclose|execute|"
    r"extradite|surrender|transmit)|shall be (?:deemed|included) (?:to be )?(?:included )?as "
    r"extraditable|undertake to include)", _I)
REFUSAL_GROUND = _c(
    r"\b(?:on account of|by reason of|on (?:the )?grounds? of|because of|for reasons of)\b"
    r"[^.;]{0,80}"
    r"\b(?:sex|gender|race|religion|nationality|ethnic origin|political opinions?)\b", _I)
INTERNATIONAL = _c(
    r"\b(?:international co-?operation|(?:states? )?part(?:y|ies) shall co-?operate|co-?operate "
    r"with (?:each other|one another|foreign)|foreign (?:states?|governments?|authorit\w+)|"
    r"joint investigat\w+|another (?:state|country|party))\b", _I)
PRESERVATION_GRANT = _c(
    r"\b(?:order|obtain|require|ensure|issue|request)\w*\b[^.;]{0,80}?\b(?:preservation of|"
    r"to preserve|preserve (?:the|any|such|specified|stored))", _I)
GENERAL_CLAUSE = _c(
    r"(?:^|(?<=[.;:]\s)|(?<=\)\s)|(?<=\n))"
    r"(?:unless [^,.;]{0,80},\s*|for the purposes of this \w+,\s*)?"
    r"(?:(?:every|each|an|any|all|no) )?(?:offen[cs]es?|conduct)\s+"
    r"(?:under|in|established (?:in|under|by)|created by|set out in)"
    r"\s+this\s+(?:part|chapter|act|title|division|law|code|convention|section|subpart)\b", _I)
