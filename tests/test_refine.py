"""A lossy backend's pair decisions near the threshold are settled by the exact encoder."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from factcheck.core.model import Document
from factcheck.embed.vectors import HashingEmbedder, embed_documents
from factcheck.pair.assembly import assemble_corpus
from factcheck.pair.pairing import PairingOptions
from factcheck.pair.refine import edge_rows, settle_edges
from factcheck.run.prepare import prepare

TEXTS = {
    "a": "The council approved 40 new homes on Monday. The mayor welcomed the vote. Rain fell all day.",
    "b": "The council approved 42 new homes on Monday. Critics said the homes were too few. A dog barked.",
    "c": "Builders will start on the homes next spring. The mayor welcomed the council vote on homes.",
}


class Lossy:
    """The exact embedder's vectors with a fixed seeded error of about ``noise`` per pair cosine."""

    def __init__(self, exact: HashingEmbedder, noise: float, margin: float) -> None:
        self.name, self.exact, self.margin, self.noise = "lossy", exact, margin, noise
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        v = self.exact.encode(texts)
        # each text's own error (seeded by its text): the same whatever order or batch it is encoded in
        noise = np.stack([np.random.default_rng(zlib.crc32(t.encode())).normal(size=v.shape[1]) for t in texts])
        v = v + (noise * self.noise / np.sqrt(v.shape[1])).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _docs() -> list[Document]:
    return [prepare(Document(id=k, text=v)) for k, v in TEXTS.items()]


def test_paired_rows_get_exact_vectors_and_exact_pairs():
    docs, exact = _docs(), HashingEmbedder(256)
    ref, rows = embed_documents(docs, exact, every_sentence=True)
    lossy = Lossy(exact, noise=0.05, margin=0.2)
    emb, _ = embed_documents(docs, lossy, every_sentence=True)
    assert not np.allclose(emb, ref)
    def pairs(vectors: np.ndarray, options: PairingOptions) -> set[tuple[int, int]]:
        return {(i, j) for _, i, j in assemble_corpus(docs, vectors, rows, options=options).pairs}

    # a threshold just above one exact pair score that the noise moves up across it
    candidates = [PairingOptions(threshold=s + 1e-4, story_threshold=0.0)
                  for s, _, _ in assemble_corpus(docs, ref, rows, options=PairingOptions(threshold=0.1,
                                                                                           story_threshold=0.0)).pairs]
    options = next(o for o in candidates if pairs(emb, o) != pairs(ref, o))
    want = pairs(ref, options)
    settled = settle_edges(docs, emb, rows, lossy, options=options)
    assert pairs(settled, options) == want
    band = edge_rows(docs, emb, rows, options, lossy.margin)
    assert all(np.allclose(settled[r], ref[r]) for r in band)
    kept = [r for r in range(len(ref)) if not np.allclose(settled[r], ref[r])]
    assert kept  # sentences far from the threshold keep the fast vectors


def test_an_exact_backend_is_left_alone():
    docs, exact = _docs(), HashingEmbedder(256)
    emb, rows = embed_documents(docs, exact, every_sentence=True)
    assert settle_edges(docs, emb, rows, exact) is emb
