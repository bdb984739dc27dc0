"""Bytes in: opening an input within the limits, and telling its encoding (or that it is not text).

Shared by the readers; ``one_document`` makes a reader of a bytes -> (title, text) function."""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable, Iterator

from factcheck.core.model import Document, InputError
from factcheck.ingest import limits
from factcheck.ingest.reader import Skip
from factcheck.ingest.refused import SIGNATURES

_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b")

_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that were not UTF-8, as surrogateescape keeps them


def utf8_or_cp1252(data: bytes) -> str:
    """UTF-8, with the bytes that are not UTF-8 read as Windows-1252: one stray byte in an old
    archive costs one character, not the whole file's encoding. (Windows-1252 is one byte per
    character, so the escaped bytes decode the same one by one or as a run.)"""
    text = data.decode("utf-8", errors="surrogateescape")
    if not _ESCAPED.search(text):
        return text
    return _ESCAPED.sub(lambda m: m.group().encode("utf-8", "surrogateescape").decode("cp1252", "replace"), text)



def stat_problem(path: str, e: OSError) -> InputError:
    if e.errno == errno.ELOOP:
        return InputError(path, "a symbolic link loop: fix or remove the link", "E105")
    if isinstance(e, FileNotFoundError):
        what = "a broken symbolic link" if os.path.islink(path) else "no such file or folder"
        return InputError(path, f"{what}: check the path", "E102")
    if isinstance(e, PermissionError):
        return InputError(path, "permission denied: cannot read it", "E105")
    return InputError(path, f"cannot read: {e.strerror or e}", "E105")



def one_document(convert: Callable[[bytes], tuple[str | None, str]]) -> Callable[[str], Iterator[Document]]:
    """A reader for a file that holds one article: bytes -> (title, text) -> one Document."""

    def read(path: str) -> Iterator[Document]:
        title, text = convert(read_stdin() if path == "-" else read_bytes(path))
        if not text.strip():
            raise Skip("empty: no text to check", "E103")
        if len(text) > limits.MAX_DOC_CHARS:
            raise Skip(f"too large for one article ({len(text):,} characters; the limit is "
                        f"{limits.MAX_DOC_CHARS:,}): {limits.HINT_SPLIT}", "E104")
        doc_id = "stdin" if path == "-" else path
        yield Document(id=doc_id, text=text, path=None if path == "-" else path, title=title)

    return read


def read_stdin() -> bytes:
    data = sys.stdin.buffer.read(limits.MAX_FILE_BYTES + 1)
    if len(data) > limits.MAX_FILE_BYTES:
        raise Skip(f"too large for one article (over {limits.MAX_FILE_BYTES // 2**20} MB): {limits.HINT_SPLIT}", "E104")
    return data


def open_input(path: str):
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise Skip("is a folder where a file was expected", "E105") from None
    except OSError as e:
        err = stat_problem(path, e)
        raise Skip(err.message, err.code) from None


def read_bytes(path: str) -> bytes:
    with open_input(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > limits.MAX_FILE_BYTES:
            raise Skip(f"too large for one article ({size / 2**20:.1f} MB; the limit is "
                        f"{limits.MAX_FILE_BYTES // 2**20} MB): {limits.HINT_SPLIT}", "E104")
        try:
            data = f.read(limits.MAX_FILE_BYTES + 1)
        except OSError as e:
            raise Skip(f"cannot read: {e.strerror or e}", "E105") from None
    if len(data) > limits.MAX_FILE_BYTES:  # a pipe or a file that grew while read
        raise Skip(f"too large for one article (over {limits.MAX_FILE_BYTES // 2**20} MB): {limits.HINT_SPLIT}", "E104")
    return data


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit in every other byte (ASCII text in UTF-16)."""
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd, even = head[1:2 * pairs:2].count(0), head[0:2 * pairs:2].count(0)
    if odd >= 0.4 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.4 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _binary_kind(head: bytes) -> str | None:
    """What a non-text file looks like, or None for text."""
    for sig, what in SIGNATURES.items():
        if head.startswith(sig):
            return what
    if head and sum(head.count(c) for c in _CONTROL) > 0.05 * len(head):
        return "control bytes" if head.count(0) < 0.01 * len(head) else "NUL bytes"
    return None


def encoding(head: bytes) -> tuple[str, int]:
    """(codec, BOM length) for a file starting with ``head``; raises Skip on binary data."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0  # the utf-16 codec reads and drops the BOM itself
    utf16 = _utf16_without_bom(head[:limits.SNIFF])
    if utf16:
        return utf16, 0
    kind = _binary_kind(head[:limits.SNIFF])
    if kind:
        raise Skip(f"binary file ({kind}), not text: export it as .txt, .html or .docx", "E106")
    return "utf-8", 0


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured (UTF-8, UTF-16), UTF-16 without BOM sniffed, UTF-8
    with Windows-1252 for the bytes that are not UTF-8 (old and mixed archives). Stray
    NULs become spaces so offsets still count the characters of the file."""
    codec, skip = encoding(data[:limits.SNIFF])
    text = utf8_or_cp1252(data[skip:]) if codec == "utf-8" else data[skip:].decode(codec, errors="replace")
    return text.replace("\x00", " ")

