"""Does the time grow linearly with the input? Double it four times and see.

For every reader (text, Markdown, HTML, DOCX, PDF, JSONL), the segmenter, compare and
the safeguard checks, on ordinary drafts and on the hostile inputs of issue 16
(unclosed Markdown emphasis, unclosed HTML tags, bodiless or repeated headings,
thousands of divisions, long drafts to compare, one provision of thousands of
subsections or mentions of interception), the input is doubled four times and each
step's growth factor is printed, with the overall growth fitted over all steps: about 2
is linear, about 2.1-2.3 n log n, about 4 quadratic. A step that takes longer than
``--max-seconds`` ends its case (and is reported as such).

    python benchmarks/linearity.py                 # every case
    python benchmarks/linearity.py --case html     # the cases whose name holds "html"
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LINEAR = 2.5  # the largest overall growth per doubling still called linear


class Case(NamedTuple):
    """An input made at size ``n`` (not timed) and the work timed on it."""

    name: str
    base: int
    make: Callable[[int], Any]
    run: Callable[[Any], Any]


def draft(articles: int, shift: int = 0) -> str:
    """A plain-text draft of ``articles`` articles in chapters of ten."""
    lines = ["Model law on computer misuse, generated for timing", ""]
    for k in range(1, articles + 1):
        if k % 10 == 1:
            lines += [f"Chapter {k // 10 + 1} - Group {k // 10 + 1}", ""]
        lines += [f"Article {k + shift}. Provision on matter {k}",
                  f"1. A person who enters computer system {k} without right, or who copies "
                  f"data held in it for purpose {k % 7}, commits an offence.",
                  f"2. The penalty for offence {k} is a fine or imprisonment of up to "
                  f"{k % 9 + 1} years.", ""]
    return "\n".join(lines) + "\n"


def _read(suffix: str) -> Callable[[bytes], Any]:
    """Time ``read_document`` on a temporary file with ``suffix`` holding the bytes."""
    from cli.read import read_document

    def run(data: bytes) -> Any:
        with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
            fh.write(data)
            fh.flush()
            return read_document(fh.name)

    return run


def _markdown(articles: int) -> bytes:
    from tests.fixtures_docs import make_markdown

    return make_markdown(draft(articles)).encode()


def _html(articles: int) -> bytes:
    from tests.fixtures_docs import make_html

    return make_html(draft(articles)).encode()


def _docx(articles: int) -> bytes:
    from tests.fixtures_docs import make_docx

    return make_docx(draft(articles))


def _pdf(articles: int) -> bytes:
    from tests.fixtures_docs import make_pdf

    return make_pdf(draft(articles))


def _jsonl(records: int) -> bytes:
    return "".join(json.dumps({"id": k, "text": f"A person who enters computer system {k} "
                                                 "without right commits an offence."}) + "\n"
                   for k in range(records)).encode()


def _parse_jsonl(data: bytes) -> Any:
    from cli.read.decode import decode_text
    from cli.read.jsonl import parse_jsonl

    text, _ = decode_text(data)
    return parse_jsonl(text, "records.jsonl")


def _segment(text: str) -> Any:
    from cli.segment import segment

    return segment(text)


_CLASSIFIER: list[Any] = []


def _classified_pair(articles: int, long_body: bool = False) -> tuple[Any, Any, float]:
    """Two classified drafts for compare: renumbered by one, or one long provision each."""
    from cli.classify import Classifier
    from cli.read import Document

    if not _CLASSIFIER:
        _CLASSIFIER.append(Classifier.load())
    classifier = _CLASSIFIER[0]
    if long_body:
        words = " ".join(f"word{k % 541} data{k % 37}" for k in range(articles * 20))
        old_text = f"Article 1. Long provision\n{words} commits an offence.\n"
        new_text = f"Article 1. Long provision\n{words.replace('word7 ', 'term7 ')} ends.\n"
    else:
        old_text, new_text = draft(articles), draft(articles, shift=1)
    old = classifier.classify_document(Document("old.txt", old_text, "text:utf-8"))
    new = classifier.classify_document(Document("new.txt", new_text, "text:utf-8"))
    return old, new, classifier.min_confidence


def _compare(pair: tuple[Any, Any, float]) -> Any:
    from cli.compare import compare

    return compare(*pair)


def _safeguards(text: str) -> Any:
    from cli.safeguards import ProvisionView, check_document

    return check_document([ProvisionView("Section 9", text, "cyber-dependent", "illegal-access"),
                           ProvisionView("Section 10", "Section 10. Powers\n" + text, "other",
                                         "procedural-power")])


BODY = "A person who enters a computer system without right commits an offence."

CASES = [
    Case("reader text", 3000, lambda n: draft(n).encode(), _read(".txt")),
    Case("reader markdown", 400, _markdown, _read(".md")),
    Case("reader html", 400, _html, _read(".html")),
    Case("reader docx", 100, _docx, _read(".docx")),
    Case("reader pdf", 25, _pdf, _read(".pdf")),
    Case("reader jsonl", 4000, _jsonl, _parse_jsonl),
    Case("segmenter draft", 400, draft, _segment),
    Case("compare draft", 100, _classified_pair, _compare),
    # hostile inputs of issue 16
    *(Case(f"reader markdown hostile {unit!r}", 2500,
           lambda n, u=unit: f"# Article 1\n{BODY}\n{u * n}\n".encode(), _read(".md"))
      for unit in ("*a ", "_a ", "[a](")),
    *(Case(f"reader html hostile {unit!r}", 5000,
           lambda n, u=unit: (f"<html><body><h2>Article 1</h2><p>{BODY}</p>{u * n}").encode(),
           _read(".html"))
      for unit in ("x <a y ", "x </a y ", "x <!-- > ", "x <?y ", "<a x='> ", "x <![CDATA[ > ")),
    Case("reader html hostile one tag of many attributes", 10000,
         lambda n: (f"<html><body><h2>Article 1</h2><p>{BODY}</p><a " + "x " * n + ">").encode(),
         _read(".html")),
    Case("segmenter hostile bodiless numbered", 625,
         lambda n: "".join(f"{k}. Alpha\n" for k in range(1, n + 1)) + "1. Alpha\n" * n + BODY,
         _segment),
    Case("segmenter hostile repeated 'Article 1'", 3125,
         lambda n: "Article 1\n" * n + BODY + "\n", _segment),
    Case("segmenter hostile chapters then text", 2500,
         lambda n: "".join(f"Chapter {k}\n" for k in range(1, n + 1)) + BODY + "\n", _segment),
    Case("compare hostile one long provision", 100,
         lambda n: _classified_pair(n, long_body=True), _compare),
    Case("safeguards hostile many subsections", 1000,
         lambda n: "Section 9. Entry\n" + "".join(f"({k % 99 + 1}) {BODY}\n" for k in range(n)),
         _safeguards),
    Case("safeguards hostile interception mentions", 1000,
         lambda n: "Section 9. Entry\nAn officer may request " + "interception of content "
         "data and " * n + "more.", _safeguards),
]


def _time(func: Callable[[Any], Any], data: Any, budget: float) -> float:
    """The best of up to five runs (one when a run is slow): this machine is shared."""
    best = float("inf")
    for _ in range(5):
        gc.collect()
        start = time.perf_counter()
        func(data)
        best = min(best, time.perf_counter() - start)
        if best > budget / 10:
            break
    return best


def _size(data: Any) -> int:
    if isinstance(data, bytes | str):
        return len(data)
    if isinstance(data, tuple):
        return sum(len(c.provision.text) for doc in data[:2] for c in doc.provisions)
    return 0


def run_case(case: Case, doublings: int, max_seconds: float) -> tuple[list[float], list[float]]:
    """Times at the base size and each doubling, and the growth factor of each step."""
    times: list[float] = []
    sizes: list[int] = []
    case.run(case.make(case.base))  # warm up: imports, caches
    for k in range(doublings + 1):
        data = case.make(case.base * 2 ** k)
        sizes.append(_size(data))
        times.append(_time(case.run, data, max_seconds))
        if times[-1] > max_seconds:
            break
    factors = [b / a for a, b in itertools.pairwise(times) if a > 0]
    units = f"n = {case.base:,} .. {case.base * 2 ** (len(times) - 1):,}"
    size_text = f"{units} ({sizes[0]:,} .. {sizes[-1]:,} bytes)" if sizes[0] else units
    steps = "  ".join(f"{t * 1000:8.1f}" for t in times)
    growth = "  ".join(f"x{f:4.2f}" for f in factors)
    overall = growth_per_doubling(times)
    if len(times) <= doublings:
        verdict = f"STOPPED: a step took over {max_seconds:.0f} s"
    elif overall <= LINEAR:
        verdict = "linear"
    else:
        verdict = "SUPER-LINEAR"
    print(f"{case.name:40} {size_text}\n  ms: {steps}\n  growth per doubling: {growth}"
          f"   overall x{overall:.2f} -> {verdict}", flush=True)
    return times, factors


def growth_per_doubling(times: list[float]) -> float:
    """2 to the slope of log2(time) over the doublings (least squares): one figure for
    the growth, less at the mercy of one noisy step on a shared machine."""
    if len(times) < 2:
        return float("nan")
    logs = [math.log2(max(t, 1e-9)) for t in times]
    mean_k, mean_t = (len(logs) - 1) / 2, sum(logs) / len(logs)
    slope = (sum((k - mean_k) * (t - mean_t) for k, t in enumerate(logs))
             / sum((k - mean_k) ** 2 for k in range(len(logs))))
    return 2 ** slope


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", default="", help="run only the cases whose name has this")
    parser.add_argument("--doublings", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    args = parser.parse_args()
    selected = [c for c in CASES if args.case in c.name]
    print(f"{len(selected)} cases, input doubled {args.doublings} times; growth about 2 per "
          f"doubling is linear, 4 quadratic (overall: fitted over all steps; linear up to "
          f"{LINEAR})\n")
    failures = []
    for case in selected:
        times, _ = run_case(case, args.doublings, args.max_seconds)
        if len(times) <= args.doublings or growth_per_doubling(times) > LINEAR:
            failures.append(case.name)
    print(f"\n{len(selected) - len(failures)} of {len(selected)} cases linear"
          + (f"; not linear: {', '.join(failures)}" if failures else ""))


if __name__ == "__main__":
    main()
