"""Sentence splitting with offsets into the original text.

Paragraphs (line breaks) are hard boundaries, so headlines without full stops and bullet
lines stay separate. Inside a paragraph pysbd does the rule-based work ("Mr Khan",
"U.S.", "No. 10", "£92m"); two repairs follow for news quotes, where pysbd breaks an
attribution off its quote ("“ This is bad , ” Trump said .").
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.model import Document, Sentence

# A paragraph longer than this is pre-cut at plain sentence ends before pysbd sees it:
# pysbd's regexes are fine on news sentences but slow on megabyte lines.
_MAX_PARAGRAPH = 20_000
_HARD_CUT = 5_000  # no sentence is longer than this: pathological "sentences" are chunked
_PARA = re.compile(r"[^\n]+")
_QUOTE_CONTINUES = re.compile(r"[,\u2014-]\s*[\u201d\"'\u2019]\s*$")  # ', ”' : attribution follows
_LOWER_START = re.compile(r"^\s*[a-z]")
_PLAIN_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of sentences, whitespace trimmed, in text order."""
    spans: list[tuple[int, int]] = []
    for para in _PARA.finditer(text):
        if not para.group().strip():
            continue
        for a, b in _chunks(para.start(), para.end(), text):
            spans.extend(_split_paragraph(text, a, b))
    return spans


def _chunks(start: int, end: int, text: str) -> list[tuple[int, int]]:
    if end - start <= _MAX_PARAGRAPH:
        return [(start, end)]
    out, a = [], start
    for m in _PLAIN_END.finditer(text, start, end):
        if m.start() - a >= _MAX_PARAGRAPH // 4:
            out.append((a, m.start()))
            a = m.end()
    out.append((a, end))
    return [c for part in out for c in _hard_cut(*part)]


def _hard_cut(start: int, end: int) -> list[tuple[int, int]]:
    return [(a, min(a + _MAX_PARAGRAPH, end)) for a in range(start, end, _MAX_PARAGRAPH)]


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    para = text[start:end]
    raw: list[tuple[int, int]] = []
    pos = 0
    for seg in _segmenter().segment(para):
        piece = seg.strip()
        if not piece:
            continue
        at = para.find(piece, pos)
        if at < 0:  # pysbd altered the text; never trust it over the original
            at = pos
            piece = para[pos:pos + len(piece)]
        raw.append((at, at + len(piece)))
        pos = at + len(piece)
    merged: list[tuple[int, int]] = []
    for a, b in raw:
        if merged:
            pa, pb = merged[-1]
            prev = para[pa:pb]
            if _QUOTE_CONTINUES.search(prev) or _LOWER_START.match(para[a:b]):
                merged[-1] = (pa, b)
                continue
        merged.append((a, b))
    out: list[tuple[int, int]] = []
    for a, b in merged:
        for c in range(a, b, _HARD_CUT):
            out.append((start + c, start + min(c + _HARD_CUT, b)))
    return out


def segment(doc: Document) -> Document:
    """Fill ``doc.sentences``; paragraph numbers count non-empty lines."""
    spans = split_sentences(doc.text)
    paragraph_starts = [m.start() for m in _PARA.finditer(doc.text) if m.group().strip()]
    sentences: list[Sentence] = []
    p = 0
    for i, (a, b) in enumerate(spans):
        while p + 1 < len(paragraph_starts) and paragraph_starts[p + 1] <= a:
            p += 1
        sentences.append(Sentence(doc.id, i, a, b, doc.text[a:b], p))
    doc.sentences = sentences
    doc.layers.add("sentences")
    return doc
