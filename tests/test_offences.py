"""Treaty counterparts of the offence types, and the offence summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.offences import (
    SPEECH_TYPES,
    CounterpartTable,
    OffenceRow,
    TableError,
    article_numbers,
    beyond_treaties,
    counterparts,
    coverage,
    headline,
    load_table,
    summarise_offences,
    type_name,
)
from cli.training.corpus import TYPES
from tests.conftest import ROOT

OFFENCE_TYPES = TYPES["cyber-dependent"] | TYPES["cyber-enabled"]
# The offence articles as adopted: ETS 185 arts 2-10, ETS 189 arts 3-6, and the UN
# Convention against Cybercrime (General Assembly resolution 79/243) arts 7-17.
ADOPTED = {
    "illegal-access": {"budapest": "2", "un": "7"},
    "illegal-interception": {"budapest": "3", "un": "8"},
    "data-interference": {"budapest": "4", "un": "9"},
    "system-interference": {"budapest": "5", "un": "10"},
    "misuse-of-devices": {"budapest": "6", "un": "11"},
    "computer-forgery": {"budapest": "7", "un": "12"},
    "computer-fraud": {"budapest": "8", "un": "13"},
    "child-sexual-abuse-material": {"budapest": "9", "un": "14"},
    "grooming": {"un": "15"},
    "intimate-images": {"un": "16"},
    "money-laundering": {"un": "17"},
    "copyright": {"budapest": "10"},
    "hate-speech": {"budapest_protocol": "3-6"},
}
BEYOND = {"harassment-stalking-threats", "defamation-insult", "false-information",
          "terrorism-extremism", "public-order-state-security", "trafficking-gambling", "spam",
          "other-enabled"}


def test_every_offence_type_has_an_entry_and_nothing_else_does() -> None:
    assert set(load_table().types) == OFFENCE_TYPES


def test_treaty_articles_are_the_adopted_offence_articles() -> None:
    table = load_table()
    assert set(table.articles["budapest"]) == {str(n) for n in range(2, 11)}
    assert set(table.articles["budapest_protocol"]) == {"3", "4", "5", "6"}
    assert set(table.articles["un"]) == {str(n) for n in range(7, 18)}
    assert table.articles["un"]["16"].startswith("non-consensual")
    assert table.articles["budapest"]["10"].startswith("copyright")


@pytest.mark.parametrize(("offence_type", "expected"), sorted(ADOPTED.items()))
def test_direct_matches_carry_the_adopted_numbers(offence_type: str, expected: dict) -> None:
    assert counterparts(offence_type) == expected


def test_judgement_calls_are_the_documented_ones() -> None:
    assert counterparts("critical-infrastructure-attack") == {"budapest": "5", "un": "10"}
    assert counterparts("identity-offence") == {"budapest": "7-8", "un": "12-13"}
    assert counterparts("theft-extortion") == {"budapest": "8", "un": "13"}
    assert counterparts("other-dependent") == {"budapest": "2-6", "un": "7-11"}
    note = (ROOT / "data" / "COUNTERPARTS.md").read_text(encoding="utf-8")
    for offence_type in ("critical-infrastructure-attack", "identity-offence",
                         "theft-extortion", "other-dependent", *BEYOND):
        assert f"`{offence_type}`" in note, offence_type


def test_beyond_the_treaties() -> None:
    assert {t for t in OFFENCE_TYPES if beyond_treaties(t)} == BEYOND
    assert not beyond_treaties("definitions")  # no offence, so not beyond anything
    assert counterparts("definitions") == {}
    assert coverage("illegal-access") == "both"
    assert coverage("hate-speech") == "budapest"
    assert coverage("copyright") == "budapest"
    assert coverage("grooming") == "un"
    assert coverage("false-information") == "beyond"
    assert coverage("procedural-power") == ""


def test_speech_types_are_offence_types() -> None:
    assert set(SPEECH_TYPES) <= TYPES["cyber-enabled"]


def test_a_malformed_table_is_refused(tmp_path: Path) -> None:
    data = json.loads((ROOT / "data" / "counterparts.json").read_text(encoding="utf-8"))
    data["types"]["illegal-access"] = {"un": "6"}
    with pytest.raises(TableError, match="un has no offence article 6"):
        CounterpartTable.from_json(data)
    data["types"]["illegal-access"] = {"council": "2"}
    with pytest.raises(TableError, match="unknown treaty"):
        CounterpartTable.from_json(data)
    with pytest.raises(TableError):
        CounterpartTable.from_json({"types": []})
    (tmp_path / "t.json").write_text("{", encoding="utf-8")
    with pytest.raises(TableError, match="unreadable"):
        load_table(tmp_path / "t.json")


def test_article_ranges() -> None:
    assert article_numbers("7") == ["7"]
    assert article_numbers("2-6") == ["2", "3", "4", "5", "6"]
    with pytest.raises(TableError):
        article_numbers("2bis")


ROWS = [
    OffenceRow("Article 1", "other", "definitions"),
    OffenceRow("Article 2", "cyber-dependent", "illegal-access"),
    OffenceRow("Article 3", "cyber-enabled", "grooming"),
    OffenceRow("Article 4", "cyber-enabled", "hate-speech"),
    OffenceRow("Article 5", "cyber-enabled", "false-information"),
    OffenceRow("Article 6", "cyber-enabled", "defamation-insult"),
    OffenceRow("Article 7", "cyber-dependent", "illegal-access"),
    OffenceRow("Article 8", "other", "procedural-power"),
]


def test_offence_summary() -> None:
    s = summarise_offences(ROWS)
    assert s.offences == 6
    assert s.type_counts == {"illegal-access": 2, "defamation-insult": 1, "definitions": 1,
                             "false-information": 1, "grooming": 1, "hate-speech": 1,
                             "procedural-power": 1}
    assert s.within_both == ("Article 2", "Article 7")
    assert s.budapest_only == ("Article 4",)
    assert s.un_only == ("Article 3",)
    assert s.beyond == (("Article 5", "false-information"), ("Article 6", "defamation-insult"))
    assert s.speech == (("Article 4", "hate-speech"), ("Article 5", "false-information"),
                        ("Article 6", "defamation-insult"))
    assert s.headline == ("2 of 6 offences go beyond the Budapest and UN conventions: "
                          "Article 5 (false information), Article 6 (defamation or insult)")
    d = s.as_dict()
    assert d["within_both_treaties"] == 2 and d["within_un_only"] == 1
    assert d["beyond_treaties"][0] == {"ref": "Article 5", "type": "false-information"}
    assert d["headline"] == s.headline


def test_type_names() -> None:
    assert type_name("false-information") == "false information"
    assert type_name("public-order-state-security") == "public order or state security"


def test_headline_wording() -> None:
    assert headline(0, []) == "The text creates no offences."
    assert headline(1, []) == "The offence has a counterpart in the Budapest or UN conventions."
    assert headline(3, []) == ("All 3 offences have a counterpart in the Budapest or UN "
                               "conventions.")
    assert headline(1, [("Section 6", "spam")]) == (
        "1 of 1 offence goes beyond the Budapest and UN conventions: Section 6 (spam)")
