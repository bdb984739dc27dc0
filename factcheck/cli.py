"""The command line: parse arguments, call the library, print, exit. No logic lives here."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from factcheck.cli_help import Command, Group
from factcheck.ingest.registry import format_list
from factcheck.report.formats import FORMATS, STREAMS, names_help, suffixes_help

if TYPE_CHECKING:
    from factcheck.api import Outputs
    from factcheck.core.config import Settings
    from factcheck.report.formats import Plan
    from factcheck.run.pipeline import Result

app = typer.Typer(
    name="factcheck",
    cls=Group,
    help="Check facts for consistency across news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _mount_rules() -> None:
    from factcheck.cli_rules import app as rules_app

    app.add_typer(rules_app, name="rules", help="List, explain and validate rules.")


_mount_rules()


def _show_version(value: bool) -> None:
    if value:
        from factcheck.core.version import __version__

        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Check facts for consistency across news articles."""

FAIL_ON = ("error", "warning", "never")
DEBUG_HELP = "On an internal error, print the traceback."

# The options `check` and `watch` share, declared once so their names and help stay the same.
Paths = Annotated[list[str], typer.Argument(help=f"Files ({format_list()}), folders, - for stdin.")]
Against = Annotated[list[str], typer.Option("--against", help="Reference material: evidence only.")]
JsonOut = Annotated[str | None, typer.Option("--json", help="Write the JSON report here.")]
HtmlOut = Annotated[str | None, typer.Option("--html", help="Write the HTML report here.")]
CsvOut = Annotated[str | None, typer.Option("--csv", help="Write the CSV report here.")]
Formats = Annotated[list[str], typer.Option(
    "--format", help=f"{names_help()} (repeatable): a file format goes to the matching --out, else to "
    f"standard output; {' and '.join(sorted(STREAMS, key=list(FORMATS).index))} always go to standard output.")]
Outs = Annotated[list[str], typer.Option(
    "--out", "-o", help=f"File for the matching --format (repeatable; alone, the suffix names the format: "
    f"{suffixes_help()}).")]
Rules = Annotated[list[Path], typer.Option("--rules", help="Extra rule folder or file (repeatable).")]
Model = Annotated[str | None, typer.Option("--model", help="sentence-transformers model or local path.")]
Dtype = Annotated[str | None, typer.Option(
    "--dtype", "--precision", help="The embedding model's compute dtype: auto (bf16 on AMX CPUs), float32 or "
    "bfloat16 (--precision is its old name, deprecated).")]
Encoder = Annotated[str | None, typer.Option(
    "--encoder", help="Encoder backend: auto (the fastest that keeps the findings on this CPU), torch-float32, "
    "torch-bfloat16, onnx-float32, onnx-int8, openvino-float32, openvino-bfloat16 or openvino-int8.")]
MinConfidence = Annotated[float | None, typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="Drop findings whose calibrated confidence (their kind's precision on the dev bench) is lower.")]
Enable = Annotated[list[str], typer.Option("--enable", help="Turn on a code or prefix.")]
Disable = Annotated[list[str], typer.Option("--disable", help="Turn off a code or prefix.")]
Ignore = Annotated[Path | None, typer.Option("--ignore", help="Ignore file (default .factcheckignore).")]
Decisions = Annotated[Path | None, typer.Option("--decisions", help="Decisions JSON from the HTML report.")]
Cache = Annotated[Path | None, typer.Option("--cache", help="Embedding cache folder.")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")]
Force = Annotated[bool, typer.Option("--force", help="Replace output files factcheck did not write.")]
Quiet = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress bars; when a report is written, the summary line only.")]
Workers = Annotated[int, typer.Option("--workers", "-j", min=1, help="Extract and check on N local processes.")]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", help="Extract and check on a Dask cluster: tcp://HOST:PORT, or local[:N] for a local one.")]
Debug = Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)]


def _stderr() -> Console:
    """One message, one line, whatever the terminal width: grep and CI logs keep it whole."""
    return Console(stderr=True, soft_wrap=True, highlight=False)


def _say(err: Console, message: object) -> None:
    from factcheck.report.terminal import say

    say(err, message)  # inert: a message may quote a path or a document id


