"""Read inputs into Documents: files, folders (recursively, in name order), stdin.

Every unreadable input becomes an ``InputError`` (one line naming the file, and the
line for archives) and the run goes on. Reading is a generator and archives are read
line by line, so memory follows the documents kept, not the size of the files.
Nothing read is ever evaluated, and no value read (an archive ``id``, a title) is ever
used as a path. Which reader reads a file is ``registry.py``'s choice, by suffix.
"""

from __future__ import annotations

import os
import stat
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path

from factcheck.core.model import Document, InputError
from factcheck.ingest._bytes import stat_problem
from factcheck.ingest.reader import Skip
from factcheck.ingest.refused import UNSUPPORTED
from factcheck.ingest.registry import BY_SUFFIX, READERS, SUPPORTED


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
        yield stat_problem(raw, e)
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
            yield stat_problem(str(e.filename or root), e)
        try:
            rst = os.stat(root)
        except OSError as e:
            reported += 1
            yield stat_problem(root, e)
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
                yield stat_problem(path, e)
                continue
            if not stat.S_ISREG(mode):  # a pipe or a device would block or never end; only named ones are refused
                ignored += 1
                continue
            found += 1
            yield path
    for e in walk_errors:
        reported += 1
        yield stat_problem(str(e.filename or raw), e)
    if not found and not reported:
        others = f"; {ignored} other file{'s' if ignored != 1 else ''} ignored" if ignored else ""
        yield InputError(raw, f"no supported files in this folder ({' '.join(sorted(SUPPORTED))}){others}", "E111")


def _read(path: str) -> Iterator[Document | InputError]:
    try:
        suffix = ".txt" if path == "-" else Path(path).suffix.lower()
        if suffix in UNSUPPORTED:
            raise Skip(f"{UNSUPPORTED[suffix]} files are not supported: export it as .txt, .html or .docx", "E101")
        # A file named on its own with another suffix is read as plain text.
        yield from BY_SUFFIX.get(suffix, READERS[0]).read(path)
    except Skip as e:
        yield InputError("stdin" if path == "-" else path, str(e), e.code, e.line)
    except Exception as e:  # a reader bug must cost one input, not the batch; say where it broke
        where = traceback.extract_tb(e.__traceback__)[-1]
        yield InputError("stdin" if path == "-" else path, f"internal error while reading ({e.__class__.__name__} at "
                         f"{Path(where.filename).name}:{where.lineno}); skipped, please report it", "E100")

