"""What a reader is: the contract every file in ingest/ that reads a format fills, and the one
way it says an input cannot be read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from factcheck.core.model import Document, InputError


@dataclass(frozen=True)
class Reader:
    """One input format, declared in one place: its suffixes, its description (CLI help,
    docs/formats.md), how it reads, and the opening bytes of its files (``signatures``: never
    refused as binary by the text sniffing; kept apart from ingest/refused.py by a test)."""

    suffixes: tuple[str, ...]  # the first one names the format in help texts
    description: str
    read: Callable[[str], Iterator[Document | InputError]]  # path ('-' = stdin) -> documents, errors
    signatures: tuple[bytes, ...] = ()


class Skip(Exception):
    """An input that cannot be read; carries the one-line reason."""

    def __init__(self, message: str, code: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.line = code, line