def _explain(err: Console, e: BaseException, debug: bool) -> None:
    """A failure on one line: a coded error as it is, the OS refusing a write as E300, anything else
    as a bug to report (its traceback only under --debug)."""
    from factcheck.core.errors import FactcheckError

    if isinstance(e, FactcheckError):
        _say(err, str(e))
    elif isinstance(e, OSError):  # the disk or the OS refused what we had to write
        _say(err, str(FactcheckError("E300", e.strerror or str(e), "check the path, its permissions and the free space",
                                     e.filename)))
    else:
        if debug:
            err.print("".join(traceback.format_exception(e)), markup=False, end="")
        detail = " ".join(f"{e.__class__.__name__}: {e}".split())[:300]
        _say(err, f"internal error, please report it ({detail})"
                  + ("" if debug else "; run again with --debug for the traceback"))


@contextmanager
def _failures(err: Console, debug: bool, interrupted: str) -> Iterator[None]:
    """Every way a run can fail, said on one line: a coded error the user can fix (exit 2), an
    interrupt (exit 130), or a bug (exit 2, with the traceback only under --debug)."""
    try:
        yield
    except KeyboardInterrupt:
        _say(err, interrupted)
        raise typer.Exit(130) from None
    except Exception as e:
        _explain(err, e, debug)
        raise typer.Exit(2) from None


def _usage(fail_on: str | None, dtype: str | None) -> None:
    """Command-line values checked as usage (E212), before any configuration file is read."""
    from factcheck.core.config import normalise_precision
    from factcheck.core.errors import FactcheckError, SettingError

    if fail_on is not None and fail_on not in FAIL_ON:
        raise FactcheckError("E212", f"--fail-on {fail_on!r}: choose one of {', '.join(FAIL_ON)}",
                             "pass --fail-on error, warning or never")
    if dtype is not None:
        try:
            normalise_precision(dtype)
        except SettingError:  # one option under two names (--precision is the deprecated one): both named
            raise FactcheckError("E212", f"--dtype/--precision {dtype!r}: choose auto, float32 (fp32) or "
                                 "bfloat16 (bf16)", "pass --dtype auto, float32 or bfloat16") from None


def _settings(rules: list[Path], fail_on: str | None, model: str | None, dtype: str | None, encoder: str | None,
              min_confidence: float | None, enable: list[str], disable: list[str], ignore: Path | None,
              decisions: Path | None) -> Settings:
    """Config files, then these flags (the ones given)."""
    from factcheck.core.config import load_settings

    overrides = {
        "rules": [str(r) for r in rules] or None, "fail_on": fail_on, "model": model, "dtype": dtype,
        "encoder": encoder, "min_confidence": min_confidence,
        "enable": enable or None, "disable": disable or None,
        "ignore_file": str(ignore) if ignore else None, "decisions_file": str(decisions) if decisions else None,
    }
    return load_settings({k: v for k, v in overrides.items() if v is not None})


def _plan(formats: list[str], outs: list[str], legacy: dict[str, str | None], force: bool) -> tuple[Plan, Outputs]:
    from factcheck.api import Outputs
    from factcheck.report.formats import plan

    where = plan(formats, outs, {k: str(v) for k, v in legacy.items() if v})
    return where, Outputs(where.files, force=force)


def _show(result: Result, where: Plan, settings: Settings, written: list[str], unwritten: list, quiet: bool) -> None:
    """What a run prints: a report on standard output if one goes there, the warnings, the summary
    (on stderr when standard output carries a report; -q drops the finding lines only when a report
    holds them) and the reports that could not be written."""
    from factcheck.api import render_report
    from factcheck.report.terminal import print_summary

    err = _stderr()
    if where.stdout != "text":
        sys.stdout.write(render_report(where.stdout, result, settings))
        sys.stdout.flush()
    for note in result.warnings:
        _say(err, note)
    out = Console(stderr=where.stdout != "text", highlight=False, emoji=False)
    # github output is itself the listing (one annotation per finding): a CI log that merges both
    # streams would show every finding twice
    listed = where.stdout == "github" or (quiet and (written or where.stdout != "text"))
    print_summary(out, result.documents, result.findings, result.errors, suppressed=result.suppressed,
                  show_findings=not listed, written=written)
    for failure in unwritten:
        _say(err, failure)


