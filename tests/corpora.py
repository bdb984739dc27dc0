"""Small hand-built corpora for check tests: real extraction, no embedding model."""

from __future__ import annotations

from factcheck.corpus import Corpus
from factcheck.extract import dates, enumerations, orgs, people, quantities, titles
from factcheck.model import Document
from factcheck.segment import segment


def name_corpus(*texts: str) -> Corpus:
    """One document per text with the people, orgs and titles layers; all in one story."""
    docs = []
    for n, text in enumerate(texts):
        d = Document(f"d{n}", text)
        segment(d)
        people.extract(d)
        orgs.extract(d)
        titles.extract(d)
        docs.append(d)
    return Corpus(docs)


def claim_corpus(texts: list[str], score: float, dates_: list[str | None] | None = None,
                 same_doc: bool = False) -> Corpus:
    """One document per text (or all texts as sentences of one document) with the quantities,
    dates and enumerations layers; every sentence pair aligned with cosine ``score``."""
    if same_doc:
        docs = [Document("d0", " ".join(texts))]
    else:
        docs = [Document(f"d{n}", t, date=(dates_ or [None] * len(texts))[n]) for n, t in enumerate(texts)]
    for d in docs:
        segment(d)
        for layer in (quantities, dates, enumerations):
            layer.extract(d)
    c = Corpus(docs)
    n = len(c.sentences)
    c.pairs = [(score, i, j) for i in range(n) for j in range(i + 1, n)]
    return c
