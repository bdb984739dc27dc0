"""Enumerations layer: a stated count and the list it introduces or that follows it.

Three shapes are read:
- a list after the count in its sentence, behind a colon or dash: "two charges: murder,
  manslaughter and assault", "three times — 2008 and 2011 —";
- a list before the count: "Staffordshire and Wiltshire are the other two forces";
- a count whose list stands in the sentences just before it ("... were Cleveland, the
  Greater Manchester Police ... Six is the largest number of forces"), with "in addition
  to X" read as an exclusion that still counts toward the total.
"including", "such as", "among them" make a list partial: it never contradicts its count.
Items of the last shape lie in other sentences than the count; checks can tell by offsets.
"""

from __future__ import annotations

import re

from factcheck.core.model import Document, Enumeration, Quantity
from factcheck.extract._numbers import counted_noun, singular

_MAX_ITEM_WORDS = 6
_LOOKBACK = 4  # sentences searched for the list a bare count sums up
# A colon or long dash may stand a few words after the count ("three broad categories that underscore
# the problem — ..."); a spaced hyphen, also the tokenized form of "six - week", only straight after the noun.
_INTRO = re.compile(r"\s*(?:[\w'’,]+\s+){0,7}?[\w'’]*\s*(?::|—|–|--)\s*")
_INTRO_HYPHEN = re.compile(r"\s*(?:[\w'’]+\s+){0,2}[\w'’]+s\s+-\s+")
_POOL = re.compile(r"\b(?:among|of|from|out\s+of|between|including|such\s+as|like)\b", re.I)
_PARTIAL_START = re.compile(
    r"\s*(?:including|includes|include|such\s+as|among\s+them|among\s+others|among|like|e\.g\.|for\s+example|"
    r"for\s+instance|notably|especially|mainly|mostly)\b",
    re.I,
)
_PARTIAL = re.compile(r"\b(?:including|such\s+as|etc|and\s+others|among\s+others|and\s+more|and\s+so\s+on)\b", re.I)
_LIST_END = re.compile(r"\s*(?:[.;:!?)(\[\]]\s|[.;:!?]$|—|–|\s-\s|--|,?\s*[\"”“]|$)")
_CLAUSE = re.compile(r",?\s+(?:which|who|whom|whose|where|when|while|that|because|but|as|after|before|said|says)\b",
                     re.I)
