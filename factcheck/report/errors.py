"""The errors of writing reports: each message is one line, a code first, with a fix hint."""

from __future__ import annotations


class OutputError(Exception):
    """A report could not be written; the message is one line with a fix hint."""


class ReportsNotWritten(OutputError):
    """Some reports could not be written; the others were (``written``). One line per failure."""

    def __init__(self, failures: list[OutputError], written: list[str]) -> None:
        self.failures = failures
        self.written = written
        super().__init__("; ".join(str(f) for f in failures))
