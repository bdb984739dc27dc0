"""Shared by the support checks (SUP001-SUP003): what the source material states.

A draft checked against a source (``--against``, or an index) must say nothing about names,
figures, dates and roles that the source does not support. ``Sources`` gathers, for each
checked document, the reference documents linked to it and everything they state: every
quantity, date, capitalised word, person and role, so a value is supported when the source
states it anywhere (a value seen once is enough), and the sentence the draft sentence aligns
with gives the likely right value when it is not.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from factcheck.checks._claims import overlap
from factcheck.core.model import Document, Sentence
from factcheck.pair.corpus import Corpus

_CAPWORD = re.compile(r"[A-Z][\w'’-]*[\w]")


@dataclass
class Source:
    """The reference documents a checked document is compared with, and what they state."""

    docs: list[Document]
    words: set[str] = field(default_factory=set)  # every capitalised word, possessive "'s" dropped
    surnames: dict[str, list[tuple[Document, int]]] = field(default_factory=lambda: defaultdict(list))  # -> mentions

    @classmethod
    def of(cls, docs: list[Document]) -> Source:
        src = cls(docs)
        for d in docs:
            src.words.update(capitalised_words(d.text))
            for i, m in enumerate(d.mentions):
                if m.kind == "person" and m.surname:
                    src.surnames[m.surname].append((d, i))
        return src


def capitalised_words(text: str) -> set[str]:
    return {w.removesuffix("'s").removesuffix("’s") for w in _CAPWORD.findall(text)}


def sources(corpus: Corpus) -> Iterator[tuple[Document, Source]]:
    """Each checked document that has source material linked to it, with that source, in input order."""
    refs = [d for d in corpus.documents if d.reference]
    if not refs:
        return
    for d in corpus.documents:
        if d.reference:
            continue
        linked = [r for r in refs if corpus.same_story(d.id, r.id)]
        if linked:
            yield d, Source.of(linked)


def aligned_source_sentences(corpus: Corpus, s: Sentence, src: Source) -> list[tuple[float, Sentence]]:
    """The source sentences the pipeline aligned with ``s``, best first: by embedding score plus the
    share of content words the two have in common (values masked), so of two equally similar
    sentences the one that says the same things around the value comes first."""
    ids = {r.id for r in src.docs}
    out = []
    for score, k in corpus.aligned(corpus.index_of(s)):
        t = corpus.sentences[k]
        if t.doc in ids:
            out.append((score + overlap(s.text, t.text), k, score, t))
    out.sort(key=lambda x: (-x[0], x[1]))
    return [(score, t) for _, _, score, t in out]
