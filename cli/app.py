"""The ``classify`` command line: options and messages only; the work is done elsewhere."""

import functools
import math
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from cli import __version__
from cli.errors import CyberscopeError, InputError
from cli.output.console import colour_enabled, emit, terminal_width
from cli.output.formats import (
    ClassifyFormat,
    CompareFormat,
    InputKind,
    ReportFormat,
    SafeguardsFormat,
)

if TYPE_CHECKING:
    import click

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_COMMAND = "file"
SAFEGUARD_EXIT = 4  # --strict-safeguards, 'classify safeguards --strict': a flag fires
GROUP_OPTIONS = {"--help", "-h", "--version", "--install-completion", "--show-completion"}


class DefaultCommandGroup(TyperGroup):
    """``classify draft.txt`` means ``classify file draft.txt``; subcommands sit beside it.

    The arguments as given are kept in ``ctx.meta["argv"]`` for the report's provenance;
    a word that is neither a file nor a command but looks like one gets a suggestion."""

    def parse_args(self, ctx: "click.Context", args: list[str]) -> list[str]:
        ctx.meta["argv"] = list(args)
        if args and args[0] not in self.commands and args[0] not in GROUP_OPTIONS:
            suggestion = _mistyped_command(args[0], list(self.commands))
            if suggestion:
                _stderr(f"classify: error: {args[0]}: no such command or file; "
                        f"did you mean `{suggestion}`?")
                ctx.exit(2)
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


def _mistyped_command(word: str, commands: list[str]) -> str | None:
    """The command ``word`` is a typo of, unless it is an option or an existing file."""
    if word.startswith("-") or os.path.lexists(word):
        return None
    import difflib

    close = difflib.get_close_matches(word.lower(), [c for c in commands
                                                     if c != DEFAULT_COMMAND], n=1, cutoff=0.6)
    return close[0] if close else None


app = typer.Typer(
    cls=DefaultCommandGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    help=(
        "Label each provision of a draft cybercrime treaty or law cyber-dependent, "
        "cyber-enabled or other, and print the draft's scope breakdown.\n\n"
        "Example: classify draft.txt\n\n"
        "Example: classify draft.txt --format json | jq '.summary'\n\n"
        "A file named like a command (say 'train') is classified with "
        "'classify file train' or 'classify ./train'.\n\n"
        "Exit codes: 0 success, 1 input or runtime error, 2 usage error, "
        "3 provisions flagged for review under --strict, 4 safeguard flags under "
        "--strict-safeguards (or 'classify safeguards --strict')."
    ),
)


def _stderr(message: str) -> None:
    """One line on stderr; control characters (say, in a file name) shown as escapes."""
    from cli.output.safe import printable

    print(printable(message), file=sys.stderr)


def fail(message: str, code: int = 1) -> typer.Exit:
    _stderr(f"classify: error: {message}")
    return typer.Exit(code)


def handle_errors(func: F) -> F:
    """Turn the project's errors into one line on stderr and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CyberscopeError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except KeyboardInterrupt as exc:
            raise fail("interrupted", getattr(exc, "exit_code", 130)) from None
        except MemoryError:
            raise fail("out of memory; split the draft into smaller files") from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        print(f"cyberscope {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Label the provisions of a draft cybercrime law and print its scope breakdown."""


def _probability(value: float | None) -> float | None:
    """A usage error for NaN, which passes the range check of ``min=0.0, max=1.0``."""
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a number between 0 and 1")
    return value


def _reference(value: str) -> str:
    if not value.strip():
        raise typer.BadParameter("give the provision's reference, e.g. 'Article 12'")
    return value


ModelDir = Annotated[Path | None, typer.Option(
    "--model", help="Model directory (default: the model shipped with cyberscope, "
    "or $CYBERSCOPE_MODEL_DIR).", file_okay=False)]
Format = Annotated[ClassifyFormat, typer.Option("--format", "-f", help="Output format.",
                                                case_sensitive=False)]
InputOption = Annotated[InputKind | None, typer.Option(
    "--input", help="'text' (a whole draft) or 'jsonl' (pre-split records with 'text' "
    "and optional 'id'); default: jsonl for .jsonl files, else text.")]
ReportFormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.",
                                                          case_sensitive=False)]
OutputFile = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", dir_okay=False,
    help="Write the output to FILE instead of standard output (atomically: readers see "
    "the old file or the new one); refused if FILE is one of the inputs.")]


def _command_line(ctx: typer.Context) -> str:
    """The command line as the user typed it, for the HTML report's provenance."""
    import shlex

    argv = ctx.meta.get("argv")
    return shlex.join(["classify", *(sys.argv[1:] if argv is None else argv)])


def deliver(text: str, output: Path | None, inputs: Sequence[str]) -> None:
    """Print ``text``, or write it to ``output``, never over one of the ``inputs``."""
    if output is None:
        emit(text)
        return
    from cli.write import write_output

    write_output(output, text, inputs)


@app.command("file", help="Classify drafts (the default command).\n\n"
             "Example: classify draft.txt other-draft.pdf --format markdown")
@handle_errors
def classify_command(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(help="Draft files; '-' reads standard input.",
                                               metavar="FILE...")],
    fmt: Format = ClassifyFormat.table,
    input_kind: InputOption = None,
    min_confidence: Annotated[float | None, typer.Option(
        "--min-confidence", min=0.0, max=1.0, callback=_probability,
        help="Provisions below this confidence are listed for review "
        "(default: the model's threshold, measured in cross-validation).")] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Show the terms that pushed each provision to its label.")] = False,
    safeguards: Annotated[bool, typer.Option(
        "--safeguards", help="Also run the safeguard checks: each provision's flags (a Flags "
        "column; 'safeguards' in JSON) and the counts per code in the summary.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit with 3 when any provision is flagged for review.")] = False,
    strict_safeguards: Annotated[bool, typer.Option(
        "--strict-safeguards", help="Run the safeguard checks and exit with 4 when any flag "
        "fires (see 'classify safeguards'); undetermined checks do not count.")] = False,
    no_text: Annotated[bool, typer.Option(
        "--no-text", help="Leave each provision's text out of jsonl and csv output.")] = False,
    model: ModelDir = None,
    output: OutputFile = None,
) -> None:
    from cli.read import STDIN
    from cli.run import classify_inputs, is_jsonl, stdin_kind

    failed: list[InputError] = []

    def unreadable(exc: InputError) -> None:
        failed.append(exc)
        _stderr(f"classify: error: {exc}")

    kind = input_kind and input_kind.value
    stdin = None
    if fmt in (ClassifyFormat.jsonl, ClassifyFormat.csv) and not (safeguards
                                                                 or strict_safeguards):
        stdin_is = kind
        if STDIN in files:
            stdin_is, stdin = stdin_kind(kind)
        if all(is_jsonl(f, stdin_is if f == STDIN else kind) for f in files):
            flagged = _stream(files, fmt, not no_text, min_confidence, explain, model, output,
                              stdin, unreadable)
            _check(failed, strict, flagged)
            return
    bar = ProgressBar()
    try:  # the HTML report always has each provision's evidence and safeguard flags
        run = classify_inputs(files, input_kind=kind, min_confidence=min_confidence,
                              explain=explain or fmt is ClassifyFormat.html,
                              model_dir=model, warn=_warn,
                              on_document=bar.document, on_batch=bar.provisions,
                              safeguards=safeguards or strict_safeguards
                              or fmt is ClassifyFormat.html,
                              on_error=unreadable, stdin=stdin)
    finally:
        bar.close()
    if run.documents:
        from cli.output.classify import render

        reports = (ClassifyFormat.html, ClassifyFormat.markdown)  # they show the command
        deliver(render(run, fmt, terminal_width(), colour_enabled() and output is None,
                       _command_line(ctx) if fmt in reports else None, not no_text),
                output, files)
    _check(failed, strict, len(run.total.flagged))
    if strict_safeguards:
        _fail_on_safeguards(run.total.safeguards)


