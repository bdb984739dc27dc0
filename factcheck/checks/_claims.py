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
from factcheck.model import Document, Finding, Sentence

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


def frame(doc: Document, start: int, end: int, s: Sentence, width: int = 6, noun: str | None = None) -> frozenset[str]:
    """Stems of the common words (written lower case: verbs, nouns, not names) within ``width`` words
    either side of a value, the counted noun left out: the claim's frame ("was sentenced ... to")."""
    left = _WORD.findall(doc.text[s.start:start])[-width:]
    right = _WORD.findall(doc.text[end:s.end])[:width]
    drop = _value_words()
    out = set()
    for w in left + right:
        w = w.strip("'’")
        if w[:1].isupper() and w.lower() not in _STOP and w.lower() not in drop and len(w) > 2:
            out.add("N:" + w.lower())  # a name: shared names support a frame but do not make one
            continue
        if not w.islower() or w in _STOP or w in drop or len(w) < 3:
            continue
        if noun and w.startswith(noun[:5]):
            continue
        out.add(w[:5])
    return frozenset(out)


def same_claim(p: AlignedPair, fa: frozenset[str], fb: frozenset[str], params: dict) -> bool:
    """Two values in an aligned pair state one claim: the sentences agree (embedding score and
    word overlap) and the words around the two values share a frame; the looser the sentence
    agreement, the more frame words are asked. Inside one document more is asked still: parallel
    sentences there usually describe parallel things ("X raised $13.5m", "Y raised $5.2m").
    Thresholds were set on the dev bench (zero control-document alarms)."""
    shared = len(fa & fb)
    if p.doc_a.id == p.doc_b.id:
        if p.score >= params["min_same_doc_similarity"] and p.overlap >= params["min_overlap"] and (
                shared >= params["min_same_doc_frame"]):
            return True
        # a looser restatement: two common frame words and a name that both sentences mention
        words = sum(not w.startswith("N:") for w in fa & fb)
        return (p.score >= params["min_loose_similarity"] and p.overlap >= params["min_loose_overlap"]
                and words >= 2 and _same_lead(p.a.text, p.b.text))
    if shared >= 1 and p.score >= params["min_similarity"] and p.overlap >= params["min_overlap"]:
        return True
    if shared >= 1 and p.score >= params["min_close_similarity"] and p.overlap >= params["min_close_overlap"]:
        return True
    return p.score >= params["min_loose_similarity"] and p.overlap >= params["min_loose_overlap"] and (
        shared >= params["min_frame"])


_NAME_RUN = re.compile(r"[A-Z][\w'’.&-]*(?:\s+(?:of\s+|the\s+|&\s+)?[A-Z][\w'’.&-]*)*")


def lead_name(text: str) -> str | None:
    """The first name a sentence mentions ("US Airways", "National Rifle Association Victory Fund"),
    a lone capitalised first word and date words left out: the cheap stand-in for its subject."""
    for m in _NAME_RUN.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in _value_words()]
        if m.start() == 0 and len(m.group().split()) == 1:
            continue
        while words and words[0].lower() in _STOP:
            words.pop(0)
        if words:
            return " ".join(words)
    return None


def _same_lead(a: str, b: str) -> bool:
    la, lb = lead_name(a), lead_name(b)
    return la is not None and la == lb


def different_dates(a: Document, b: Document) -> bool:
    return bool(a.date and b.date and a.date[:10] != b.date[:10])


def snippet(doc: Document, s: Sentence, start: int, end: int, width: int = 60) -> str:
    """The other claim in brief, the value marked: '… legal in [34] states and …'."""
    a, b = max(s.start, start - width), min(s.end, end + width)
    head = "…" if a > s.start else ""
    tail = "…" if b < s.end else ""
    return f"“{head}{doc.text[a:start]}[{doc.text[start:end]}]{doc.text[end:b]}{tail}”".replace("\n", " ")


def pick_suspect(support_a: int, support_b: int, a_ref: bool, b_ref: bool) -> tuple[bool, float]:
    """(True if side b is the suspect, confidence): the side fewer mentions back, else the checked side."""
    if a_ref != b_ref:
        return (not b_ref), 0.6 if support_a == support_b else 0.75
    if support_a != support_b:
        return support_b < support_a, 0.75
    return True, 0.5


def best_per_suspect(found: list[tuple[float, Finding]]) -> list[Finding]:
    """One finding per suspect span: the one from the most similar pair (first on ties), in first-seen order."""
    best: dict[tuple[str, int, int], tuple[float, int, Finding]] = {}
    for n, (score, f) in enumerate(found):
        e = f.evidence[0]
        key = (e.doc, e.start, e.end)
        if key not in best:
            best[key] = (score, n, f)
        elif score > best[key][0]:
            best[key] = (score, best[key][1], f)
    return [f for _, _, f in sorted(best.values(), key=lambda t: t[1])]
