"""Embedded documents to the Corpus the checks read: story links, then sentence pairs.

One assembly for both ways a run gets its documents: all of them in memory
(``assemble_corpus``), or a draft plus the archive documents an index links it to
(``index.corpus_with_index`` computes the links, ``linked_corpus`` does the rest).
"""

from __future__ import annotations

import numpy as np

from factcheck.corpus import Corpus
from factcheck.model import Document
from factcheck.pairing import PairingOptions, linked_pairs
from factcheck.progress import NullProgress, Progress
from factcheck.stories import components, document_vectors, related_documents


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
    links = related_documents(
        document_vectors(emb, doc_of_row, len(docs)), threshold=options.story_threshold, k=options.story_k
    )
    return linked_corpus(docs, emb, doc_of_row, links, components(len(docs), links), options=options,
                         progress=progress)


def linked_corpus(
    docs: list[Document],
    emb: np.ndarray,
    groups: np.ndarray,
    links: list[tuple[int, int]],
    story: np.ndarray | list[int],
    *,
    options: PairingOptions,
    progress: Progress | None = None,
    queries: set[int] | None = None,
) -> Corpus:
    """Pair the sentences of linked documents into a Corpus of ``docs``.

    Rows of ``emb`` are labelled by document number in ``groups``; ``docs`` are documents
    0..len(docs)-1 and own the first rows. Documents numbered beyond them (an index's other
    neighbours) only compete as pairing candidates. ``story`` labels documents by number."""
    progress = progress or NullProgress()
    with progress.stage("pair", len(docs) if queries is None else len(queries)) as advance:
        pairs = linked_pairs(emb, groups, links, k=options.k, threshold=options.threshold, queries=queries)
        advance(len(docs) if queries is None else len(queries))
    ids = [d.id for d in docs]
    n_rows = sum(len(d.sentences) for d in docs)
    return Corpus(
        docs, emb[:n_rows], pairs,
        story={ids[p]: int(story[p]) for p in range(len(docs))},
        related={(ids[a], ids[b]) for a, b in links if a < len(ids) and b < len(ids)},
    )