@app.command(cls=Command)
def check(
    paths: Paths,
    against: Against = [],  # noqa: B006
    json_out: JsonOut = None,
    html_out: HtmlOut = None,
    csv_out: CsvOut = None,
    formats: Formats = [],  # noqa: B006
    outs: Outs = [],  # noqa: B006
    rules: Rules = [],  # noqa: B006
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="error, warning or never: exit 1 at/above.")] = None,
    model: Model = None,
    dtype: Dtype = None,
    encoder: Encoder = None,
    min_confidence: MinConfidence = None,
    enable: Enable = [],  # noqa: B006
    disable: Disable = [],  # noqa: B006
    ignore: Ignore = None,
    decisions: Decisions = None,
    cache: Cache = None,
    no_cache: NoCache = False,
    force: Force = False,
    quiet: Quiet = False,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    debug: Debug = False,
) -> None:
    """Check articles and write the flagged claims. An --against index folder is loaded, not re-read."""
    from factcheck.api import check as run_check
    from factcheck.api import write_reports
    from factcheck.core.progress import NullProgress, RichProgress
    from factcheck.report import OutputError, ReportsNotWritten

    err = _stderr()
    unwritten: list[OutputError] = []
    with _failures(err, debug, "interrupted; no report was written (finished embeddings are cached)"):
        _usage(fail_on, dtype)
        where, outputs = _plan(formats, outs, {"json": json_out, "csv": csv_out, "html": html_out}, force)
        settings = _settings(rules, fail_on, model, dtype, encoder, min_confidence, enable, disable, ignore,
                             decisions)
        progress = NullProgress() if quiet or not sys.stderr.isatty() else RichProgress()
        result = run_check(paths, against=against, settings=settings, cache=False if no_cache else cache,
                           progress=progress, workers=workers, scheduler=scheduler, outputs=outputs)
        try:
            written = write_reports(result, outputs, settings)
        except ReportsNotWritten as e:  # the reports that could be written were: say which could not
            written, unwritten = e.written, e.failures
        _show(result, where, settings, written, unwritten, quiet)
    if unwritten:
        raise typer.Exit(2)
    if not result.documents and not result.errors:
        _say(err, f"E111 no documents found in the given paths (supported: {format_list()})")
        raise typer.Exit(2)
    raise typer.Exit(result.exit_code(settings.fail_on))


@app.command(cls=Command)
def watch(
    paths: Annotated[list[str], typer.Argument(help=f"Files ({format_list()}) or folders to check on every save.")],
    against: Against = [],  # noqa: B006
    json_out: JsonOut = None,
    html_out: HtmlOut = None,
    csv_out: CsvOut = None,
    formats: Formats = [],  # noqa: B006
    outs: Outs = [],  # noqa: B006
    rules: Rules = [],  # noqa: B006
    model: Model = None,
    dtype: Dtype = None,
    encoder: Encoder = None,
    min_confidence: MinConfidence = None,
    enable: Enable = [],  # noqa: B006
    disable: Disable = [],  # noqa: B006
    ignore: Ignore = None,
    decisions: Decisions = None,
    cache: Cache = None,
    no_cache: NoCache = False,
    force: Force = False,
    quiet: Quiet = False,
    interval: Annotated[float, typer.Option("--interval", min=0.05, help="Seconds between looks for changes.")] = 0.3,
    debug: Debug = False,
) -> None:
    """Check drafts now and again on every save (one warm process: the model loads once). Ctrl-C stops."""
    from factcheck.watch import Watch
    from factcheck.watch import watch as watch_loop

    err = _stderr()
    with _failures(err, debug, "stopped"):
        _usage(None, dtype)
        where, outputs = _plan(formats, outs, {"json": json_out, "csv": csv_out, "html": html_out}, force)
        settings = _settings(rules, None, model, dtype, encoder, min_confidence, enable, disable, ignore, decisions)
        session = Watch(paths, against=against, settings=settings, outputs=outputs, cache=False if no_cache else cache)
    try:
        for n, run in enumerate(watch_loop(session, interval=interval)):
            if n:
                more = f" and {len(run.changed) - 3} more" if len(run.changed) > 3 else ""
                _say(err, f"{', '.join(run.changed[:3]) or 'a file'}{more} changed: re-checked in {run.seconds:.2f} s")
            if run.error is not None:
                _explain(err, run.error, debug)
            elif run.result is not None:
                _show(run.result, where, settings, run.written, run.unwritten, quiet)
            if not n:
                _say(err, f"watching {' '.join(session.watched)} for changes; Ctrl-C to stop")
    except KeyboardInterrupt:  # the way to end a watch: not a failure
        _say(err, "stopped")
    raise typer.Exit(0)


