"""An index folder on disk: its files, its signature, writing it safely and reading it back checked.

Layout (FORMAT 3)::

    meta.json          the signature ("kind": "factcheck-index"), format, model name, embedding
                       precision, encoder backend, dimension, counts, extraction-code fingerprint, and each other
                       file's size and SHA-256
    documents.rows     each prepared Document as one line of JSON (factcheck.core.docrows), back to back; not
                       named .jsonl, so a folder walk that meets an index never reads it as an archive
    doc_offsets.npy    (n + 1,) int64 byte offsets into documents.rows: load only what links
    doc_digests.npy    (n, 32) uint8 SHA-256 of each document's line, checked when it is read
    embeddings.npy     (sentences, dim) float32 sentence vectors, global order (memory-mapped)
    row_starts.npy     (n + 1,) int64: document i owns embedding rows row_starts[i]:row_starts[i+1]
    doc_vectors.npy    (n, dim) float32 unit document vectors (story blocking)
    neighbours.npy     (n, K) int64 each document's K nearest archive documents, best first (-1: none)
    neighbour_sims.npy (n, K) float32 their cosines
    records.npy        (sentences,) bool: the row is a table row, list item or roster entry

Nothing in an index is code: JSON and NumPy arrays of plain numbers (read with pickles refused),
so an index may be shared read-only and opened by anyone. An index is read back checked as a
whole before it is used: the signature and every meta value's type, each file's size and
checksum (files over ``_HASHED_BYTES`` are checked by size and shape, and each document by its
own digest when it is read), each array's dtype and shape against the counts, offsets in order,
neighbours in range. Whatever fails is E171 naming the part, with the fix: rebuild.

Writing never touches what factcheck did not write. The target must be missing, an empty
folder, or an index folder holding nothing but an index's own files; anything else (a file, a
folder of other things, an index beside someone's notes or the archive itself) is refused
before any work (E174). The new index is built beside the target and swapped in by two renames;
the old one's own files are then removed one by one, and its folder only if that leaves it empty.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.core.codec import RowError
from factcheck.core.docrows import dump_document, load_document
from factcheck.core.errors import ArchiveIndexError
from factcheck.core.model import Document, record_rows

FORMAT = 3  # 3: JSON documents, checksums (2: pickled documents, never read)
MARK = "factcheck-index"
META = "meta.json"
DOCUMENTS = "documents.rows"
ARRAYS = ("doc_offsets.npy", "doc_digests.npy", "embeddings.npy", "row_starts.npy", "doc_vectors.npy",
          "neighbours.npy", "neighbour_sims.npy", "records.npy")
OWN_FILES = frozenset({META, DOCUMENTS, *ARRAYS, "documents.bin"})  # documents.bin: FORMAT 2's pickles
_HASHED_BYTES = 256 << 20  # larger files are checked by size and shape: hashing GBs on every load costs seconds
REBUILD = "rebuild it with `factcheck index build`"
_META_TYPES: dict[str, type | tuple[type, ...]] = {
    "kind": str, "format": int, "model": str, "precision": str, "dim": int, "documents": int, "sentences": int,
    "neighbours": int, "code": str, "created": str, "files": dict}


def is_index(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a folder carrying an index's signature (meta.json of kind factcheck-index)."""
    meta = Path(path) / META
    if not meta.is_file():
        return False
    try:
        data = json.loads(meta.read_bytes()[:1 << 20])
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("kind") == MARK


def looks_like_index(path: str | os.PathLike[str]) -> bool:
    """True for an index folder, damaged or not: its signature, or its own data files beside a
    meta.json that does not read. Such a folder is an index to check, never articles to read."""
    p = Path(path)
    if not p.is_dir():
        return False
    if is_index(p):
        return True
    try:
        names = {c.name for c in p.iterdir()}
    except OSError:
        return False
    return bool(names & (OWN_FILES - {META})) and (META in names or len(names & OWN_FILES) >= 2)


