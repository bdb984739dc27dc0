"""Model-free pairing: unit vectors in, ``(score, i, j)`` out.

Query rows are compared with candidate rows in chunks, so memory stays at
``chunk x candidates`` floats, and each row keeps only its ``k`` best partners at or
above ``threshold``. Ties break on the index: same input, same output, always.

Scores are exact, so they cannot depend on batching or on the CPU: vectors are snapped
to a grid of 2**-20 and multiplied in float64, where every product and every partial
sum of two unit vectors' components is a multiple of 2**-40 no larger than 1 (Cauchy-Schwarz),
well inside float64's 53-bit mantissa, so no rounding happens whatever order the BLAS
kernel adds them in. A float32 product of the
same rows differs by an ulp or two with the chunk shape and the SIMD width, which used to
decide ties and thresholds differently on different machines. The grid moves a cosine by
at most about 1e-5, below the 6 decimals scores are reported with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from factcheck.core.config import DEFAULT_PAIR_THRESHOLD

Pair = tuple[float, int, int]


@dataclass
class PairingOptions:
    threshold: float = DEFAULT_PAIR_THRESHOLD  # sentence cosine for a candidate aligned pair
    k: int = 5  # partners kept per sentence
    story_threshold: float = 0.6  # document cosine for two documents of one story (see stories.py)
    story_k: int = 3  # a document links to at most its k nearest
    # A checked document always links to its nearest source documents (--against) down to this
    # document cosine: a one-paragraph summary and its own source article sit well below
    # story_threshold (the summary's vector is one sentence's), yet must be compared.
    source_floor: float = 0.3


GRID = float(2**20)  # exact-score grid; see the module docstring


def exact_vectors(emb: np.ndarray) -> np.ndarray:
    """Rows snapped to the 2**-20 grid, as float64: dot products of unit rows are exact."""
    return np.rint(np.asarray(emb, dtype=np.float64) * GRID) / GRID


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Exact cosine matrix of unit rows ``a`` x ``b`` (float64), the same on every CPU and batch."""
    return exact_vectors(a) @ exact_vectors(b).T


