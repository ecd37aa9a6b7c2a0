"""``classify explain``: one provision, its scores, and the terms that decided its label
(data only; ``cli.output.explain`` renders it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cli.classify import Classified, Classifier, DocumentResult
from cli.errors import InputError
from cli.features import HEADING_MAX, PHRASES, TOKEN, lookup_word
from cli.scorer import Evidence

__all__ = ["CONCEPT_NAMES", "Explanation", "evidence_dict", "evidence_label", "evidence_spans",
           "explain_provision", "find_provision"]

# The concept markers of ``cli.features`` in words a reader understands.
CONCEPT_NAMES = {
    "c:ict": "ICT terms",
    "c:offence:ict": "offence wording (ICT)",
    "c:offence:noict": "offence wording (no ICT)",
    "c:target:ict": "attack on systems or data",
    "c:target:noict": "attack wording (no ICT)",
    "c:means:ict": "crime by means of ICT",
    "c:means:noict": "crime with no ICT element",
    "c:procedure": "procedural wording",
    "c:ancillary": "ancillary liability",
    "c:cue:offence": "wording that creates an offence",
    "c:cue:defining": "defining or interpretive wording",
    "c:cue:reference": "reference to the instrument's offences",
    "c:cue:procedural": "protection of an investigation or order",
}
_TOKEN = re.compile(TOKEN.pattern, re.IGNORECASE)


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


def evidence_spans(term: str, text: str) -> list[tuple[int, int]]:
    """Where a model term stands in ``text``: the spans of the words the analyzer made
    it from (a stem, a pair of words, a heading word, or the words that mark a concept)."""
    tokens = [(m.start(), m.end(), *lookup_word(m.group().lower()))
              for m in _TOKEN.finditer(text)]
    if term.startswith("c:"):
        name = term.split(":")[1]
        spans = [(a, b) for a, b, _, concepts in tokens if name in concepts]
        for n in (2, 3):  # phrases: "access to computer", "false news"
            spans += [(tokens[i][0], tokens[i + n - 1][1]) for i in range(len(tokens) - n + 1)
                      if PHRASES.get(" ".join(t[2] for t in tokens[i:i + n])) == name]
        return sorted(spans)
    if term.startswith("h:"):
        head_end = text.find("\n")
        if head_end < 0 or head_end >= HEADING_MAX:
            return []
        return [(a, b) for a, b, stem, _ in tokens if b <= head_end and stem == term[2:]]
    words = term.split()
    n = len(words)
    return [(tokens[i][0], tokens[i + n - 1][1]) for i in range(len(tokens) - n + 1)
            if all(tokens[i + k][2] == words[k] for k in range(n))]


def _words(term: str, text: str) -> list[str]:
    """The distinct words of ``text`` a term stands for, in order of appearance."""
    found = (" ".join(text[a:b].split()) for a, b in evidence_spans(term, text))
    return list(dict.fromkeys(found))


def evidence_label(term: str, text: str) -> str:
    """A term as a reader sees it: a concept's name, else the words of the text it
    stands for (up to two), else the term itself."""
    if term in CONCEPT_NAMES:
        return CONCEPT_NAMES[term]
    words = _words(term, text)
    return " / ".join(words[:2]) if words else term


def evidence_dict(e: Evidence, text: str) -> dict[str, object]:
    """``term`` and ``weight`` of a piece of evidence, the ``words`` of the text it
    stands for and, for a concept marker, the concept's readable name."""
    return {"term": e.term, "weight": e.weight, "words": _words(e.term, text),
            "concept": CONCEPT_NAMES.get(e.term)}
