"""Which sentences get a vector: only those a pair can be about.

Encoding is most of a cold run's time (80-88% on the real-article archive bench), and a
sentence that holds nothing a check compares can never make a finding, so it is not encoded.
A sentence is pairable when it holds

- a checkable fact: a name, title, figure, date, count or quote (any extraction layer); or
- one side of a possible polarity flip (CON001): it has a twin elsewhere in the run, a sentence
  whose content words are its own give or take one, and one of the two holds a negation or an
  antonym-pair word. CON001 compares no other pair (``polarity.content_words``: the bound is
  exact for its default of one other differing word); or
- when the run has source documents (``--against``), an antonym-pair word: SUP004 compares such
  a word with the source sentence a draft sentence restates, however freely it is reworded.

The rest get a zero vector: never paired, and no weight in their document's story vector.
What is pairable depends on the text alone, never on which checks run, so every check sees
the same pairs and stories whatever else is enabled; the pair stage therefore extracts every
layer (``extract.layers_for``).
"""

from __future__ import annotations

import bisect
from collections import Counter

import numpy as np

from factcheck.core.model import Document
from factcheck.extract.polarity import content_words, lexicon, negations, tokens

_MIN_WORDS = 5  # CON001 compares no shorter sentence (find_flip)


def fact_sentences(doc: Document) -> set[int]:
    """Indexes of the sentences holding an extracted fact."""
    found: set[int] = set()
    for layer in (doc.mentions, doc.titles, doc.quantities, doc.dates, doc.enumerations):
        found.update(x.sentence for x in layer)
    starts = [s.start for s in doc.sentences]
    for q in doc.quotes:  # a quotation can run over several sentences: each it overlaps
        found.add(q.sentence)
        k = max(bisect.bisect_right(starts, q.start) - 1, 0)
        while k < len(doc.sentences) and doc.sentences[k].start < q.end:
            if q.start < doc.sentences[k].end:
                found.add(doc.sentences[k].index)
            k += 1
    return found


def _signature(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(content_words(words).elements()))


def _shorter(sig: tuple[str, ...]) -> set[int]:
    """Hashes of the signature with one word left out (a collision only encodes one sentence more)."""
    return {hash(sig[:k] + sig[k + 1:]) for k in range(len(sig))}


def pairable_rows(docs: list[Document]) -> np.ndarray:
    """One flag per sentence of ``docs`` in global order: True when it needs a vector."""
    lex = lexicon()
    sources = any(d.reference for d in docs)
    keep: list[bool] = []
    polar: list[bool] = []
    sigs: list[tuple[str, ...] | None] = []  # content signature of each sentence CON001 could read
    for d in docs:
        facts = fact_sentences(d)
        for s in d.sentences:
            w = tokens(s.text)
            antonym = not lex.antonym_words.isdisjoint(w)
            polar.append(antonym or negations(w) > 0)
            keep.append(s.index in facts or (sources and antonym))
            sigs.append(_signature(w) if len(w) >= _MIN_WORDS else None)
    # Twins: equal signatures, or one a word longer than the other.
    shorts = [None if g is None else _shorter(g) for g in sigs]
    every = Counter(hash(g) for g in sigs if g is not None)
    every_shorter: set[int] = set()
    polar_sig: set[int] = set()
    polar_shorter: set[int] = set()
    for g, short, p in zip(sigs, shorts, polar, strict=True):
        if short is None:
            continue
        every_shorter |= short
        if p:
            polar_sig.add(hash(g))
            polar_shorter |= short
    signatures = set(every)  # isdisjoint walks a dict argument whole, a set argument by lookups
    for row, (g, short) in enumerate(zip(sigs, shorts, strict=True)):
        if keep[row] or short is None:
            continue
        h = hash(g)
        if polar[row]:  # any twin will do
            keep[row] = every[h] > 1 or h in every_shorter or not short.isdisjoint(signatures)
        else:  # the twin must carry the flip
            keep[row] = h in polar_sig or h in polar_shorter or not short.isdisjoint(polar_sig)
    return np.asarray(keep, dtype=bool)
