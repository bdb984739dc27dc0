"""JSON Lines archives: one JSON object a line, {id, title, date, source, text}."""

from __future__ import annotations

import json
from collections.abc import Iterator

from factcheck.core.model import Document, InputError
from factcheck.ingest import limits
from factcheck.ingest._archive import TooLong, archive_doc, lines
from factcheck.ingest.reader import Reader, Skip


def _read_jsonl(path: str) -> Iterator[Document | InputError]:
    records = 0
    for n, line in enumerate(lines(path), 1):
        try:
            if isinstance(line, TooLong):
                records += 1
                raise Skip(f"line too long (over {limits.MAX_LINE_BYTES // 2**20} MB): split the article", "E104", n)
            if not line.strip():
                continue
            records += 1
            try:
                record = json.loads(line, strict=False)  # strict=False: raw tabs/newlines in strings are fine
            except json.JSONDecodeError as e:
                msg = e.msg[:1].lower() + e.msg[1:]
                at = "column" if msg.endswith(" at") else "at column"
                raise Skip(f"malformed JSON: {msg} {at} {e.colno}", "E109", n) from None
            except RecursionError:
                raise Skip("malformed JSON: nested too deeply", "E109", n) from None
            except ValueError as e:  # e.g. an integer of thousands of digits
                raise Skip(f"malformed JSON: {str(e).splitlines()[0][:100]}", "E109", n) from None
            if not isinstance(record, dict):
                raise Skip("a line must be a JSON object with a 'text' field", "E109", n)
            yield archive_doc(path, n, record)
        except Skip as e:
            yield e.record(path)
    if not records:  # as an empty CSV is: said, never silently nothing
        yield InputError(path, "empty: no records (one JSON object a line)", "E103")


READER = Reader((".jsonl",), "archive: one JSON object a line, {id, title, date, source, text}", _read_jsonl)
