"""Aligning two drafts: renumbered, reworded, added, removed and relabelled provisions."""

from __future__ import annotations

from cli.classify import Classified, DocumentResult, Prediction
from cli.compare import compare
from cli.segment import Provision


def item(ref: str, title: str, body: str, label: str) -> Classified:
    text = f"{ref}. {title}\n{body}"
    return Classified(Provision(ref, ref.split()[-1], title, None, 1, 2, text),
                      Prediction(label, 0.9, {label: 0.9}, None))


ACCESS = "Each Party shall make it an offence to access a computer system without right."
FRAUD = "Each Party shall make it an offence to cause a loss of property by data input."
JURIS = "Each Party shall establish jurisdiction over offences committed in its territory."
NEWS = "Each Party shall make it an offence to spread false news through networks."
SEIZE = "Each Party shall empower its authorities to search and seize stored data."
OLD = DocumentResult("old.txt", "text:utf-8", False, (
    item("Article 1", "Illegal access", ACCESS, "cyber-dependent"),
    item("Article 2", "Fraud", FRAUD, "cyber-enabled"),
    item("Article 3", "Search", SEIZE, "other"),
    item("Article 4", "Jurisdiction", JURIS, "other"),
))
NEW = DocumentResult("new.txt", "text:utf-8", False, (
    item("Article 1", "Illegal access", ACCESS, "cyber-dependent"),
    item("Article 2", "False news", NEWS, "cyber-enabled"),
    item("Article 3", "Computer fraud", FRAUD.replace("data input", "the input of data or "
                                                       "any interference with a system"),
         "cyber-enabled"),
    item("Article 4", "Jurisdiction", JURIS.replace("its territory", "its territory or on "
                                                    "board its ships"), "other"),
))


def test_changes_are_found() -> None:
    result = compare(OLD, NEW, 0.6)
    kinds = {(c.old_ref, c.new_ref): c.kinds for c in result.changes}
    assert kinds[("Article 1", "Article 1")] == ()
    assert kinds[(None, "Article 2")] == ("added",)
    assert kinds[("Article 2", "Article 3")] == ("renumbered", "reworded")
    assert kinds[("Article 3", None)] == ("removed",)
    assert kinds[("Article 4", "Article 4")] == ("reworded",)
    reworded = next(c for c in result.changes if c.new_ref == "Article 4")
    assert 0.5 < reworded.similarity < 0.95


def test_direction_and_headline() -> None:
    result = compare(OLD, NEW, 0.6)
    assert result.direction == "broader"
    assert "broader" in result.headline()
    assert "added Article 2 (False news, cyber-enabled)" in result.headline()
    back = compare(NEW, OLD, 0.6)
    assert back.direction == "narrower"
    assert "removed Article 2 (False news, cyber-enabled)" in back.headline()


def test_relabelled() -> None:
    new = DocumentResult("new.txt", "text:utf-8", False, (
        item("Article 1", "Illegal access", ACCESS, "cyber-enabled"),))
    old = DocumentResult("old.txt", "text:utf-8", False, OLD.provisions[:1])
    (change,) = compare(old, new, 0.6).changes
    assert change.kinds == ("relabelled",)
