"""Coded user-facing errors, each with a fix hint.

Codes are permanent so users can search for them: E1xx input (files, archives),
E2xx rules and configuration, E3xx output, E4xx the service. ``str(error)`` is one line, e.g.
``E201 rules/x.yml:12: unknown key 'sevrity' (valid: code, extends, ...). Fix: ...``.

Every failure a user can fix is a ``FactcheckError`` with a ``code`` (the CLI prints it on one line
and exits 2); an input that cannot be read is one too (``InputSkipped``), reported as an
``InputError`` record while the run goes on; any other exception is a bug. The subclasses say
which part of a run failed; they also derive from the built-in class the library raised before, so callers catching
``RuntimeError`` or ``ValueError`` keep working. Whatever of them (or of any other text from the
inputs) reaches a terminal goes through ``safe``.
"""

from __future__ import annotations

import re
from pathlib import Path

from factcheck.core.model import InputError

# The catalogue: code -> short title. Adding a code means adding a line here.
CODES: dict[str, str] = {
    # E1xx: inputs (each skipped input is reported and the run goes on)
    "E100": "input could not be read (internal error)",
    "E101": "unsupported file format",
    "E102": "input not found",
    "E103": "input is empty",
    "E104": "input too large",
    "E105": "input cannot be read",
    "E106": "binary file, not text",
    "E107": "unreadable document (.docx or HTML)",
    "E108": "archive record has no text",
    "E109": "malformed JSON line",
    "E110": "malformed CSV",
    "E111": "no documents found",
    "E112": "not a regular file (named pipe, socket or device)",
    "E113": "archive record field of the wrong type",
    "E120": "embedding model package missing",
    "E121": "embedding model cannot be loaded offline",
    "E122": "embedding precision is not float32, bfloat16 or auto",
    "E123": "the ONNX encoder cannot be built or loaded",
    "E124": "unknown encoder backend, or one that cannot run this model",
    "E150": "internal error while analysing a document (skipped)",
    "E151": "document too deeply nested to analyse (skipped)",
    "E160": "--scheduler needs Dask (pip install 'factcheck[scale]')",
    "E161": "a Dask worker runs different extraction or check code",
    "E162": "cannot reach the Dask scheduler",
    "E170": "more than one --against index",
    "E171": "index damaged or unreadable: rebuild it",
    "E172": "index format not readable by this version: rebuild it",
    "E173": "index built with another embedding model",
    "E174": "--out is a file, not an index, or holds files factcheck did not write",
    "E175": "story_k larger than the neighbours the index stores",
    # E2xx: rules, configuration and usage
    "E200": "rule file could not be read",
    "E201": "unknown key",
    "E202": "unknown check type",
    "E203": "invalid YAML",
    "E204": "missing required field",
    "E205": "invalid value",
    "E206": "invalid regular expression",
    "E207": "regular expression could take exponential time",
    "E208": "duplicate rule code",
    "E209": "unknown rule or check code",
    "E210": "invalid configuration file",
    "E211": "invalid suppression file",
    "E212": "invalid command-line value",
    # E3xx: outputs
    "E300": "output could not be written",
    "E301": "output exists and was not written by factcheck",
    "E302": "output path is a folder",
    "E303": "one file named for two reports",
    # E4xx: the service (`factcheck serve`); the HTTP status is in the title
    "E400": "request body larger than the service's limit (413)",
    "E401": "token missing or wrong (401)",
    "E402": "request took longer than the service's time limit (408)",
    "E403": "too many requests waiting: try again shortly (503)",
    "E404": "no such path, rule or report (404)",
    "E405": "request body is not what the endpoint takes (422)",
    "E406": "serve on an address other than localhost without a token",
    # Wxxx: warnings (the run goes on)
    "W120": "embedding cache was corrupt (moved aside and rebuilt) or held a damaged row (recomputed)",
    "W121": "embedding cache cannot be written (disk full, read-only): the run goes on uncached",
    "W130": "a record's based_on names no reference document",
    "W171": "index built by other extraction code: rebuild it",
    "W172": "index vectors from another encoder backend (comparable; --encoder to match)",
    "W174": "files added to an index folder during its rebuild were kept aside",
}


class FactcheckError(Exception):
    """An error the user can fix: what went wrong, where, and how to fix it."""

    def __init__(
        self,
        code: str,
        message: str,
        hint: str | None = None,
        path: str | Path | None = None,
        line: int | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.hint = hint
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        # One error, one line: text from an input (a YAML key, a file name) may hold a newline.
        where = f" {safe(self.where)}:" if self.where else ""
        fix = f" Fix: {safe(self.hint)}" if self.hint else ""
        return f"{self.code}{where} {safe(self.message.rstrip('.'))}.{fix}"

    def to_dict(self) -> dict:
        return {"path": self.where, "message": f"{self.code} {self.message}", "hint": self.hint}


class InputSkipped(FactcheckError):
    """An input that cannot be read (E1xx). It is not raised to the caller: the run goes on without
    the input, which is reported as an ``InputError`` record (``record``)."""

    def record(self, path: str) -> InputError:
        return InputError(path, self.message, self.code, self.line)


class OutputError(FactcheckError):
    """A report cannot be written where asked (E3xx), or the output options cannot be met (E212).
    Its one line is the code and a message that ends with its fix."""

    def __init__(self, code: str, message: str, path: str | Path | None = None) -> None:
        super().__init__(code, message, path=path)

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


class ReportsNotWritten(OutputError):
    """Some reports could not be written; the others were (``written``). One line per failure."""

    def __init__(self, failures: list[OutputError], written: list[str]) -> None:
        self.failures = failures
        self.written = written
        super().__init__(failures[0].code if failures else "E300", "; ".join(str(f) for f in failures))

    def __str__(self) -> str:
        return self.message


class ModelError(FactcheckError, RuntimeError):
    """The embedding model cannot be loaded (E120, E121)."""


class SettingError(FactcheckError, ValueError):
    """A setting's value is not one of the valid choices (E122)."""


class ClusterError(FactcheckError, RuntimeError):
    """Dask is missing, unreachable, or runs other code (E160-E162)."""


class ArchiveIndexError(FactcheckError, RuntimeError):
    """An archive index cannot be used as asked (E170-E175)."""


# C0 and C1 controls and DEL (ESC opens ANSI sequences, CR and LF forge lines, NUL hides the rest),
# the bidi controls that reorder what is shown (U+202E and kin), line and paragraph separators, and
# lone surrogates (undecodable bytes of a file name), which a terminal cannot be sent at all.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def safe(text: object) -> str:
    """``text`` with each control character shown as its escape (\\x1b, \\n, \\u202e): one line, inert."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
