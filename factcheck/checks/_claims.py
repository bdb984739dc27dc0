"""Shared by NUM001 and DAT001: aligned sentence pairs that state the same claim.

Two sentences are treated as the same claim when the embedding pair is strong, both
documents belong to one story, and the words around the compared values agree (the text
with figures and dates masked out overlaps a lot) — ``same_claim``; or, for looser pairs,
when the two values fill the same slot: the word governing each is the same, or the same
common words stand beside them in the same order — ``slot`` / ``slot_claim``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from factcheck.core.model import Document, Finding, Sentence
from factcheck.pair.corpus import Corpus

if TYPE_CHECKING:
    from factcheck.checks.base import Check

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    "a an the of in on at to for from by with and or but than that which who is are was were be been has have had "
    "as it its this these those he she they we i you his her their our said says say will would could should may "
    "might can not no also more less most some about over after before into up out per cent percent just only "
    "there here than then when while if so do does did".split()
)
STOP = _STOP


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


# A sentence holding more values than this (a table pasted as one line) is not compared: pairing
# its values costs their square, and no restated claim holds so many (dev sentences hold at most 9).
MAX_VALUES = 50
# The words beside a value are read within this many characters of it, so a sentence of a megabyte
# is not rescanned for each of its values.
_NEAR = 400
_FIRST_TOKEN = re.compile(r"^\S*")


def _near(doc: Document, s: Sentence, start: int, end: int) -> tuple[str, str]:
    """The sentence's text before ``start`` and after ``end``, each at most _NEAR characters, a word
    cut in half at the far end left out."""
    lo, hi = max(s.start, start - _NEAR), min(s.end, end + _NEAR)
    left, right = doc.text[lo:start], doc.text[end:hi]
    if lo > s.start:
        left = _FIRST_TOKEN.sub("", left, count=1)
    if hi < s.end:
        right = _FIRST_TOKEN.sub("", right[::-1], count=1)[::-1]
    return left, right


def skip_crowded(check: Check, corpus: Corpus, by_sentence: dict[tuple[str, int], list], what: str,
                 ) -> Iterator[Finding]:
    """Take the sentences holding more than MAX_VALUES values out of ``by_sentence``; an info
    finding on each says it was skipped, so a batch never stalls on one pasted table."""
    for key in [k for k, values in by_sentence.items() if len(values) > MAX_VALUES]:
        values = by_sentence.pop(key)
        doc = corpus.doc(key[0])
        yield check.finding(
            f"skipped: too many values in one sentence ({len(values):,} {what}; {check.code} compares "
            f"at most {MAX_VALUES} in a sentence), so they were not checked against other mentions",
            [doc.evidence(values[0].start, values[0].end)], confidence=1.0, severity="info")


def local_words(doc: Document, start: int, end: int, s: Sentence, width: int = 3) -> tuple[list[str], list[str]]:
    """Up to ``width`` lowercase words either side of a span, inside its sentence."""
    before, after = _near(doc, s, start, end)
    left = [w.lower() for w in _WORD.findall(before)][-width:]
    right = [w.lower() for w in _WORD.findall(after)][:width]
    return left, right


def frame(doc: Document, start: int, end: int, s: Sentence, width: int = 6, noun: str | None = None) -> frozenset[str]:
    """Stems of the common words (written lower case: verbs, nouns, not names) within ``width`` words
    either side of a value, the counted noun left out: the claim's frame ("was sentenced ... to")."""
    before, after = _near(doc, s, start, end)
    left = _WORD.findall(before)[-width:]
    right = _WORD.findall(after)[:width]
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


# Words that report or place a statement rather than say what the value is about: "said Tuesday"
# and "announced Friday" in two sentences are two statements, not one claim.
_REPORTING = frozenset(w[:5] for w in (
    "said says saying told tells announced announces announcing statement statements added adds noted wrote "
    "writes according reported reports asked released issued tweeted posted interview").split())
# Words that place a date rather than say what happened on it ("Tuesday evening", "early December").
TIME_WORDS = frozenset(w[:5] for w in (
    "night morning evening afternoon week weeks year years month months day days time since until through "
    "early late ahead").split())
# clause edges: punctuation (not inside "227,000" or "10:30") and the conjunctions that join two clauses
_CLAUSE_END = re.compile(r"(?<!\d)[,:](?!\d)|[;()\[\]—–]|\s-\s|\b(?:and|but|or|while|whereas|whilst)\b")


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a value sits: the nearest common (lower-case) content words either side inside its clause,
    as 5-letter stems, nearest first, and the common-word bigrams in a wider window."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    bigrams: frozenset[tuple[str, str, str]]  # (side, word, word)
    head_words: tuple[str | None, str | None] = (None, None)  # (left, right)

    def heads(self, side: int | None = None) -> frozenset[str]:
        """The governing words: the nearest content word either side (0 left, 1 right, None both), if
        it stands within a preposition or two of the value ("sentenced [Tuesday] to", "meeting on
        [Tuesday]"). Reporting and time words govern nothing ("said [Tuesday]", "[2%] next year")."""
        words = self.head_words if side is None else self.head_words[side:side + 1]
        return frozenset(w for w in words if w) - _REPORTING - TIME_WORDS


# Verbs of change say the same thing in many words ("were up 19%", "have soared 16%"): one token each way.
_DIRECTION = {
    **dict.fromkeys("up rose rise rises risen rising climbed climbs jumped jumps soared soars gained gains "
                    "increased increases grew grown surged surges".split(), "+up"),
    **dict.fromkeys("down fell fall falls fallen falling dropped drops slipped slips slid plunged plunges lost "
                    "decreased decreases shrank shrunk declined declines".split(), "-down"),
}


