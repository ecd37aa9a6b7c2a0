"""Which type model: options measured side by side (the experiment behind the shipped choice).

A provision's type is chosen among the types of its predicted label (LABELS.md), so a
type never contradicts the label. Options compared:

- ``joint C=x``: one multinomial logistic regression over every type, restricted at
  prediction time to the predicted label's types;
- ``per-label C=x``: one logistic regression per label, trained on that label's records;
- ``keywords``: heading and text keyword rules (``type_baseline.py``).

Figures: grouped cross-validation on the corpus (each style family held out in turn,
labels from the label model's held-out predictions, as ``classify train`` measures
them) and realdev (never trained on; labels from the shipped label model; skipped
where ../shared/realdev is absent). A type counts as right only if it equals the gold
type, so a wrong label makes a wrong type. Run: python benchmarks/type_models.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from type_baseline import baseline_type  # noqa: E402

from cli import LABELS  # noqa: E402
from cli.features import analyze  # noqa: E402
from cli.training.corpus import TYPES, load_corpus  # noqa: E402

REALDEV = ROOT.parent / "shared" / "realdev" / "provisions.jsonl"
OFFENCE_LABELS = ("cyber-dependent", "cyber-enabled")
SEED = 0


def vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=analyze, token_pattern=None, lowercase=False,
                           sublinear_tf=True, min_df=2)


def logistic(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=SEED)


def fit_options(x, labels: Sequence[str], types: Sequence[str], cs: Sequence[float]) -> dict:
    """Each option's fitted classifiers over the matrix ``x`` of training texts."""
    options = {}
    for c in cs:
        options[f"joint C={c:g}"] = ("joint", logistic(c).fit(x, list(types)))
        per = {}
        for label in LABELS:
            rows = [i for i, g in enumerate(labels) if g == label]
            per[label] = logistic(c).fit(x[rows], [types[i] for i in rows])
        options[f"per-label C={c:g}"] = ("per-label", per)
    return options


def predict(option: tuple, x, predicted_labels: Sequence[str]) -> list[str]:
    """The type of each row: the most probable type among its predicted label's types."""
    kind, model = option
    out = []
    if kind == "joint":
        probs = model.predict_proba(x)
        classes = list(model.classes_)
        for row, label in zip(probs, predicted_labels, strict=True):
            allowed = [k for k, t in enumerate(classes) if t in TYPES[label]]
            out.append(classes[max(allowed, key=lambda k: (row[k], -k))])
        return out
    for i, label in enumerate(predicted_labels):
        clf = model[label]
        row = clf.predict_proba(x[i])[0]
        out.append(str(clf.classes_[max(range(len(row)), key=lambda k: (row[k], -k))]))
    return out


def accuracy(gold: Sequence[str], predicted: Sequence[str], keep: Sequence[bool]) -> float:
    pairs = [(g, p) for g, p, k in zip(gold, predicted, keep, strict=True) if k]
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def report(name: str, gold_types: Sequence[str], gold_labels: Sequence[str],
           predicted: Sequence[str]) -> str:
    offences = [g in OFFENCE_LABELS for g in gold_labels]
    return (f"  {name:18} type accuracy: offences {accuracy(gold_types, predicted, offences):.3f}"
            f"  all {accuracy(gold_types, predicted, [True] * len(predicted)):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="one C value, no CV")
    parser.add_argument("--c", type=float, nargs="*", default=[3.0, 10.0, 30.0])
    parser.add_argument("--realdev", type=Path, default=REALDEV, help="provisions.jsonl")
    args = parser.parse_args()
    started = time.perf_counter()
    from cli.training.train import cross_validate

    records = load_corpus(ROOT / "data" / "corpus")
    texts = [r.text for r in records]
    labels = [r.label for r in records]
    types = [r.type for r in records]
    cs = args.c

    if not args.quick:
        held_out, _ = cross_validate(records)
        cv_labels = [s.label for s in held_out]
        predicted: dict[str, list[str]] = {}
        for style in sorted({r.style for r in records}):
            train = [i for i, r in enumerate(records) if r.style != style]
            test = [i for i, r in enumerate(records) if r.style == style]
            vec = vectorizer()
            x_train = vec.fit_transform([texts[i] for i in train])
            x_test = vec.transform([texts[i] for i in test])
            options = fit_options(x_train, [labels[i] for i in train],
                                  [types[i] for i in train], cs)
            for name, option in options.items():
                got = predict(option, x_test, [cv_labels[i] for i in test])
                slot = predicted.setdefault(name, [""] * len(records))
                for i, t in zip(test, got, strict=True):
                    slot[i] = t
            print(f"  fold {style} done ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        print(f"grouped cross-validation ({len(records)} records; label accuracy "
              f"{accuracy(labels, cv_labels, [True] * len(labels)):.3f}):")
        for name, got in predicted.items():
            print(report(name, types, labels, got))
        print(report("keywords", types, labels,
                     [baseline_type(t, lab) for t, lab in zip(texts, cv_labels, strict=True)]))
        print(report("gold labels, keywords", types, labels,
                     [baseline_type(t, lab) for t, lab in zip(texts, labels, strict=True)]))

    if args.realdev.exists():
        from cli.classify import Classifier

        real = [json.loads(x) for x in args.realdev.read_text(encoding="utf-8").splitlines()]
        classifier = Classifier.load()
        real_labels = [classifier.predict(r["text"]).label for r in real]
        gold_types = [r["type"] for r in real]
        gold_labels = [r["label"] for r in real]
        vec = vectorizer()
        x = vec.fit_transform(texts)
        x_real = vec.transform([r["text"] for r in real])
        print(f"realdev ({len(real)} provisions, "
              f"{sum(g in OFFENCE_LABELS for g in gold_labels)} offences; label accuracy "
              f"{accuracy(gold_labels, real_labels, [True] * len(real)):.3f}):")
        for name, option in fit_options(x, labels, types, cs).items():
            got = predict(option, x_real, real_labels)
            print(report(name, gold_types, gold_labels, got))
            if name == f"joint C={cs[-1]:g}" or args.quick:
                for r, p in zip(real, got, strict=True):
                    if p != r["type"]:
                        print(f"      miss {r['id']}: {r['type']} -> {p}")
        print(report("keywords", gold_types, gold_labels,
                     [baseline_type(r["text"], lab) for r, lab in zip(real, real_labels,
                                                                        strict=True)]))
    else:
        print("realdev: ../shared/realdev is absent; skipped")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
