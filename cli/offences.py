"""Which offences a draft creates, and which of them go beyond the cybercrime treaties.

The treaty counterparts of each offence type are data (``data/counterparts.json``,
sources and judgements in ``data/COUNTERPARTS.md``): the article of the Budapest
Convention (ETS 185), of its First Additional Protocol (ETS 189) and of the UN
Convention against Cybercrime (2024) that asks for the same offence. An offence type
with none is *beyond the treaties*. Everything here works on plain values: types,
labels and provision references as strings.
"""

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

__all__ = ["SPEECH_TYPES", "TREATY_KEYS", "CounterpartTable", "OffenceRow", "OffenceSummary",
           "beyond_treaties", "counterparts", "coverage", "headline", "load_table",
           "summarise_offences", "type_name"]

TREATY_KEYS = ("budapest", "budapest_protocol", "un")
BUDAPEST_FAMILY = ("budapest", "budapest_protocol")
# Content offences, the ones human-rights analyses of cybercrime laws look at first.
SPEECH_TYPES = ("defamation-insult", "false-information", "hate-speech",
                "public-order-state-security", "terrorism-extremism")
OFFENCE_LABELS = ("cyber-dependent", "cyber-enabled")
TABLE_NAME = "counterparts.json"


class TableError(ValueError):
    """The counterpart table is malformed."""


class CounterpartTable(NamedTuple):
    """Each offence type's treaty articles, and each treaty's offence articles."""

    types: Mapping[str, Mapping[str, str]]  # offence type -> treaty key -> article(s)
    articles: Mapping[str, Mapping[str, str]]  # treaty key -> article -> short description
    treaties: Mapping[str, Mapping[str, str]]  # treaty key -> name, short, reference

    @classmethod
    def from_json(cls, data: Mapping) -> "CounterpartTable":
        """The table of a parsed ``counterparts.json``, checked."""
        try:
            types = {str(t): {str(k): str(v) for k, v in entry.items()}
                     for t, entry in data["types"].items()}
            articles = {str(k): {str(a): str(d) for a, d in v.items()}
                        for k, v in data["articles"].items()}
            treaties = {str(k): {str(f): str(x) for f, x in v.items()}
                        for k, v in data["treaties"].items()}
        except (KeyError, TypeError, AttributeError):
            raise TableError("not a counterpart table (types, articles, treaties)") from None
        for t, entry in types.items():
            for key, value in entry.items():
                if key not in TREATY_KEYS:
                    raise TableError(f"{t}: unknown treaty {key!r}")
                unknown = [a for a in article_numbers(value) if a not in articles.get(key, {})]
                if unknown:
                    raise TableError(f"{t}: {key} has no offence article {', '.join(unknown)}")
        return cls(types, articles, treaties)


def article_numbers(value: str) -> list[str]:
    """The articles a table value names: "7" or a range such as "2-6"."""
    first, _, last = value.partition("-")
    if not first.isdigit() or (last and not last.isdigit()):
        raise TableError(f"{value!r} is not an article number or a range of them")
    if not last:
        return [first]
    return [str(n) for n in range(int(first), int(last) + 1)]