def _stream(files: list[str], fmt: ClassifyFormat, text: bool, min_confidence: float | None,
            explain: bool, model: Path | None, output: Path | None, stdin: Any,
            on_error: Callable[[InputError], None]) -> int:
    """JSONL inputs to JSONL or CSV, written as they are classified (``cli.run``): to
    standard output, or to ``output`` atomically, as ``deliver`` writes (nothing, when
    no record was read). The number of provisions flagged for review."""
    from cli.run import stream_inputs

    options = {"fmt": fmt.value, "text": text, "min_confidence": min_confidence,
               "explain": explain, "model_dir": model, "stdin": stdin, "on_error": on_error}
    if output is None:
        out = sys.stdout.buffer
        totals = stream_inputs(files, out.write, flush=out.flush, **options)
        out.flush()
        return totals.flagged
    from cli.write import open_output

    with open_output(output, files) as fh:
        totals = stream_inputs(files, fh.write, **options)
        fh.keep = totals.records > 0
    return totals.flagged


def _check(failed: list[InputError], strict: bool, flagged: int) -> None:
    """Exit 1 when an input could not be read, else 3 with ``--strict`` and a flag."""
    if failed:
        raise typer.Exit(1)
    if strict and flagged:
        _stderr(f"classify: {flagged} provision(s) flagged for review")
        raise typer.Exit(3)


def _fail_on_safeguards(counts: dict[str, int] | None) -> None:
    if counts:
        _stderr(f"classify: {sum(counts.values())} safeguard flag(s): "
                + ", ".join(f"{code} {n}" for code, n in counts.items()))
        raise typer.Exit(SAFEGUARD_EXIT)


@app.command("safeguards",
             help="Only the safeguard flags of drafts, grouped by provision: offences "
             "without intent or 'without right', vague content terms, powers without a "
             "judge, cooperation without dual criminality, and more (the codes are in the "
             "README).\n\n"
             "Example: classify safeguards draft.txt --format markdown")
@handle_errors
def safeguards_command(
    files: Annotated[list[str], typer.Argument(help="Draft files; '-' reads standard input.",
                                               metavar="FILE...")],
    fmt: Annotated[SafeguardsFormat, typer.Option("--format", "-f", help="Output format.",
                                                  case_sensitive=False)
                   ] = SafeguardsFormat.table,
    input_kind: InputOption = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit with 4 when any safeguard flag fires.")] = False,
    model: ModelDir = None,
) -> None:
    from cli.output.safeguards import render_safeguards
    from cli.run import classify_inputs

    run = classify_inputs(files, input_kind=input_kind and input_kind.value, model_dir=model,
                          warn=_warn, safeguards=True)
    emit(render_safeguards(run, fmt, colour_enabled()))
    if strict:
        _fail_on_safeguards(run.total.safeguards)


