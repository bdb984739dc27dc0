"""Small hand-built corpora for check tests: real extraction, no embedding model."""

from __future__ import annotations

import json
from collections.abc import Iterable

from factcheck.core.model import Document, Finding
from factcheck.extract import dates, enumerations, orgs, people, quantities, titles
from factcheck.pair.corpus import Corpus
from factcheck.segment.sentences import segment


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


def same_day(texts: list[str], day: str = "2024-05-01") -> list[str | None]:
    """One publication date for every text: documents of one story, comparable in time."""
    return [day] * len(texts)


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


def source_corpus(draft: str, source: str, score: float = 0.8, based_on: tuple[str, ...] = ()) -> Corpus:
    """A draft (checked, d0) and its source (reference, src) with every layer; every draft sentence
    aligned with every source sentence at cosine ``score``."""
    from factcheck.extract import extract

    docs = [Document("d0", draft, based_on=based_on), Document("src", source, reference=True)]
    for d in docs:
        segment(d)
        extract(d)
    c = Corpus(docs)
    nd = len(docs[0].sentences)
    c.pairs = [(score, i, j) for i in range(nd) for j in range(nd, len(c.sentences))]
    return c


def by_doc(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """Findings by the document they are about (``evidence[0]``), each as its sorted JSON."""
    out: dict[str, list[str]] = {}
    for f in findings:
        out.setdefault(f.evidence[0].doc, []).append(json.dumps(f.to_dict(), sort_keys=True))
    return {k: sorted(v) for k, v in out.items()}


def changed_keys(before: dict, after: dict) -> set:
    """The statistics entries an edit added, removed or changed."""
    return {k for k in before.keys() | after.keys() if k not in before or k not in after or before[k] != after[k]}
