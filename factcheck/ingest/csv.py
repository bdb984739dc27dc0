"""CSV archives: a header row with a text column (and optional id, title, date, source), one
article a row; errors name the physical line an editor jumps to."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager

from factcheck.core.model import Document, InputError
from factcheck.ingest import limits
from factcheck.ingest._archive import TooLong, archive_doc, lines
from factcheck.ingest.reader import Reader, Skip


@contextmanager
def _csv_field_limit() -> Iterator[None]:
    """csv's field size limit is one setting for the whole process: raised to an article's size
    only while our reader parses, and given back, so other csv users in the process see theirs."""
    before = csv.field_size_limit(limits.MAX_LINE_BYTES)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _read_csv(path: str) -> Iterator[Document | InputError]:
    counted = _CountLines(lines(path))
    reader = csv.DictReader(counted, strict=True)  # strict: a stray quote is an error, not a merged row
    try:
        with _csv_field_limit():
            fields = reader.fieldnames or []
    except csv.Error as e:
        yield InputError(path, f"malformed CSV header: {e}", "E110", 1)
        return
    if not fields:
        yield InputError(path, "empty: no header row and no rows", "E103")
        return
    if "text" not in fields:
        shown = ", ".join(repr(f) for f in fields[:10]) + (", ..." if len(fields) > 10 else "")
        yield InputError(path, f"no 'text' column (columns: {shown})", "E108", 1)
        return
    while True:
        first = counted.n + 1
        counted.quotes = 0
        try:
            with _csv_field_limit():
                row = next(reader)
        except StopIteration:
            return
        except (csv.Error, _LineTooLong) as e:
            if isinstance(e, csv.Error) and "end of data" in str(e):
                yield InputError(path, "malformed CSV: a quoted field opened here is never closed; "
                                 "the rest of the file is skipped", "E110", first)
                return
            # As the JSONL reader does: skip this record, read on from the next. A bad field inside
            # quotes (an odd count of quotes so far) ends at the line that closes them.
            if isinstance(e, _LineTooLong):
                yield InputError(path, f"line too long (over {limits.MAX_LINE_BYTES // 2**20} MB); row skipped",
                                 "E104", counted.n)
            else:
                yield InputError(path, f"malformed CSV: {e}; row skipped", "E110", counted.n)
            while counted.quotes % 2:
                try:
                    next(counted)
                except StopIteration:
                    return
                except _LineTooLong:
                    continue
            reader = csv.DictReader(counted, fieldnames=fields, strict=True)
            continue
        # counted.n is the physical line where the record ended: the line an editor jumps to
        try:
            yield archive_doc(path, counted.n, row, first)
        except Skip as e:
            yield e.record(path)


class _LineTooLong(Exception):
    pass


class _CountLines:
    """Feeds csv physical lines, counting them (csv's own line_num counts records' lines
    too, but stops being right after quoted newlines with \\r\\n)."""

    def __init__(self, lines: Iterator[str | TooLong]) -> None:
        self.lines, self.n = lines, 0
        self.quotes = 0  # '"' characters fed since the reader last reset it (a record's start)

    def __iter__(self) -> _CountLines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.n += 1
        if isinstance(line, TooLong):
            self.quotes += line.quotes
            raise _LineTooLong
        self.quotes += line.count('"')
        return line


READER = Reader((".csv",), "archive: a header row with a text column, one article a row", _read_csv)
