"""Helpers the frame checks share: whether two written figures agree, and how to say a figure."""

from __future__ import annotations

import re

from factcheck.core.model import Document, Frame, Sentence
from factcheck.pair.corpus import Corpus

_DIGITS = re.compile(r"(\d[\d,]*)(?:\.(\d+))?")
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9, "billion": 1e9,
          "trillion": 1e12, "tn": 1e12}
_SCALE_RE = re.compile(r"(?i)(k|mn|m|bn|b|tn|thousand|million|billion|trillion)\b")


def scale_of(text: str) -> tuple[float, int]:
    """The scale word after a figure's digits and where it starts: '£4.2m' -> (1e6, 4); '212' -> (1.0, -1)."""
    m = _DIGITS.search(text)
    sm = _SCALE_RE.search(text, m.end()) if m else None
    return (_SCALE[sm.group(1).lower()], sm.start()) if sm else (1.0, -1)


def quantum(text: str) -> float:
    """The step a figure is written to: '£4.2m' -> 100,000; '61,240' -> 1; '72%' -> 1; 'six' -> 1."""
    m = _DIGITS.search(text)
    if not m:
        return 1.0
    step = 10.0 ** -len(m.group(2)) if m.group(2) else 1.0
    return step * scale_of(text)[0]


def agree(a: Frame, b: Frame) -> bool:
    """Two figures state one value: equal once each is rounded to the coarser of the two ways they
    are written ('£4.2m' and '£4,213,000'), or within 5% when either is approximate or a range."""
    if a.value == b.value:
        return True
    if a.approx or b.approx:
        return abs(a.value - b.value) <= 0.05 * max(abs(a.value), abs(b.value))
    step = max(quantum(a.text), quantum(b.text))
    return abs(a.value - b.value) <= step / 2 + 1e-9


def owners_compatible(a: Frame, b: Frame) -> bool:
    """Unknown owners are compatible; named ones must share a word ('Tom Hargreaves' / 'Hargreaves')."""
    if not a.owner or not b.owner:
        return True
    wa, wb = set(a.owner.lower().split()), set(b.owner.lower().split())
    return bool(wa & wb)


def checked(corpus: Corpus) -> list[Document]:
    """The documents a check reports on: every one but reference material (--against)."""
    return [d for d in corpus.documents if not d.reference]


def in_prose(doc: Document, f: Frame) -> bool:
    """Table rows, list items and rosters hold many figures of one kind for different things."""
    return doc.block_of(f.start) is None


def say(value: float) -> str:
    """A computed figure for a message: '62', '61.9', '0.25'."""
    if abs(value - round(value)) < 0.05:
        return f"{round(value):,}"
    return f"{value:,.1f}" if abs(value) >= 1 else f"{value:.2f}"


def sentence_of(doc: Document, index: int) -> Sentence | None:
    """Sentence ``index`` of the document (sentences are numbered by position; the scan is a fallback)."""
    if 0 <= index < len(doc.sentences) and doc.sentences[index].index == index:
        return doc.sentences[index]
    return next((s for s in doc.sentences if s.index == index), None)


def quote(doc: Document, f: Frame, width: int = 60) -> str:
    """The sentence around a figure, shortened, with the figure in brackets."""
    s = sentence_of(doc, f.sentence)
    if s is None:
        return f"[{f.text}]"
    a, b = max(s.start, f.start - width), min(s.end, f.end + width)
    head = "…" if a > s.start else ""
    tail = "…" if b < s.end else ""
    text = f"{doc.text[a:f.start]}[{f.text}]{doc.text[f.end:b]}"
    return "“" + head + " ".join(text.split()) + tail + "”"