@app.command(cls=Command)
def serve(
    against: Annotated[list[str], typer.Option(
        "--against", help="Reference index folder (grown by POST /v1/index), or archive files built into one.")] = [],  # noqa: B006
    host: Annotated[str, typer.Option("--host", help="Address to listen on; other than localhost needs --token.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one).")] = 8250,
    token: Annotated[bool, typer.Option(
        "--token", help="Require a token on every request: $FACTCHECK_TOKEN, else a new one, printed.")] = False,
    state: Annotated[Path, typer.Option(
        "--state", help="Folder for the review decisions (SQLite) and an index built from archive files.")]
    = Path(".factcheck-serve"),
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1024, help="Largest request body (413 past it).")]
    = 2 * 2**20,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds a request may wait and run (408).")]
    = 30.0,
    queue: Annotated[int, typer.Option("--queue", min=1, help="Requests that may wait for the model (503 past it).")]
    = 32,
    rules: Rules = [],  # noqa: B006
    model: Model = None,
    dtype: Dtype = None,
    encoder: Encoder = None,
    min_confidence: MinConfidence = None,
    enable: Enable = [],  # noqa: B006
    disable: Disable = [],  # noqa: B006
    cache: Cache = None,
    no_cache: NoCache = False,
    debug: Debug = False,
) -> None:
    """Serve checks over HTTP on this machine (model loaded once) and the review page at /. Ctrl-C stops."""
    from factcheck.serve.run import serve as run_service

    err = _stderr()
    with _failures(err, debug, "stopped"):
        _usage(None, dtype)
        settings = _settings(rules, None, model, dtype, encoder, min_confidence, enable, disable, None, None)
        run_service(against, host=host, port=port, token=token, state=state, max_bytes=max_bytes, timeout=timeout,
                    depth=queue, settings=settings, cache=False if no_cache else cache,
                    say=lambda line: _say(err, line))
    raise typer.Exit(0)


index_app = typer.Typer(cls=Group, help="Prepare an archive once; check drafts against it fast.", no_args_is_help=True)
app.add_typer(index_app, name="index")


@index_app.command("build", cls=Command)
def index_build(
    paths: Annotated[list[str], typer.Argument(help="Archive files or folders (.jsonl .csv .txt ...).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Index folder to write (replaced atomically).")],
    model: Model = None,
    dtype: Dtype = None,
    encoder: Encoder = None,
    cache: Cache = None,
    no_cache: NoCache = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    debug: Debug = False,
) -> None:
    """Read, extract and embed an archive into an index folder (use it with check --against)."""
    from factcheck.api import build_index
    from factcheck.core.config import load_settings
    from factcheck.core.progress import NullProgress, RichProgress
    from factcheck.report.terminal import safe

    err = _stderr()
    with _failures(err, debug, "interrupted; no index was written (finished work is cached)"):
        _usage(None, dtype)
        given = {"model": model, "dtype": dtype, "encoder": encoder}
        settings = load_settings({k: v for k, v in given.items() if v})
        progress = NullProgress() if quiet or not sys.stderr.isatty() else RichProgress()
        where, n_docs, errors, notes = build_index(paths, out, settings=settings,
                                                   cache=False if no_cache else cache, progress=progress,
                                                   workers=workers, scheduler=scheduler)
    for note in notes:
        _say(err, note)
    for e in errors:
        _say(err, f"{e.to_dict()['path']}: {e.to_dict()['message']}")
    skipped = f" ({len(errors)} skipped)" if errors else ""
    noun = "document" if n_docs == 1 else "documents"
    Console(highlight=False, emoji=False).print(f"indexed {n_docs} {noun} into {safe(where)}{skipped}", markup=False)
    if errors or not n_docs:  # as check does: an input that could not be read is exit 2, whatever else worked
        raise typer.Exit(2)


def _quiet_process_defaults() -> None:
    """The CLI owns its process, so it (not the library) sets what the model libraries read at start-up:
    offline, no progress bars of theirs (ours speak for the run), and passive OpenMP waits on a busy
    machine, where spinning threads starve each other (measured 12 vs 265 sentences/s at load ~8).
    Values the user set are kept."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        busy = os.getloadavg()[0] >= (os.cpu_count() or 1)
    except OSError:
        busy = False
    if busy:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def main() -> None:
    _quiet_process_defaults()
    try:
        app()
    except SystemExit as e:
        _leave(e.code)
    _leave(0)


def _leave(code: object) -> None:
    """Exit with ``code``. Once PyTorch (or an ONNX runtime) is loaded, the interpreter's teardown takes
    ~1.2 s on 2 busy cores (measured: bench/startup.py). By now every report is written and closed and the library has
    shut its pools and caches, so flush the standard streams and end the process at once."""
    if not {"torch", "onnxruntime", "openvino"} & sys.modules.keys() or not isinstance(code, int | None):
        raise SystemExit(code)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the normal exit reports it
        raise SystemExit(code) from None
    os._exit(code or 0)
