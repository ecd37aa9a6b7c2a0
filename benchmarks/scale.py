"""Speed at archive scale (issue 14's targets), each beside its yardstick, interleaved.

1. batch: ``classify FILE.jsonl -f jsonl --no-text`` against the script a user would
   write with scikit-learn (``benchmarks/sklearn_batch.py``: load the shipped pipeline,
   read JSONL, ``predict_proba``, write JSONL), whole processes, one after the other in
   each round, at 100,000 and 1,000,000 provisions. Wall time (target <= 0.6x), CPU
   time of the process and its workers (target <= 1.0x), peak memory of the process
   tree, the sum of its processes' resident sets sampled every 20 ms (target < 200 MB
   at 1,000,000).
2. first line: seconds from the start of a 1,000,000-provision batch to its first
   output line (target < 1 s); the run is then stopped with SIGTERM, which must give
   exit code 143 and leave no worker behind.
3. compare: ``classify compare`` of two generated drafts of 2,000 articles (target <
   3 s) and of 4,000 (issue 16 measured 22 s).
4. start-up: ``classify`` on the sample draft against ``python -c "import typer,
   rich"``, median of interleaved runs (target <= 1.6x).

The inputs are generated from the corpus into a temporary directory, never into the
repository. Run: python benchmarks/scale.py [--only batch|first|compare|startup|workers]
[--sizes 100000,1000000] [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.speed import DRAFT, classify_cmd  # noqa: E402
from benchmarks.timing import interleaved  # noqa: E402

WORK = Path(os.environ.get("CYBERSCOPE_BENCH_DIR", Path(tempfile.gettempdir()) /
                           "cyberscope-bench"))


def corpus_texts() -> list[str]:
    texts = []
    for f in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        texts += [json.loads(x)["text"] for x in f.read_text(encoding="utf-8").splitlines()]
    return texts


def records_file(n: int) -> Path:
    """``n`` records cycling through the corpus, each with its own id."""
    path = WORK / f"records-{n}.jsonl"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        texts = corpus_texts()
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for i in range(n):
                fh.write(json.dumps({"id": f"p{i}", "text": texts[i % len(texts)]}) + "\n")
        tmp.replace(path)
    return path


def pipeline_path() -> Path:
    manifest = json.loads((ROOT / "models" / "manifest.json").read_text())
    return ROOT / "models" / manifest["pipeline"]


class Measured:
    """Wall and CPU seconds of a finished process tree, and its peak resident memory:
    ``peak_tree`` the processes' resident sets summed (pages the workers share with the
    main process counted in each), ``peak_pss`` their proportional sets summed (a
    shared page counted once, split among its sharers: the memory the tree holds);
    ``main_cpu``: the CPU seconds of the main process alone, last sampled."""

    def __init__(self, wall: float, cpu: float, peak_tree: int, peak_one: int,
                 main_cpu: float = 0.0, peak_pss: int = 0) -> None:
        self.wall, self.cpu, self.peak_tree, self.peak_one = wall, cpu, peak_tree, peak_one
        self.main_cpu, self.peak_pss = main_cpu, peak_pss


def _own_cpu(pid: int) -> float | None:
    """User and system seconds of one running process (not its children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _tree_rss(pid: int) -> tuple[int, int]:
    """Resident and proportional bytes of a process and its children (one level: the
    workers), from ``/proc/PID/smaps_rollup``."""
    rss = pss = 0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            pass
    return rss, pss


def measure(cmd: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``cmd`` with output to /dev/null; wall, CPU (its own and its reaped
    children's, from wait4) and peak memory."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    peak = [0, 0]
    main_cpu = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _tree_rss(proc.pid)
            peak[:] = max(peak[0], rss), max(peak[1], pss)
            own = _own_cpu(proc.pid)
            if own is not None:
                main_cpu[0] = own
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with {proc.returncode}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, peak[0], usage.ru_maxrss * 1024,
                    main_cpu[0], peak[1])


def batch(sizes: list[int], rounds: int) -> bool:
    ok = True
    sk_cmd = [sys.executable, str(ROOT / "benchmarks" / "sklearn_batch.py"), str(pipeline_path())]
    for n in sizes:
        path = records_file(n)
        ours_cmd = [*classify_cmd(), str(path), "-f", "jsonl", "--no-text"]
        ours, sk = [], []
        for _ in range(rounds if n < 1_000_000 else 1):
            ours.append(measure(ours_cmd))
            sk.append(measure([*sk_cmd, str(path)]))
        wall = statistics.median(o.wall / s.wall for o, s in zip(ours, sk, strict=True))
        cpu = statistics.median(o.cpu / s.cpu for o, s in zip(ours, sk, strict=True))
        peak = max(o.peak_pss for o in ours)
        print(f"batch, {n:,} provisions, {len(ours)} interleaved round(s), medians:")
        for name, runs in (("classify -f jsonl --no-text", ours), ("scikit-learn script", sk)):
            print(f"  {name:28} wall {statistics.median(r.wall for r in runs):7.1f} s  "
                  f"cpu {statistics.median(r.cpu for r in runs):7.1f} s  "
                  f"peak memory {max(r.peak_pss for r in runs) / 2**20:6.0f} MB "
                  f"(resident sets summed {max(r.peak_tree for r in runs) / 2**20:.0f} MB, "
                  f"largest process {max(r.peak_one for r in runs) / 2**20:.0f} MB)  "
                  f"{n / statistics.median(r.wall for r in runs):8,.0f} provisions/s")
        met_wall, met_cpu = wall <= 0.6, cpu <= 1.0
        print(f"  ratio wall {wall:.2f} (target <= 0.6: {'met' if met_wall else 'NOT met'}), "
              f"cpu {cpu:.2f} (target <= 1.0: {'met' if met_cpu else 'NOT met'})")
        if n >= 1_000_000:
            met_mem = peak < 200 * 2**20
            print(f"  peak memory (proportional sets summed) {peak / 2**20:.0f} MB "
                  f"(target < 200 MB: {'met' if met_mem else 'NOT met'})")
            ok = ok and met_mem
        ok = ok and met_wall and met_cpu
    return ok


def cores(n: int = 100_000) -> None:
    """Throughput with one worker and with one per core: provisions per second of wall
    time, and per CPU-second (what a core gives when it is not shared), and the main
    process's share, which bounds the speed-up from adding cores."""
    path = records_file(n)
    cmd = [*classify_cmd(), str(path), "-f", "jsonl", "--no-text"]
    for workers in ("1", str(os.cpu_count() or 1)):
        r = measure(cmd, {"CYBERSCOPE_WORKERS": workers})
        print(f"batch, {n:,} provisions, CYBERSCOPE_WORKERS={workers}: wall {r.wall:.1f} s "
              f"({n / r.wall:,.0f} provisions/s), cpu {r.cpu:.1f} s ({n / r.cpu:,.0f} "
              f"provisions per CPU-second), main process {r.main_cpu:.1f} s of it "
              f"({n / max(r.main_cpu, 1e-9):,.0f} provisions/s at most, whatever the cores)")


def workers_threshold(sizes: tuple[int, ...] = (250, 500, 1000, 2000), rounds: int = 3) -> None:
    """Why a draft goes to worker processes from ``BATCH_MIN`` provisions: the wall time
    of classifying a generated draft of each size in a fresh interpreter, model loaded,
    all in one process against in workers (``BATCH_MIN`` set each way), interleaved."""
    code = ("import sys, time\nimport cli.classify as c\nc.BATCH_MIN = int(sys.argv[2])\n"
            "from cli.read import read_document\nk = c.Classifier.load()\n"
            "d = read_document(sys.argv[1])\nt = time.perf_counter()\n"
            "k.classify_document(d)\nprint(time.perf_counter() - t)")
    print(f"a draft in one process or in workers (wall, median of {rounds} interleaved):")
    for n in sizes:
        draft = str(make_drafts(n)[0])
        times: dict[str, list[float]] = {"one process": [], "workers": []}
        for _ in range(rounds):
            for name, floor in (("one process", 10**9), ("workers", 1)):
                out = subprocess.run([sys.executable, "-c", code, draft, str(floor)],
                                     capture_output=True, text=True, check=True, cwd=ROOT)
                times[name].append(float(out.stdout))
        print(f"  {n:5,} articles: " + ", ".join(
            f"{name} {statistics.median(t):.2f} s" for name, t in times.items()), flush=True)


def analyzers(n: int = 20_000, rounds: int = 5) -> None:
    """CPU per text of the batch path's ways of scoring, in one process, interleaved:
    the plain analyzer (``Counter(analyze(text))``, as a draft is scored), the integer
    term counting of ``cli/term_index.py`` with the same pure-Python arithmetic, and
    the same counting with the arithmetic in NumPy (``cli/vector.py``, what JSONL
    input uses)."""
    from cli.artifact import default_model_dir, load_scorer
    from cli.vector import BlockScorer

    scorer, _ = load_scorer(default_model_dir())
    corpus = corpus_texts()
    texts = [corpus[i % len(corpus)] for i in range(n)]
    scorer.rows  # noqa: B018 - made before timing, as the batch path makes it once
    block = BlockScorer(scorer)
    ways = {"plain analyzer": lambda: [scorer.score(t) for t in texts],
            "term_index": lambda: scorer.score_many(texts),
            "term_index + NumPy": lambda: [block.score(texts[i:i + 550])
                                           for i in range(0, n, 550)]}
    for way in ways.values():
        way()  # warm the word memos
    times = interleaved(ways, rounds, clock=time.process_time)
    plain = statistics.median(times["plain analyzer"])
    print(f"scoring {n:,} corpus texts in one process, CPU per text, median of {rounds} "
          "interleaved rounds:")
    for name, t in times.items():
        print(f"  {name:20} {statistics.median(t) / n * 1e6:6.1f} µs  "
              f"({statistics.median(t) / plain:.2f} x the plain analyzer)")


def first_line(n: int = 1_000_000) -> bool:
    path = records_file(n)
    start = time.perf_counter()
    proc = subprocess.Popen([*classify_cmd(), str(path), "-f", "jsonl"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    seconds = time.perf_counter() - start
    json.loads(line)
    time.sleep(2)  # the workers are running by now
    workers = [int(x) for x in subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)],
                                              capture_output=True, text=True).stdout.split()]
    proc.send_signal(signal.SIGTERM)
    proc.stdout.close()
    code = proc.wait()
    time.sleep(0.5)
    left = subprocess.run(["ps", "-o", "pid=", "-p", ",".join(map(str, workers))],
                          capture_output=True, text=True).stdout.split() if workers else []
    print(f"first line of a {n:,}-provision batch: {seconds:.3f} s (target < 1 s: "
          f"{'met' if seconds < 1 else 'NOT met'}); SIGTERM after 2 s: exit {code}, "
          f"{len(workers)} workers, {len(left)} left running")
    return seconds < 1 and code == 143 and not left


def make_drafts(n: int) -> tuple[Path, Path]:
    """Two drafts of ``n`` articles: the second renumbers, rewords, drops and adds some."""
    old_path, new_path = WORK / f"draft-{n}-old.txt", WORK / f"draft-{n}-new.txt"
    if old_path.exists() and new_path.exists():
        return old_path, new_path
    WORK.mkdir(parents=True, exist_ok=True)
    rng = random.Random(n)
    texts = corpus_texts()
    bodies = []
    for k in range(n + n // 10):
        lines = texts[k % len(texts)].split("\n")
        body = " ".join(lines[1:] if len(lines) > 1 else lines)
        bodies.append((f"Provision on {' '.join(lines[0].split()[1:5]) or 'matters'} {k}",
                       f"{body} (variant {k})"))
    old = bodies[:n]
    new = []
    for k, (title, body) in enumerate(old):
        if k % 10 == 3:
            continue  # removed
        if k % 7 == 2:
            words = body.split()
            head = words[: len(words) // 3]
            rng.shuffle(head)
            body = " ".join([*head, "and", "any", "other", "means", *words[len(words) // 3:]])
        new.append((title, body))
        if k % 15 == 4:
            new.append(bodies[n + k // 15 % (n // 10)])  # added

    def write(path: Path, articles: list[tuple[str, str]]) -> None:
        path.write_text("".join(f"Article {k}\n{t}\n{b}\n\n" for k, (t, b) in
                                enumerate(articles, 1)), encoding="utf-8")

    write(old_path, old)
    write(new_path, new)
    return old_path, new_path


def compare(sizes: tuple[int, ...] = (2000, 4000)) -> bool:
    ok = True
    for n in sizes:
        old, new = make_drafts(n)
        runs = [measure([*classify_cmd(), "compare", str(old), str(new), "-f", "json"])
                for _ in range(3)]
        wall = statistics.median(r.wall for r in runs)
        line = (f"compare two drafts of {n:,} articles, whole process, median of 3: "
                f"{wall:.2f} s, cpu {statistics.median(r.cpu for r in runs):.2f} s, "
                f"peak memory {max(r.peak_pss for r in runs) / 2**20:.0f} MB (resident "
                f"sets summed {max(r.peak_tree for r in runs) / 2**20:.0f} MB)")
        if n == 2000:
            line += f" (target < 3 s: {'met' if wall < 3 else 'NOT met'})"
            ok = wall < 3
        print(line, flush=True)
        if n == 2000:
            compare_stages(old, new)
    return ok


def compare_stages(old: Path, new: Path, rounds: int = 3) -> None:
    """Where a compare's time goes: wall seconds of each stage, in this process and the
    workers it forks, the median of ``rounds`` (start-up and the model's loading are
    left out). The checks and the alignment alone are timed after, for comparison."""
    from cli.classify import Classifier
    from cli.compare import align
    from cli.compare import compare as compare_drafts
    from cli.output.compare import render_comparison
    from cli.output.formats import CompareFormat
    from cli.read import read_document
    from cli.safeguards import check_classified

    classifier = Classifier.load()
    stages: dict[str, list[float]] = {}
    clock = [0.0]

    def lap(name: str) -> None:
        now = time.perf_counter()
        stages.setdefault(name, []).append(now - clock[0])
        clock[0] = now

    for _ in range(rounds):
        clock[0] = time.perf_counter()
        docs = [read_document(str(p)) for p in (old, new)]
        lap("read")
        a, b = (classifier.classify_document(d) for d in docs)
        lap("segment and classify")
        result = compare_drafts(a, b, classifier.min_confidence)
        lap("compare (alignment beside the safeguard checks, diff, summaries)")
        render_comparison(result, CompareFormat.json, "m", "s")
        lap("JSON")
        check_classified(a), check_classified(b)
        lap("[the safeguard checks alone]")
        align(a.provisions, b.provisions)
        lap("[the alignment alone]")
    print(f"  wall in process, median of {rounds}: " + ", ".join(
        f"{name} {statistics.median(times):.2f} s" for name, times in stages.items()),
        flush=True)


def startup(runs: int) -> bool:
    base_cmd = [sys.executable, "-c", "import typer, rich"]
    tool_cmd = [*classify_cmd(), str(DRAFT)]
    measure(base_cmd)
    measure(tool_cmd)
    base, tool = [], []
    for _ in range(runs):
        base.append(measure(base_cmd).wall)
        tool.append(measure(tool_cmd).wall)
    b, t = statistics.median(base), statistics.median(tool)
    ratio = statistics.median(x / y for x, y in zip(tool, base, strict=True))
    print(f"start-up on {DRAFT.name}, {runs} interleaved runs: classify {t * 1000:.0f} ms, "
          f"import typer, rich {b * 1000:.0f} ms; ratio of medians {t / b:.2f}, median ratio "
          f"{ratio:.2f} (target <= 1.6: {'met' if t / b <= 1.6 else 'NOT met'})")
    return t / b <= 1.6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["batch", "first", "compare", "startup", "cores",
                                           "analyzers", "workers"])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--rounds", type=int, default=3, help="batch rounds below 1,000,000")
    parser.add_argument("--runs", type=int, default=21, help="start-up runs")
    args = parser.parse_args()
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} "
          f"cores, Python {platform.python_version()}, load average "
          f"{os.getloadavg()[0]:.1f}; classify: {' '.join(classify_cmd())}")
    ok = True
    if args.only in (None, "startup"):
        ok = startup(args.runs) and ok
    if args.only in (None, "compare"):
        ok = compare() and ok
    if args.only in (None, "first"):
        ok = first_line() and ok
    if args.only in (None, "analyzers"):
        analyzers()
    if args.only in (None, "workers"):
        workers_threshold()
    if args.only in (None, "cores"):
        cores()
    if args.only in (None, "batch"):
        ok = batch([int(x) for x in args.sizes.split(",")], args.rounds) and ok
    print(f"targets: {'all met' if ok else 'NOT all met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
