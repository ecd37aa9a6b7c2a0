"""Choose the model design by measurement: whole-text scoring against reading provisions
part by part, with and without cue features.

For each design: grouped cross-validation on the corpus (each style family held out in
turn) and the shipped-corpus model on ../shared/realdev (evaluation only; skipped where
absent; another folder with CYBERSCOPE_REALDEV): macro-F1, offences across the
dependent/enabled line, and selective accuracy (accuracy of the provisions no review
reason flags, and the share flagged), with the keyword baseline beside each figure.
Run: python benchmarks/structure.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from baseline import baseline_label  # noqa: E402

from cli.classify import review_reasons  # noqa: E402
from cli.features import analyze, cue_terms  # noqa: E402
from cli.metrics import evaluate_predictions  # noqa: E402
from cli.structure import Reading, read_provision  # noqa: E402
from cli.training.corpus import load_corpus  # noqa: E402
from cli.training.train import PARAMS, SEED, review_threshold  # noqa: E402

REALDEV = Path(os.environ.get("CYBERSCOPE_REALDEV", ROOT.parent / "shared" / "realdev"))
OFFENCES = ("cyber-dependent", "cyber-enabled")
Analyzer = Callable[[str], list[str]]


def without_cues(text: str) -> list[str]:
    """The analyzer's terms less its cue markers (which it adds last)."""
    terms = analyze(text)
    return terms[:len(terms) - len(cue_terms(text))]


DESIGNS: dict[str, tuple[Analyzer, bool]] = {
    "whole text": (without_cues, False),
    "whole text + cues": (analyze, False),
    "parts": (without_cues, True),
    "parts + cues (shipped)": (analyze, True),
}


def fit(texts: Sequence[str], labels: Sequence[str], analyzer: Analyzer):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(analyzer=analyzer, token_pattern=None, lowercase=False,
                                  sublinear_tf=True, min_df=PARAMS["min_df"])),
        ("clf", LogisticRegression(C=PARAMS["C"], class_weight=PARAMS["class_weight"],
                                   max_iter=5000, random_state=SEED)),
    ])
    pipe.fit(list(texts), list(labels))
    return pipe


def read_all(pipe, texts: Sequence[str], parts: bool) -> list[Reading]:
    """Readings of many texts, their wholes and parts scored in one batch."""
    from cli.parts import context, split_parts

    classes = [str(c) for c in pipe.classes_]
    split = [split_parts(t) if parts else [] for t in texts]
    todo = sorted({*texts, *(context(ps, k) for ps in split if len(ps) > 1
                             for k in range(len(ps)))})
    scored = {t: dict(zip(classes, map(float, row), strict=True))
              for t, row in zip(todo, pipe.predict_proba(todo), strict=True)}
    def many(batch: list[str]) -> list[dict[str, float]]:
        return [scored[t] for t in batch]

    return [read_provision(t, many, ps) for t, ps in zip(texts, split, strict=True)]


def figures(name: str, gold: Sequence[str], predicted: Sequence[str],
            flagged: Sequence[bool]) -> str:
    m = evaluate_predictions(list(gold), list(predicted))
    wrong = sum(1 for g, p in zip(gold, predicted, strict=True)
                if g in OFFENCES and p in OFFENCES and g != p)
    kept = [g == p for g, p, f in zip(gold, predicted, flagged, strict=True) if not f]
    acc = sum(kept) / len(kept) if kept else 0.0
    return (f"  {name:18} macro-F1 {m.macro_f1:.3f}  across the line {wrong:3d}  "
            f"unflagged right {acc:.3f}  flagged {sum(flagged) / len(flagged):.3f}")


def baseline_flags(texts: Sequence[str]) -> list[bool]:
    """The keyword baseline flags nothing: it has no confidence."""
    return [False] * len(texts)


def evaluate(name: str, analyzer: Analyzer, parts: bool, records, real) -> None:
    gold = [r.label for r in records]
    held: list[Reading | None] = [None] * len(records)
    for style in sorted({r.style for r in records}):
        train = [r for r in records if r.style != style]
        pipe = fit([r.text for r in train], [r.label for r in train], analyzer)
        test = [i for i, r in enumerate(records) if r.style == style]
        for i, h in zip(test, read_all(pipe, [records[i].text for i in test], parts),
                        strict=True):
            held[i] = h
    cv = [h for h in held if h is not None]
    t = review_threshold(cv, gold)
    print(f"{name} (review threshold {t:.2f} from grouped CV)")
    flags = [bool(review_reasons(h, t)) for h in cv]
    print(figures("grouped CV", gold, [h.label for h in cv], flags))
    if real:
        rd = read_all(fit([r.text for r in records], gold, analyzer), [x["text"] for x in real],
                      parts)
        rgold = [x["label"] for x in real]
        rflags = [bool(review_reasons(h, t)) for h in rd]
        print(figures("realdev", rgold, [h.label for h in rd], rflags))
        for h, x in zip(rd, real, strict=True):
            if h.label != x["label"]:
                why = "; ".join(v.code for v in review_reasons(h, t)) or "UNFLAGGED"
                print(f"    miss {x['id']}: {x['label']} -> {h.label} "
                      f"({max(h.probabilities.values()):.2f}; {why})")


def main() -> int:
    started = time.perf_counter()
    records = load_corpus(ROOT / "data" / "corpus")
    path = REALDEV / "provisions.jsonl"
    real = ([json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
            if path.exists() else [])
    print(f"corpus: {len(records)} records; realdev: "
          f"{len(real) if real else 'absent, skipped'}")
    gold = [r.label for r in records]
    base = [baseline_label(r.text) for r in records]
    print("keyword baseline")
    print(figures("grouped CV", gold, base, baseline_flags(base)))
    if real:
        rb = [baseline_label(x["text"]) for x in real]
        print(figures("realdev", [x["label"] for x in real], rb, baseline_flags(rb)))
    only = sys.argv[1:]
    for name, (analyzer, parts) in DESIGNS.items():
        if not only or name in only:
            evaluate(name, analyzer, parts, records, real)
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
