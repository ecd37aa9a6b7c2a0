"""Reading PDF drafts: cyberscope's extractor against plain pypdf and pdfminer.six.

Builds PDFs of the sample drafts in ``data/examples/*.txt`` with
``tests/fixtures_docs.make_pdf`` in each of its drawing styles ("lines": one string
per line; "tj": justified, words spaced by TJ kerning with no space glyphs, as TeX
output is; "words": each word placed on its own), plus one PDF of all sample drafts
(about 40 pages) per style, and reads each with:

- cyberscope: ``cli.read.extract("pdf", data)`` (pypdf plus the project's layout);
- pypdf: ``page.extract_text()`` of every page, joined;
- pdfminer.six: ``pdfminer.high_level.extract_text`` (optional; not a dependency).

For each it prints the words of the source recovered intact (share of the source's
words, page numbers and document symbols typed in the draft aside, found in the
output), glued words (an output word made of two or more source words run together),
split words (the head of a source word broken at a line end and left broken), extra
words (printed but not in the source: running headers, symbols, page numbers left
in), and the median wall time of ``--runs`` readings. Then it prints each
library's import time, the median of fresh interpreters. System PDFs (pdfTeX
manuals), if present, are timed too; they have no source text, so no quality figures.

Run from anywhere: python benchmarks/pdf_libs.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from functools import cache, partial
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import interleaved  # noqa: E402

EXAMPLES = ROOT / "data" / "examples"
STYLES = ("lines", "tj", "words")
# Real pdfTeX output, found on Debian-like systems with these docs installed; optional.
SYSTEM_PDFS = (
    Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf"),
    Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"),
)
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")

Reader = Callable[[bytes], str]


class Sample(NamedTuple):
    name: str
    style: str
    data: bytes
    pages: int
    source: str | None  # the text the PDF was made from; None for system PDFs


class Quality(NamedTuple):
    intact: float  # share of the source's words found intact in the output
    glued: int  # output words made of two or more source words run together
    split: int  # heads of source words left broken at a line end
    extra: int  # output words beyond the source's: page furniture left in


# --- readers --------------------------------------------------------------------------


def read_cyberscope(data: bytes) -> str:
    from cli.read import extract

    return extract("pdf", data).text


def read_pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def read_pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pdfminer_version() -> str | None:
    """Version of pdfminer.six when it is installed (not the old ``pdfminer`` package)."""
    if find_spec("pdfminer") is None:
        return None
    try:
        return metadata.version("pdfminer.six")
    except metadata.PackageNotFoundError:
        return None


def readers() -> dict[str, Reader]:
    found: dict[str, Reader] = {"cyberscope": read_cyberscope, "pypdf": read_pypdf}
    if pdfminer_version():
        found["pdfminer.six"] = read_pdfminer
    return found


# --- quality --------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Words, hyphenated compounds and contractions as one word each, lower-cased."""
    return [w.lower() for w in _WORD.findall(text)]


@cache
def _vocabulary(source: str) -> tuple[frozenset[str], frozenset[str]]:
    """The source's words, and the proper prefixes of its longer words (broken heads)."""
    vocab = frozenset(words(source))
    heads = frozenset(w[:k] for w in vocab if len(w) >= 6 for k in range(3, len(w) - 1))
    return vocab, heads


def _glued(word: str, vocab: frozenset[str]) -> bool:
    """True when ``word`` is two or more source words (of 2+ letters, or "a") run together."""
    n = len(word)
    reach = [0] * (n + 1)  # reach[k]: fewest pieces that spell word[:k]; 0 = impossible
    reach[0] = -1
    for end in range(1, n + 1):
        for start in range(end):
            piece = word[start:end]
            if reach[start] and piece in vocab and (len(piece) > 1 or piece == "a"):
                count = 1 if reach[start] == -1 else reach[start] + 1
                if not reach[end] or count < reach[end]:
                    reach[end] = count
    return reach[n] >= 2


@cache
def _content_words(source: str) -> Counter[str]:
    """Words of the draft's lines, without the page numbers and symbols typed in it."""
    from cli.grammar import is_furniture

    return Counter(words("\n".join(line for line in source.splitlines()
                                    if not is_furniture(line))))


def quality(source: str, text: str) -> Quality:
    vocab, heads = _vocabulary(source)
    expected, got = _content_words(source), Counter(words(text))
    intact = sum((expected & got).values()) / max(sum(expected.values()), 1)
    extra = sum((got - Counter(words(source))).values())
    glued = split = 0
    for word, count in got.items():
        if word in vocab or (not word.isalpha() and "-" not in word):
            continue  # a source word, or furniture such as page numbers and symbols
        if word in heads:
            split += count
        elif _glued(word.replace("-", ""), vocab):
            glued += count
    return Quality(intact, glued, split, extra)


