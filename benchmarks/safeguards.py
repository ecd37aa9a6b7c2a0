"""Precision and recall of the safeguard checks on ../shared/realdev.

Two settings, side by side: (a) the checks given each provision's gold label and type;
(b) end to end, with the shipped model's predicted label and the checks' own way of
finding a provision's kind (no type). Provision flags come from provisions.jsonl,
whole-instrument flags from instrument-flags.jsonl (instruments noted "Not judged" are
left out). Only flags that fire are scored; undetermined ones are counted apart.
Skips cleanly where ../shared/realdev is absent. Run: python benchmarks/safeguards.py
(add --errors to list the misses and false alarms; $CYBERSCOPE_REALDEV overrides
the folder).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cli.safeguards import CODES, ProvisionView, check_document  # noqa: E402

# ../shared/realdev beside the project; $CYBERSCOPE_REALDEV points elsewhere (a worktree).
REALDEV = Path(os.environ.get("CYBERSCOPE_REALDEV") or ROOT.parent / "shared" / "realdev")
TARGET_PRECISION, TARGET_RECALL, CODE_PRECISION, CODE_MIN_GOLD = 0.90, 0.85, 0.75, 3


def load() -> tuple[dict[str, list[dict]], dict[str, dict]]:
    by_instrument: dict[str, list[dict]] = defaultdict(list)
    for line in (REALDEV / "provisions.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        by_instrument[rec["instrument"]].append(rec)
    instruments = {}
    for line in (REALDEV / "instrument-flags.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        instruments[rec["instrument"]] = rec
    return by_instrument, instruments


def predict(by_instrument: dict[str, list[dict]], labels: dict[str, str] | None
            ) -> tuple[dict[str, set[str]], dict[str, set[str]], Counter]:
    """Fired codes per provision id and per instrument; undetermined counts per code."""
    per: dict[str, set[str]] = {}
    whole: dict[str, set[str]] = {}
    undetermined: Counter = Counter()
    for name, recs in by_instrument.items():
        views = [ProvisionView(r["article"], r["text"],
                               labels[r["id"]] if labels else r["label"],
                               None if labels else r["type"]) for r in recs]
        report = check_document(views)
        for rec, flags in zip(recs, report.provisions, strict=True):
            per[rec["id"]] = {f.code for f in flags if f.status == "fires"}
            undetermined.update(f.code for f in flags if f.status == "undetermined")
        whole[name] = {f.code for f in report.instrument if f.status == "fires"}
    return per, whole, undetermined


def score(by_instrument, instruments, per, whole) -> tuple[dict[str, Counter], list[str]]:
    counts: dict[str, Counter] = {code: Counter() for code in CODES}
    errors: list[str] = []

    def tally(key: str, gold: set[str], got: set[str]) -> None:
        for code in gold | got:
            kind = "tp" if code in gold and code in got else "fn" if code in gold else "fp"
            counts[code][kind] += 1
            if kind != "tp":
                errors.append(f"{kind} {code:28} {key}")

    for recs in by_instrument.values():
        for rec in recs:
            tally(rec["id"], set(rec["flags"]), per[rec["id"]])
    for name, rec in instruments.items():
        if rec.get("note", "").startswith("Not judged") or name not in whole:
            continue
        tally(f"{name} (instrument)", set(rec["flags"]), whole[name])
    return counts, errors


def pr(c: Counter) -> tuple[float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return p, r


def meets(counts: dict[str, Counter]) -> bool:
    total = sum(counts.values(), Counter())
    p, r = pr(total)
    worst = all(pr(c)[0] >= CODE_PRECISION for c in counts.values()
                if c["tp"] + c["fn"] >= CODE_MIN_GOLD)
    return p >= TARGET_PRECISION and r >= TARGET_RECALL and worst


def main(argv: list[str]) -> int:
    if not (REALDEV / "provisions.jsonl").exists():
        print("skipped: ../shared/realdev is absent")
        return 0
    by_instrument, instruments = load()
    gold_per, gold_whole, gold_und = predict(by_instrument, None)
    a_counts, a_errors = score(by_instrument, instruments, gold_per, gold_whole)

    from cli.classify import Classifier

    classifier = Classifier.load()
    labels = {r["id"]: classifier.predict(r["text"]).label
              for recs in by_instrument.values() for r in recs}
    e2e_per, e2e_whole, e2e_und = predict(by_instrument, labels)
    b_counts, b_errors = score(by_instrument, instruments, e2e_per, e2e_whole)

    n = sum(len(v) for v in by_instrument.values())
    print(f"realdev: {n} provisions, {len(instruments)} instruments")
    print(f"{'code':28} {'gold':>4}   (a) gold label+type    (b) predicted label, own kind")
    print(f"{'':28} {'':>4}   {'P':>6} {'R':>6} {'fp':>3} {'fn':>3}   {'P':>6} {'R':>6} "
          f"{'fp':>3} {'fn':>3}")
    for code in CODES:
        a, b = a_counts[code], b_counts[code]
        gold = a["tp"] + a["fn"]
        if not gold and not a["fp"] and not b["fp"]:
            print(f"{code:28} {gold:>4}   (no gold instances, no false alarms)")
            continue
        (pa, ra), (pb, rb) = pr(a), pr(b)
        print(f"{code:28} {gold:>4}   {pa:6.3f} {ra:6.3f} {a['fp']:>3} {a['fn']:>3}   "
              f"{pb:6.3f} {rb:6.3f} {b['fp']:>3} {b['fn']:>3}")
    ta, tb = sum(a_counts.values(), Counter()), sum(b_counts.values(), Counter())
    (pa, ra), (pb, rb) = pr(ta), pr(tb)
    print(f"{'overall':28} {ta['tp'] + ta['fn']:>4}   {pa:6.3f} {ra:6.3f} {ta['fp']:>3} "
          f"{ta['fn']:>3}   {pb:6.3f} {rb:6.3f} {tb['fp']:>3} {tb['fn']:>3}")
    print(f"undetermined (not scored): (a) {sum(gold_und.values())}  (b) {sum(e2e_und.values())}")
    print(f"targets (P >= {TARGET_PRECISION}, R >= {TARGET_RECALL}, no code with >= "
          f"{CODE_MIN_GOLD} gold below P {CODE_PRECISION}): "
          f"(a) {'met' if meets(a_counts) else 'NOT met'}, "
          f"(b) {'met' if meets(b_counts) else 'NOT met'}")
    if "--errors" in argv:
        print("\n(a) errors:\n  " + "\n  ".join(a_errors))
        print("\n(b) errors:\n  " + "\n  ".join(b_errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
