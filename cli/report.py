"""The scope breakdown of classified drafts: counts, shares, breadth, what to review."""

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from cli import LABELS
from cli.classify import DocumentResult
from cli.offences import OffenceRow, OffenceSummary, summarise_offences

__all__ = ["BREADTHS", "Summary", "breadth", "breadth_code", "summarise", "summarise_all"]

OFFENCE_LABELS = ("cyber-dependent", "cyber-enabled")


class Summary(NamedTuple):
    """Counts and shares of one draft, or of several together."""

    provisions: int
    counts: dict[str, int]
    offences: int
    dependent_share: float
    enabled_share: float
    uncertain: tuple[str, ...]  # refs of provisions below the confidence floor
    flagged: tuple[str, ...]  # refs of provisions flagged for review, for any reason
    kinds: OffenceSummary  # types, treaty counterparts, speech offences, the headline
    # safeguard flags fired, by code; None when the checks were not run
    safeguards: dict[str, int] | None = None

    @property
    def breadth(self) -> str:
        return breadth(self.offences, self.enabled_share)

    @property
    def breadth_code(self) -> str:
        return breadth_code(self.offences, self.enabled_share)

    def share(self, label: str) -> float:
        return self.counts[label] / self.provisions if self.provisions else 0.0

    def as_dict(self) -> dict:
        return {
            "provisions": self.provisions,
            "counts": dict(self.counts),
            "offences": self.offences,
            "dependent_share": round(self.dependent_share, 4),
            "enabled_share": round(self.enabled_share, 4),
            "breadth": self.breadth_code,
            "breadth_text": self.breadth,
            "uncertain": list(self.uncertain),
            "flagged": len(self.flagged),
            **self.kinds.as_dict(),
            **({} if self.safeguards is None else {"safeguards": dict(self.safeguards)}),
        }


BREADTHS = {
    "none": "no offences",
    "narrow": "narrow: mostly cyber-dependent offences",
    "mixed": "mixed: cyber-dependent and cyber-enabled offences",
    "broad": "broad: mostly cyber-enabled offences",
}


def breadth_code(offences: int, enabled_share: float) -> str:
    """How broad the criminalisation is: none, narrow, mixed or broad (``BREADTHS``)."""
    if offences == 0:
        return "none"
    if enabled_share < 1 / 3:
        return "narrow"
    return "mixed" if enabled_share <= 2 / 3 else "broad"


def breadth(offences: int, enabled_share: float) -> str:
    """A plain-words verdict on how broad the criminalisation is."""
    return BREADTHS[breadth_code(offences, enabled_share)]


def safeguard_counts(codes: Iterable[str] | None) -> dict[str, int] | None:
    """Flags fired per code, in the order of ``cli.safeguards.CODES`` (None: not checked)."""
    if codes is None:
        return None
    from cli.safeguards.values import CODES

    counts = Counter(codes)
    return {code: counts[code] for code in CODES if counts[code]}


Row = tuple[str, str, float, float, bool, str]


def _summary(rows: Sequence[Row], safeguards: dict[str, int] | None = None) -> Summary:
    """rows: (ref, label, confidence, min_confidence, flagged, type)."""
    counts = {label: 0 for label in LABELS}
    for _, label, *_ in rows:
        counts[label] += 1
    offences = sum(counts[k] for k in OFFENCE_LABELS)
    dep = counts["cyber-dependent"] / offences if offences else 0.0
    enb = counts["cyber-enabled"] / offences if offences else 0.0
    uncertain = tuple(ref for ref, _, conf, floor, *_ in rows if conf < floor)
    flagged = tuple(ref for ref, *_, flag, _ in rows if flag)
    kinds = summarise_offences(OffenceRow(ref, label, kind) for ref, label, *_, kind in rows)
    return Summary(len(rows), counts, offences, dep, enb, uncertain, flagged, kinds, safeguards)


def _rows(doc: DocumentResult, min_confidence: float, prefix: bool) -> Iterator[Row]:
    for c in doc.provisions:
        ref = f"{doc.source}: {c.provision.ref}" if prefix else c.provision.ref
        yield (ref, c.prediction.label, c.prediction.confidence, min_confidence,
               c.prediction.review is not None, c.prediction.type)


def summarise(doc: DocumentResult, min_confidence: float,
              safeguard_codes: Iterable[str] | None = None) -> Summary:
    """The breakdown of one draft; ``safeguard_codes``: the codes of the safeguard flags
    that fired, if the checks were run."""
    return _summary(list(_rows(doc, min_confidence, prefix=False)),
                    safeguard_counts(safeguard_codes))


def summarise_all(docs: Sequence[DocumentResult], min_confidence: float,
                  safeguard_codes: Iterable[str] | None = None) -> Summary:
    """The breakdown of several drafts taken together; refs name their source."""
    return _summary([row for d in docs for row in _rows(d, min_confidence, prefix=True)],
                    safeguard_counts(safeguard_codes))
