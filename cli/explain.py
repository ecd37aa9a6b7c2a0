"""``classify explain``: one provision, its scores, and the terms that decided its label
(data only; ``cli.output.explain`` renders it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cli.classify import Classified, Classifier, DocumentResult
from cli.errors import InputError
from cli.scorer import Evidence

__all__ = ["Explanation", "explain_provision", "find_provision", "term_pattern"]


@dataclass(frozen=True)
class Explanation:
    """A classified provision with the evidence for and against its label."""

    source: str
    model_id: str
    model_sha256: str
    item: Classified
    runner_up: str
    evidence: tuple[Evidence, ...]  # towards the label, away from the runner-up
    against: tuple[Evidence, ...]  # towards the runner-up, away from the label
    logits: dict[str, float]
    type_scores: dict[str, float]  # the label's types and their probabilities
    type_runner_up: str | None  # the label's second type; none where it has one
    type_evidence: tuple[Evidence, ...]  # towards the type, away from the runner-up type


def _norm(ref: str) -> str:
    ref = ref.strip().lower().replace("art.", "article").replace("sec.", "section")
    return re.sub(r"\s+", " ", ref)


def find_provision(doc: DocumentResult, ref: str) -> Classified:
    """The provision whose reference is ``ref`` ('Article 12', 'art. 12' or '12')."""
    wanted = _norm(ref)
    for c in doc.provisions:
        if _norm(c.provision.ref) == wanted or c.provision.number.lower() == wanted:
            return c
    known = ", ".join(c.provision.ref for c in doc.provisions[:12])
    more = ", ..." if len(doc.provisions) > 12 else ""
    raise InputError(f"{doc.source}: no provision {ref!r}; found {known}{more}")


def explain_provision(classifier: Classifier, source: str, item: Classified) -> Explanation:
    """The scores of one classified provision of ``source`` and the terms behind them."""
    text = item.provision.text
    scores, values = classifier.scorer.score_values(text)
    label, runner = scores.label, scores.runner_up
    kind = classifier.types.score(values, label)
    type_runner = kind.runner_up if len(kind.classes) > 1 else None
    return Explanation(
        source, classifier.manifest.model_id, classifier.manifest.scorer_sha256, item, runner,
        tuple(classifier.scorer.evidence(text, label, runner, top=12)),
        tuple(classifier.scorer.evidence(text, runner, label, top=6)),
        dict(zip(scores.classes, scores.logits, strict=True)),
        kind.as_dict(), type_runner,
        tuple(classifier.types.evidence(values, classifier.scorer.terms, kind.label,
                                        type_runner, top=8)),
    )


def term_pattern(term: str) -> re.Pattern[str]:
    """Where a term stands in the text: each (stemmed) word as a word prefix, so that
    ``intercept`` marks "interception"; concept markers (``c:``) match nothing."""
    if term.startswith("c:"):
        return re.compile(r"(?!x)x")
    words = [re.escape(w) + r"[\w'’-]*" for w in term.removeprefix("h:").split()]
    return re.compile(r"(?i)\b" + r"\W+".join(words))
