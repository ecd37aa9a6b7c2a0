"""Build the long multi-part corpus records (3,000-20,000 characters) from hand-written parts.

Run from the repository root:  python data/long_sections/build.py [--check]

Inputs, all written by this project in its own words (data/build/parts/):
  whole.txt       whole long sections written in one piece; copied unchanged
  cores.txt       the opening part of each generated record: heading, section number and
                  the offence (or, for `other` records, the power, definitions or sentencing
                  rule the section is about); one core per record, never reused
  defences.txt    exceptions and defences          procedure.txt  procedure, forfeiture, venue...
  definitions.txt defined terms                    sentencing.txt  grades, aggravation, orders
  warrants.txt    steps of interception and search authorisations (procedural records)

A record is its core followed by parts drawn from the pools that match the core's
domains, rendered in the core's drafting style (US Code, Canadian Criminal Code or UK /
Commonwealth statute) until the record reaches its target length. `{a|b}` in a part is
a choice made per use, `{name}` a slot filled from the record (its offence reference,
prosecutor, currency...). Each pool part is used by at most MAX_USES records and two
records share at most MAX_SHARED pool parts, so records differ in all but short clauses.
The random generator is seeded: the output is the same on every run.

The records are appended to the style files after their hand-written records: every
record from FIRST_ID[file] on is owned by this script (--check verifies they are current).
"""

from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = HERE / "parts"
CORPUS = HERE.parent / "corpus"
SEED = 9
MAX_USES = 14
MAX_SHARED = 3
CANDIDATES = 48
# first id owned by this script in each file (the hand-written records come before it)
FIRST_ID = {"us-code": 242, "uk-commonwealth-statute": 248}  # after the structure records
STYLE_FILE = {"us": "us-code", "ca": "uk-commonwealth-statute", "uk": "uk-commonwealth-statute"}
# target length bands (characters): about 60% short, 30% medium, 10% long
BANDS = {"S": (3100, 4400), "M": (6100, 7800), "L": (12100, 13800)}
HARD_MIN, HARD_MAX = 3000, 20000

SLOTS = {
    "us": {"spelling": "us", "this": "this section", "prosecutor": "the Attorney General",
           "court": "the court", "money": "$", "act": "this title", "judge": "a district judge",
           "officer": "an investigative or law enforcement officer", "minister": "the Secretary",
           "offence": "offense"},
    "ca": {"this": "this section", "prosecutor": "the Attorney General",
           "court": "the court", "money": "$", "act": "this Act", "judge": "a judge",
           "officer": "a peace officer", "minister": "the Minister", "offence": "offence",
           "ca_term": "{liable to imprisonment for up to|liable to a prison term of up to|"
                      "punishable by imprisonment for no more than}"},
    "uk": {"this": "this section", "prosecutor": "the Director of Public Prosecutions",
           "court": "the court", "money": "£", "act": "this Act", "judge": "a judge",
           "officer": "a constable", "minister": "the Secretary of State",
           "offence": "offence"},
}


@dataclass
class Part:
    """A block of a parts file: header fields and a body."""

    id: str
    fields: dict[str, str]
    body: str
    uses: int = 0
    seen: list[set[tuple[str, ...]]] = field(default_factory=list)

    @property
    def domains(self) -> set[str]:
        return set(self.fields.get("domains", "general").split(","))

    def fits(self, style: str, domains: set[str]) -> bool:
        styles = self.fields.get("styles", "us,ca,uk").split(",")
        return style in styles and bool(self.domains & (domains | {"general"}))


@dataclass
class Draft:
    """A record being assembled."""

    core: Part
    style: str
    rng: random.Random
    target: int
    slots: dict[str, str] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)


def read_parts(name: str) -> list[Part]:
    """Parse `=== key=value; key=value` headed blocks."""
    parts = []
    text = (PARTS / name).read_text(encoding="utf-8")
    for chunk in re.split(r"^=== ", text, flags=re.M)[1:]:
        header, _, body = chunk.partition("\n")
        fields = dict(kv.strip().split("=", 1) for kv in header.split(";") if kv.strip())
        parts.append(Part(fields["id"], fields, body.strip("\n")))
    ids = [p.id for p in parts]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise SystemExit(f"{name}: duplicate ids {sorted(dupes)}")
    return parts