def check_target(out: str | os.PathLike[str], inputs: Sequence[str] = ()) -> Path:
    """Where an index may be written, or E174 before any work: never over what factcheck did not write."""
    target = Path(out)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise ArchiveIndexError("E174", "is a file or a link, not an index folder", "choose a folder for --out", target)
    if target.is_dir():
        names = sorted(c.name for c in target.iterdir())
        resolved = target.resolve()
        inside = [p for p in inputs if Path(p).resolve().is_relative_to(resolved)]
        if inside:
            raise ArchiveIndexError("E174", f"holds the archive being indexed ({Path(inside[0]).name})",
                                    "write the index to a folder of its own", target)
        if names and not looks_like_index(target):  # a damaged index of its own files may be rebuilt
            raise ArchiveIndexError("E174", "exists and is not a factcheck index", "choose another --out", target)
        foreign = [n for n in names if n not in OWN_FILES or not (target / n).is_file()]
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise ArchiveIndexError("E174", f"is an index but also holds files factcheck did not write ({shown})",
                                    "move them out of the index folder or choose another --out", target)
    parent = _existing_parent(target)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ArchiveIndexError("E174", f"cannot be written ({parent} is not writable)",
                                "choose a folder you can write to", target)
    return target


def _existing_parent(path: Path) -> Path:
    p = path.absolute().parent
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


@dataclass
class ArchiveIndex:
    path: Path
    meta: dict
    doc_offsets: np.ndarray
    doc_digests: np.ndarray
    row_starts: np.ndarray
    doc_vectors: np.ndarray
    neighbours: np.ndarray
    neighbour_sims: np.ndarray
    embeddings: np.ndarray  # memory-mapped
    records: np.ndarray  # per sentence row: a table row, list item or roster entry (never paired with another)
    notes: list[str] = field(default_factory=list)  # warnings for the run's result (the CLI prints them)
    other_code: bool = False  # built by other extraction code (W171): a document that does not read is E172

    @property
    def size(self) -> int:
        return int(self.doc_vectors.shape[0])

    def rows(self, i: int) -> np.ndarray:
        return np.asarray(self.embeddings[self.row_starts[i]:self.row_starts[i + 1]], dtype=np.float32)

    def documents(self, wanted: Sequence[int]) -> list[Document]:
        """Archive documents ``wanted`` (reference material), in that order, each checked against its digest."""
        out = []
        with open(self.path / DOCUMENTS, "rb") as f:
            for i in wanted:
                f.seek(int(self.doc_offsets[i]))
                blob = f.read(int(self.doc_offsets[i + 1] - self.doc_offsets[i]))
                part = f"{DOCUMENTS} document {i + 1}"
                if hashlib.sha256(blob).digest() != self.doc_digests[i].tobytes():
                    raise _broken(self.path, f"{part} does not match its checksum")
                try:
                    doc = load_document(blob, part)
                except RowError as e:
                    if self.other_code:  # intact (its digest matched) but written with other layers
                        raise ArchiveIndexError("E172", f"{e}: written by other extraction code", REBUILD,
                                                self.path) from None
                    raise _broken(self.path, str(e)) from None
                if len(doc.sentences) != int(self.row_starts[i + 1] - self.row_starts[i]):
                    raise _broken(self.path, f"{part} has {len(doc.sentences)} sentences, embeddings.npy "
                                             f"{int(self.row_starts[i + 1] - self.row_starts[i])} rows")
                doc.reference = True
                out.append(doc)
        return out


def _broken(path: Path, part: str) -> ArchiveIndexError:
    return ArchiveIndexError("E171", f"damaged index: {part}", REBUILD, path)


