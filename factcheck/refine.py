"""Pair decisions near a threshold settled by exact vectors, for a lossy encoder backend.

A bfloat16 or int8 backend moves a sentence cosine by up to its ``margin`` (``encoders.MARGIN``,
measured by bench/backends.py), so a pair scored within that margin of the pairing threshold can be
paired by one backend and not by float32, and a check's own similarity thresholds and messages read
the same scores. So sentences are paired once with the lossy vectors at the threshold less the margin,
and every sentence in such a pair is encoded again by the exact (float32) encoder: the pairs, their
scores and whatever the checks decide from them are then float32's wherever the backend's error stays
within its margin, and the sentences that pair with nothing (most of them) keep the fast vectors.
The exact vectors are cached like any others, so a warm run pays nothing for them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from factcheck.assembly import assemble_corpus
from factcheck.cache import EmbeddingCache
from factcheck.embed import Embedder, describe, embed_texts
from factcheck.model import Document
from factcheck.pairing import PairingOptions
from factcheck.progress import NullProgress, Progress


def edge_rows(docs: list[Document], emb: np.ndarray, doc_of_row: np.ndarray, options: PairingOptions,
              margin: float) -> np.ndarray:
    """The rows in a pair at ``options.threshold - margin`` on these vectors, sorted."""
    loose = replace(options, threshold=max(0.0, options.threshold - margin))
    pairs = assemble_corpus(docs, emb, doc_of_row, options=loose).pairs
    return np.array(sorted({i for _, i, _ in pairs} | {j for _, _, j in pairs}), dtype=np.int64)


def settle_edges(
    docs: list[Document],
    emb: np.ndarray,
    doc_of_row: np.ndarray,
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """``emb`` with the rows that pair (or nearly do) re-encoded exactly; unchanged for an exact backend."""
    exact, margin = getattr(embedder, "exact", None), float(getattr(embedder, "margin", 0.0))
    if exact is None or margin <= 0 or not emb.shape[0] or emb.shape[1] < 2:
        return emb
    rows = edge_rows(docs, emb, doc_of_row, options or PairingOptions(), margin)
    if not rows.size:
        return emb
    texts = [s.text for d in docs for s in d.sentences]
    with (progress or NullProgress()).stage(f"embed: paired sentences exactly, {describe(exact)}",
                                            int(rows.size)) as advance:
        vecs = embed_texts([texts[r] for r in rows], exact, cache, on_progress=advance)
    out = emb.copy()
    out[rows] = vecs
    return out