def fill(text: str, rng: random.Random, slots: dict[str, str], cap: bool = True) -> str:
    """Make the `{a|b}` choices and fill the `{slot}`s of a part."""
    def one(m: re.Match[str]) -> str:
        inner = m.group(1)
        if "|" in inner:
            return rng.choice(inner.split("|"))
        if inner not in slots:
            raise SystemExit(f"unknown slot {{{inner}}} in: {text[:60]!r}")
        return slots[inner]
    for _ in range(3):  # slots may hold choices
        text = re.sub(r"\{([^{}]*)\}", one, text)
    text = re.sub(r"(?<=\S)  +", " ", text).replace(" ,", ",").replace(" .", ".")
    if cap:
        text = re.sub(r"(^|\n|\. )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    text = re.sub(r"(?<![(\w])([Aa]) (?=(?:[aeio]|un[^i])[a-z])", r"\1n ", text)
    text = re.sub(r"(?<![(\w])([Aa])n (?=[bcdfgjklmnpqrstvwxyz])", r"\1 ", text)
    if slots.get("spelling") == "us":
        for uk, us in US_SPELLING:
            text = text.replace(uk, us)
    return text


US_SPELLING = [("offence", "offense"), ("Offence", "Offense"), ("defence", "defense"),
               ("Defence", "Defense"), ("authoris", "authoriz"), ("Authoris", "Authoriz"),
               ("organis", "organiz"), ("Organis", "Organiz"), ("licence", "license"),
               ("behaviour", "behavior"), ("favour", "favor"), ("programme", "program"),
               ("recognis", "recogniz"), ("judgement", "judgment"), ("practis", "practic")]


ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
         "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]


def marker(style: str, depth: int, n: int) -> str:
    """Paragraph marker: US (1)(A)(i), Canadian and UK (a)(i)(A)."""
    kinds = ["num", "upper", "roman"] if style == "us" else ["lower", "roman", "upper"]
    kind = kinds[min(depth, 2)]
    if kind == "num":
        return f"({n})"
    if kind == "roman":
        return f"({ROMAN[n - 1]})"
    letter = chr(ord("a") + n - 1)
    return f"({letter.upper() if kind == 'upper' else letter})"


def render_lists(text: str, style: str, base: int, indent: int = 4) -> str:
    """Number the `- ` and `-- ` lines of a part at list depth `base` and `base + 1`."""
    out, counts = [], [0, 0]
    for line in text.splitlines():
        m = re.match(r"^(-{1,2}) (.*)", line)
        if not m:
            out.append(line)
            continue
        depth = len(m.group(1)) - 1
        counts[depth] += 1
        if depth == 0:
            counts[1] = 0
        out.append(" " * indent * (depth + 1) + f"{marker(style, base + depth, counts[depth])} "
                   + m.group(2))
    return "\n".join(out)


class Numberer:
    """Top-level subsection refs of a record: US (c), (d)...; Canadian and UK (2), (3)..."""

    def __init__(self, style: str, start: str) -> None:
        self.style = style
        self.n = (ord(start) - ord("a")) if style == "us" else int(start) - 1

    def next(self) -> str:
        self.n += 1
        if self.style == "us":
            letters = ""
            k = self.n
            while k:
                k, r = divmod(k - 1, 26)
                letters = chr(ord("a") + r) + letters
            return f"({letters})"
        return f"({self.n})"


US_HEADS = ("The punishment for an offense under {ref} is—",
            "A person who violates {ref} shall be punished by—",
            "An offense under {ref} is punishable by—",
            "Whoever violates {ref} is subject to—")
US_FINES = ("a fine under this title", "a fine as this title provides",
            "a fine determined under this title")
US_PRISON = ("imprisonment for not more than {t}", "a prison term of up to {t}",
             "imprisonment of no more than {t}")
US_BOTH = (", or both", ", or both of them", " or both together")
US_FIRST = (" in any case not covered by a later paragraph",
            ", except as provided in the paragraphs that follow",
            " in the case of a first offense not otherwise described")
CA_FORMS = (
    "{n} Every person who commits an offence under {ref}\n"
    "    (a) is guilty of an indictable offence and {liable} {t}; or\n"
    "    (b) is guilty of an offence punishable on summary conviction.",
    "{n} A person who commits an offence under {ref} is liable\n"
    "    (a) on proceeding by indictment, to a prison term of up to {t}; or\n"
    "    (b) on proceeding summarily, to the punishment the summary conviction provisions allow.",
    "{n} The offence in {ref} may be prosecuted by indictment, in which case the maximum term"
    " is {t}, or summarily, in which case the limits that apply to summary conviction"
    " offences govern.",
)
CA_LIABLE = ("liable to a prison term of up to", "punishable by imprisonment for no more than")
CA_TAIL = ("", " and the court shall consider a custodial sentence",
           " and a conditional sentence is not available")
UK_LEADS = ("A person guilty of an offence under {ref} is liable—",
            "Whoever commits an offence under {ref} is liable—",
            "The penalties for an offence under {ref} are—")
UK_SUMMARY = ("on summary conviction, to up to {t} in prison, a fine, or both",
              "where tried summarily, to imprisonment for up to {t}, to a fine, or to both",
              "on summary conviction, to a fine, a prison term of up to {t}, or both")
UK_INDICTMENT = ("on conviction on indictment, to up to {t} in prison, a fine, or both",
                 "where tried on indictment, to imprisonment for up to {t}, to a fine, or to both",
                 "on conviction on indictment, to a fine, a prison term of up to {t}, or both")
UK_SUMMARY_LIMITS = ("6 months", "12 months", "the general limit in a magistrates' court")


def term(years: int) -> str:
    """'1 year', '5 years'."""
    return "1 year" if years == 1 else f"{years} years"


def penalty_block(d: Draft, num: Numberer, ref: str, pools: dict[str, list[Part]]) -> str:
    """The penalty subsection, worded afresh for each record: a base penalty, then higher
    maxima for aggravated cases drawn from the grades pool."""
    rng, style = d.rng, d.style
    years = sorted(rng.sample([1, 2, 3, 5, 7, 10, 14, 15, 20], rng.choice([2, 3, 3, 4])))
    base, higher = years[0], years[1:]
    conds = pick(d, pools["grades"], len(higher), cap=False)
    if style == "us":
        lines = []
        for i, y in enumerate(years):
            tail = (rng.choice(US_FIRST) if i == 0 else
                    rng.choice([", if ", ", where "]) + conds[i - 1] if i - 1 < len(conds) else "")
            prison = rng.choice(US_PRISON).format(t=term(y))
            lines.append(f"{rng.choice(US_FINES)}, {prison}{rng.choice(US_BOTH)}{tail}")
        ends = [";"] * (len(lines) - 2) + ["; and", "."]
        body = "\n".join(f"    ({i}) {t}{e}"
                         for i, (t, e) in enumerate(zip(lines, ends, strict=True), 1))
        title = rng.choice(["Punishment", "Penalties", "Sentences"])
        return f"{num.next()} {title}.—{rng.choice(US_HEADS).format(ref=ref)}\n{body}"
    if style == "ca":
        out = [rng.choice(CA_FORMS).format(n=num.next(), ref=ref, t=term(base),
                                           liable=rng.choice(CA_LIABLE))]
        for c, y in zip(conds, higher, strict=False):
            which = rng.choice(["the maximum term", "the term available"])
            out.append(f"{num.next()} Where {c}, {which} on indictment is {term(y)}"
                       f"{rng.choice(CA_TAIL)}.")
        return "\n".join(out)
    a = rng.choice(UK_SUMMARY).format(t=rng.choice(UK_SUMMARY_LIMITS))
    b = rng.choice(UK_INDICTMENT).format(t=term(base))
    out = [f"{num.next()} {rng.choice(UK_LEADS).format(ref=ref)}\n    (a) {a};\n    (b) {b}."]
    for c, y in zip(conds, higher, strict=False):
        which = rng.choice(["the maximum", "the maximum term", "the upper limit"])
        out.append(f"{num.next()} Where {c}, {which} on indictment is {term(y)} instead.")
    return "\n".join(out)


def pick(d: Draft, pool: list[Part], n: int, *, cap: bool = True) -> list[str]:
    """Up to n parts of a pool, rendered for the draft: among parts that fit its style and
    domains and are used by fewer than MAX_USES records, those that add least to what the
    draft shares with any earlier record, then the least used."""
    doms = set(d.core.fields.get("domains", "general").split(","))
    no_ict = bool(d.core.fields.get("noict"))
    cands = [p for p in pool if p.fits(d.style, doms) and p.id not in d.used
             and p.uses < MAX_USES and not (no_ict and ICT.search(p.body))]
    d.rng.shuffle(cands)
    chosen = []
    for _ in range(n):
        if not cands:
            break
        best = min(cands, key=lambda p: (max(shared(d, p), MAX_SHARED), p.uses,
                                          "general" in p.domains))
        cands.remove(best)
        best.uses += 1
        d.used.add(best.id)
        chosen.append(best)
    return [render(p, d, cap=cap) for p in chosen]


PAIRS: list[set[str]] = []
# words that give a part an ICT element; kept out of records about offences without one
ICT = re.compile(r"comput|data|electronic|online|internet|network|device|digital|program|"
                 r"system|software|telecommunication|intercept", re.I)


def shared(d: Draft, p: Part) -> int:
    """The most pool parts this draft would share with one earlier record if p were added."""
    mine = d.used | {p.id}
    return max((len(other & mine) for other in PAIRS), default=0)


def runs(text: str, n: int = 7) -> set[tuple[str, ...]]:
    """The n-word runs of a text."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def render(p: Part, d: Draft, *, cap: bool = True) -> str:
    """One use of a part: of CANDIDATES wordings, the one sharing fewest 7-word runs with
    the part's earlier uses, so that records using the same part still read differently."""
    best, best_score = "", None
    for _ in range(CANDIDATES if p.seen else 1):
        text = fill(p.body, d.rng, d.slots, cap=cap)
        mine = runs(text)
        shared_runs = [len(mine & other) for other in p.seen]
        score = (max(shared_runs, default=0), sum(shared_runs))
        if best_score is None or score < best_score:
            best, best_score = text, score
    p.seen.append(runs(best))
    return best


def build(core: Part, pools: dict[str, list[Part]], rng: random.Random) -> str:
    """One record's text: the core, then parts in the style's usual order."""
    style = core.fields["style"]
    lo, hi = BANDS[core.fields["size"]]
    d = Draft(core, style, rng, rng.randint(lo, hi), dict(SLOTS[style]))
    first = core.fields.get("ref", "(a)" if style == "us" else "(1)")
    d.slots["ref"] = f"subsection {first}"
    num = Numberer(style, core.fields.get("next", "b" if style == "us" else "2"))
    blocks = [fill(core.body, rng, d.slots)]
    kind = core.fields.get("kind", "offence")
    first_parts = {"offence": ["penalty", "defences", "definitions"],
                   "procedure": ["warrants", "warrants", "definitions"],
                   "definitions": ["definitions"],
                   "sentencing": ["sentencing", "definitions"]}[kind]
    repeat = {"offence": ["sentencing", "procedure", "defences"],
              "procedure": ["warrants", "procedure"],
              "definitions": ["procedure"],
              "sentencing": ["sentencing", "procedure"]}[kind]
    length = len(blocks[0])
    for what in first_parts + repeat * 8:
        if length >= d.target:
            break
        if what == "penalty":
            if core.fields.get("penalty") == "0":  # the core states the penalty itself
                continue
            got = penalty_block(d, num, d.slots["ref"], pools)
        else:
            got = section_block(d, num, what, pools, d.target - length)
        if got:
            blocks.append(got)
            length += len(got) + 1
    PAIRS.append(d.used)
    text = "\n".join(blocks)
    while len(text) > HARD_MAX:  # drop trailing blocks rather than exceed the band
        blocks.pop()
        text = "\n".join(blocks)
    return text


def section_block(d: Draft, num: Numberer, what: str, pools: dict[str, list[Part]],
                  room: int) -> str:
    """A subsection of defences, definitions, sentencing, procedure or warrant steps."""
    rng, style = d.rng, d.style
    n = max(1, min(rng.randint(2, 5), room // 350 + 1))
    if what == "definitions":
        want = room // 330 if d.core.fields.get("kind") == "definitions" else 3 + d.target // 1100
        items = pick(d, pools["definitions"], max(3, min(want, 40)))
        if not items:
            return ""
        items.sort(key=lambda s: s.strip('"“').lower())
        if style == "us":
            head = f"{num.next()} {rng.choice(['Definitions', 'Terms used'])}.—" + rng.choice(
                ["As used in this section—", "In this section—", "For purposes of this section—"])
            body = [f"    ({i + 1}) the term {render_lists(t, style, 1, 8).strip()}"
                    + (";" if i < len(items) - 2 else "; and" if i == len(items) - 2 else ".")
                    for i, t in enumerate(items)]
        else:
            head = f"{num.next()} " + rng.choice(
                ["In this section,", "In this section—",
                 "The following definitions apply in this section."])
            body = ["    " + render_lists(t, style, 0, 4).strip()
                    + (";" if i < len(items) - 1 else ".") for i, t in enumerate(items)]
        return head + "\n" + "\n".join(body)
    items = pick(d, pools[what], n)
    if not items:
        return ""
    out = []
    for t in items:
        title, _, body = t.partition("\n")
        ref = num.next()
        body = render_lists(body.strip(), style, 0)
        if style == "us":
            out.append(f"{ref} {title.strip().rstrip('.')}.—{body}")
        else:
            out.append(f"{ref} {body}")
    return "\n".join(out)


def records() -> dict[str, list[dict[str, str]]]:
    """All records this script owns, by style file."""
    rng = random.Random(SEED)
    pools = {name.removesuffix(".txt"): read_parts(name) for name in (
        "defences.txt", "definitions.txt", "procedure.txt", "sentencing.txt", "warrants.txt",
        "grades.txt")}
    out: dict[str, list[dict[str, str]]] = {f: [] for f in FIRST_ID}
    parts = read_parts("whole.txt") + read_parts("cores.txt")
    # build in an interleaved order so that no style family gets first pick of the pools
    order = sorted(range(len(parts)), key=lambda i: (i % 7, i))
    texts: dict[int, str] = {}
    for i in order:
        f = parts[i].fields
        texts[i] = parts[i].body if f.get("kind") == "whole" else build(parts[i], pools, rng)
    bad = [f"{p.id} ({len(texts[i])})" for i, p in enumerate(parts)
           if not HARD_MIN <= len(texts[i]) <= HARD_MAX]
    if bad:
        raise SystemExit(f"records outside {HARD_MIN}-{HARD_MAX} characters: {', '.join(bad)}")
    for i, part in enumerate(parts):
        f = part.fields
        out[STYLE_FILE[f["style"]]].append({
            "text": texts[i], "label": f["label"], "type": f["type"],
            "modeled_on": f.get("modeled_on", "none (invented)")})
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for stem, made in records().items():
        path = CORPUS / f"{stem}.jsonl"
        lines = path.read_text(encoding="utf-8").splitlines()
        kept = lines[:FIRST_ID[stem] - 1]
        new = [json.dumps({"id": f"{stem}-{FIRST_ID[stem] + i:04d}", "text": r["text"],
                           "label": r["label"], "type": r["type"], "style": stem,
                           "modeled_on": r["modeled_on"]}, ensure_ascii=False)
               for i, r in enumerate(made)]
        if check:
            if lines[FIRST_ID[stem] - 1:] != new:
                stale.append(stem)
        else:
            path.write_text("\n".join(kept + new) + "\n", encoding="utf-8")
            print(f"{path.name}: {len(kept)} hand-written + {len(new)} long records")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python data/long_sections/build.py",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