_SPLIT = re.compile(r"\s*[,;]\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_CAP_ITEM = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+|and\s+the\s+)?[A-Z][\w'’.-]*)*"
_CAP_LIST = re.compile(rf"(?P<list>{_CAP_ITEM}(?:\s*,\s*{_CAP_ITEM})*(?:\s*,?\s+and\s+{_CAP_ITEM}))")
_BEFORE = re.compile(rf"(?P<list>{_CAP_ITEM}(?:\s*,\s*{_CAP_ITEM})*\s*,?\s+and\s+{_CAP_ITEM})\s+(?:are|were)\s+"
                     r"(?:the\s+|all\s+)?(?:other\s+|remaining\s+)?$")
_COPULA_LIST = re.compile(rf"\b(?:are|were|include|included|was|is)\s+(?P<list>{_CAP_ITEM}(?:\s*,\s*{_CAP_ITEM})*"
                          rf"(?:\s*,?\s+and\s+{_CAP_ITEM})?)\s*[.;]?\s*$")
# "the two remaining candidates, Mark Rowley and Nick Ephgrave, ...": names in apposition after the counted noun
_APPOSED = re.compile(rf"\s*,\s*(?P<list>{_CAP_ITEM}(?:\s*,\s*{_CAP_ITEM})*\s*,?\s+and\s+{_CAP_ITEM})\s*(?:[,.;)]|$)")
_IN_ADDITION = re.compile(rf"\b(?i:in\s+addition\s+to|besides|apart\s+from|as\s+well\s+as)\s+(?P<x>{_CAP_ITEM})")
_NUMBER_OF = re.compile(r"\s+(?:is|was|are|were)\s+the\s+(?:[a-z]+\s+){0,2}number\s+of\s+(?P<n>[a-z]+)")


def _items(text: str, a: int, b: int) -> list[tuple[int, int]] | None:
    """Split ``text[a:b]`` into item spans; None if a piece is too long to be a list item."""
    spans: list[tuple[int, int]] = []
    pos = a
    for m in [*_SPLIT.finditer(text, a, b), None]:
        e = m.start() if m else b
        s = pos
        while s < e and text[s] in " ,":
            s += 1
        while e > s and text[e - 1] in " ,.":
            e -= 1
        if e > s:
            if len(text[s:e].split()) > _MAX_ITEM_WORDS:
                return None
            spans.append((s, e))
        if m:
            pos = m.end()
    return spans


def _following_list(doc: Document, q: Quantity, end: int) -> tuple[list[tuple[int, int]], bool] | None:
    """The list introduced after the count by a colon or dash, within its sentence."""
    text = doc.text
    if re.match(r"\s*-\s*\w", text[q.end:end]):
        return None  # "six - week ban", "11 - year - old": a compound, not a list
    m = _INTRO.match(text, q.end, end) or _INTRO_HYPHEN.match(text, q.end, end)
    if not m:
        return None
    gap = text[q.end:m.end()]
    if re.search(r"\d|[.!?\"“”]", gap):
        return None
    a = m.end()
    if re.match(r"(?:which|who|whose|where|when|that|while)\b", text[a:end], re.I):
        return None  # a parenthetical clause, not a list
    # "three victories among these states: A, B, C, D": the list is the pool the count is drawn from
    partial = bool(_PARTIAL_START.match(text, a, end) or _POOL.search(gap))
    stop = _LIST_END.search(text, a, end)
    b = stop.start() if stop else end
    clause = _CLAUSE.search(text, a, b)
    if clause:
        b = clause.start()
    if b <= a:
        return None
    if _PARTIAL.search(text, a, b):
        partial = True
    items = _items(text, a, b)
    if not items:
        return None
    return items, partial


def _strip_the(text: str, a: int, b: int) -> tuple[int, int]:
    m = re.match(r"(?:the|The)\s+", text[a:b])
    return (a + m.end(), b) if m else (a, b)


def _cap_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    out = []
    for s, e in _items(text, a, b) or []:
        out.append(_strip_the(text, s, e))
    return out


def _count_noun(doc: Document, q: Quantity, end: int) -> str | None:
    if q.noun:
        return q.noun
    m = _NUMBER_OF.match(doc.text, q.end, end)
    if m:
        return singular(m.group("n"))
    return None


def _gathered(doc: Document, sent_index: int, noun: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Name lists in the sentences before ``sent_index`` that mention ``noun`` (items, excluded)."""
    items: list[tuple[int, int]] = []
    excluded: list[tuple[int, int]] = []
    plural = re.compile(rf"\b{re.escape(noun)}(?:s|es)?\b", re.I)
    text = doc.text
    for k in range(max(0, sent_index - _LOOKBACK), sent_index):
        s = doc.sentences[k]
        if not plural.search(s.text):
            continue
        for m in _IN_ADDITION.finditer(text, s.start, s.end):
            excluded.append(_strip_the(text, m.start("x"), m.end("x")))
        m = _COPULA_LIST.search(text, s.start, s.end)
        if m:
            items.extend(_cap_items(text, m.start("list"), m.end("list")))
        m = re.search(rf"(?P<list>{_CAP_ITEM}(?:\s*,\s*{_CAP_ITEM})*\s*,?\s+and\s+{_CAP_ITEM})\s+(?:are|were)\s+"
                      rf"the\s+(?:other|remaining)\s+\w+\s+{re.escape(noun)}", text[s.start:s.end])
        if m:
            items.extend(_cap_items(text, s.start + m.start("list"), s.start + m.end("list")))
    items = sorted(set(items))
    excluded = sorted(set(excluded) - set(items))
    return items, excluded


def find_enumerations(doc: Document) -> list[Enumeration]:
    out: list[Enumeration] = []
    by_sentence: dict[int, list[Quantity]] = {}
    for q in doc.quantities:
        by_sentence.setdefault(q.sentence, []).append(q)
    text = doc.text
    for s in doc.sentences:
        for q in by_sentence.get(s.index, []):
            if q.kind != "cardinal" or q.approx or q.high is not None or not q.value.is_integer():
                continue
            if not 2 <= q.value <= 20:
                continue
            noun = _count_noun(doc, q, s.end)
            enum = Enumeration(q.start, q.end, q.text, int(q.value), s.index, noun=noun)
            follow = _following_list(doc, q, s.end)
            if follow:
                enum.items, enum.partial = follow
                out.append(enum)
                continue
            if noun:
                _, noun_end = counted_noun(text, q.end, s.end)
                apposed = _APPOSED.match(text, noun_end, s.end)
                if apposed and not _PARTIAL.search(text, q.end, apposed.end()):
                    enum.items = _cap_items(text, apposed.start("list"), apposed.end("list"))
                    out.append(enum)
                    continue
            before = _BEFORE.search(text, s.start, q.start)
            if before:
                enum.items = _cap_items(text, before.start("list"), before.end("list"))
                out.append(enum)
                continue
            if noun and (re.match(r"\s+(?:is|was)\b", text[q.end:s.end]) or re.search(
                    r"\bthe\s+(?:other\s+|remaining\s+)?$", text[s.start:q.start])):
                items, excluded = _gathered(doc, s.index, noun)
                if items:
                    enum.items, enum.excluded = items, excluded
                    out.append(enum)
    # One list answers one count: with two figures before it ("Shrek 2 took three prizes - ..."),
    # the nearer one counts it.
    nearest = {(e.sentence, tuple(e.items)): e for e in sorted(out, key=lambda e: e.count_start)}
    return [e for e in out if nearest[(e.sentence, tuple(e.items))] is e]


def extract(doc: Document) -> None:
    doc.enumerations = find_enumerations(doc)
    doc.layers.add("enumerations")
