"""The output formats and where each goes: a file (``-o``/``--json``...) or standard output.

``plan`` turns the command line's ``--format`` and ``--out`` lists into that decision, so the CLI
only parses. ``text`` (the summary) and ``github`` (workflow commands) are read in a terminal or a
CI log: they go to standard output. The other formats are files, or standard output when no file
is named for them; at most one format can have standard output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path, PurePath
from typing import Any

from factcheck.core.model import Document, Finding
from factcheck.report.errors import OutputError


@dataclass
class Rendering:
    """What a renderer may read: the JSON report's dict and what it was made from."""

    data: dict  # result_dict(...): the JSON report
    findings: list[Finding]
    documents: list[Document]
    carried: dict = field(default_factory=dict)  # reviewer decisions carried over (the HTML report shows them)
    rules: Callable[[], Mapping[str, Any]] = dict  # the rule catalogue, loaded only by a format that shows it


@dataclass(frozen=True)
class Format:
    """One output format, declared in one place. ``writer`` names its module in factcheck/report/,
    which holds ``render(Rendering) -> str`` and, for a file format, ``is_ours(path, head) -> bool``:
    the exact opening of a file it wrote (``written_by_us`` asks every file format). Loaded on first
    use, so the CLI help that lists the formats imports no renderer."""

    name: str
    suffixes: tuple[str, ...]  # what ``-o FILE`` without ``--format`` is recognised by
    description: str
    writer: str | None  # None: the CLI prints it itself (the terminal summary)
    is_file: bool = True  # False: always standard output (read in a terminal or a CI log)

    def _module(self) -> Any:
        if self.writer is None:
            raise ValueError(f"no renderer for the {self.name!r} format")
        return import_module(f"factcheck.report.{self.writer}")

    def render(self, r: Rendering) -> str:
        return self._module().render(r)

    def is_ours(self, path: Path, head: bytes) -> bool:
        return self.is_file and self._module().is_ours(path, head)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("text", (), "the summary: one path:line:col line per finding (the default)", None, is_file=False),
    Format("json", (".json",), "JSON, schema version 1", "json"),
    Format("csv", (".csv",), "CSV, one row per finding", "csv"),
    Format("html", (".html", ".htm"), "the reviewer's HTML report", "html"),
    Format("sarif", (".sarif",), "SARIF 2.1.0, for code-scanning viewers", "sarif"),
    Format("github", (), "GitHub Actions annotations (::warning file=...::message)", "github", is_file=False),
)}
STREAMS = frozenset(f.name for f in FORMATS.values() if not f.is_file)  # never written to a file
FILE_FORMATS = tuple(f.name for f in FORMATS.values() if f.is_file)  # in the order reports are written


def names_help() -> str:
    """"text, json, csv, html, sarif or github": the formats, for help texts."""
    names = list(FORMATS)
    return ", ".join(names[:-1]) + " or " + names[-1]


def suffixes_help() -> str:
    """".json, .csv, .html, .htm, .sarif": the suffixes ``-o FILE`` recognises."""
    return ", ".join(s for f in FORMATS.values() for s in f.suffixes)

STDOUT = "-"


@dataclass
class Plan:
    files: dict[str, str] = field(default_factory=dict)  # format -> path
    stdout: str = "text"  # the format standard output carries; the summary goes to stderr when it is not text


def _usage(message: str) -> OutputError:
    return OutputError(f"E212 {message}")


def plan(formats: Sequence[str], outs: Sequence[str], legacy: dict[str, str | None] | None = None) -> Plan:
    """``--format`` and ``--out`` paired in order, text and github aside (they always go to standard
    output); an ``--out`` past the formats is recognised by its suffix, a ``--format`` past the outs
    goes to standard output. Plus the ``--json/--csv/--html`` files in ``legacy``."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise _usage(f"--format {unknown[0]!r}: choose one of {', '.join(FORMATS)}")
    files = [f for f in formats if f not in STREAMS]  # only these take an --out, in order
    pairs = [(fmt, outs[n] if n < len(outs) else STDOUT) for n, fmt in enumerate(files)]
    pairs += [(fmt, STDOUT) for fmt in formats if fmt in STREAMS]
    pairs += [(_by_suffix(out), out) for out in outs[len(files):]]
    pairs += [(fmt, path) for fmt, path in (legacy or {}).items() if path]
    result = Plan()
    to_stdout = [fmt for fmt, out in pairs if out == STDOUT and fmt != "text"]
    if len(to_stdout) > 1:
        raise _usage(f"--format {' and '.join(to_stdout)} would both go to standard output; "
                     "give all but one a file with -o FILE")
    for fmt, out in pairs:
        if out == STDOUT:
            result.stdout = fmt if fmt != "text" else result.stdout
        elif fmt in result.files:
            raise _usage(f"two files for the {fmt} report ({result.files[fmt]} and {out}); give one")
        else:
            result.files[fmt] = out
    return result


def _by_suffix(out: str) -> str:
    if out == STDOUT:
        raise _usage("-o - needs a --format to say what standard output carries")
    suffix = PurePath(out).suffix.lower()
    for f in FORMATS.values():
        if suffix in f.suffixes:
            return f.name
    raise _usage(f"-o {out}: cannot tell the format from its suffix ({suffixes_help()}); add --format")
