"""Embedded documents to the Corpus the checks read: story links, then sentence pairs.

One assembly for both ways a run gets its documents: all of them in memory
(``assemble_corpus``), or a draft plus the archive documents an index links it to
(``index.corpus_with_index`` computes the links, ``linked_corpus`` does the rest).
"""

from __future__ import annotations

import numpy as np

from factcheck.core.model import Document, record_rows
from factcheck.core.progress import NullProgress, Progress
from factcheck.pair.corpus import Corpus
from factcheck.pair.pairing import PairingOptions, cosines, linked_pairs, top_k
from factcheck.pair.stories import components, document_vectors, related_documents


def assemble_corpus(
    docs: list[Document],
    emb: np.ndarray,
    doc_of_row: np.ndarray,
    *,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Group embedded documents into stories and pair their sentences."""
    options = options or PairingOptions()
    if not emb.shape[0]:
        return Corpus(docs, emb, [], related=set())
    vecs = document_vectors(emb, doc_of_row, len(docs))
    links = related_documents(vecs, threshold=options.story_threshold, k=options.story_k)
    links = sorted(set(links) | set(source_links(vecs, [d.reference for d in docs], options)) | set(named_links(docs)))
    return linked_corpus(docs, emb, doc_of_row, links, components(len(docs), links),
                         np.asarray(record_rows(docs), dtype=bool), options=options, progress=progress)


def source_links(vecs: np.ndarray, reference: list[bool], options: PairingOptions) -> list[tuple[int, int]]:
    """Each checked document's ``story_k`` nearest reference documents at or above ``source_floor``."""
    refs = np.flatnonzero(reference)
    drafts = np.flatnonzero(~np.asarray(reference, dtype=bool))
    if not refs.size or not drafts.size:
        return []
    sims = cosines(vecs[drafts], vecs[refs]).astype(np.float32)
    sims[sims < options.source_floor] = -np.inf
    best, _ = top_k(sims, options.story_k, refs)
    return [(min(int(a), int(b)), max(int(a), int(b))) for a, row in zip(drafts, best, strict=True)
            for b in row if b >= 0]


def named_links(docs: list[Document]) -> list[tuple[int, int]]:
    """A checked document linked to each reference document its record names as its source
    (``based_on``), however far apart their vectors: the user said they are one story."""
    refs = {d.id: n for n, d in enumerate(docs) if d.reference}
    return [(min(a, refs[r]), max(a, refs[r])) for a, d in enumerate(docs) if not d.reference
            for r in d.based_on if r in refs]


def linked_corpus(
    docs: list[Document],
    emb: np.ndarray,
    groups: np.ndarray,
    links: list[tuple[int, int]],
    story: np.ndarray | list[int],
    records: np.ndarray,
    *,
    options: PairingOptions,
    progress: Progress | None = None,
    queries: set[int] | None = None,
) -> Corpus:
    """Pair the sentences of linked documents into a Corpus of ``docs``.

    Rows of ``emb`` are labelled by document number in ``groups``; ``docs`` are documents
    0..len(docs)-1 and own the first rows. Documents numbered beyond them (an index's other
    neighbours) only compete as pairing candidates. ``story`` labels documents by number;
    ``records`` flags each row that is a table row, list item or roster entry (never paired with another)."""
    progress = progress or NullProgress()
    with progress.stage("pair", len(docs) if queries is None else len(queries)) as advance:
        pairs = linked_pairs(emb, groups, links, k=options.k, threshold=options.threshold, queries=queries,
                             records=records)
        advance(len(docs) if queries is None else len(queries))
    ids = [d.id for d in docs]
    n_rows = sum(len(d.sentences) for d in docs)
    return Corpus(
        docs, emb[:n_rows], pairs,
        story={ids[p]: int(story[p]) for p in range(len(docs))},
        related={(ids[a], ids[b]) for a, b in links if a < len(ids) and b < len(ids)},
    )
