"""Story neighbourhoods as the name, title, quote and acronym checks (NAM001, TTL001, QUO001/2, NAM003)
see them."""

from __future__ import annotations

from collections import defaultdict

from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus


def neighbourhoods(corpus: Corpus) -> list[tuple[Document, list[Document]]]:
    """Each document with the documents that report the same story (pairwise links, not whole
    chained groups: a chain of loosely related articles is no one story), partners in input order.

    With story links, each document's partners are read from its own links, not by testing every
    member of its chained group: a group can hold most of an archive."""
    out = []
    if corpus.related is None:
        for group in corpus.story_documents():
            for d in group:
                out.append((d, [e for e in group if e is not d and corpus.same_story(d.id, e.id)]))
        return out
    place = {d.id: n for n, d in enumerate(corpus.documents)}
    links: dict[str, set[str]] = defaultdict(set)
    for a, b in corpus.related:
        if a in place and b in place and a != b:
            links[a].add(b)
            links[b].add(a)
    story = corpus.story
    for group in corpus.story_documents():
        for d in group:
            label = story.get(d.id, -1)
            partners = sorted(place[e] for e in links[d.id] if story.get(e, -1) == label)
            out.append((d, [corpus.documents[n] for n in partners]))
    return out