def top_k(sims: np.ndarray, k: int, columns: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the ``k`` best columns by similarity, ties broken by the smaller column label.

    ``columns`` labels the columns: (n,) for all rows or (rows, n) per row (default 0..n-1).
    -inf entries are never chosen: a row with fewer than ``k`` finite entries is padded with
    label -1. Returns (labels, sims), both (rows, k), best first, sims in the input's dtype.
    Deterministic for equal input.
    """
    rows, n = sims.shape
    labels = np.arange(n) if columns is None else np.asarray(columns)
    kk = min(k, n)
    out_l = np.full((rows, k), -1, dtype=np.int64)
    out_s = np.full((rows, k), -np.inf, dtype=sims.dtype)
    if kk < 1 or rows == 0:
        return out_l, out_s
    # Candidates: everything at or above each row's k-th value (ties at the boundary kept),
    # then an exact (-sim, label) sort of that short list.
    kth = -np.partition(-sims, kk - 1, axis=1)[:, kk - 1:kk]
    for r in range(rows):
        cand = np.flatnonzero(sims[r] >= kth[r, 0])
        cand = cand[np.isfinite(sims[r, cand])]
        lab = labels[r] if labels.ndim == 2 else labels
        order = np.lexsort((lab[cand], -sims[r, cand]))[:kk]
        out_l[r, :order.size] = lab[cand[order]]
        out_s[r, :order.size] = sims[r, cand[order]]
    return out_l, out_s


def _best(
    emb: np.ndarray,
    query: np.ndarray,
    cand: np.ndarray,
    groups: np.ndarray,
    found: dict[tuple[int, int], float],
    *,
    records: np.ndarray | None = None,
    **options: Any,
) -> None:
    """``_best_of``, with table rows, list items and roster entries (``records``) searching the prose
    rows alone: they are never paired with one another, and a 50,000-line list is not compared with
    itself. The pairs found are the same as masking record pairs out of one search."""
    if records is None:
        _best_of(emb, query, cand, groups, found, **options)
        return
    is_record = records[query]
    _best_of(emb, query[~is_record], cand, groups, found, records=records, **options)
    _best_of(emb, query[is_record], cand[~records[cand]], groups, found, **options)


def _best_of(
    emb: np.ndarray,
    query: np.ndarray,
    cand: np.ndarray,
    groups: np.ndarray,
    found: dict[tuple[int, int], float],
    *,
    k: int,
    threshold: float,
    within: bool,
    across: bool,
    skip_adjacent: bool,
    chunk: int,
    records: np.ndarray | None = None,
) -> None:
    """Add each query row's k best candidates (global indices) to ``found``; ``emb`` from exact_vectors."""
    kk = min(k, cand.size)
    if kk < 1:
        return
    cvec = emb[cand]
    cg = groups[cand]
    for a in range(0, query.size, chunk):
        q = query[a:a + chunk]
        sims = emb[q] @ cvec.T
        same = groups[q][:, None] == cg[None, :]
        mask = q[:, None] == cand[None, :]
        if not within:
            mask |= same
        if not across:
            mask |= ~same
        if skip_adjacent:  # neighbouring sentences of one document share a topic, not a claim
            mask |= same & (np.abs(q[:, None] - cand[None, :]) == 1)
        if records is not None:  # two rows of a table or items of a list are separate records
            mask |= records[q][:, None] & records[cand][None, :]
        sims = np.where(mask, -np.inf, sims)
        best, best_sims = top_k(sims, kk, cand)
        for i, row, row_sims in zip(q, best, best_sims, strict=True):
            for j, s in zip(row.tolist(), row_sims.tolist(), strict=True):
                if j >= 0 and s >= threshold:
                    key = (int(i), j) if i < j else (j, int(i))
                    if s > found.get(key, -2.0):
                        found[key] = s


def _flags(records: np.ndarray | None, n: int) -> np.ndarray | None:
    if records is None:
        return None
    flags = np.asarray(records, dtype=bool)
    if flags.shape != (n,):
        raise ValueError(f"records must flag each of the {n} rows, got shape {flags.shape}")
    return flags


def _sorted(found: dict[tuple[int, int], float]) -> list[Pair]:
    return sorted(((round(s, 6), i, j) for (i, j), s in found.items()), key=lambda t: (-t[0], t[1], t[2]))


def top_pairs(
    emb: np.ndarray,
    groups: np.ndarray | None = None,
    *,
    k: int = 5,
    threshold: float = DEFAULT_PAIR_THRESHOLD,
    within: bool = True,
    across: bool = True,
    chunk: int = 1024,
    skip_adjacent: bool = True,
    records: np.ndarray | None = None,
) -> list[Pair]:
    """Each row's ``k`` most similar rows at or above ``threshold``, as (score, i, j), i < j.

    ``groups[i]`` labels row i's document: ``within`` keeps pairs inside a document,
    ``across`` pairs between documents. ``records[i]`` marks row i as a table row, list item or
    roster entry: two such rows are never paired. Exhaustive: for small inputs.
    """
    n = emb.shape[0]
    g = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups)
    found: dict[tuple[int, int], float] = {}
    rows = np.arange(n)
    _best(exact_vectors(emb), rows, rows, g, found, k=k, threshold=threshold, within=within, across=across,
          skip_adjacent=skip_adjacent, chunk=chunk, records=_flags(records, n))
    return _sorted(found)


def linked_pairs(
    emb: np.ndarray,
    groups: np.ndarray,
    links: list[tuple[int, int]],
    *,
    k: int = 5,
    threshold: float = DEFAULT_PAIR_THRESHOLD,
    chunk: int = 1024,
    skip_adjacent: bool = True,
    queries: set[int] | None = None,
    records: np.ndarray | None = None,
) -> list[Pair]:
    """Pairs inside each group (document) and between linked groups only.

    With a bounded number of links per document the cost grows linearly with the archive,
    not quadratically. ``links`` are group-label pairs; output indices are global rows.
    ``queries`` (group labels) limits which groups' rows look for partners; rows of other
    groups still compete as candidates, and only pairs between two query groups are returned.
    An indexed archive uses it to rank a neighbour's sentences against all of that
    neighbour's own links, exactly as a full run would, without pairing the whole archive.
    ``records`` as in ``top_pairs``.
    """
    g = np.asarray(groups)
    order = np.argsort(g, kind="stable")
    order = order[np.any(emb[order] != 0, axis=1)]  # a sentence left unencoded (zero) pairs with nothing
    if not order.size:
        return []
    labels, starts = np.unique(g[order], return_index=True)
    rows_of = {int(lab): order[s:e] for lab, s, e in zip(labels, starts, [*starts[1:], len(order)], strict=True)}
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in links:
        if a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    found: dict[tuple[int, int], float] = {}
    exact = exact_vectors(emb)
    rec = _flags(records, len(g))
    for lab, rows in rows_of.items():
        if queries is not None and lab not in queries:
            continue
        cand = np.concatenate([rows, *(rows_of[h] for h in sorted(neighbours[lab]) if h in rows_of)])
        _best(exact, rows, cand, g, found, k=k, threshold=threshold, within=True, across=True,
              skip_adjacent=skip_adjacent, chunk=chunk, records=rec)
    if queries is not None:
        found = {(i, j): v for (i, j), v in found.items() if int(g[i]) in queries and int(g[j]) in queries}
    return _sorted(found)