def load_index(path: str | os.PathLike[str]) -> ArchiveIndex:
    """The index in ``path``, checked as a whole (module docstring), or E171/E172 naming what is wrong."""
    p = Path(path)
    meta = _read_meta(p)
    files = meta["files"]
    for name in (DOCUMENTS, *ARRAYS):
        entry = files.get(name)
        if not (isinstance(entry, dict) and type(entry.get("bytes")) is int and isinstance(entry.get("sha256"), str)):
            raise _broken(p, f"meta.json lists no size and checksum for {name}")
        f = p / name
        try:
            size = f.stat().st_size if f.is_file() else None
        except OSError:
            size = None
        if size is None:
            raise _broken(p, f"{name} is missing")
        if size != entry["bytes"]:
            raise _broken(p, f"{name} is {size} bytes, meta.json says {entry['bytes']} (truncated or replaced)")
        if size <= _HASHED_BYTES and not _hash_matches(f, entry["sha256"]):
            raise _broken(p, f"{name} does not match its checksum")
    n, rows, dim = meta["documents"], meta["sentences"], meta["dim"]
    arrays = {name.removesuffix(".npy"): _array(p, name) for name in ARRAYS}
    k = arrays["neighbours"].shape[1] if arrays["neighbours"].ndim == 2 else -1
    shapes: dict[str, tuple[tuple[int, ...], str]] = {
        "doc_offsets": ((n + 1,), "int64"), "doc_digests": ((n, 32), "uint8"), "row_starts": ((n + 1,), "int64"),
        "embeddings": ((rows, dim), "float32"), "doc_vectors": ((n, dim), "float32"),
        "neighbours": ((n, max(k, 0)), "int64"), "neighbour_sims": ((n, max(k, 0)), "float32"),
        "records": ((rows,), "bool")}
    for name, (shape, dtype) in shapes.items():
        a = arrays[name]
        if a.shape != shape or a.dtype != np.dtype(dtype):
            raise _broken(p, f"{name}.npy holds {a.dtype} {a.shape}, meta.json says {dtype} {shape}")
    offsets, starts, nb = arrays["doc_offsets"], arrays["row_starts"], arrays["neighbours"]
    if offsets[0] != 0 or np.any(np.diff(offsets) <= 0) or offsets[-1] != files[DOCUMENTS]["bytes"]:
        raise _broken(p, "doc_offsets.npy does not cut documents.rows into its documents")
    if starts[0] != 0 or np.any(np.diff(starts) < 0) or starts[-1] != rows:
        raise _broken(p, "row_starts.npy does not cut embeddings.npy into its documents")
    if nb.size and (nb.min() < -1 or nb.max() >= n):
        raise _broken(p, "neighbours.npy names documents the index does not hold")
    if k < 1 and n > 1:
        raise _broken(p, "neighbours.npy stores no neighbours")
    return ArchiveIndex(p, meta, **arrays)


def _read_meta(p: Path) -> dict:
    try:
        raw = (p / META).read_bytes()
        meta = json.loads(raw) if len(raw) <= 1 << 20 else None
    except FileNotFoundError:
        raise _broken(p, "meta.json is missing") from None
    except (OSError, ValueError, RecursionError) as e:
        raise _broken(p, f"meta.json does not read ({e.__class__.__name__})") from None
    if not isinstance(meta, dict) or meta.get("kind") != MARK:
        raise _broken(p, "meta.json is not a factcheck index's")
    if meta.get("format") != FORMAT:
        fmt = meta.get("format")
        shown = fmt if type(fmt) is int else repr(str(fmt)[:20])
        raise ArchiveIndexError("E172", f"index format {shown}, this factcheck reads {FORMAT}", REBUILD, p)
    for key, kind in _META_TYPES.items():
        v = meta.get(key)
        if not isinstance(v, kind) or isinstance(v, bool):
            raise _broken(p, f"meta.json {key} is {type(v).__name__}, not {getattr(kind, '__name__', kind)}")
    for key in ("dim", "documents", "sentences", "neighbours"):
        if meta[key] < 0:
            raise _broken(p, f"meta.json {key} is negative")
    if meta["documents"] < 1 or meta["dim"] < 1:
        raise _broken(p, "meta.json says the index holds no documents")
    return meta


