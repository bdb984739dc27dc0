"""An archive index: prepared documents and their vectors on disk, so a draft is checked
against thousands of articles without re-reading, re-extracting or re-encoding them.

The folder's files, how it is written and how it is read back checked: ``index_store``.

Checking against an index reproduces a full run over draft + archive: the draft's nearest
documents are searched exactly, each archive document's stored neighbours are merged with
the draft (so the archive side of the links is exact too), and a linked archive
document's sentences are ranked against all of its own links (``pairing.linked_pairs``
with ``queries``). Only linked documents are read from documents.rows; the rest stays on disk.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.core.config import ENCODERS
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
from factcheck.run.index_store import (
    FORMAT,
    MARK,
    ArchiveIndex,
    check_target,
    is_index,
    load_index,
    looks_like_index,
)
from factcheck.run.prepare import fingerprint, prepare_documents

__all__ = ["FORMAT", "MARK", "ArchiveIndex", "build_index", "check_target", "corpus_with_index", "is_index",
           "load_index", "looks_like_index", "open_index", "write_index"]

STORED_NEIGHBOURS = 8  # K kept per document: any story_k up to this works without a rebuild


def backend_of(embedder: Embedder) -> str | None:
    """The encoder backend an embedder runs (``torch-<precision>`` for one that names only a precision)."""
    backend = getattr(embedder, "backend", None)
    if backend is None and hasattr(embedder, "precision"):
        backend = f"torch-{embedder.precision}"
    return backend


def index_backend(meta: dict, legacy: str = "") -> str:
    """The backend(s) an index's vectors came from. Indexes written before the encoder was recorded were
    built on torch in their recorded precision; one extended by another backend names both ("a+b").
    meta.json is read back, so only known backend names are believed."""
    said = meta.get("encoder")
    if isinstance(said, str) and len(said) < 200 and all(p in ENCODERS for p in said.split("+")):
        return said
    precision = meta.get("precision") if meta.get("precision") in ("float32", "bfloat16") else None
    return f"torch-{precision or legacy or 'float32'}"


def open_index(path: str | os.PathLike[str], embedder: Embedder) -> ArchiveIndex:
    """Load an index and make sure its vectors came from ``embedder``'s model."""
    index = load_index(path)
    # Indexes written before precision was recorded name it in the model: "model@bfloat16".
    model, _, legacy = str(index.meta.get("model")).partition("@")
    if model != embedder.name:
        raise ArchiveIndexError("E173", f"index built with model {model!r}, this run embeds with {embedder.name!r}",
                                f"pass --model {model} or rebuild the index with this model", path)
    built = index_backend(index.meta, legacy)
    here = backend_of(embedder) or built
    if built != here:
        # Every backend's vectors of one model agree closely (bench/backends.py): the archive's stored
        # vectors serve as they are and only the new documents are encoded by this backend; said, not silent.
        index.notes.append(f"W172 index {path} holds {built} vectors and this run encodes with {here}: they are "
                           f"comparable; for results identical to a full run pass --encoder {built}")
    if index.meta.get("code") != fingerprint():
        index.other_code = True
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
    encoder: str | None = None,
    stored_neighbours: int = STORED_NEIGHBOURS,
    notes: list[str] | None = None,
) -> Path:
    """Write an index folder (built beside ``out``, then swapped in: ``index_store.write_index``);
    a warning about the swap goes to ``notes``."""
    from factcheck.run.index_store import write_index as store

    if not docs or emb.ndim != 2 or not emb.shape[0]:
        raise ArchiveIndexError("E111", "no documents to index", "pass archive files that hold text", out)
    vecs = document_vectors(emb, doc_of_row, len(docs))
    where, said = store(out, docs, emb, doc_of_row, vecs, nearest_documents(vecs, k=stored_neighbours), model=model,
                        code=code, precision=precision, encoder=encoder or f"torch-{precision}")
    if notes is not None:
        notes.extend(said)
    return where


def build_index(
    paths: Sequence[str],
    out: str | os.PathLike[str],
    embedder: Embedder,
    *,
    cache: RunCache | None = None,
    workers: int = 1,
    scheduler: Any = None,
    progress: Progress | None = None,
    notes: list[str] | None = None,
) -> tuple[Path, list[Document], list[InputError]]:
    """Read, prepare and embed an archive and write it as an index folder (``out`` is checked
    first: E174 before any work). No document to index is E111, naming the first skipped input."""
    progress = progress or NullProgress()
    check_target(out, paths)  # before any work: never after reading and encoding a whole archive
    docs, errors = read_documents(paths)
    prepared, failed = prepare_documents(docs, workers=workers, scheduler=scheduler, cache=cache, progress=progress)
    if not prepared:
        skipped = [*errors, *failed]
        first = f"; {len(skipped)} skipped, first {skipped[0].to_dict()['path']}: {skipped[0].to_dict()['message']}" \
            if skipped else ""
        raise ArchiveIndexError("E111", f"no documents to index{first}", "pass archive files that hold text")
    emb, doc_of_row = embed_documents(prepared, embedder, cache=cache, progress=progress)
    for d in prepared:
        d.reference = True
    with progress.stage("write", 1) as advance:
        where = write_index(out, prepared, emb, doc_of_row, model=embedder.name, code=fingerprint(),
                            precision=getattr(embedder, "precision", "float32"), encoder=backend_of(embedder),
                            notes=notes)
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
    neighbours recomputed, and the folder replaced atomically (``write_index``: FORMAT 3, built beside and
    swapped in). ``path`` is checked first (E174 before any work; a damaged index is E171, never replaced
    by the new documents alone). Returns the folder, the documents added and the ones that could not be
    prepared."""
    check_target(path)
    prepared, failed = prepare_documents(docs, cache=cache)
    emb, doc_of_row = embed_documents(prepared, embedder, cache=cache)
    for d in prepared:
        d.reference = True
    old_docs: list[Document] = []
    parts, groups = [], []
    code = fingerprint()
    encoder = backend_of(embedder)
    if looks_like_index(path):
        index = open_index(path, embedder)
        stored = index_backend(index.meta)
        # Vectors of another backend are kept as stored: the index then names both, never one silently.
        encoder = stored if encoder in (None, *stored.split("+")) else f"{stored}+{encoder}"
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
                        code=code, precision=getattr(embedder, "precision", "float32"), encoder=encoder)
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
