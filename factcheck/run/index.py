"""An archive index: prepared documents and their vectors on disk, so a draft is checked
against thousands of articles without re-reading, re-extracting or re-encoding them.

Layout of an index folder (FORMAT 2)::

    meta.json          format, model name, embedding precision, dimension, counts, extraction-code fingerprint
    documents.bin      each prepared Document pickled on its own, back to back
    doc_offsets.npy    (n + 1,) int64 byte offsets into documents.bin: load only what links
    embeddings.npy     (sentences, dim) float32 sentence vectors, global order (memory-mapped)
    row_starts.npy     (n + 1,) int64: document i owns embedding rows row_starts[i]:row_starts[i+1]
    doc_vectors.npy    (n, dim) float32 unit document vectors (story blocking)
    neighbours.npy     (n, K) int64 each document's K nearest archive documents, best first
    neighbour_sims.npy (n, K) float32 their cosines
    records.npy        (sentences,) bool: the row is a table row, list item or roster entry

Checking against an index reproduces a full run over draft + archive: the draft's nearest
documents are searched exactly, each archive document's stored neighbours are merged with
the draft (so the archive side of the links is exact too), and a linked archive
document's sentences are ranked against all of its own links (``pairing.linked_pairs``
with ``queries``). Only linked documents are unpickled; the rest stays on disk.

The pickles are trusted input: build indexes yourself, never load one from a stranger.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.core.errors import ArchiveIndexError
from factcheck.core.model import Document, InputError, record_rows
from factcheck.core.progress import NullProgress, Progress
from factcheck.embed.vectors import Embedder, embed_documents
from factcheck.ingest.read import read_documents
from factcheck.pair.assembly import linked_corpus
from factcheck.pair.corpus import Corpus
from factcheck.pair.pairing import PairingOptions, cosines, top_k
from factcheck.pair.stories import components, document_vectors, nearest_documents
from factcheck.run.cache import RunCache
from factcheck.run.prepare import fingerprint, prepare_documents

FORMAT = 2  # 2: documents carry the structure layer
MARK = "factcheck-index"
STORED_NEIGHBOURS = 8  # K kept per document: any story_k up to this works without a rebuild


def is_index(path: str | os.PathLike[str]) -> bool:
    meta = Path(path) / "meta.json"
    if not meta.is_file():
        return False
    try:
        return json.loads(meta.read_text(encoding="utf-8")).get("kind") == MARK
    except (OSError, ValueError):
        return False


# Where the classes a document pickles were before the package's stage folders (an index built by
# an earlier version names them so; its documents still load).
_MOVED = {"factcheck.model": "factcheck.core.model"}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        return super().find_class(_MOVED.get(module, module), name)


def _load(blob: bytes) -> Document:
    return _Unpickler(io.BytesIO(blob)).load()


@dataclass
class ArchiveIndex:
    path: Path
    meta: dict
    doc_offsets: np.ndarray
    row_starts: np.ndarray
    doc_vectors: np.ndarray
    neighbours: np.ndarray
    neighbour_sims: np.ndarray
    embeddings: np.ndarray  # memory-mapped
    records: np.ndarray  # per sentence row: a table row, list item or roster entry (never paired with another)
    notes: list[str] = field(default_factory=list)  # warnings for the run's result (the CLI prints them)

    @property
    def size(self) -> int:
        return int(self.doc_vectors.shape[0])

    def rows(self, i: int) -> np.ndarray:
        return np.asarray(self.embeddings[self.row_starts[i]:self.row_starts[i + 1]], dtype=np.float32)

    def documents(self, wanted: Sequence[int]) -> list[Document]:
        """Unpickle archive documents ``wanted`` (reference material), in that order."""
        out = []
        with open(self.path / "documents.bin", "rb") as f:
            for i in wanted:
                f.seek(int(self.doc_offsets[i]))
                try:
                    doc: Document = _load(f.read(int(self.doc_offsets[i + 1] - self.doc_offsets[i])))
                except (ImportError, AttributeError, pickle.UnpicklingError) as e:
                    # written by a factcheck whose classes lived elsewhere (before the stage folders)
                    raise ArchiveIndexError("E172", f"index documents written by another factcheck version "
                                            f"({e.__class__.__name__})", "rebuild it with `factcheck index build`",
                                            self.path) from None
                doc.reference = True
                out.append(doc)
        return out


def load_index(path: str | os.PathLike[str]) -> ArchiveIndex:
    p = Path(path)
    try:
        meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ArchiveIndexError("E171", f"not a readable factcheck index ({e.__class__.__name__})",
                                "pass a folder written by `factcheck index build`", p) from None
    if meta.get("kind") != MARK or meta.get("format") != FORMAT:
        raise ArchiveIndexError("E172", f"index format {meta.get('format')!r}, this factcheck reads {FORMAT}",
                                "rebuild it with `factcheck index build`", p)
    return ArchiveIndex(
        p, meta,
        doc_offsets=np.load(p / "doc_offsets.npy"),
        row_starts=np.load(p / "row_starts.npy"),
        doc_vectors=np.load(p / "doc_vectors.npy"),
        neighbours=np.load(p / "neighbours.npy"),
        neighbour_sims=np.load(p / "neighbour_sims.npy"),
        embeddings=np.load(p / "embeddings.npy", mmap_mode="r"),
        records=np.load(p / "records.npy"),
    )


def open_index(path: str | os.PathLike[str], embedder: Embedder) -> ArchiveIndex:
    """Load an index and make sure its vectors came from ``embedder``'s model."""
    index = load_index(path)
    # Indexes written before precision was recorded name it in the model: "model@bfloat16".
    model, _, legacy = str(index.meta.get("model")).partition("@")
    if model != embedder.name:
        raise ArchiveIndexError("E173", f"index built with model {model!r}, this run embeds with {embedder.name!r}",
                                f"pass --model {model} or rebuild the index with this model", path)
    built = index.meta.get("precision") or legacy or "float32"
    here = getattr(embedder, "precision", built)
    if built != here:
        # bf16 and float32 vectors of one model agree to cosine 0.9999: the archive's stored
        # vectors serve as they are and only the new documents are encoded in this precision.
        index.notes.append(f"W172 index {path} holds {built} vectors and this run encodes in {here}: they are "
                           f"comparable (cosine ~0.9999); for results identical to a full run pass --precision {built}")
    if index.meta.get("code") != fingerprint():
        index.notes.append(f"W171 index {path} was built by other extraction code: its documents keep their old "
                           "layers; rebuild it for results identical to a full run")
    return index