def default_table_path() -> Path:
    """``counterparts.json`` installed beside the package, or in ``data/`` of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "treaties" / TABLE_NAME, here.parent / "data" / TABLE_NAME):
        if candidate.is_file():
            return candidate
    return here.parent / "data" / TABLE_NAME


@lru_cache(maxsize=4)
def load_table(path: Path | None = None) -> CounterpartTable:
    """The counterpart table, read once."""
    path = path or default_table_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TableError(f"{path}: unreadable counterpart table ({exc.__class__.__name__})") \
            from None
    return CounterpartTable.from_json(data)


def counterparts(offence_type: str, table: CounterpartTable | None = None) -> dict[str, str]:
    """The treaty articles matching a type, e.g. {"budapest": "2", "un": "7"}; empty for a
    type beyond the treaties and for a type that is no offence."""
    return dict((table or load_table()).types.get(offence_type, {}))


def is_offence_type(offence_type: str, table: CounterpartTable | None = None) -> bool:
    return offence_type in (table or load_table()).types


def beyond_treaties(offence_type: str, table: CounterpartTable | None = None) -> bool:
    """Whether an offence type has no counterpart in any of the treaties (never true of a
    type that is no offence)."""
    table = table or load_table()
    return offence_type in table.types and not table.types[offence_type]


def coverage(offence_type: str, table: CounterpartTable | None = None) -> str:
    """``both``, ``budapest`` (the Convention or its Protocol only), ``un`` (only),
    ``beyond``, or ``""`` for a type that is no offence."""
    table = table or load_table()
    if offence_type not in table.types:
        return ""
    entry = table.types[offence_type]
    budapest, un = any(k in entry for k in BUDAPEST_FAMILY), "un" in entry
    if budapest and un:
        return "both"
    return "budapest" if budapest else "un" if un else "beyond"


# Types whose name joins two things with a hyphen, in words.
TYPE_WORDS = {
    "defamation-insult": "defamation or insult",
    "harassment-stalking-threats": "harassment, stalking or threats",
    "public-order-state-security": "public order or state security",
    "terrorism-extremism": "terrorism or extremism",
    "theft-extortion": "theft or extortion",
    "trafficking-gambling": "trafficking or gambling",
}


def type_name(offence_type: str) -> str:
    """A type in words: "false-information" -> "false information"."""
    return TYPE_WORDS.get(offence_type) or offence_type.replace("-", " ")


class OffenceRow(NamedTuple):
    """A classified provision, as the offence summary needs it."""

    ref: str
    label: str
    type: str


class OffenceSummary(NamedTuple):
    """What offences a draft creates and how far they match the treaties."""

    type_counts: dict[str, int]  # every provision's type, most frequent first
    offences: int
    within_both: tuple[str, ...]  # refs
    budapest_only: tuple[str, ...]
    un_only: tuple[str, ...]
    beyond: tuple[tuple[str, str], ...]  # (ref, type) of offences beyond both treaties
    speech: tuple[tuple[str, str], ...]  # (ref, type) of speech offences

    @property
    def headline(self) -> str:
        return headline(self.offences, self.beyond)

    def as_dict(self) -> dict:
        return {
            "type_counts": dict(self.type_counts),
            "within_both_treaties": len(self.within_both),
            "within_budapest_only": len(self.budapest_only),
            "within_un_only": len(self.un_only),
            "beyond_treaties": [{"ref": r, "type": t} for r, t in self.beyond],
            "speech_offences": [{"ref": r, "type": t} for r, t in self.speech],
            "headline": self.headline,
        }


def summarise_offences(rows: Iterable[OffenceRow],
                       table: CounterpartTable | None = None) -> OffenceSummary:
    """Counts per type, treaty coverage of the offences, speech offences, the headline."""
    table = table or load_table()
    rows = list(rows)
    counts = Counter(r.type for r in rows)
    offences = [r for r in rows if r.label in OFFENCE_LABELS]
    where = {r: coverage(r.type, table) for r in offences}
    return OffenceSummary(
        type_counts=dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        offences=len(offences),
        within_both=tuple(r.ref for r in offences if where[r] == "both"),
        budapest_only=tuple(r.ref for r in offences if where[r] == "budapest"),
        un_only=tuple(r.ref for r in offences if where[r] == "un"),
        beyond=tuple((r.ref, r.type) for r in offences if where[r] == "beyond"),
        speech=tuple((r.ref, r.type) for r in offences if r.type in SPEECH_TYPES),
    )


def headline(offences: int, beyond: Iterable[tuple[str, str]]) -> str:
    """"5 of 19 offences go beyond the Budapest and UN conventions: Article 21 (false
    information), ..." from the number of offences and the (ref, type) beyond them."""
    beyond = list(beyond)
    if not offences:
        return "The text creates no offences."
    if not beyond:
        noun = "The offence has" if offences == 1 else f"All {offences} offences have"
        return f"{noun} a counterpart in the Budapest or UN conventions."
    verb = "goes" if len(beyond) == 1 else "go"
    noun = "offence" if offences == 1 else "offences"
    refs = ", ".join(f"{ref} ({type_name(t)})" for ref, t in beyond)
    return (f"{len(beyond)} of {offences} {noun} {verb} beyond the Budapest and UN "
            f"conventions: {refs}")
