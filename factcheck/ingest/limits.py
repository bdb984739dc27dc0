"""How much ingest reads: the limits every reader honours (read at call time, so a test can lower them)."""

from __future__ import annotations

# One article is at most this long (a long feature is ~50,000 characters). Beyond it a
# single text would take minutes to analyse: it is refused with a hint, not half-read.
MAX_DOC_CHARS = 2_000_000
MAX_FILE_BYTES = 20 * 2**20  # a single-document file (.txt, .html, .docx) larger than this is not read at all
MAX_LINE_BYTES = 16 * 2**20  # one archive line (JSON escapes make a line longer than its text)
MAX_DOCX_XML = 64 * 2**20  # one uncompressed XML part of a .docx: a zip bomb stops here
SNIFF = 8192  # bytes looked at to tell the encoding, or that a file is not text
HINT_SPLIT = "split it into articles, or make a .jsonl archive with one article a line"
