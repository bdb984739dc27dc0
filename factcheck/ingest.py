"""Read inputs into Documents: files, folders, JSONL/CSV archives, HTML, docx, stdin.

Every unreadable input becomes an ``InputError`` (one line naming the file, and the
line for archives) and the run goes on. Reading is a generator and archives are read
line by line, so memory follows the documents kept, not the size of the files.
Nothing read is ever evaluated, and no value read (an archive ``id``, a title) is ever
used as a path.
"""

from __future__ import annotations

import csv
import errno
import html
import io
import json
import os
import re
import stat
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from factcheck.docx_text import DocxError, docx_text
from factcheck.errors import CODES
from factcheck.html_article import article_text
from factcheck.model import Document, InputError

# The input error codes (the lead merges them into factcheck.errors.CODES).
# The input codes (E1xx) are catalogued with every other code in factcheck.errors.CODES.
INPUT_CODES: dict[str, str] = {k: v for k, v in CODES.items() if k.startswith("E1")}

# Formats people will try; each gets a precise "export it" message instead of mojibake.
UNSUPPORTED = {
    ".pdf": "PDF", ".doc": "Word 97-2003", ".rtf": "RTF", ".odt": "OpenDocument", ".pages": "Pages",
    ".xls": "Excel", ".xlsx": "Excel", ".ods": "OpenDocument spreadsheet", ".ppt": "PowerPoint",
    ".pptx": "PowerPoint", ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image",
    ".webp": "image", ".tif": "image", ".tiff": "image", ".bmp": "image", ".zip": "zip archive",
    ".gz": "gzip archive", ".tgz": "gzip archive", ".bz2": "bzip2 archive", ".xz": "xz archive",
    ".7z": "7-Zip archive", ".tar": "tar archive", ".epub": "EPUB", ".json": "JSON (not JSON Lines)",
}
# One article is at most this long (a long feature is ~50,000 characters). Beyond it a
# single text would take minutes to analyse: it is refused with a hint, not half-read.
MAX_DOC_CHARS = 2_000_000
MAX_FILE_BYTES = 20 * 2**20  # a single-document file (.txt, .html, .docx) larger than this is not read at all
MAX_LINE_BYTES = 16 * 2**20  # one archive line (JSON escapes make a line longer than its text)
MAX_DOCX_XML = 64 * 2**20  # one uncompressed XML part of a .docx: a zip bomb stops here
_SNIFF = 8192
_SIGNATURES = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"RIFF": "a RIFF file (WebP image, WAV audio)",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "an old Office file (.doc/.xls)",
    b"{\\rtf": "an RTF file",
    b"\x7fELF": "a program",
}
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f\v\x1b")
_ARCHIVE_FIELDS = ("id", "title", "date", "source")
_JSON_TYPE = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object"}
_HINT_SPLIT = "split it into articles, or make a .jsonl archive with one article a line"

_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that were not UTF-8, as surrogateescape keeps them


def _utf8_or_cp1252(data: bytes) -> str:
    """UTF-8, with the bytes that are not UTF-8 read as Windows-1252: one stray byte in an old
    archive costs one character, not the whole file's encoding. (Windows-1252 is one byte per
    character, so the escaped bytes decode the same one by one or as a run.)"""
    text = data.decode("utf-8", errors="surrogateescape")
    if not _ESCAPED.search(text):
        return text
    return _ESCAPED.sub(lambda m: m.group().encode("utf-8", "surrogateescape").decode("cp1252", "replace"), text)


@contextmanager
def _csv_field_limit() -> Iterator[None]:
    """csv's field size limit is one setting for the whole process: raised to an article's size
    only while our reader parses, and given back, so other csv users in the process see theirs."""
    before = csv.field_size_limit(MAX_LINE_BYTES)
    try:
        yield
    finally:
        csv.field_size_limit(before)