def _array(p: Path, name: str) -> np.ndarray:
    try:
        if name == "embeddings.npy":
            return np.load(p / name, mmap_mode="r", allow_pickle=False)
        return np.load(p / name, allow_pickle=False)
    except (OSError, ValueError, EOFError) as e:  # truncated, not .npy, object array
        raise _broken(p, f"{name} does not read ({' '.join(str(e).split())[:80]})") from None


# Files this process has hashed, by identity and stamp: a watch re-checking each save against one
# index hashes it once (86 MB: 0.12 s), and a file rewritten since (new stamp) is hashed again.
_HASHED: dict[tuple[str, int, int, int, int], str] = {}


def _hash_matches(path: Path, expected: str) -> bool:
    st = path.stat()
    key = (str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _HASHED:
        if len(_HASHED) > 1024:
            _HASHED.clear()
        _HASHED[key] = _sha256(path)
    return _HASHED[key] == expected


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_index(
    out: str | os.PathLike[str],
    docs: list[Document],
    emb: np.ndarray,
    doc_of_row: np.ndarray,
    vecs: np.ndarray,
    neighbours: tuple[np.ndarray, np.ndarray],
    *,
    model: str,
    code: str,
    precision: str = "float32",
    encoder: str | None = None,
) -> tuple[Path, list[str]]:
    """Write an index folder beside ``out`` and swap it in; returns the folder and any warning."""
    target = check_target(out)  # again: the folder may have changed during the build
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)  # our own leftover (this pid's name)
    tmp.mkdir()
    try:
        offsets, digests = [0], []
        with open(tmp / DOCUMENTS, "wb") as f:
            for d in docs:
                line = dump_document(d) + b"\n"
                f.write(line)
                offsets.append(f.tell())
                digests.append(np.frombuffer(hashlib.sha256(line).digest(), dtype=np.uint8))
        counts = np.bincount(doc_of_row, minlength=len(docs))
        nb, nb_sims = neighbours
        arrays = {
            "doc_offsets.npy": np.asarray(offsets, dtype=np.int64),
            "doc_digests.npy": np.stack(digests) if digests else np.zeros((0, 32), np.uint8),
            "row_starts.npy": np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            "embeddings.npy": np.ascontiguousarray(emb, dtype=np.float32),
            "doc_vectors.npy": np.asarray(vecs, dtype=np.float32),
            "neighbours.npy": np.asarray(nb, dtype=np.int64),
            "neighbour_sims.npy": np.asarray(nb_sims, dtype=np.float32),
            "records.npy": np.asarray(record_rows(docs), dtype=bool),
        }
        for name, a in arrays.items():
            np.save(tmp / name, a, allow_pickle=False)
        meta: dict[str, Any] = {
            "kind": MARK, "format": FORMAT, "model": model, "precision": precision,
            "encoder": encoder or f"torch-{precision}", "dim": int(emb.shape[1]),
            "documents": len(docs), "sentences": int(emb.shape[0]), "neighbours": int(nb.shape[1]), "code": code,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "files": {name: {"bytes": (tmp / name).stat().st_size, "sha256": _sha256(tmp / name)}
                      for name in (DOCUMENTS, *ARRAYS)},
        }
        (tmp / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
        check_target(target)  # the last look before the swap
        return target, _swap(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(tmp: Path, target: Path) -> list[str]:
    """Put ``tmp`` in place of ``target`` (missing, empty or an index of its own files only)."""
    if not target.exists():
        tmp.replace(target)
        return []
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.replace(old)
    tmp.replace(target)
    for name in OWN_FILES:  # only what an index writes; anything that appeared meanwhile stays
        (old / name).unlink(missing_ok=True)
    try:
        old.rmdir()
    except OSError:
        return [f"W174 files added to {target} during the build were kept in {old}"]
    return []
