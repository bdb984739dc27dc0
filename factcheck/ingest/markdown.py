"""Markdown, read as plain text (its markup stays in the text the checks read)."""

from __future__ import annotations

from factcheck.ingest.reader import Reader
from factcheck.ingest.text import read_plain

READER = Reader((".md", ".markdown"), "Markdown, read as plain text", read_plain)
