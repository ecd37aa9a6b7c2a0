"""Speed figures of ``classify``, measured side by side on this machine.

1. Start-up and a 60-provision draft: median wall time of ``classify DRAFT`` against
   ``python -c "import typer, rich"`` (target: at most 2.0 times).
2. Throughput: 10,000 pre-split provisions through ``--input jsonl``, per provision,
   against the scikit-learn pipeline's own ``predict_proba`` on the same texts.
3. Reading and classifying a 40-page PDF.
4. Where the start-up goes: each stage of classifying the sample, timed in fresh
   interpreters.
5. What the console script's tuning saves: ``classify`` against ``cli.app.main``.
Run: python benchmarks/speed.py [--runs N] [--rounds N] [--only startup|stages|throughput|entry]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DRAFT = ROOT / "data" / "examples" / "draft-convention.txt"


def classify_cmd() -> list[str]:
    """The installed entry point of this interpreter's environment, as users run it;
    ``python -m cli`` from the source tree only where none is installed (slower to
    start where Python may not write bytecode caches, as with PYTHONDONTWRITEBYTECODE)."""
    beside = Path(sys.executable).with_name("classify")
    exe = str(beside) if beside.is_file() else shutil.which("classify")
    return [exe] if exe else [sys.executable, "-m", "cli"]


def wall(cmd: list[str], stdin: bytes | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    return time.perf_counter() - start


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = wall(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ensure_bytecode() -> None:
    """Compile the package's modules as ``pip install .`` does. In an editable install
    where Python may not write its bytecode cache (PYTHONDONTWRITEBYTECODE, as on this
    machine), every start would otherwise compile them from source, some 100 ms that
    an installed package never pays; typer and rich, in site-packages, are compiled."""
    import compileall

    where = subprocess.run([sys.executable, "-c", "import cli, os; print(os.path.dirname("
                            "cli.__file__))"], capture_output=True, text=True, check=True)
    compileall.compile_dir(where.stdout.strip(), quiet=1)


def medians(cmds: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each command: each run once first (to warm the
    file cache), then ``runs`` rounds of all of them in turn, so that all see the same
    machine load."""
    for cmd in cmds.values():
        wall(cmd)
    found: dict[str, list[tuple[float, float]]] = {name: [] for name in cmds}
    for _ in range(runs):
        for name, cmd in cmds.items():
            found[name].append(timed(cmd))
    return {name: (statistics.median(x[0] for x in times), statistics.median(x[1] for x in times))
            for name, times in found.items()}


def startup(runs: int) -> bool:
    ensure_bytecode()
    tool_cmd = [*classify_cmd(), str(DRAFT)]
    found = medians({"base": [sys.executable, "-c", "import typer, rich"], "tool": tool_cmd},
                    runs)
    (b, bc), (t, tc) = found["base"], found["tool"]
    n = len(json.loads(subprocess.run([*tool_cmd, "-f", "json"], capture_output=True,
                                      check=True).stdout)["documents"][0]["provisions"])
    print(f"start-up, {DRAFT.name} ({n} provisions), median of {runs} interleaved runs:")
    print(f"  python -c 'import typer, rich'  wall {b * 1000:6.1f} ms   cpu {bc * 1000:6.1f} ms")
    print(f"  classify {DRAFT.name:22} wall {t * 1000:6.1f} ms   cpu {tc * 1000:6.1f} ms")
    print(f"  ratio: wall {t / b:.2f} (target <= 2.0), cpu {tc / bc:.2f}")
    return t / b <= 2.0


def entry(runs: int) -> None:
    """What the console script's tuning (``cli/entry.py``: the collector, the model read
    ahead) saves: ``classify DRAFT`` against the same command run without it, through
    ``cli.app.main``, interleaved, wall and CPU medians."""
    ensure_bytecode()
    found = medians({
        "classify (cli/entry.py)": [*classify_cmd(), str(DRAFT)],
        "cli.app.main, untuned": [sys.executable, "-c", "import sys; from cli.app import "
                                  f"main; sys.argv = ['classify', {str(DRAFT)!r}]; main()"],
    }, runs)
    print(f"console script against cli.app.main, {DRAFT.name}, median of {runs} interleaved:")
    for name, (w, c) in found.items():
        print(f"  {name:26} wall {w * 1000:6.1f} ms   cpu {c * 1000:6.1f} ms")