def write_index(
    out: str | os.PathLike[str],
    docs: list[Document],
    emb: np.ndarray,
    doc_of_row: np.ndarray,
    *,
    model: str,
    code: str,
    precision: str = "float32",
    stored_neighbours: int = STORED_NEIGHBOURS,
) -> Path:
    """Write an index folder atomically (a temporary sibling renamed into place)."""
    target = Path(out)
    if target.exists() and not is_index(target) and any(target.iterdir()):
        raise ArchiveIndexError("E174", "exists and is not a factcheck index", "choose another --out", target)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    offsets = [0]
    with open(tmp / "documents.bin", "wb") as f:
        for d in docs:
            f.write(pickle.dumps(d, protocol=5))
            offsets.append(f.tell())
    counts = np.bincount(doc_of_row, minlength=len(docs)) if len(docs) else np.zeros(0, dtype=np.int64)
    row_starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    dim = int(emb.shape[1]) if emb.ndim == 2 else 0
    vecs = document_vectors(emb, doc_of_row, len(docs)) if len(docs) else np.zeros((0, max(dim, 1)), np.float32)
    nb, nb_sims = nearest_documents(vecs, k=stored_neighbours)
    np.save(tmp / "doc_offsets.npy", np.asarray(offsets, dtype=np.int64))
    np.save(tmp / "row_starts.npy", row_starts)
    np.save(tmp / "embeddings.npy", np.ascontiguousarray(emb, dtype=np.float32))
    np.save(tmp / "doc_vectors.npy", vecs)
    np.save(tmp / "neighbours.npy", nb)
    np.save(tmp / "neighbour_sims.npy", nb_sims)
    np.save(tmp / "records.npy", np.asarray(record_rows(docs), dtype=bool))
    meta = {
        "kind": MARK, "format": FORMAT, "model": model, "precision": precision, "dim": dim, "documents": len(docs),
        "sentences": int(emb.shape[0]), "neighbours": stored_neighbours, "code": code,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.replace(old)
    tmp.replace(target)
    shutil.rmtree(old, ignore_errors=True)
    return target


def build_index(
    paths: Sequence[str],
    out: str | os.PathLike[str],
    embedder: Embedder,
    *,
    cache: RunCache | None = None,
    workers: int = 1,
    scheduler: Any = None,
    progress: Progress | None = None,
) -> tuple[Path, list[Document], list[InputError]]:
    """Read, prepare and embed an archive and write it as an index folder."""
    progress = progress or NullProgress()
    docs, errors = read_documents(paths)
    prepared, failed = prepare_documents(docs, workers=workers, scheduler=scheduler, cache=cache, progress=progress)
    emb, doc_of_row = embed_documents(prepared, embedder, cache=cache, progress=progress)
    for d in prepared:
        d.reference = True
    with progress.stage("write", 1) as advance:
        where = write_index(out, prepared, emb, doc_of_row, model=embedder.name, code=fingerprint(),
                            precision=getattr(embedder, "precision", "float32"))
        advance()
    return where, prepared, [*errors, *failed]


def extend_index(
    path: str | os.PathLike[str],
    docs: list[Document],
    embedder: Embedder,
    *,
    cache: RunCache | None = None,
) -> tuple[Path, list[Document], list[InputError]]:
    """Add ``docs`` (read, not yet prepared) to the index at ``path``, or start one there: the archive's
    documents and vectors are kept as stored, the new ones prepared and embedded, every document's
    neighbours recomputed, and the folder replaced atomically (``write_index``). Returns the folder, the
    documents added and the ones that could not be prepared."""
    prepared, failed = prepare_documents(docs, cache=cache)
    emb, doc_of_row = embed_documents(prepared, embedder, cache=cache)
    for d in prepared:
        d.reference = True
    old_docs: list[Document] = []
    parts, groups = [], []
    code = fingerprint()
    if is_index(path):
        index = open_index(path, embedder)
        old_docs = index.documents(range(index.size))
        parts.append(np.asarray(index.embeddings, dtype=np.float32))
        groups.append(np.repeat(np.arange(index.size, dtype=np.int64), np.diff(index.row_starts)))
        code = index.meta.get("code") or code  # the archive's documents keep the layers they were built with
    taken = {d.id for d in old_docs}
    prepared = _unique_ids(prepared, taken)
    parts.append(emb.astype(np.float32, copy=False))
    groups.append(doc_of_row + len(old_docs))
    width = max((p.shape[1] for p in parts if p.ndim == 2 and p.shape[0]), default=emb.shape[1] if emb.ndim == 2 else 1)
    all_emb = np.concatenate([p if p.shape[0] else np.zeros((0, width), np.float32) for p in parts])
    where = write_index(path, old_docs + prepared, all_emb, np.concatenate(groups), model=embedder.name,
                        code=code, precision=getattr(embedder, "precision", "float32"))
    return where, prepared, failed


def corpus_with_index(
    docs: list[Document],
    emb: np.ndarray,
    doc_of_row: np.ndarray,
    index: ArchiveIndex,
    *,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """The corpus a full run over ``docs`` + the archive would give, restricted to ``docs`` and
    the archive documents they link to (the only ones a finding about ``docs`` can cite)."""
    options = options or PairingOptions()
    progress = progress or NullProgress()
    m, n = len(docs), index.size
    k = options.story_k
    if k > index.neighbours.shape[1]:
        raise ArchiveIndexError("E175", f"story_k {k} > {index.neighbours.shape[1]} neighbours stored in the index",
                                "rebuild the index", index.path)
    with progress.stage("link", m + n) as advance:
        dim = index.doc_vectors.shape[1]
        new_vecs = document_vectors(emb, doc_of_row, m) if emb.shape[0] else np.zeros((m, dim), np.float32)
        # Combined numbering as in a full run: new documents 0..m-1, archive document i is m+i.
        new_sims = cosines(new_vecs, np.concatenate([new_vecs, index.doc_vectors])).astype(np.float32)
        new_sims[np.arange(m), np.arange(m)] = -np.inf
        new_idx, new_top = top_k(new_sims, k)
        advance(m)
        # Archive side: its stored top-K among the archive, merged with the new documents.
        arch_sims = np.concatenate(
            [cosines(index.doc_vectors, new_vecs).astype(np.float32), index.neighbour_sims[:, :k]], axis=1)
        stored = index.neighbours[:, :k]
        arch_labels = np.concatenate(
            [np.broadcast_to(np.arange(m), (n, m)), np.where(stored >= 0, stored + m, -1)], axis=1)
        arch_sims = np.where(arch_labels >= 0, arch_sims, -np.inf).astype(np.float32)
        arch_idx, arch_top = top_k(arch_sims, k, arch_labels)
        advance(n)
    links: set[tuple[int, int]] = set()
    for i, (row, sims) in enumerate([*zip(new_idx, new_top, strict=True), *zip(arch_idx, arch_top, strict=True)]):
        for j, s in zip(row, sims, strict=True):
            # a checked document links to its nearest archive (source) documents down to source_floor,
            # as assembly.source_links does for source files
            to_source = i < m and j >= m and not docs[i].reference
            if j >= 0 and s >= (options.source_floor if to_source else options.story_threshold):
                links.add((min(i, int(j)), max(i, int(j))))
    story = components(m + n, sorted(links))
    adjacent: dict[int, list[int]] = {}
    for a, b in sorted(links):
        adjacent.setdefault(a, []).append(b)
        adjacent.setdefault(b, []).append(a)
    # Archive documents linked to a new one join the corpus; their other neighbours ("shadow")
    # only compete as pairing candidates so the linked ones rank their sentences as in a full run.
    selected = sorted({j for i in range(m) for j in adjacent.get(i, []) if j >= m})
    shadow = sorted({h for j in selected for h in adjacent.get(j, []) if h >= m} - set(selected))
    members = list(range(m)) + selected + shadow
    position = {c: p for p, c in enumerate(members)}
    arch_docs = _unique_ids(index.documents([c - m for c in selected]), {d.id for d in docs})
    if not emb.shape[0]:
        emb = np.zeros((0, index.doc_vectors.shape[1]), dtype=np.float32)
    corpus_docs = docs + arch_docs
    parts = [emb] + [index.rows(c - m) for c in selected + shadow]
    all_emb = np.concatenate(parts).astype(np.float32, copy=False) if parts else emb
    groups = np.concatenate([doc_of_row] + [
        np.full(int(index.row_starts[c - m + 1] - index.row_starts[c - m]), position[c], dtype=np.int64)
        for c in selected + shadow
    ]).astype(np.int64)
    sub_links = [(position[a], position[b]) for a, b in sorted(links) if a in position and b in position]
    records = np.concatenate([np.asarray(record_rows(docs), dtype=bool)] + [
        index.records[index.row_starts[c - m]:index.row_starts[c - m + 1]] for c in selected + shadow])
    return linked_corpus(corpus_docs, all_emb, groups, sub_links, [int(story[c]) for c in members[:len(corpus_docs)]],
                         records, options=options, progress=progress, queries=set(range(m + len(selected))))


def _unique_ids(docs: list[Document], seen: set[str]) -> list[Document]:
    """Rename archive documents whose id a checked document already uses (as ingest would: ``id#2``)."""
    from dataclasses import replace

    out = []
    for d in docs:
        if d.id in seen:
            new, n = d.id, 1
            while new in seen:
                n += 1
                new = f"{d.id}#{n}"
            d.id = new
            d.sentences = [replace(s, doc=new) for s in d.sentences]
        seen.add(d.id)
        out.append(d)
    return out
