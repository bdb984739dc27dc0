"""The context every check reads: documents with their layers, the global sentence
table, sentence embeddings, aligned sentence pairs and story groups.

Built once by the pipeline; checks only read it (data flows one way).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from factcheck.core.model import Document, Sentence


@dataclass
class Corpus:
    documents: list[Document]
    embeddings: np.ndarray | None = None  # (n_sentences, dim), L2-normalised, global order
    pairs: list[tuple[float, int, int]] = field(default_factory=list)  # (score, i, j), i < j
    story: dict[str, int] = field(default_factory=dict)  # doc id -> connected story group
    related: set[tuple[str, str]] | None = None  # pairwise same-story links; None = use ``story``
    sentences: list[Sentence] = field(init=False)
    first: dict[str, int] = field(init=False)  # doc id -> global index of its first sentence
    _by_id: dict[str, Document] = field(init=False, repr=False)
    _aligned: dict[int, list[tuple[float, int]]] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {d.id: d for d in self.documents}
        self.sentences, self.first = [], {}
        for d in self.documents:
            self.first[d.id] = len(self.sentences)
            self.sentences.extend(d.sentences)
        if not self.story:  # one story unless story blocking said otherwise
            self.story = {d.id: 0 for d in self.documents}

    def doc(self, doc_id: str) -> Document:
        return self._by_id[doc_id]

    def index_of(self, s: Sentence) -> int:
        """Global index of a sentence."""
        return self.first[s.doc] + s.index

    def aligned(self, i: int) -> list[tuple[float, int]]:
        """Sentences paired with global sentence ``i``, best first: ``[(score, j), ...]``."""
        if self._aligned is None:
            table: dict[int, list[tuple[float, int]]] = defaultdict(list)
            for score, a, b in self.pairs:
                table[a].append((score, b))
                table[b].append((score, a))
            for v in table.values():
                v.sort(key=lambda t: (-t[0], t[1]))
            self._aligned = dict(table)
        return self._aligned.get(i, [])

    def same_story(self, a: str, b: str) -> bool:
        """True for one document, or two documents that report the same story."""
        if a == b:
            return True
        if self.related is not None:
            return (a, b) in self.related or (b, a) in self.related
        return self.story.get(a, -1) == self.story.get(b, -2)

    def story_documents(self) -> list[list[Document]]:
        """Documents grouped by connected story links, groups and members in input order.

        Linked pairs chain, so a group can hold documents that are not ``same_story``
        with each other: use ``same_story`` before comparing two documents."""
        groups: dict[int, list[Document]] = {}
        for d in self.documents:
            groups.setdefault(self.story.get(d.id, -1), []).append(d)
        return list(groups.values())
