"""Story blocking on toy vectors: nearest documents, ties, thresholds, components."""

from __future__ import annotations

import numpy as np

from factcheck.pair.stories import components, document_vectors, links_from_neighbours, related_documents, top_k


def unit(*rows: list[float]) -> np.ndarray:
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def brute_links(vecs: np.ndarray, k: int, threshold: float) -> list[tuple[int, int]]:
    sims = vecs @ vecs.T
    out = set()
    for i in range(len(vecs)):
        order = sorted((j for j in range(len(vecs)) if j != i), key=lambda j: (-sims[i, j], j))[:k]
        out |= {(min(i, j), max(i, j)) for j in order if sims[i, j] >= threshold}
    return sorted(out)


def test_document_vectors_are_unit_means():
    emb = unit([1, 0], [0, 1], [1, 1])
    vecs = document_vectors(emb, np.array([0, 0, 1]), 3)
    assert np.allclose(vecs[0], unit([1, 1])[0], atol=1e-6)
    assert np.allclose(vecs[1], emb[2])
    assert np.allclose(vecs[2], 0)  # a document without sentences stays a zero vector


def test_related_documents_matches_brute_force():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(6, 16))
    vecs = unit(*(centres[i % 6] + 0.3 * rng.normal(size=16) for i in range(60)))
    for k, t in [(1, 0.5), (3, 0.6), (5, 0.0)]:
        assert related_documents(vecs, k=k, threshold=t, chunk=7) == brute_links(vecs, k, t)


def test_ties_break_on_the_smaller_index():
    vecs = unit([1, 0], [1, 0], [1, 0], [1, 0])
    assert related_documents(vecs, k=1, threshold=0.5) == [(0, 1), (0, 2), (0, 3)]


def test_top_k_pads_rows_with_too_few_candidates():
    sims = np.array([[0.9, -np.inf, 0.2], [-np.inf, -np.inf, -np.inf]], dtype=np.float32)
    labels, values = top_k(sims, 3)
    assert labels.tolist() == [[0, 2, -1], [-1, -1, -1]]
    assert values[0, :2].tolist() == [np.float32(0.9), np.float32(0.2)]


def test_top_k_with_per_row_labels():
    sims = np.array([[0.5, 0.5, 0.7]], dtype=np.float32)
    labels, _ = top_k(sims, 2, np.array([[9, 3, 5]]))
    assert labels.tolist() == [[5, 3]]


def test_threshold_and_k_bound_the_links():
    vecs = unit([1, 0], [0.9, 0.1], [0, 1])
    assert related_documents(vecs, k=3, threshold=0.99) == [(0, 1)]
    assert related_documents(vecs[:1], k=3, threshold=0.0) == []
    assert links_from_neighbours(np.array([[1], [-1]]), np.array([[0.7], [-np.inf]]), threshold=0.6, k=1) == [(0, 1)]


def test_components_label_by_smallest_member():
    assert components(5, [(3, 4), (1, 3)]).tolist() == [0, 1, 2, 1, 1]


def test_faiss_candidates_give_the_exact_neighbours(monkeypatch):
    import pytest

    pytest.importorskip("faiss")
    import factcheck.pair.stories as st

    rng = np.random.default_rng(7)
    vecs = unit(*rng.normal(size=(300, 32)))
    exact = st.nearest_documents(vecs, k=4, chunk=64)
    monkeypatch.setattr(st, "FAISS_MIN", 10)
    via_faiss = st.nearest_documents(vecs, k=4, chunk=64)
    assert (via_faiss[0] == exact[0]).all()
    assert np.allclose(via_faiss[1], exact[1], atol=1e-6)


def test_a_draft_is_linked_to_the_source_its_record_names_and_an_unknown_name_is_a_warning():
    from factcheck.core.model import Document
    from factcheck.pair.assembly import named_links
    from factcheck.run.pipeline import unknown_sources

    docs = [Document("d1", "x", based_on=("s2",)), Document("s1", "y", reference=True),
            Document("s2", "z", reference=True), Document("d2", "w", based_on=("s9", "s1"))]
    assert named_links(docs) == [(0, 2), (1, 3)]
    assert [w.split()[:2] for w in unknown_sources(docs)] == [["W130", "d2"]]