def corpus_texts(n: int) -> list[str]:
    texts = []
    for f in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        texts += [json.loads(x)["text"] for x in f.read_text(encoding="utf-8").splitlines()]
    return [texts[i % len(texts)] for i in range(n)]


def throughput(n: int = 10_000, rounds: int = 5) -> bool:
    """Whole ``classify`` processes against in-process ``predict_proba``, interleaved.

    The machine's speed drifts from minute to minute, so each round times one of each
    back to back, and the ratio reported is the median of the rounds' ratios.
    """
    from cli.classify import BATCH_MIN, Classifier, default_model_dir
    from cli.training.train import load_pipeline

    texts = corpus_texts(n)
    payload = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))
    small = BATCH_MIN  # the smallest batch on the same path: its run sets start-up apart
    assert n >= 2 * small, "too few provisions to set start-up apart"
    small_payload = "".join(payload.splitlines(keepends=True)[:small])
    cmd = [*classify_cmd(), "-", "--input", "jsonl", "-f", "jsonl"]
    pipeline = load_pipeline(default_model_dir())
    classifier = Classifier.load()
    pipeline.predict_proba(texts[:100])
    tool, sk, inproc, marginal = [], [], [], []
    for _ in range(rounds):
        tool.append(wall(cmd, payload.encode()))
        marginal.append((tool[-1] - wall(cmd, small_payload.encode())) * n / (n - small))
        start = time.perf_counter()
        pipeline.predict_proba(texts)
        sk.append(time.perf_counter() - start)
        start = time.perf_counter()
        classifier.predict_many(texts)
        inproc.append(time.perf_counter() - start)
    ratios = [t / s for t, s in zip(tool, sk, strict=True)]
    ratio = statistics.median(ratios)
    inratio = statistics.median(t / s for t, s in zip(inproc, sk, strict=True))
    margratio = statistics.median(t / s for t, s in zip(marginal, sk, strict=True))

    def per(xs: list[float]) -> str:
        return f"{statistics.median(xs) * 1e6 / n:7.1f} µs/provision"

    print(f"throughput, {n} pre-split provisions, {rounds} interleaved rounds (medians):")
    print(f"  classify --input jsonl, whole process     {per(tool)}")
    print(f"  same, each provision beyond the first {small:,} {per(marginal)}")
    print(f"  cyberscope scoring alone, model loaded    {per(inproc)}")
    print(f"  scikit-learn predict_proba, model loaded  {per(sk)}")
    print(f"  ratio whole process / scikit-learn        {ratio:7.2f} (target <= 1.0; "
          f"rounds {min(ratios):.2f}-{max(ratios):.2f})")
    print(f"  ratio beyond the first {small:,} / scikit-learn {margratio:6.2f}")
    print(f"  ratio scoring alone / scikit-learn        {inratio:7.2f}")
    return ratio <= 1.0


def pdf_speed(pages: int = 40) -> None:
    try:
        from tests.fixtures_docs import make_pdf
    except ImportError:
        print("pdf: tests/fixtures_docs.make_pdf is not available; skipped")
        return
    text = DRAFT.read_text(encoding="utf-8")
    lines = text.split("\n")
    per_page = 48
    while len(lines) < pages * per_page:
        lines += lines
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "forty-pages.pdf"
        pdf.write_bytes(make_pdf("\n".join(lines[: pages * per_page])))
        times = [wall([*classify_cmd(), str(pdf), "-f", "json"]) for _ in range(3)]
    print(f"pdf: read and classify a {pages}-page PDF: median {statistics.median(times):.2f} s")


