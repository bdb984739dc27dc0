"""The reader registry: one line per input format, in help order. A new format is one file in
ingest/ declaring a ``READER`` and one line here; the CLI help, folder walking and
docs/formats.md (kept equal by tests/test_ingest.py) follow."""

from __future__ import annotations

from factcheck.ingest import csv, docx, html, jsonl, markdown, text
from factcheck.ingest.reader import Reader

READERS: tuple[Reader, ...] = (
    text.READER,  # first: also what stdin and a file named with an unknown suffix are read as
    markdown.READER,
    html.READER,
    docx.READER,
    jsonl.READER,
    csv.READER,
)
BY_SUFFIX: dict[str, Reader] = {suffix: r for r in READERS for suffix in r.suffixes}
SUPPORTED = frozenset(BY_SUFFIX)


def format_list() -> str:
    """The formats a user can pass, one suffix each: ".txt .md .html .docx .jsonl .csv"."""
    return " ".join(r.suffixes[0] for r in READERS)
