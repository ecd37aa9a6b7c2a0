"""Reading provisions part by part, and the review reasons that flag them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from cli.classify import REVIEW_CODES, review_reasons
from cli.features import cue_terms
from cli.structure import OffencePart, PartLabel, Reading, read_provision

DEP, ENB, OTH = "cyber-dependent", "cyber-enabled", "other"


def probs(dep: float, enb: float, oth: float) -> dict[str, float]:
    return {DEP: dep, ENB: enb, OTH: oth}


def reading(p: dict[str, float], **kw) -> Reading:
    base = dict(label=max(p, key=p.__getitem__), probabilities=p, whole=p, offence_parts=(),
                part_labels=(), offence_cue=True, defining_cue=False, reference_cue=False,
                procedural_cue=False, penalty=True, long=False)
    return Reading(**{**base, **kw})


def codes(r: Reading, threshold: float = 0.6) -> list[str]:
    found = [x.code for x in review_reasons(r, threshold)]
    assert set(found) <= set(REVIEW_CODES)
    return found


def test_confidence_reasons_kept() -> None:
    assert codes(reading(probs(0.9, 0.05, 0.05))) == []
    assert codes(reading(probs(0.45, 0.40, 0.15)))[:2] == ["mixed", "close-call"]
    assert codes(reading(probs(0.05, 0.50, 0.45))) == ["close-call", "low-confidence"]
    assert codes(reading(probs(0.10, 0.55, 0.35))) == ["low-confidence"]


def test_structure_reasons() -> None:
    parts = (OffencePart("(a)", 1, 2, DEP, 0.9), OffencePart("(b)", 3, 3, ENB, 0.8))
    assert "parts-disagree" in codes(reading(probs(0.9, 0.05, 0.05), offence_parts=parts))
    long_flip = reading(probs(0.8, 0.1, 0.1), whole=probs(0.1, 0.8, 0.1), long=True,
                        offence_parts=parts[:1])
    assert "parts-disagree" in codes(long_flip)
    hidden = reading(probs(0.05, 0.05, 0.9), part_labels=(PartLabel("(1)", DEP, True),))
    assert codes(hidden) == ["offence-in-part"]
    uncued = reading(probs(0.05, 0.05, 0.9), part_labels=(PartLabel("(1)", DEP, False),))
    assert codes(uncued) == []
    by_ref = reading(probs(0.1, 0.3, 0.6), reference_cue=True, penalty=False)
    assert "offence-by-reference" in codes(by_ref, 0.5)
    assert codes(reading(probs(0.9, 0.05, 0.05), procedural_cue=True)) == ["procedural-offence"]
    assert codes(reading(probs(0.9, 0.05, 0.05), offence_cue=False)) == ["no-offence-cue"]


def fake_scores(texts: Sequence[str]) -> list[Mapping[str, float]]:
    """A stand-in scorer: access offences are dependent, long penalty text is other."""
    out = []
    for t in texts:
        if "accesses" in t and "Whoever" in t and len(t) < 400:
            out.append(probs(0.8, 0.1, 0.1))
        else:
            out.append(probs(0.2, 0.1, 0.7))
    return out


LONG = ("§ 99. Access offences\n(a) Whoever—\n(1) knowingly accesses a computer without "
        "authorization; or\n(2) traffics in passwords;\nshall be punished as provided in "
        "subsection (b).\n(b) The punishment is— " + "a fine or imprisonment, " * 120 + "or both.\n"
        "(c) In this section the term computer means a device.\n")


def test_offence_in_a_part_overrides_other() -> None:
    r = read_provision(LONG, fake_scores)
    assert r.whole[OTH] == 0.7 and r.label == DEP
    assert [(p.ref, p.start_line, p.end_line) for p in r.offence_parts] == [("(a)(1)", 2, 2)]
    assert r.probabilities[DEP] >= 0.8 and abs(sum(r.probabilities.values()) - 1) < 1e-9


def test_one_part_provision_reports_its_whole_span() -> None:
    r = read_provision("Article 2. Access\nWhoever accesses a system is punished.", fake_scores)
    assert r.label == DEP and r.part_labels == ()
    assert [(p.ref, p.start_line, p.end_line) for p in r.offence_parts] == [("", 0, 1)]
    assert read_provision("Article 3. Scope\nThis Law applies.", fake_scores).offence_parts == ()


def test_cue_terms() -> None:
    assert cue_terms("A person commits an offence if access is authorised if he is the "
                     "owner; proceeds of offences under this Act") == [
        "c:cue:offence", "c:cue:defining", "c:cue:reference", "c:cue:reference"]
    assert cue_terms("whoever " * 10).count("c:cue:offence") == 3


def test_offence_parts_get_the_drafts_line_numbers() -> None:
    from cli.classify import _absolute
    from cli.segment import Provision

    lines = ["Title", "", "Section 4. Access", "(1) A person who accesses a computer", "- 7 -",
             "commits an offence.", "(2) Penalty: a fine."]
    text = "Section 4. Access\n(1) A person who accesses a computer\ncommits an offence.\n" \
           "(2) Penalty: a fine."
    p = Provision("Section 4", "4", "Access", None, 3, 7, text)
    parts = (OffencePart("(1)", 1, 2, DEP, 0.9),)
    assert _absolute(parts, p, lines) == (OffencePart("(1)", 4, 6, DEP, 0.9),)
    record = Provision("r1", "1", "", None, 12, 12, text)  # a JSONL record on line 12
    assert _absolute(parts, record, None) == (OffencePart("(1)", 12, 12, DEP, 0.9),)


def test_nested_offence_parts_fold_into_the_outermost() -> None:
    text = ("§ 5. Access\n(a) Whoever accesses—\n(1) a computer; or\n(2) a network,\n"
            "shall be punished.\n(b) Whoever accesses a server is punished.\n")
    r = read_provision(text, fake_scores)
    assert [(p.ref, p.start_line, p.end_line, p.label) for p in r.offence_parts] == [
        ("(a)", 1, 4, DEP), ("(b)", 5, 5, DEP)]


@pytest.mark.parametrize("text", [
    "Each State Party shall make the law of its country punish as a crime the entry",
    "such measures as may be needed to make it a crime to tap electronic data",
    "Each State Party shall treat as a criminal offence the spreading of statements",
    "measures as may be necessary to punish a person who, deliberately and without right",
])
def test_treaty_obligation_wordings_are_offence_cues(text: str) -> None:
    """Drafts oblige states in many words; each of these creates an offence, so an
    offence so worded is not flagged no-offence-cue."""
    from cli.features import has_offence_cue

    assert has_offence_cue(text)
    assert not has_offence_cue("In this Act, punishment means a penalty imposed by a court")