def table_renderers() -> None:
    """Why the tables are drawn by cli.output.table rather than rich."""
    code = (
        "import time; t0 = time.perf_counter()\n"
        "from cli.classify import Classifier; from cli.read import read_document\n"
        "from cli.run import make_run\n"
        "classifier = Classifier.load()\n"
        f"doc = classifier.classify_document(read_document({str(DRAFT)!r}))\n"
        "run = make_run([doc], classifier)\n"
        "t1 = time.perf_counter()\n"
        "if MODE == 'rich':\n"
        "    import io\n"
        "    from rich.console import Console\n"
        "    from rich.table import Table\n"
        "    table = Table()\n"
        "    for name in ('Reference', 'Title', 'Label', 'Conf.', 'Lines'):\n"
        "        table.add_column(name)\n"
        "    for c in doc.provisions:\n"
        "        p, q = c.provision, c.prediction\n"
        "        table.add_row(p.ref, p.title, q.label, f'{q.confidence:.2f}',\n"
        "                      f'{p.start_line}-{p.end_line}')\n"
        "    Console(file=io.StringIO(), width=100).print(table)\n"
        "else:\n"
        "    from cli.output.classify import render_table\n"
        "    render_table(run, 100)\n"
        "print(time.perf_counter() - t1)\n"
    )
    times = {}
    for mode in ("rich", "cli.output.table"):
        runs = [float(subprocess.run([sys.executable, "-c", f"MODE = {mode!r}\n" + code],
                                     capture_output=True, text=True, check=True,
                                     cwd=ROOT).stdout) for _ in range(7)]
        times[mode] = statistics.median(runs)
    print(f"table of {DRAFT.name}, import and draw in a fresh process, median of 7: "
          f"rich {times['rich'] * 1000:.1f} ms, "
          f"cli.output.table {times['cli.output.table'] * 1000:.1f} ms")


STAGES = (
    ("import typer", "import typer"),
    ("import the project's modules (grammar patterns compiled)",
     "import cli.app, cli.run, cli.classify, cli.segment, cli.output.classify"),
    ("read and verify the label and type models",
     "from cli.classify import Classifier; c = Classifier.load(); c.scorer.index"),
    ("segment the draft", "seg = segment(text); texts = [p.text for p in seg.provisions]"),
    ("score the provisions' whole texts", "sv = [c.scorer.score_values(t) for t in texts]"),
    ("read their parts", "rd = [read(c.scorer, t, s) for t, (s, _) in zip(texts, sv)]"),
    ("type them", "[c.types.score(v, r.label) for (_, v), r in zip(sv, rd)]"),
)


def stages(runs: int = 7) -> None:
    """Where a draft's start-up goes: each stage of classifying the sample timed in a
    fresh interpreter (CPU time), the minimum of ``runs`` runs."""
    ensure_bytecode()
    code = ["import sys, time", "from pathlib import Path",
            f"text = Path({str(DRAFT)!r}).read_text(encoding='utf-8')", "spent = []"]
    for k, (_, statement) in enumerate(STAGES):
        code += ["t = time.process_time()", statement, "spent.append(time.process_time() - t)"]
        if k == 1:
            code.append("from cli.segment import segment; from cli.classify import read")
    code.append("print(' '.join(map(str, spent)))")
    found = [list(map(float, subprocess.run([sys.executable, "-c", "\n".join(code)],
                                            capture_output=True, text=True, check=True,
                                            cwd=ROOT).stdout.split())) for _ in range(runs)]
    print(f"start-up by stage, {DRAFT.name}, CPU in a fresh interpreter, minimum of {runs}:")
    for (name, _), times in zip(STAGES, zip(*found, strict=True), strict=True):
        print(f"  {name:58} {min(times) * 1000:6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="start-up runs")
    parser.add_argument("--rounds", type=int, default=5, help="throughput rounds")
    parser.add_argument("--only", choices=["startup", "stages", "throughput", "entry"],
                        help="one figure only")
    args = parser.parse_args()
    print(f"classify command: {' '.join(classify_cmd())}")
    if args.only == "throughput":
        return 0 if throughput(rounds=args.rounds) else 1
    if args.only == "stages":
        stages()
        return 0
    if args.only == "entry":
        entry(args.runs)
        return 0
    ok = startup(args.runs)
    if args.only == "startup":
        return 0 if ok else 1
    ok = throughput(rounds=args.rounds) and ok
    stages()
    pdf_speed()
    table_renderers()
    print(f"targets: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
