"""Sentence pairing on toy vectors: exhaustive vs linked, ties, query groups."""

from __future__ import annotations

import numpy as np

from factcheck.pair.pairing import linked_pairs, top_pairs


def unit(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def archive(seed: int = 1, docs: int = 12, per: int = 6) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(docs // 3, 24))
    rows, groups = [], []
    for d in range(docs):
        for s in range(per):
            rows.append(topics[d // 3] + rng.normal(size=24) * (0.4 + 0.1 * s))
            groups.append(d)
    return unit(np.array(rows)), np.array(groups)


def test_linked_pairs_with_all_links_equals_exhaustive():
    emb, g = archive()
    every = [(a, b) for a in range(12) for b in range(a + 1, 12)]
    assert linked_pairs(emb, g, every, k=3, threshold=0.2) == top_pairs(emb, g, k=3, threshold=0.2)


def test_linked_pairs_stay_inside_links():
    emb, g = archive()
    links = [(0, 1), (3, 4)]
    pairs = linked_pairs(emb, g, links, k=3, threshold=0.0)
    assert pairs
    allowed = {(a, b) for a, b in links} | {(b, a) for a, b in links}
    for _, i, j in pairs:
        assert g[i] == g[j] or (int(g[i]), int(g[j])) in allowed
        assert i < j


def test_adjacent_sentences_are_not_paired():
    emb = unit(np.array([[1, 0], [1, 0.01], [1, 0.02]]))
    pairs = top_pairs(emb, np.zeros(3, dtype=np.int64), k=2, threshold=0.0)
    assert [(i, j) for _, i, j in pairs] == [(0, 2)]


def test_output_order_is_stable_and_sorted():
    emb, g = archive(seed=3)
    pairs = top_pairs(emb, g, k=4, threshold=0.1)
    assert pairs == sorted(pairs, key=lambda t: (-t[0], t[1], t[2]))
    assert pairs == top_pairs(emb.copy(), g.copy(), k=4, threshold=0.1, chunk=5)


def test_query_groups_rank_against_every_candidate_but_return_their_own_pairs():
    emb, g = archive(seed=5)
    links = [(0, 1), (1, 2), (2, 3), (0, 3)]
    full = linked_pairs(emb, g, links, k=2, threshold=0.0)
    part = linked_pairs(emb, g, links, k=2, threshold=0.0, queries={0, 1})
    # Groups 0 and 1 together: exactly the full run's pairs among them, though
    # groups 2 and 3 only competed as candidates.
    assert part == [p for p in full if g[p[1]] in (0, 1) and g[p[2]] in (0, 1)]


def near_ties(seed: int = 7, n: int = 60, dim: int = 384) -> tuple[np.ndarray, np.ndarray]:
    """float32 unit rows, many of them one ulp-scale nudge apart: the ties batching used to decide."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(n // 3, dim)).astype(np.float32)
    rows = np.concatenate([base, base + np.float32(1e-7), base * np.float32(1 + 1e-7)])
    return unit(rows), np.arange(n) % 7


def test_scores_do_not_depend_on_chunking_or_summation_order():
    # Permuting the feature dimensions changes the order a BLAS kernel adds products in,
    # as a CPU with other SIMD widths does; chunking changes the kernel's matrix shapes.
    emb, g = near_ties()
    want = top_pairs(emb, g, k=3, threshold=0.0)
    perm = np.random.default_rng(0).permutation(emb.shape[1])
    for chunk in (1, 3, 7, 1024):
        assert top_pairs(emb, g, k=3, threshold=0.0, chunk=chunk) == want
        assert top_pairs(emb[:, perm], g, k=3, threshold=0.0, chunk=chunk) == want
    every = [(a, b) for a in range(7) for b in range(a + 1, 7)]
    assert linked_pairs(emb[:, perm], g, every, k=3, threshold=0.0, chunk=4) == want


def test_exact_cosines_match_rational_arithmetic():
    from fractions import Fraction

    from factcheck.pair.pairing import GRID, cosines, exact_vectors

    emb, _ = near_ties(n=6, dim=32)
    sims = cosines(emb, emb)
    snapped = exact_vectors(emb)
    for i in range(6):
        for j in range(6):
            pairs = zip(snapped[i], snapped[j], strict=True)
            exact = sum(Fraction(int(a * GRID)) * Fraction(int(b * GRID)) for a, b in pairs)
            assert Fraction(sims[i, j]) == exact / Fraction(int(GRID)) ** 2
            assert abs(sims[i, j] - float(emb[i].astype(np.float64) @ emb[j])) < 1e-4


def test_equal_scores_break_ties_on_the_lower_index():
    emb = unit(np.array([[1, 0], [0.6, 0.8], [0.6, 0.8], [0.6, 0.8]]))
    pairs = top_pairs(emb, np.arange(4), k=1, threshold=0.0, skip_adjacent=False)
    # Each row keeps one partner; among equal partners the lowest index wins.
    assert [(i, j) for _, i, j in pairs] == [(1, 2), (1, 3), (0, 1)]


def test_records_are_never_paired_with_each_other_but_still_with_prose():
    # Rows 0-2 are table rows saying near-identical things; row 3 is a prose sentence like them.
    emb = unit(np.array([[1, 0.0], [1, 0.01], [1, 0.02], [1, 0.015]]))
    records = np.array([True, True, True, False])
    pairs = top_pairs(emb, np.arange(4), k=3, threshold=0.0, records=records)
    assert sorted((i, j) for _, i, j in pairs) == [(0, 3), (1, 3), (2, 3)]
    links = [(a, b) for a in range(4) for b in range(a + 1, 4)]
    assert linked_pairs(emb, np.arange(4), links, k=3, threshold=0.0, records=records) == pairs


def test_unencoded_zero_rows_never_pair_and_leave_the_other_pairs_as_they_were():
    emb, g = archive()
    every = [(a, b) for a in range(12) for b in range(a + 1, 12)]
    zeroed = emb.copy()
    zeroed[::4] = 0  # sentences the pipeline did not encode (factcheck.embed.pairable)
    pairs = linked_pairs(zeroed, g, every, k=3, threshold=-1.0)  # even a negative threshold takes none
    assert pairs and all(i % 4 and j % 4 for _, i, j in pairs)
    kept = [(s, i, j) for s, i, j in linked_pairs(emb, g, every, k=3, threshold=0.2) if i % 4 and j % 4]
    assert set(kept) <= set(linked_pairs(zeroed, g, every, k=3, threshold=0.2))
    assert linked_pairs(np.zeros_like(emb), g, every, k=3, threshold=-1.0) == []
