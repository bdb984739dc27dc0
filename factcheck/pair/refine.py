"""Pairing decisions on the threshold settled by exact vectors, for a lossy encoder backend.

A bfloat16 backend moves a sentence cosine by up to its ``margin`` (``encoders.MARGIN``, measured by
bench/backends.py), so a pair scored within that margin of the pairing threshold can be paired by
one backend and not by float32 (a dev DAT001 warning at similarity 0.45 came and went so). So the
sentences are paired once with the fast vectors at the threshold less the margin, and both sentences
of every pair scored within the margin of the threshold are encoded again by the exact (float32)
encoder before the real pairing: whether such a pair exists is then float32's decision.

Only the band is settled: settling every paired sentence would re-encode 80-90% of the pairable
sentences of a story-dense archive (dev, wide), more than the fast backend saves. Scores far from
the threshold keep the fast vectors; a check's own similarity thresholds (0.6-0.8) are not settled.
The exact vectors are cached like any others, so a warm run pays nothing for them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from factcheck.core.model import Document
from factcheck.core.progress import NullProgress, Progress
from factcheck.embed.vectors import Embedder, VectorCache, describe, embed_texts
from factcheck.pair.assembly import assemble_corpus
from factcheck.pair.pairing import PairingOptions


def edge_rows(docs: list[Document], emb: np.ndarray, doc_of_row: np.ndarray, options: PairingOptions,
              margin: float) -> np.ndarray:
    """The rows of the pairs these vectors score within ``margin`` of ``options.threshold``, sorted."""
    loose = replace(options, threshold=max(0.0, options.threshold - margin))
    band = [(i, j) for s, i, j in assemble_corpus(docs, emb, doc_of_row, options=loose).pairs
            if s < options.threshold + margin]
    return np.array(sorted({i for i, _ in band} | {j for _, j in band}), dtype=np.int64)


def settle_edges(
    docs: list[Document],
    emb: np.ndarray,
    doc_of_row: np.ndarray,
    embedder: Embedder,
    *,
    cache: VectorCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """``emb`` with the rows of pairs on the threshold's edge re-encoded exactly; unchanged for an exact backend."""
    exact, margin = getattr(embedder, "exact", None), float(getattr(embedder, "margin", 0.0))
    if exact is None or margin <= 0 or not emb.shape[0] or emb.shape[1] < 2:
        return emb
    rows = edge_rows(docs, emb, doc_of_row, options or PairingOptions(), margin)
    if not rows.size:
        return emb
    texts = [s.text for d in docs for s in d.sentences]
    with (progress or NullProgress()).stage(f"embed: pairs on the threshold exactly, {describe(exact)}",
                                            int(rows.size)) as advance:
        vecs = embed_texts([texts[r] for r in rows], exact, cache, on_progress=advance)
    out = emb.copy()
    out[rows] = vecs
    return out
