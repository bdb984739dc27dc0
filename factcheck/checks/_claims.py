"""Shared by NUM001 and DAT001: aligned sentence pairs that state the same claim.

Two sentences are treated as the same claim only when the embedding pair is strong, both
documents belong to one story, and the words around the compared values agree (the text
with figures and dates masked out overlaps a lot). Values are then compared slot by slot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from factcheck.corpus import Corpus
from factcheck.model import Document, Sentence

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    "a an the of in on at to for from by with and or but than that which who is are was were be been has have had "
    "as it its this these those he she they we i you his her their our said says say will would could should may "
    "might can not no also more less most some about over after before into up out per cent percent just only "
    "there here than then when while if so do does did".split()
)


@dataclass(frozen=True, slots=True)
class AlignedPair:
    score: float
    i: int
    j: int
    a: Sentence
    b: Sentence
    doc_a: Document
    doc_b: Document
    overlap: float  # content-word overlap of the two sentences with values masked


def content_words(text: str, drop: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(w for w in (m.group().lower().strip("'’") for m in _WORD.finditer(text))
                     if w not in _STOP and w not in drop and len(w) > 1)


@lru_cache(maxsize=1)
def _value_words() -> frozenset[str]:
    from factcheck.lexicons import load

    n, d = load("numbers"), load("dates")
    return frozenset([*n["units"], *n["tens"], *n["scales"], *n["ordinals"], *d["months"], *d["weekdays"],
                      *d["relative_days"], "last", "next", "million", "billion", "bn", "m"])


def overlap(a: str, b: str) -> float:
    """Share of the smaller sentence's content words (values masked) found in the other."""
    wa, wb = content_words(a, _value_words()), content_words(b, _value_words())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def aligned_pairs(corpus: Corpus, min_score: float, min_overlap: float) -> Iterator[AlignedPair]:
    """Pairs of one story, not both reference, with strong embedding and word agreement, in pair order."""
    for score, i, j in sorted(corpus.pairs, key=lambda t: (t[1], t[2])):
        if score < min_score:
            continue
        a, b = corpus.sentences[i], corpus.sentences[j]
        da, db = corpus.doc(a.doc), corpus.doc(b.doc)
        if da.reference and db.reference:
            continue
        if da.id != db.id and not corpus.same_story(da.id, db.id):
            continue
        ov = overlap(a.text, b.text)
        if ov < min_overlap:
            continue
        yield AlignedPair(score, i, j, a, b, da, db, ov)


def local_words(doc: Document, start: int, end: int, s: Sentence, width: int = 3) -> tuple[list[str], list[str]]:
    """Up to ``width`` lowercase words either side of a span, inside its sentence."""
    left = [w.lower() for w in _WORD.findall(doc.text[s.start:start])][-width:]
    right = [w.lower() for w in _WORD.findall(doc.text[end:s.end])][:width]
    return left, right


def different_dates(a: Document, b: Document) -> bool:
    return bool(a.date and b.date and a.date[:10] != b.date[:10])


def pick_suspect(support_a: int, support_b: int, a_ref: bool, b_ref: bool) -> tuple[bool, float]:
    """(True if side b is the suspect, confidence): the side fewer mentions back, else the checked side."""
    if a_ref != b_ref:
        return (not b_ref), 0.6 if support_a == support_b else 0.75
    if support_a != support_b:
        return support_b < support_a, 0.75
    return True, 0.5