class _Skip(Exception):
    """An input that cannot be read; carries the one-line reason."""

    def __init__(self, message: str, code: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.line = code, line


def iter_documents(
    paths: Iterable[str], *, reference: bool = False, seen: set[str] | None = None
) -> Iterator[Document | InputError]:
    """Yield a Document per readable input (or archive line) and an InputError per failure.

    Ids are made unique against ``seen`` (shared when several calls feed one run); a file
    reached twice (named twice, or through a link) is read once."""
    seen = set() if seen is None else seen
    files_read: set[str] = set()
    for raw in paths:
        for item in _expand(str(raw)):
            if isinstance(item, InputError):
                yield item
                continue
            real = item if item == "-" else os.path.realpath(item)
            if real in files_read:
                continue
            files_read.add(real)
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


def _stat_problem(path: str, e: OSError) -> InputError:
    if e.errno == errno.ELOOP:
        return InputError(path, "a symbolic link loop: fix or remove the link", "E105")
    if isinstance(e, FileNotFoundError):
        what = "a broken symbolic link" if os.path.islink(path) else "no such file or folder"
        return InputError(path, f"{what}: check the path", "E102")
    if isinstance(e, PermissionError):
        return InputError(path, "permission denied: cannot read it", "E105")
    return InputError(path, f"cannot read: {e.strerror or e}", "E105")


def _not_regular(path: str, mode: int) -> InputError:
    """A named pipe, socket or device would block the run or never end: refused, not opened."""
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return InputError(path, f"is {kind}, not a regular file: save its content to a file and pass that", "E112")


def _inside(path: str, top: str) -> bool:
    """False for a symbolic link that leads out of the folder being walked (or up to it): not followed."""
    if not os.path.islink(path):
        return True
    real = os.path.realpath(path)
    return real != top and real.startswith(top.rstrip(os.sep) + os.sep)


def _expand(raw: str) -> Iterator[str | InputError]:
    """A path, a folder (recursive, sorted, supported files only) or '-' for stdin.

    Inside a folder, symbolic links are followed only where they stay inside it."""
    if raw == "-":
        yield "-"
        return
    try:
        st = os.stat(raw)
    except OSError as e:
        yield _stat_problem(raw, e)
        return
    if not stat.S_ISDIR(st.st_mode):
        yield raw if stat.S_ISREG(st.st_mode) else _not_regular(raw, st.st_mode)
        return
    top = os.path.realpath(raw)
    walk_errors: list[OSError] = []
    visited: set[tuple[int, int]] = set()
    found = ignored = reported = 0
    for root, dirs, files in os.walk(raw, followlinks=True, onerror=walk_errors.append):
        while walk_errors:
            e = walk_errors.pop(0)
            reported += 1
            yield _stat_problem(str(e.filename or root), e)
        try:
            rst = os.stat(root)
        except OSError as e:
            reported += 1
            yield _stat_problem(root, e)
            dirs[:] = []
            continue
        if (rst.st_dev, rst.st_ino) in visited:  # a link back up the tree: walk each folder once
            dirs[:] = []
            continue
        visited.add((rst.st_dev, rst.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and _inside(os.path.join(root, d), top))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            if Path(name).suffix.lower() not in SUPPORTED or not _inside(path, top):
                ignored += 1
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError as e:  # a broken link or a loop inside the folder
                reported += 1
                yield _stat_problem(path, e)
                continue
            if not stat.S_ISREG(mode):  # a pipe or a device would block or never end; only named ones are refused
                ignored += 1
                continue
            found += 1
            yield path
    for e in walk_errors:
        reported += 1
        yield _stat_problem(str(e.filename or raw), e)
    if not found and not reported:
        others = f"; {ignored} other file{'s' if ignored != 1 else ''} ignored" if ignored else ""
        yield InputError(raw, f"no supported files in this folder ({' '.join(sorted(SUPPORTED))}){others}", "E111")


def _read(path: str) -> Iterator[Document | InputError]:
    try:
        suffix = ".txt" if path == "-" else Path(path).suffix.lower()
        if suffix in UNSUPPORTED:
            raise _Skip(f"{UNSUPPORTED[suffix]} files are not supported: export it as .txt, .html or .docx", "E101")
        # A file named on its own with another suffix is read as plain text.
        yield from BY_SUFFIX.get(suffix, READERS[0]).read(path)
    except _Skip as e:
        yield InputError("stdin" if path == "-" else path, str(e), e.code, e.line)
    except Exception as e:  # a reader bug must cost one input, not the batch; say where it broke
        where = traceback.extract_tb(e.__traceback__)[-1]
        yield InputError("stdin" if path == "-" else path, f"internal error while reading ({e.__class__.__name__} at "
                         f"{Path(where.filename).name}:{where.lineno}); skipped, please report it", "E100")


def _one_document(convert: Callable[[bytes], tuple[str | None, str]]) -> Callable[[str], Iterator[Document]]:
    """A reader for a file that holds one article: bytes -> (title, text) -> one Document."""

    def read(path: str) -> Iterator[Document]:
        title, text = convert(_read_stdin() if path == "-" else _read_bytes(path))
        if not text.strip():
            raise _Skip("empty: no text to check", "E103")
        if len(text) > MAX_DOC_CHARS:
            raise _Skip(f"too large for one article ({len(text):,} characters; the limit is "
                        f"{MAX_DOC_CHARS:,}): {_HINT_SPLIT}", "E104")
        doc_id = "stdin" if path == "-" else path
        yield Document(id=doc_id, text=text, path=None if path == "-" else path, title=title)

    return read


def _read_stdin() -> bytes:
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Skip(f"too large for one article (over {MAX_FILE_BYTES // 2**20} MB): {_HINT_SPLIT}", "E104")
    return data


def _open(path: str):
    try:
        return open(path, "rb")
    except IsADirectoryError:
        raise _Skip("is a folder where a file was expected", "E105") from None
    except OSError as e:
        err = _stat_problem(path, e)
        raise _Skip(err.message, err.code) from None


def _read_bytes(path: str) -> bytes:
    with _open(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > MAX_FILE_BYTES:
            raise _Skip(f"too large for one article ({size / 2**20:.1f} MB; the limit is "
                        f"{MAX_FILE_BYTES // 2**20} MB): {_HINT_SPLIT}", "E104")
        try:
            data = f.read(MAX_FILE_BYTES + 1)
        except OSError as e:
            raise _Skip(f"cannot read: {e.strerror or e}", "E105") from None
    if len(data) > MAX_FILE_BYTES:  # a pipe or a file that grew while read
        raise _Skip(f"too large for one article (over {MAX_FILE_BYTES // 2**20} MB): {_HINT_SPLIT}", "E104")
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
    for sig, what in _SIGNATURES.items():
        if head.startswith(sig):
            return what
    if head and sum(head.count(c) for c in _CONTROL) > 0.05 * len(head):
        return "control bytes" if head.count(0) < 0.01 * len(head) else "NUL bytes"
    return None


def _encoding(head: bytes) -> tuple[str, int]:
    """(codec, BOM length) for a file starting with ``head``; raises _Skip on binary data."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0  # the utf-16 codec reads and drops the BOM itself
    utf16 = _utf16_without_bom(head[:_SNIFF])
    if utf16:
        return utf16, 0
    kind = _binary_kind(head[:_SNIFF])
    if kind:
        raise _Skip(f"binary file ({kind}), not text: export it as .txt, .html or .docx", "E106")
    return "utf-8", 0


def decode(data: bytes) -> str:
    """Bytes to text: BOMs honoured (UTF-8, UTF-16), UTF-16 without BOM sniffed, UTF-8
    with Windows-1252 for the bytes that are not UTF-8 (old and mixed archives). Stray
    NULs become spaces so offsets still count the characters of the file."""
    codec, skip = _encoding(data[:_SNIFF])
    text = _utf8_or_cp1252(data[skip:]) if codec == "utf-8" else data[skip:].decode(codec, errors="replace")
    return text.replace("\x00", " ")


# HTML is read with linear-time regexes, not html.parser: the standard parser takes
# quadratic or worse time on broken markup such as "<a <a <a ..." (seconds at 15 kB).
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment (an unclosed one runs to the end, as in browsers)
    r"|<![^<>]{0,4000}>"  # doctype, CDATA opener, conditional comment
    r"|<\?[^<>]{0,4000}>"  # processing instruction
    r"|<(/?)([a-zA-Z][\w:.-]{0,60})((?:[^<>\"']|\"[^\"<]{0,4000}\"|'[^'<]{0,4000}'){0,2000})>",
    re.DOTALL,
)
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "title"})
# The head ends, as in browsers, where the body visibly starts even without </head>.
_HEAD_ENDS = r"|<(?:body|p|div|h[1-6]|article|main|section|table|ul|ol|header|nav|br)[\s/>]"
_TITLE = re.compile(r"<title\b[^<>]{0,2000}>([^<]{0,2000})</title\s*>", re.I)
_BLOCK = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "article", "section",
    "blockquote", "header", "footer", "ul", "ol", "table", "hr", "pre", "figcaption", "dd", "dt", "main",
    "aside", "nav", "figure", "body", "caption",
})


def _hidden_end(markup: str, name: str, start: int) -> int:
    """Where reading resumes after a hidden element opened just before ``start``."""
    close = re.compile(rf"</{re.escape(name)}\s*>" + (_HEAD_ENDS if name == "head" else ""), re.I)
    m = close.search(markup, start)
    if m is None:
        return len(markup)
    return m.end() if m.group().startswith("</") else m.start()


def html_text(markup: str) -> tuple[str | None, str]:
    """(title, visible text) of an HTML page; broken markup is read as far as it goes.

    Block elements break lines; scripts, styles and the head are dropped; entities are
    decoded. Linear in the size of the markup, however broken."""
    parts: list[str] = []
    pos = 0
    while pos < len(markup):
        m = _TAG.search(markup, pos)
        if m is None:
            parts.append(html.unescape(markup[pos:]))
            break
        parts.append(html.unescape(markup[pos:m.start()]))
        pos = m.end()
        name = (m.group(2) or "").lower()
        if not name:
            continue
        if name in _BLOCK:
            parts.append("\n")
        if name in _HIDDEN and not m.group(1) and not m.group(3).rstrip().endswith("/"):
            pos = _hidden_end(markup, name, pos)
    m = _TITLE.search(markup)
    title = (" ".join(html.unescape(m.group(1)).split()) or None) if m else None
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return title, "\n".join(line for line in lines if line)


# An attribute value this long is never text (a data: URI, a JSON blob, padding): it is emptied
# before the page is read, so the element's text is kept by both readers. The tag pattern below
# (bounded for linear time) would not match such a tag, and libxml2 drops an element whose
# attribute passes 10 MB, with no error: either way the paragraph vanished.
_LONG_ATTRIBUTE = re.compile(r"""=(\s*)(?:"[^"]{4000,}"|'[^']{4000,}')""")


def _html_page(data: bytes) -> tuple[str | None, str]:
    """(title, article text) of a web page: the article as trafilatura finds it, else the visible text."""
    markup = _LONG_ATTRIBUTE.sub(r'=\1""', decode(data))
    title, visible = html_text(markup)  # linear in the markup: the title, and the fallback
    return title, article_text(markup) or visible


def _docx(data: bytes) -> tuple[None, str]:
    try:
        return None, docx_text(data, MAX_DOCX_XML)
    except DocxError as e:
        raise _Skip(str(e), "E104" if e.too_large else "E107") from None


def _archive_doc(path: str, line: int, record: dict, first: int | None = None) -> Document:
    """``line`` names the record in ids and errors (where it ended); ``first`` is where it starts."""
    text = record.get("text")
    if not isinstance(text, str):
        got = "missing" if text is None else _JSON_TYPE.get(type(text), "not a string")
        raise _Skip(f"no 'text' field (a string is required; it is {got})", "E108", line)
    if not text.strip():
        raise _Skip("empty 'text'", "E103", line)
    if len(text) > MAX_DOC_CHARS:
        raise _Skip(f"'text' too large for one article ({len(text):,} characters; the limit is "
                    f"{MAX_DOC_CHARS:,}): split it", "E104", line)
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
    )


class _TooLong(Exception):
    """A line over MAX_LINE_BYTES, dropped; ``quotes``: how many '"' it held (to find where a CSV field ends)."""

    def __init__(self, quotes: int = 0) -> None:
        super().__init__()
        self.quotes = quotes


def _lines(path: str) -> Iterator[str | _TooLong]:
    """Decoded lines of an archive (line ends kept), streamed; a line over MAX_LINE_BYTES is
    skipped and reported as a _TooLong item. Each line is decoded on its own, so an archive
    mixing UTF-8 and Windows-1252 lines reads right."""
    with _open(path) as f:
        head = f.read(_SNIFF)
        f.seek(0)
        codec, skip = _encoding(head)
        f.read(skip)
        if codec != "utf-8":
            yield from io.TextIOWrapper(f, encoding=codec, errors="replace", newline="")
            return
        while True:
            try:
                raw = f.readline(MAX_LINE_BYTES + 1)
            except OSError as e:
                raise _Skip(f"cannot read: {e.strerror or e}", "E105") from None
            if not raw:
                return
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                quotes = raw.count(b'"')  # 0x22 is never part of a UTF-8 or cp1252 multi-byte character
                while raw and not raw.endswith(b"\n"):  # drop the rest of the line, chunk by chunk
                    raw = f.readline(MAX_LINE_BYTES)
                    quotes += raw.count(b'"')
                yield _TooLong(quotes)
                continue
            yield _utf8_or_cp1252(raw).replace("\x00", " ")


def _read_jsonl(path: str) -> Iterator[Document | InputError]:
    records = 0
    for n, line in enumerate(_lines(path), 1):
        try:
            if isinstance(line, _TooLong):
                records += 1
                raise _Skip(f"line too long (over {MAX_LINE_BYTES // 2**20} MB): split the article", "E104", n)
            if not line.strip():
                continue
            records += 1
            try:
                record = json.loads(line, strict=False)  # strict=False: raw tabs/newlines in strings are fine
            except json.JSONDecodeError as e:
                msg = e.msg[:1].lower() + e.msg[1:]
                at = "column" if msg.endswith(" at") else "at column"
                raise _Skip(f"malformed JSON: {msg} {at} {e.colno}", "E109", n) from None
            except RecursionError:
                raise _Skip("malformed JSON: nested too deeply", "E109", n) from None
            except ValueError as e:  # e.g. an integer of thousands of digits
                raise _Skip(f"malformed JSON: {str(e).splitlines()[0][:100]}", "E109", n) from None
            if not isinstance(record, dict):
                raise _Skip("a line must be a JSON object with a 'text' field", "E109", n)
            yield _archive_doc(path, n, record)
        except _Skip as e:
            yield InputError(path, str(e), e.code, e.line)
    if not records:
        yield InputError(path, "empty: no records (one JSON object a line)", "E103")


def _read_csv(path: str) -> Iterator[Document | InputError]:
    counted = _CountLines(_lines(path))
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
                yield InputError(path, f"line too long (over {MAX_LINE_BYTES // 2**20} MB); row skipped",
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
            yield _archive_doc(path, counted.n, row, first)
        except _Skip as e:
            yield InputError(path, str(e), e.code, e.line)


class _LineTooLong(Exception):
    pass


class _CountLines:
    """Feeds csv physical lines, counting them (csv's own line_num counts records' lines
    too, but stops being right after quoted newlines with \\r\\n)."""

    def __init__(self, lines: Iterator[str | _TooLong]) -> None:
        self.lines, self.n = lines, 0
        self.quotes = 0  # '"' characters fed since the reader last reset it (a record's start)

    def __iter__(self) -> _CountLines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.n += 1
        if isinstance(line, _TooLong):
            self.quotes += line.quotes
            raise _LineTooLong
        self.quotes += line.count('"')
        return line



# --- the reader registry: suffix -> reader, with its description -------------------------


@dataclass(frozen=True)
class Reader:
    suffixes: tuple[str, ...]  # the first one names the format in help texts
    description: str
    read: Callable[[str], Iterator[Document | InputError]]  # path ('-' = stdin) -> documents, errors


_plain = _one_document(lambda b: (None, decode(b)))
READERS: tuple[Reader, ...] = (
    Reader((".txt", ".text"), "plain text (UTF-8, UTF-16 or Windows-1252)", _plain),
    Reader((".md", ".markdown"), "Markdown, read as plain text", _plain),
    Reader((".html", ".htm"), "web page: its article text (menus, banners, footers dropped) and <title>",
           _one_document(_html_page)),
    Reader((".docx",), "Word document: its paragraphs, tables, text boxes and notes", _one_document(_docx)),
    Reader((".jsonl",), "archive: one JSON object a line, {id, title, date, source, text}", _read_jsonl),
    Reader((".csv",), "archive: a header row with a text column, one article a row", _read_csv),
)
BY_SUFFIX: dict[str, Reader] = {suffix: r for r in READERS for suffix in r.suffixes}
SUPPORTED = frozenset(BY_SUFFIX)


def format_list() -> str:
    """The formats a user can pass, one suffix each: ".txt .md .html .docx .jsonl .csv"."""
    return " ".join(r.suffixes[0] for r in READERS)
