"""Read inputs into Documents: files, folders, JSONL/CSV archives, HTML, docx, stdin.

Every unreadable input becomes an ``InputError`` (one line naming the file, and the
line for archives) and the run goes on. Reading is a generator so archives stream.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from xml.etree import ElementTree

from factcheck.model import Document, InputError

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
SUPPORTED = TEXT_SUFFIXES | {".html", ".htm", ".docx", ".jsonl", ".csv"}
MAX_BYTES = 200 * 1024 * 1024  # a single input larger than this is refused, not read into memory
_SIGNATURES = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
}
_ARCHIVE_FIELDS = ("id", "title", "date", "source")

csv.field_size_limit(MAX_BYTES)


class _Skip(Exception):
    """An input that cannot be read; carries the one-line reason."""

    def __init__(self, message: str, code: str = "E101", line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.line = code, line


def iter_documents(
    paths: Iterable[str], *, reference: bool = False, seen: set[str] | None = None
) -> Iterator[Document | InputError]:
    """Yield a Document per readable input (or archive line) and an InputError per failure.

    Ids are made unique against ``seen`` (shared when several calls feed one run)."""
    seen = set() if seen is None else seen
    for raw in paths:
        for item in _expand(raw):
            if isinstance(item, InputError):
                yield item
                continue
            for out in _read(item):
                if isinstance(out, Document):
                    out.reference = reference
                    out.id = _unique(out.id, seen)
                yield out


def read_documents(
    paths: Iterable[str], *, reference: bool = False, seen: set[str] | None = None
) -> tuple[list[Document], list[InputError]]:
    docs: list[Document] = []
    errors: list[InputError] = []
    for out in iter_documents(paths, reference=reference, seen=seen):
        (docs if isinstance(out, Document) else errors).append(out)  # type: ignore[arg-type]
    return docs, errors


def _unique(doc_id: str, seen: set[str]) -> str:
    out, n = doc_id, 1
    while out in seen:
        n += 1
        out = f"{doc_id}#{n}"
    seen.add(out)
    return out


def _expand(raw: str) -> Iterator[str | InputError]:
    """A path, a folder (recursive, sorted, supported files only) or '-' for stdin."""
    if raw == "-":
        yield "-"
        return
    p = Path(raw)
    if not p.exists():
        what = "a broken link" if p.is_symlink() else "no such file or folder"
        yield InputError(raw, f"{what}: check the path", "E102")
        return
    if not p.is_dir():
        yield raw
        return
    visited: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(p, followlinks=True):
        st = os.stat(root)
        if (st.st_dev, st.st_ino) in visited:  # a symlink loop: walk each folder once
            dirs[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED:
                continue
            yield os.path.join(root, name)


def _read(path: str) -> Iterator[Document | InputError]:
    try:
        data = sys.stdin.buffer.read() if path == "-" else _read_bytes(path)
        suffix = ".txt" if path == "-" else Path(path).suffix.lower()
        if suffix == ".jsonl":
            yield from _read_jsonl(path, data)
        elif suffix == ".csv":
            yield from _read_csv(path, data)
        else:
            text = _docx_text(data) if suffix == ".docx" else decode(data)
            if suffix in (".html", ".htm"):
                title, text = html_text(text)
            else:
                title = None
            if not text.strip():
                raise _Skip("empty: no text to check", "E103")
            doc_id = "stdin" if path == "-" else path
            yield Document(id=doc_id, text=text, path=None if path == "-" else path, title=title)
    except _Skip as e:
        yield InputError(path, str(e), e.code, e.line)


def _read_bytes(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise _Skip(f"too large ({size // 2**20} MB > {MAX_BYTES // 2**20} MB): split it", "E104")
        with open(path, "rb") as f:
            return f.read()
    except PermissionError:
        raise _Skip("permission denied: cannot read it", "E105") from None
    except IsADirectoryError:
        raise _Skip("is a folder where a file was expected", "E105") from None
    except OSError as e:
        raise _Skip(f"cannot read: {e.strerror or e}", "E105") from None


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured, UTF-8 first, Windows-1252 as the fallback of old archives."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for sig, what in _SIGNATURES.items():
        if data.startswith(sig):
            raise _Skip(f"binary file ({what}), not text: export it as .txt, .html or .docx", "E106")
    if b"\x00" in data[:8192]:
        raise _Skip("binary file (NUL bytes), not text", "E106")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\x00", "")


class _Visible(HTMLParser):
    """Visible text of an HTML page; block elements break lines, scripts/styles dropped."""

    _HIDDEN: ClassVar[set[str]] = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
    _BLOCK: ClassVar[set[str]] = {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section",
        "blockquote", "header", "footer", "ul", "ol", "table", "hr", "pre", "figcaption", "dd", "dt",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.in_title = False
        self.title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        if tag == "title":
            self.in_title = True
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "title":
            self.in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def html_text(markup: str) -> tuple[str | None, str]:
    """(title, visible text) of an HTML page; broken markup is read as far as it goes."""
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(parser.title).split()) or None
    return title, text


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(data: bytes) -> str:
    """Paragraphs of a Word document, in order, one a line."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as e:
        raise _Skip(f"not a readable .docx ({e.__class__.__name__}): re-save it from Word", "E107") from None
    paras = []
    for p in root.iter(f"{_W}p"):
        bits = []
        for node in p.iter():
            if node.tag == f"{_W}t" and node.text:
                bits.append(node.text)
            elif node.tag == f"{_W}tab":
                bits.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                bits.append("\n")
        paras.append("".join(bits))
    return "\n".join(paras)


def _archive_doc(path: str, line: int, record: dict) -> Document:
    text = record.get("text")
    if not isinstance(text, str):
        raise _Skip("no 'text' field (a string is required)", "E108", line)
    if not text.strip():
        raise _Skip("empty 'text'", "E103", line)
    meta = {k: (str(record[k]) if record.get(k) not in (None, "") else None) for k in _ARCHIVE_FIELDS}
    return Document(
        id=meta["id"] or f"{path}:{line}",
        text=text,
        path=path,
        title=meta["title"],
        date=meta["date"],
        source=meta["source"],
    )


def _read_jsonl(path: str, data: bytes) -> Iterator[Document | InputError]:
    text = decode(data)
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise _Skip(f"malformed JSON ({e.msg} at column {e.colno})", "E109", n) from None
            if not isinstance(record, dict):
                raise _Skip("a line must be a JSON object with a 'text' field", "E109", n)
            yield _archive_doc(path, n, record)
        except _Skip as e:
            yield InputError(path, str(e), e.code, e.line)


def _read_csv(path: str, data: bytes) -> Iterator[Document | InputError]:
    reader = csv.DictReader(io.StringIO(decode(data), newline=""))
    try:
        fields = reader.fieldnames or []
    except csv.Error as e:
        yield InputError(path, f"malformed CSV header: {e}", "E110", 1)
        return
    if "text" not in fields:
        yield InputError(path, f"no 'text' column (columns: {', '.join(fields) or 'none'})", "E108", 1)
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield InputError(path, f"malformed CSV: {e}", "E110", reader.line_num)
            return
        try:
            # line_num is where the record ended; that is the line an editor can jump to
            yield _archive_doc(path, reader.line_num, row)
        except _Skip as e:
            yield InputError(path, str(e), e.code, e.line)
