"""What the archive readers (JSON Lines, CSV) share: an archive streamed line by line, and a
record -> Document with its metadata."""

from __future__ import annotations

import io
from collections.abc import Iterator

from factcheck.core.model import Document
from factcheck.ingest import limits
from factcheck.ingest._bytes import encoding, open_input, utf8_or_cp1252
from factcheck.ingest.reader import Skip

_ARCHIVE_FIELDS = ("id", "title", "date", "source")
_JSON_TYPE = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}


def archive_doc(path: str, line: int, record: dict, first: int | None = None) -> Document:
    """``line`` names the record in ids and errors (where it ended); ``first`` is where it starts."""
    text = record.get("text")
    if not isinstance(text, str):
        got = "missing" if text is None else _JSON_TYPE.get(type(text), "not a string")
        raise Skip(f"no 'text' field (a string is required; it is {got})", "E108", line)
    if not text.strip():
        raise Skip("empty 'text'", "E103", line)
    if len(text) > limits.MAX_DOC_CHARS:
        raise Skip(f"'text' too large for one article ({len(text):,} characters; the limit is "
                    f"{limits.MAX_DOC_CHARS:,}): split it", "E104", line)
    text = text.replace("\x00", " ")
    # Metadata is kept as plain strings for the reports; an id is a label, never a path.
    meta = {k: (str(record[k]) if record.get(k) not in (None, "") else None) for k in _ARCHIVE_FIELDS}
    return Document(
        id=meta["id"] or f"{path}:{line}",
        text=text,
        path=path,
        title=meta["title"],
        date=meta["date"],
        source=meta["source"],
        record_line=first or line,
        based_on=_based_on(record.get("based_on"), line),
    )


def _based_on(value: object, line: int) -> tuple[str, ...]:
    """A record's ``based_on``: the id, or list of ids, of the ``--against`` documents it was written from."""
    if value in (None, "", []):
        return ()
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in items):
        raise Skip("'based_on' must be a reference document's id or a list of ids", "E113", line)
    return tuple(dict.fromkeys(str(v) for v in items))


class TooLong(Exception):
    """An archive line over the limit (yielded as an item, so the lines after it are still read);
    ``quotes``: how many '"' it held (where a CSV field ends)."""

    def __init__(self, quotes: int = 0) -> None:
        super().__init__()
        self.quotes = quotes


def lines(path: str) -> Iterator[str | TooLong]:
    """Decoded lines of an archive (line ends kept), streamed; a line over limits.MAX_LINE_BYTES is
    skipped and reported as a TooLong item. Each line is decoded on its own, so an archive
    mixing UTF-8 and Windows-1252 lines reads right."""
    with open_input(path) as f:
        head = f.read(limits.SNIFF)
        f.seek(0)
        codec, skip = encoding(head)
        f.read(skip)
        if codec != "utf-8":
            yield from io.TextIOWrapper(f, encoding=codec, errors="replace", newline="")
            return
        while True:
            try:
                raw = f.readline(limits.MAX_LINE_BYTES + 1)
            except OSError as e:
                raise Skip(f"cannot read: {e.strerror or e}", "E105") from None
            if not raw:
                return
            if len(raw) > limits.MAX_LINE_BYTES and not raw.endswith(b"\n"):
                quotes = raw.count(b'"')  # 0x22 is never part of a UTF-8 or cp1252 multi-byte character
                while raw and not raw.endswith(b"\n"):  # drop the rest of the line, chunk by chunk
                    raw = f.readline(limits.MAX_LINE_BYTES)
                    quotes += raw.count(b'"')
                yield TooLong(quotes)
                continue
            yield utf8_or_cp1252(raw).replace("\x00", " ")

