"""Accuracy figures of the shipped model, side by side with a keyword baseline.

Prints, for grouped cross-validation on the corpus (each drafting-style family held
out in turn) and for ../shared/realdev (never trained on; skipped where absent;
another folder with CYBERSCOPE_REALDEV): macro-F1, accuracy and per-label F1, offences
across the dependent/enabled line, and selective accuracy (the accuracy of the
provisions no review reason flags, and the share flagged), the keyword baseline beside
every figure (it flags nothing, so its unflagged accuracy is its accuracy); type
accuracy over the offences and over all provisions, beside a keyword baseline that picks
a type of the model's label (a wrong label makes a wrong type); then whether the
issues' targets are met. Run: python benchmarks/accuracy.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from baseline import baseline_label  # noqa: E402
from type_baseline import baseline_type  # noqa: E402

from cli.classify import Classifier  # noqa: E402
from cli.metrics import evaluate_predictions  # noqa: E402
from cli.training.corpus import load_corpus  # noqa: E402
from cli.training.train import (  # noqa: E402
    cross_validate_all,
    review_threshold,
    selective_accuracy,
    type_accuracy,
)

REALDEV = Path(os.environ.get("CYBERSCOPE_REALDEV", ROOT.parent / "shared" / "realdev"))
OFFENCE_LABELS = ("cyber-dependent", "cyber-enabled")
TARGETS = {"cv_macro_f1": 0.94, "realdev_macro_f1": 0.97, "unflagged": 0.99, "flagged": 0.12}


class Figures:
    """One evaluation's figures for the model and the baseline."""

    def __init__(self, gold: Sequence[str], model: Sequence[str], base: Sequence[str],
                 selective: tuple[float, float]) -> None:
        self.model = evaluate_predictions(list(gold), list(model))
        self.base = evaluate_predictions(list(gold), list(base))
        self.across = (_across(gold, model), _across(gold, base))
        self.missed = (_missed(gold, model), _missed(gold, base))
        self.selective = selective

    def lines(self) -> list[str]:
        m, b = self.model, self.base
        unflagged, flagged = self.selective
        return [
            f"  macro-F1 {m.macro_f1:.3f} (baseline {b.macro_f1:.3f})   "
            f"accuracy {m.accuracy:.3f} (baseline {b.accuracy:.3f})",
            "  " + "   ".join(f"{k} F1 {v.f1:.3f} (baseline {b.per_label[k].f1:.3f})"
                             for k, v in m.per_label.items()),
            f"  offences across the dependent/enabled line: {self.across[0]} "
            f"(baseline {self.across[1]});  offences labelled other: {self.missed[0]} "
            f"(baseline {self.missed[1]})",
            f"  selective: unflagged provisions right {unflagged:.3f} with {flagged:.3f} flagged "
            f"(baseline flags none: {b.accuracy:.3f} right, 0.000 flagged)",
        ]


def _across(gold: Sequence[str], predicted: Sequence[str]) -> int:
    return sum(1 for g, p in zip(gold, predicted, strict=True)
               if g in OFFENCE_LABELS and p in OFFENCE_LABELS and g != p)


def _missed(gold: Sequence[str], predicted: Sequence[str]) -> int:
    return sum(1 for g, p in zip(gold, predicted, strict=True)
               if g in OFFENCE_LABELS and p == "other")


def type_line(name: str, accuracy: dict[str, float]) -> str:
    return (f"  {name:10} type accuracy: offences {accuracy['offences']:.3f}  "
            f"all {accuracy['all']:.3f}")


def main() -> int:
    started = time.perf_counter()
    records = load_corpus(ROOT / "data" / "corpus")
    gold = [r.label for r in records]
    held_out, held_types, folds = cross_validate_all(records)
    threshold = review_threshold(held_out, gold)
    cv = Figures(gold, [h.label for h in held_out], [baseline_label(r.text) for r in records],
                 selective_accuracy(held_out, gold, threshold))
    print(f"corpus: {len(records)} records in {len(folds)} style families")
    print(f"grouped cross-validation (style family held out; review threshold {threshold:.2f}):")
    print("\n".join(cv.lines()))
    for style in sorted(folds):
        idx = [i for i, r in enumerate(records) if r.style == style]
        base = evaluate_predictions([gold[i] for i in idx],
                                    [baseline_label(records[i].text) for i in idx])
        print(f"    held out {style:26} macro-F1 {folds[style]:.3f} (baseline {base.macro_f1:.3f})")
    ok = cv.model.macro_f1 >= TARGETS["cv_macro_f1"]
    gold_types = [r.type for r in records]
    print(type_line("model", type_accuracy(gold_types, gold, held_types)))
    print(type_line("baseline", type_accuracy(gold_types, gold, [
        baseline_type(r.text, h.label) for r, h in zip(records, held_out, strict=True)])))
    types_ok = False

    path = REALDEV / "provisions.jsonl"
    real: list[dict] = []
    if path.exists():
        real = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
        classifier = Classifier.load()
        preds = [classifier.predict(r["text"]) for r in real]
        rgold = [r["label"] for r in real]
        flagged = [p.review is not None for p in preds]
        kept = [p.label == g for p, g, f in zip(preds, rgold, flagged, strict=True) if not f]
        rd = Figures(rgold, [p.label for p in preds], [baseline_label(r["text"]) for r in real],
                     (sum(kept) / max(len(kept), 1), sum(flagged) / len(flagged)))
        print(f"realdev ({len(real)} real provisions, never trained on; review threshold "
              f"{classifier.min_confidence:.2f} from the manifest):")
        print("\n".join(rd.lines()))
        for r, p in zip(real, preds, strict=True):
            if p.label != r["label"]:
                codes = ", ".join(x.code for x in p.reviews) or "NOT FLAGGED"
                print(f"    miss {r['id']}: {r['label']} -> {p.label} "
                      f"({p.confidence:.2f}; {codes})")
        real_types = [r["type"] for r in real]
        rd_types = type_accuracy(real_types, rgold, [p.type for p in preds])
        print(type_line("model", rd_types))
        print(type_line("baseline", type_accuracy(real_types, rgold, [
            baseline_type(r["text"], p.label) for r, p in zip(real, preds, strict=True)])))
        for r, p in zip(real, preds, strict=True):
            if p.type != r["type"] and r["label"] in OFFENCE_LABELS:
                print(f"    type miss {r['id']}: {r['type']} -> {p.type}")
        types_ok = rd_types["offences"] >= 0.90 and rd_types["all"] >= 0.85
        ok = (ok and rd.model.macro_f1 >= TARGETS["realdev_macro_f1"] and rd.across[0] == 0
              and rd.selective[0] >= TARGETS["unflagged"]
              and rd.selective[1] <= TARGETS["flagged"])
    else:
        ok = False  # the realdev targets cannot be judged without it
        print(f"realdev: {REALDEV} is absent; skipped (set CYBERSCOPE_REALDEV)")
    print(f"targets (grouped CV macro-F1 >= {TARGETS['cv_macro_f1']}, realdev macro-F1 >= "
          f"{TARGETS['realdev_macro_f1']}, no realdev offence across the dependent/enabled line, "
          f"realdev unflagged >= {TARGETS['unflagged']} right with <= {TARGETS['flagged']} "
          f"flagged): {'met' if ok else 'NOT met' if real else 'not judged'}")
    print(f"type targets (realdev type accuracy >= 0.90 over offences, >= 0.85 over all): "
          f"{'met' if types_ok else 'NOT met' if real else 'not judged'}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0 if ok and types_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