def _content(w: str, skip: str | None) -> str | None:
    w = w.strip("'’")
    lw = w.lower()
    if lw in _DIRECTION and w.islower():
        return _DIRECTION[lw]
    if not w.islower() or lw in _STOP or lw in _value_words() or len(lw) < 3:
        return None
    if skip and lw.startswith(skip[:5]):
        return None
    return lw[:5]


def slot(doc: Document, start: int, end: int, s: Sentence, noun: str | None = None, width: int = 6,
         drop: frozenset[str] = frozenset()) -> Slot:
    """The slot a value fills. Names are left out: they anchor a claim but do not make two the same.
    ``noun`` (the counted noun) is skipped, so the words beyond it count ("three [hours] of sports");
    so are the stems in ``drop``."""
    before, after = _near(doc, s, start, end)
    # "up to £30,000" is a bound, not a rise
    lt = re.sub(r"\bup\s+to\b", "to", _CLAUSE_END.split(before)[-1])
    rt = re.sub(r"\bup\s+to\b", "to", _CLAUSE_END.split(after)[0])
    left = [w if w not in drop else None for w in (_content(w, noun) for w in reversed(_WORD.findall(lt)))][:width]
    right = [w if w not in drop else None for w in (_content(w, noun) for w in _WORD.findall(rt))][:width]
    grams = set()
    for side, ws in (("L", left), ("R", right)):
        for u, v in itertools.pairwise(ws):
            if u and v:
                grams.add((side, *((v, u) if side == "L" else (u, v))))
    near = [next((w for w in ws[:3] if w), None) for ws in (left, right)]
    return Slot(tuple(w for w in left if w), tuple(w for w in right if w), frozenset(grams), (near[0], near[1]))


def names_in(text: str) -> frozenset[str]:
    """Capitalised words of a sentence (not sentence-initial, not date or function words), lower case."""
    out = set()
    for m in re.finditer(r"(?<=[\w,;:’'\"”)]\s)[A-Z][a-z][\w'’-]+", text):
        w = m.group().lower().removesuffix("'s").removesuffix("’s")
        if w not in _STOP and w not in _value_words():
            out.add(w)
    return frozenset(out)


def shared_names(a: str, b: str) -> frozenset[str]:
    """Capitalised words (not sentence-initial, not date words) both sentences use: a shared anchor."""
    return names_in(a) & names_in(b)


def slot_claim(p: AlignedPair, sx: Slot, sy: Slot, fa: frozenset[str], fb: frozenset[str], params: dict) -> bool:
    """Two values fill the same slot, so they state one claim even where the sentences differ
    elsewhere: the word governing each value is the same ("was sentenced [Sunday] to",
    "[Sunday]'s meeting" / "meeting on [Tuesday]") and something else is shared too (a second frame
    word, or a name both sentences mention); or the same common-word compound stands on the same
    side of both ("mortgage lending ... in [July]") with a second frame word, inside one document."""
    if p.score < params["min_slot_similarity"]:
        return False
    if params.get("slot_same_side"):
        heads = (sx.heads(0) & sy.heads(0)) | (sx.heads(1) & sy.heads(1))
    else:
        heads = sx.heads() & sy.heads()
    if heads and (len(fa & fb) >= 2 or shared_names(p.a.text, p.b.text)):
        return True
    return p.doc_a.id == p.doc_b.id and side_shared(sx, sy) >= params["min_slot_side_words"]


def side_shared(sx: Slot, sy: Slot, width: int = 5) -> int:
    """Common words the two values share near them on the same side, in the same order ("mortgage
    lending ... in [July]", "[three] hours of sports ... a week" / "[two] hours' free sports training a
    week"); "children crossing the border in [May]" and "border crossings for [March]" share none."""
    n = 0
    for a, b in ((sx.left[:width], sy.left[:width]), (sx.right[:width], sy.right[:width])):
        common = set(a) & set(b) - _REPORTING
        if [w for w in a if w in common] == [w for w in b if w in common]:
            n += len(common)
    return n


# The "same claim" gate's defaults, shared by NUM001 and DAT001 (each may override them from
# rules). Chosen on the dev bench (bench/quality.py) for no false alarms on its control documents.
CLAIM_GATE: dict[str, float | int] = {
    "min_similarity": 0.7, "min_overlap": 0.5, "min_close_similarity": 0.75, "min_close_overlap": 0.25,
    "min_loose_similarity": 0.6, "min_loose_overlap": 0.3,
    "min_frame": 2, "min_same_doc_similarity": 0.8, "min_same_doc_frame": 3,
    "min_slot_similarity": 0.45, "min_slot_side_words": 2,
}


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


def undated_pair(p: AlignedPair) -> bool:
    """Two documents, at least one undated, whose sentences are not near-copies: nothing says the two
    figures or dates are of one time (a monthly report and the next month's, two seasons' tables), so
    a difference is no contradiction. A near-copy (one sentence restated) still is."""
    if p.doc_a.id == p.doc_b.id or (p.doc_a.date and p.doc_b.date):
        return False
    return not near_copy(p)


def near_copy(p: AlignedPair) -> bool:
    """The two sentences restate one another closely enough that their figures must agree."""
    return p.score >= NEAR_COPY["score"] and p.overlap >= NEAR_COPY["overlap"]


# A restatement close enough that its figures must agree whatever the documents' dates.
NEAR_COPY = {"score": 0.85, "overlap": 0.6}


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
