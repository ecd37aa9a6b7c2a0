"""``classify explain``: one provision, its scores, and the terms that decided its label."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cli.classify import Classified, Classifier, DocumentResult
from cli.errors import InputError
from cli.scorer import Evidence

__all__ = ["Explanation", "explain_provision", "find_provision", "render_explanation"]


@dataclass(frozen=True)
class Explanation:
    """A classified provision with the evidence for and against its label."""

    item: Classified
    runner_up: str
    evidence: tuple[Evidence, ...]  # towards the label, away from the runner-up
    against: tuple[Evidence, ...]  # towards the runner-up, away from the label
    logits: dict[str, float]


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


def explain_provision(classifier: Classifier, item: Classified) -> Explanation:
    text = item.provision.text
    scores = classifier.scorer.score(text)
    label, runner = scores.label, scores.runner_up
    return Explanation(
        item, runner,
        tuple(classifier.scorer.evidence(text, label, runner, top=12)),
        tuple(classifier.scorer.evidence(text, runner, label, top=6)),
        dict(zip(scores.classes, scores.logits, strict=True)),
    )


def render_explanation(ex: Explanation, fmt: str) -> Any:
    """JSON text, or a rich renderable with the evidence highlighted in the provision."""
    p, pred = ex.item.provision, ex.item.prediction
    if fmt == "json":
        obj = {"ref": p.ref, "title": p.title, "start_line": p.start_line,
               "end_line": p.end_line, "label": pred.label, "runner_up": ex.runner_up,
               "scores": {k: round(v, 6) for k, v in pred.scores.items()},
               "review": pred.review, "text": p.text,
               "evidence": [{"term": e.term, "weight": e.weight} for e in ex.evidence],
               "evidence_against": [{"term": e.term, "weight": e.weight} for e in ex.against]}
        return json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from cli.render import LABEL_STYLES

    head = Text(f"{p.ref}", style="bold")
    if p.title:
        head.append(f" {p.title}")
    head.append(f"   lines {p.start_line}-{p.end_line}   ")
    head.append(pred.label, style=LABEL_STYLES[pred.label])
    scores = Table(title="Scores", title_justify="left")
    scores.add_column("label")
    scores.add_column("probability", justify="right")
    for label, prob in pred.scores.items():
        scores.add_row(Text(label, style=LABEL_STYLES[label]), f"{prob:.3f}")
    body = Text(p.text)
    for e in ex.evidence:
        body.highlight_regex(_term_pattern(e.term), style="bold underline green")
    for e in ex.against:
        body.highlight_regex(_term_pattern(e.term), style="italic")
    terms = Table(title=f"Evidence for {pred.label} over {ex.runner_up}", title_justify="left")
    terms.add_column("term")
    terms.add_column("weight", justify="right")
    for e in ex.evidence:
        terms.add_row(e.term, f"{e.weight:+.3f}")
    for e in ex.against:
        terms.add_row(Text(f"{e.term} (for {ex.runner_up})", style="italic"), f"{-e.weight:+.3f}")
    parts: list[Any] = [head, scores, terms, Text(""), body]
    if pred.review:
        parts.insert(1, Text(f"review: {pred.review}", style="bold magenta"))
    return Group(*parts)


def _term_pattern(term: str) -> re.Pattern[str]:
    """Where a term stands in the text: each (stemmed) word as a word prefix, so that
    ``intercept`` marks "interception"; concept markers (``c:``) match nothing."""
    if term.startswith("c:"):
        return re.compile(r"(?!x)x")
    words = [re.escape(w) + r"[\w'’-]*" for w in term.removeprefix("h:").split()]
    return re.compile(r"(?i)\b" + r"\W+".join(words))
