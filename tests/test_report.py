"""The breakdown: counts, shares among offences, breadth, uncertain and flagged provisions."""

from __future__ import annotations

from cli.classify import Classified, DocumentResult, Prediction
from cli.report import breadth, summarise, summarise_all
from cli.segment import Provision


def item(ref: str, label: str, conf: float, review: str | None = None) -> Classified:
    p = Provision(ref, ref.split()[-1], "", None, 1, 1, ref)
    return Classified(p, Prediction(label, conf, {label: conf}, review))


def doc(*items: Classified, source: str = "d.txt") -> DocumentResult:
    return DocumentResult(source, "text:utf-8", False, items)


def test_counts_and_shares() -> None:
    d = doc(item("Article 1", "other", 0.9), item("Article 2", "cyber-dependent", 0.95),
            item("Article 3", "cyber-enabled", 0.5, "low confidence"),
            item("Article 4", "cyber-enabled", 0.8))
    s = summarise(d, 0.6)
    assert s.counts == {"cyber-dependent": 1, "cyber-enabled": 2, "other": 1}
    assert s.offences == 3
    assert abs(s.enabled_share - 2 / 3) < 1e-12 and abs(s.dependent_share - 1 / 3) < 1e-12
    assert s.uncertain == ("Article 3",)
    assert s.flagged == ("Article 3",)
    assert s.share("other") == 0.25
    total = summarise_all([d, doc(item("Section 1", "other", 0.99), source="e.txt")], 0.6)
    assert total.provisions == 5
    assert total.uncertain == ("d.txt: Article 3",)


def test_no_offences() -> None:
    s = summarise(doc(item("Article 1", "other", 0.9)), 0.6)
    assert (s.offences, s.dependent_share, s.enabled_share) == (0, 0.0, 0.0)
    assert s.breadth == "no offences"


def test_breadth_words() -> None:
    assert breadth(4, 0.25).startswith("narrow")
    assert breadth(4, 0.5).startswith("mixed")
    assert breadth(4, 0.75).startswith("broad")