class ProgressBar:
    """A progress bar on stderr, shown only on a terminal and only for long runs: three
    files or more, or a batch of provisions large enough to be shared among workers."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def _show(self, description: str, completed: int, total: int) -> None:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import Progress

            # refreshed here, not by a thread of its own: workers are forked while the
            # bar is up, and a fork must not copy a thread that holds stderr's lock
            self._bar = Progress(console=Console(stderr=True), transient=True,
                                 auto_refresh=False)
            self._bar.start()
            self._task = self._bar.add_task(description, total=total)
        self._bar.update(self._task, description=description, completed=completed,
                         total=total)
        self._bar.refresh()

    def document(self, k: int, n: int, path: str) -> None:
        if self.enabled and n >= 3:
            from cli.output.safe import printable

            self._show(f"classifying {printable(path)}", k - 1, n)

    def provisions(self, done: int, total: int) -> None:
        if self.enabled:
            self._show("scoring provisions", done, total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _warn(message: str) -> None:
    _stderr(f"classify: warning: {message}")


@app.command("train", help="Train a model on the labelled corpus.\n\n"
             "Without --out the model is written to a new directory (cyberscope-model, "
             "cyberscope-model-2, ...), never over the shipped model; use it with --model DIR."
             "\n\nExample: classify train --corpus data/corpus --out my-model")
@handle_errors
def train_command(
    corpus: Annotated[Path, typer.Option(help="Directory of labelled *.jsonl files.",
                                         file_okay=False)] = Path("data/corpus"),
    out: Annotated[Path | None, typer.Option(
        help="Model directory to write (its old model is replaced); default: a new "
        "directory here.", file_okay=False)] = None,
) -> None:
    from cli.artifact import fresh_model_dir
    from cli.output.train import render_training
    from cli.training.train import train

    out = out if out is not None else fresh_model_dir(Path())
    result = train(corpus, out, progress=lambda m: _stderr(f"classify: {m}"))
    emit(render_training(result, out))


@app.command("evaluate",
             help="Score the model on labelled records (JSONL with 'text' and 'label').\n\n"
             "Example: classify evaluate data/corpus/eu-directive.jsonl --fail-under 0.9")
@handle_errors
def evaluate_command(
    file: Annotated[Path, typer.Argument(help="JSONL file of labelled records.")],
    fmt: ReportFormatOption = ReportFormat.table,
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", min=0.0, max=1.0, callback=_probability,
        help="Exit with 1 when macro-F1 is below this.")] = None,
    model: ModelDir = None,
    output: OutputFile = None,
) -> None:
    from cli.evaluate import evaluate_file
    from cli.output.evaluate import render_evaluation

    report = evaluate_file(file, model)
    deliver(render_evaluation(report, fmt), output, [str(file)])
    if fail_under is not None and report.metrics.macro_f1 < fail_under:
        raise fail(f"macro-F1 {report.metrics.macro_f1:.4f} is under {fail_under}")


@app.command("compare",
             help="Compare two drafts: what was added, removed, renumbered, reworded or "
             "relabelled, and whether the criminalisation got broader or narrower.\n\n"
             "Example: classify compare draft-nov.txt draft-rev.txt --format markdown")
@handle_errors
def compare_command(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The earlier draft.")],
    new: Annotated[str, typer.Argument(help="The later draft.")],
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f", help="Output format.",
                                               case_sensitive=False)] = CompareFormat.table,
    unchanged_at: Annotated[float, typer.Option(
        "--unchanged-at", min=0.0, max=1.0,
        help="A matched provision whose text is at least this similar counts as unchanged, "
        "unless its label or its safeguard flags moved.")] = 0.95,
    model: ModelDir = None,
    output: OutputFile = None,
) -> None:
    from cli.compare import compare
    from cli.output.compare import render_comparison
    from cli.run import classify_inputs

    run = classify_inputs([old, new], model_dir=model, warn=_warn)
    result = compare(run.documents[0], run.documents[1], run.min_confidence,
                     same_text=unchanged_at)  # checks the safeguards as it aligns
    deliver(render_comparison(result, fmt, run.model_id, run.model_sha256, terminal_width(),
                              colour_enabled() and output is None, _command_line(ctx),
                              (run.documents[0].sha256, run.documents[1].sha256)),
            output, [old, new])


@app.command("explain",
             help="Explain one provision: its text, the scores of all three labels, and the "
             "terms that decided its label, highlighted.\n\n"
             'Example: classify explain draft.txt "Article 12"')
@handle_errors
def explain_command(
    draft: Annotated[str, typer.Argument(help="The draft file ('-' for standard input).")],
    ref: Annotated[str, typer.Argument(help="The provision's reference, e.g. 'Article 12'.",
                                       callback=_reference)],
    fmt: ReportFormatOption = ReportFormat.table,
    model: ModelDir = None,
    output: OutputFile = None,
) -> None:
    from cli.classify import Classifier
    from cli.explain import explain_provision, find_provision
    from cli.output.explain import render_explanation
    from cli.run import classify_one

    classifier = Classifier.load(model, explain=True)
    document = classify_one(classifier, draft, "text")
    found = find_provision(document, ref)
    deliver(render_explanation(explain_provision(classifier, document.source, found), fmt,
                               terminal_width(), colour_enabled() and output is None),
            output, [draft])


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: handled as an interrupt, with the signal's exit code."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated(signum)


def main() -> None:
    """Console-script entry point: SIGTERM and SIGHUP stop a run as Ctrl-C does (workers
    included), with exit code 143 and 129."""
    import signal

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _terminate)
    app(prog_name="classify")
