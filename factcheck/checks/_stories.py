"""Story neighbourhoods as the name and title checks (NAM001, TTL001) see them."""

from __future__ import annotations

from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus


def neighbourhoods(corpus: Corpus) -> list[tuple[Document, list[Document]]]:
    """Each document with the documents that report the same story (pairwise links, not whole
    chained groups: a chain of loosely related articles is no one story)."""
    out = []
    for group in corpus.story_documents():
        for d in group:
            out.append((d, [e for e in group if e is not d and corpus.same_story(d.id, e.id)]))
    return out
