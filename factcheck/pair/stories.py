"""Story blocking: which documents report the same story.

Cross-document checks compare only related documents; that keeps archives from growing
quadratically and keeps unrelated articles (two different "Mr Brown"s) apart.

A document vector is the normalised mean of its sentence vectors. Two documents are
related when one is among the other's ``k`` nearest and their cosine reaches
``threshold``. The relation is pairwise, not transitive, so one broad article cannot
chain a whole archive into one story. Measured on the dev archive (bench/): cosine 0.6
with k=3 links 56 of its 59 labelled cross-document pairs at 3.4 links per document;
labelled same-story pairs have a median document cosine of 0.82.

The nearest-neighbour search is exact: chunked matrix products (memory ``chunk x n``)
and a partial sort. Documents are few next to sentences (2,000 articles = 2,000 rows:
0.1 s, the same as faiss). From ``FAISS_MIN`` documents on, when faiss-cpu is installed
(the ``scale`` extra), faiss's exact IndexFlatIP proposes each document's candidates
(measured at 20,000 documents: 1.8 s vs 7.2 s) and the same exact (-cosine, index)
ranking picks the k best among them.
"""

from __future__ import annotations

import numpy as np

from factcheck.pair.pairing import cosines, exact_vectors, top_k


def document_vectors(emb: np.ndarray, doc_of_row: np.ndarray, n_docs: int) -> np.ndarray:
    """Mean sentence vector per document (rows of ``emb`` labelled by ``doc_of_row``), unit length."""
    dim = emb.shape[1] if emb.ndim == 2 and emb.shape[0] else 1
    out = np.zeros((n_docs, dim), dtype=np.float32)
    if emb.shape[0]:
        np.add.at(out, doc_of_row, emb)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


FAISS_MIN = 5000
_SLACK = 8  # extra faiss candidates per document, so ties at the k-th place still rank by index


def _faiss_candidates(doc_vecs: np.ndarray, k: int) -> np.ndarray | None:
    try:
        import faiss
    except ImportError:
        return None
    index = faiss.IndexFlatIP(doc_vecs.shape[1])
    index.add(np.ascontiguousarray(doc_vecs, dtype=np.float32))
    _, cand = index.search(np.ascontiguousarray(doc_vecs, dtype=np.float32), min(k + 1 + _SLACK, doc_vecs.shape[0]))
    return cand.astype(np.int64)


def nearest_documents(
    doc_vecs: np.ndarray, *, k: int = 3, chunk: int = 1024
) -> tuple[np.ndarray, np.ndarray]:
    """Each document's ``k`` nearest other documents: (indices, cosines), (n, k), best first."""
    n = doc_vecs.shape[0]
    idx = np.full((n, k), -1, dtype=np.int64)
    sim = np.full((n, k), -np.inf, dtype=np.float32)
    cand = _faiss_candidates(doc_vecs, k) if n >= FAISS_MIN else None
    if cand is not None:
        exact = exact_vectors(doc_vecs)
        for a in range(0, n, chunk):
            c = cand[a:a + chunk]
            sims = np.einsum("rd,rcd->rc", exact[a:a + chunk], exact[np.maximum(c, 0)])
            sims[(c < 0) | (c == np.arange(a, a + c.shape[0])[:, None])] = -np.inf  # padding, self
            idx[a:a + chunk], sim[a:a + chunk] = top_k(sims.astype(np.float32), k, c)
        return idx, sim
    for a in range(0, n, chunk):
        sims = cosines(doc_vecs[a:a + chunk], doc_vecs).astype(np.float32)
        r = np.arange(sims.shape[0])
        sims[r, a + r] = -np.inf
        idx[a:a + chunk], sim[a:a + chunk] = top_k(sims, k)
    return idx, sim


def links_from_neighbours(idx: np.ndarray, sim: np.ndarray, *, threshold: float, k: int) -> list[tuple[int, int]]:
    """Pairs (a, b), a < b, where b is among a's first ``k`` neighbours at or above ``threshold`` (or vice versa)."""
    links: set[tuple[int, int]] = set()
    for i in range(idx.shape[0]):
        for j, s in zip(idx[i, :k], sim[i, :k], strict=True):
            if j >= 0 and s >= threshold:
                links.add((min(i, int(j)), max(i, int(j))))
    return sorted(links)


def related_documents(
    doc_vecs: np.ndarray, *, threshold: float = 0.6, k: int = 3, chunk: int = 1024
) -> list[tuple[int, int]]:
    """Pairs (a, b), a < b, of related documents, sorted."""
    if doc_vecs.shape[0] < 2 or k < 1:
        return []
    idx, sim = nearest_documents(doc_vecs, k=k, chunk=chunk)
    return links_from_neighbours(idx, sim, threshold=threshold, k=k)


def components(n: int, links: list[tuple[int, int]]) -> np.ndarray:
    """Connected-component label per document: the smallest document index in it."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(i) for i in range(n)], dtype=np.int64)