# --- samples and timing ---------------------------------------------------------------


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def samples() -> list[Sample]:
    from tests.fixtures_docs import make_pdf

    drafts = [(path.stem, path.read_text(encoding="utf-8"))
              for path in sorted(EXAMPLES.glob("*.txt"))]
    if not drafts:
        print(f"no sample drafts in {EXAMPLES}; nothing to build")
        return []
    everything = "\n\n".join(text for _, text in drafts)
    out = []
    for style in STYLES:
        for name, text in [*drafts, ("all sample drafts", everything)]:
            data = make_pdf(text, style=style)
            out.append(Sample(name, style, data, page_count(data), text))
    return out


def system_samples() -> list[Sample]:
    out = []
    for path in SYSTEM_PDFS:
        if not path.is_file():
            print(f"{path}: not on this machine; skipped")
            continue
        data = path.read_bytes()
        out.append(Sample(path.name, "pdfTeX", data, page_count(data), None))
    return out


def median_times(tasks: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median wall time of each task; runs interleaved, so all see the same machine load."""
    return {name: statistics.median(found) for name, found in interleaved(tasks, runs).items()}


def import_times(statements: dict[str, str], runs: int) -> dict[str, float | None]:
    """Median seconds each import statement takes in a fresh interpreter (None: fails)."""
    results: dict[str, float | None] = {}
    tasks: dict[str, list[str]] = {}
    for name, statement in statements.items():
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        tasks[name] = [sys.executable, "-c", code]
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(runs):
        for name, cmd in tasks.items():
            if name in results:
                continue
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
            if done.returncode != 0:
                results[name] = None
                continue
            times[name].append(float(done.stdout))
    for name, found in times.items():
        results.setdefault(name, statistics.median(found) if found else None)
    return results


# --- report ---------------------------------------------------------------------------

LABEL = 39  # style, pdf name and page count


def report(sample: Sample, found: dict[str, Reader], runs: int) -> None:
    rows: dict[str, str] = {}
    tasks: dict[str, Callable[[], object]] = {}
    for name, read in found.items():
        try:
            text = read(sample.data)  # also warms up lazy imports before timing
        except Exception as exc:  # a library that cannot read the file is a result too
            rows[name] = f"failed: {exc.__class__.__name__}: {exc}"
            continue
        if sample.source is None:
            rows[name] = f"{'n/a':>7} {'':>6} {'':>6} {'':>6}"
        else:
            q = quality(sample.source, text)
            rows[name] = f"{q.intact:7.1%} {q.glued:6} {q.split:6} {q.extra:6}"
        tasks[name] = partial(read, sample.data)
    medians = median_times(tasks, runs)
    for k, (name, row) in enumerate(rows.items()):
        label = f"{sample.style:6} {sample.name:26} {sample.pages:5}" if k == 0 else ""
        timing = f" {medians[name]:8.3f} s" if name in medians else ""
        print(f"{label:{LABEL}} {name:13} {row}{timing}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5, help="timed readings per PDF (5)")
    args = parser.parse_args(argv)
    runs = max(args.runs, 1)

    miner = pdfminer_version()
    print(f"python {sys.version.split()[0]}, pypdf {metadata.version('pypdf')}, "
          f"pdfminer.six {miner or 'not installed'}; median of {runs} runs")
    if miner is None:
        print("pdfminer.six not installed: pip install pdfminer.six to compare")
    found = readers()

    print("\nPDFs made by tests/fixtures_docs.make_pdf from data/examples/*.txt")
    print(f"{'style':6} {'pdf':26} {'pages':>5} {'reader':13} {'intact':>7} {'glued':>6} "
          f"{'split':>6} {'extra':>6} {'median':>10}")
    for sample in samples():
        report(sample, found, runs)

    print("\nSystem PDFs (real pdfTeX output; timing only)")
    for sample in system_samples():
        report(sample, found, runs)

    print("\nImport time in a fresh interpreter (median)")
    statements = {"cyberscope (cli.read.pdf + pypdf)": "import cli.read.pdf, pypdf",
                  "pypdf": "import pypdf"}
    if miner:
        statements["pdfminer.six (pdfminer.high_level)"] = "import pdfminer.high_level"
    for name, seconds in import_times(statements, runs).items():
        shown = "failed" if seconds is None else f"{seconds * 1000:6.0f} ms"
        print(f"  {name:38} {shown}")
    if miner is None:
        print("  pdfminer.six not installed: pip install pdfminer.six to compare")
    return 0


if __name__ == "__main__":
    sys.exit(main())
