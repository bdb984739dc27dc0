"""Plain text: UTF-8, UTF-16 or Windows-1252, one article a file (also what a file named on its
own with an unknown suffix, and stdin, are read as)."""

from __future__ import annotations

from factcheck.ingest._bytes import decode, one_document
from factcheck.ingest.reader import Reader

read_plain = one_document(lambda b: (None, decode(b)))
READER = Reader((".txt", ".text"), "plain text (UTF-8, UTF-16 or Windows-1252)", read_plain)
