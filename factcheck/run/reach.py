"""A document's neighbourhood within a check's ``reach``: which documents, the corpus they make,
and a key of everything a check can read there.

The link graph joins two documents when a story link (``Corpus.related``) or a sentence pair
crosses between them. A ball of radius r around a document is every document within r links.
A check with ``reach = r`` finds about a document only what that ball holds, so its findings
about the document can be cached under the ball's key and recomputed from the ball alone:
an edit changes the keys of the documents within r links of it and no others.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus
from factcheck.run.prepare import doc_key


def doc_of_row(corpus: Corpus) -> np.ndarray:
    """The document number of each global sentence row."""
    return np.repeat(np.arange(len(corpus.documents)), [len(d.sentences) for d in corpus.documents])


def doc_bytes(d: Document) -> bytes:
    """What a check reads of a document itself: its content (``doc_key``), reference flag and sources."""
    return doc_key(d) + (b"R" if d.reference else b"C") + "\x1f".join(d.based_on).encode()


class LinkGraph:
    """Documents of a corpus by number, their links, and their sentence pairs grouped by document pair."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        docs = corpus.documents
        pos = {d.id: n for n, d in enumerate(docs)}
        self.adj: list[set[int]] = [set() for _ in docs]
        # story labels matter to a check only through links; a related=None corpus links each label group
        if corpus.related is None:
            groups: dict[int, list[int]] = defaultdict(list)
            for n, d in enumerate(docs):
                groups[corpus.story.get(d.id, -1)].append(n)
            for members in groups.values():
                for a in members:
                    self.adj[a].update(b for b in members if b != a)
        else:
            for a, b in corpus.related:
                if a in pos and b in pos and a != b:
                    self.adj[pos[a]].add(pos[b])
                    self.adj[pos[b]].add(pos[a])
        rows = doc_of_row(corpus)
        starts = [corpus.first[d.id] for d in docs]
        grouped: dict[tuple[int, int], list[tuple[int, int, float]]] = defaultdict(list)
        for score, i, j in corpus.pairs:
            da, db = int(rows[i]), int(rows[j])
            if da > db:
                da, db, i, j = db, da, j, i
            grouped[(da, db)].append((i - starts[da], j - starts[db], float(score)))
            if da != db:
                self.adj[da].add(db)
                self.adj[db].add(da)
        self._pairs = grouped
        self._doc_digest: list[bytes | None] = [None] * len(docs)
        self._pair_digest: dict[tuple[int, int], bytes] = {}

    def ball(self, n: int, reach: int) -> list[int]:
        """Document numbers within ``reach`` links of ``n`` (itself included), ascending."""
        seen = {n}
        frontier = [n]
        for _ in range(reach):
            nxt = [b for a in frontier for b in self.adj[a] if b not in seen]
            seen.update(nxt)
            frontier = nxt
            if not frontier:
                break
        return sorted(seen)

    def around(self, focus: list[int], reach: int) -> list[int]:
        """The union of the balls of ``focus``, ascending."""
        out: set[int] = set()
        for n in focus:
            out.update(self.ball(n, reach))
        return sorted(out)

    def _doc(self, n: int) -> bytes:
        digest = self._doc_digest[n]
        if digest is None:
            digest = hashlib.sha1(doc_bytes(self.corpus.documents[n])).digest()
            self._doc_digest[n] = digest
        return digest

    def _pair(self, a: int, b: int) -> bytes:
        digest = self._pair_digest.get((a, b))
        if digest is None:
            digest = hashlib.sha1(np.asarray(self._pairs.get((a, b), []), dtype=np.float64).tobytes()).digest()
            self._pair_digest[(a, b)] = digest
        return digest

    def key(self, n: int, members: list[int], layers: str, extra: bytes = b"") -> bytes:
        """A hash of what a check reads about document ``n`` in the corpus of ``members``: the documents
        in order (content, reference flag, sources), ``n``'s place among them, which share a story label
        (not the labels: they number components corpus-wide), the links and sentence pairs among them,
        the extraction layers, and ``extra`` (the statistics it reads)."""
        place = {m: k for k, m in enumerate(members)}
        h = hashlib.sha1(f"ball|{layers}|{place[n]}|".encode())
        for m in members:
            h.update(self._doc(m))
        labels: dict[int, int] = {}
        story = self.corpus.story
        grouping = [labels.setdefault(story.get(self.corpus.documents[m].id, -1), k) for k, m in enumerate(members)]
        links = sorted((place[a], place[b]) for a in members for b in self.adj[a] if b in place and a < b)
        h.update(json.dumps([grouping, links]).encode())
        for a in members:
            h.update(self._pair(a, a))
        for a, b in links:
            h.update(self._pair(members[a], members[b]))
        h.update(extra)
        return h.digest()


def induced(corpus: Corpus, members: list[int]) -> Corpus:
    """The corpus of documents ``members`` (ascending numbers): their sentence pairs renumbered, the
    links among them and their story labels."""
    docs = [corpus.documents[n] for n in members]
    rows = doc_of_row(corpus)
    keep = np.zeros(len(corpus.documents), dtype=bool)
    keep[members] = True
    local = np.full(len(rows), -1, dtype=np.int64)
    kept_rows = np.flatnonzero(keep[rows]) if len(rows) else np.zeros(0, dtype=np.int64)
    local[kept_rows] = np.arange(len(kept_rows))
    pairs = [(score, int(local[i]), int(local[j])) for score, i, j in corpus.pairs if keep[rows[i]] and keep[rows[j]]]
    ids = {d.id for d in docs}
    related = None if corpus.related is None else {(a, b) for a, b in corpus.related if a in ids and b in ids}
    return Corpus(docs, None, pairs, story={d.id: corpus.story.get(d.id, -1) for d in docs}, related=related)


class StatsDigest:
    """Hashes of entries of one statistics table, each entry hashed once however many documents read it."""

    def __init__(self, stats: dict) -> None:
        self.stats = stats
        self._memo: dict = {}

    def entry(self, key: object) -> bytes:
        digest = self._memo.get(key)
        if digest is None:
            present = key in self.stats
            row = json.dumps([key, present, self.stats.get(key) if present else None], sort_keys=True, default=list)
            digest = hashlib.sha1(row.encode("utf-8", "surrogatepass")).digest()
            self._memo[key] = digest
        return digest

    def __call__(self, keys: Iterable[object]) -> bytes:
        """A hash of the entries ``keys`` (an absent key hashes as absent), whatever their order."""
        return hashlib.sha1(b"".join(sorted({self.entry(k) for k in keys}))).digest()


def stats_digest(stats: dict, keys: Iterable[object]) -> bytes:
    """A hash of the entries ``keys`` of ``stats``, whatever their order (one-off: see StatsDigest)."""
    return StatsDigest(stats)(keys)
