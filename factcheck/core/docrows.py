"""Prepared documents and findings as data rows (factcheck.codec), checked as a whole on the way back.

Types alone do not make a stored document safe to use: a span past the end of the text or a
mention pointing at sentence 10**9 would crash a check far from here. So a decoded document is
also checked for the invariants every layer keeps: spans inside the text, start <= end, each
index into another layer within it, sentences belonging to this document, in order.
"""

from __future__ import annotations

import dataclasses
import typing
from functools import cache
from typing import Any

from factcheck.core.codec import RowError, dumps, loads
from factcheck.core.model import Document, Finding

# An int field of a layer item that indexes another layer of the same document (-1 or None: none).
_POINTS_TO = {"sentence": "sentences", "mention": "mentions", "entity": "entities", "speaker_entity": "entities",
              "mentions": "mentions", "quantity": "quantities"}


def dump_document(doc: Document) -> bytes:
    return dumps(doc, Document)


def load_document(blob: bytes, where: str = "document") -> Document:
    """The stored document, or ``RowError`` when it does not decode or breaks an invariant."""
    doc: Document = loads(blob, Document, where)
    check_document(doc, where)
    return doc


def dump_findings(findings: list[Finding]) -> bytes:
    return dumps(findings, list[Finding])


def load_findings(blob: bytes, where: str = "findings") -> list[Finding]:
    found: list[Finding] = loads(blob, list[Finding], where)
    for n, f in enumerate(found):
        for e in f.evidence:
            if not 0 <= e.start <= e.end:
                raise RowError(f"{where}[{n}]: evidence span {e.start}:{e.end}")
        if not f.evidence:
            raise RowError(f"{where}[{n}]: a finding without evidence")
    return found


def check_document(doc: Document, where: str = "document") -> None:
    """Raise ``RowError`` unless every layer of ``doc`` keeps its invariants."""
    size = len(doc.text)
    for n, s in enumerate(doc.sentences):
        if s.doc != doc.id or s.index != n:
            raise RowError(f"{where}: sentence {n} belongs to {s.doc[:40]!r} at {s.index}")
        if s.text != doc.text[s.start:s.end]:
            raise RowError(f"{where}: sentence {n} is not the text at {s.start}:{s.end}")
    starts = [s.start for s in doc.sentences]
    if starts != sorted(starts):
        raise RowError(f"{where}: sentences out of order")
    for f in dataclasses.fields(doc):
        items = getattr(doc, f.name)
        if f.name.startswith("_") or not isinstance(items, list):
            continue
        for n, item in enumerate(items):
            if dataclasses.is_dataclass(item):
                _check_item(doc, item, size, f"{where}.{f.name}[{n}]")


Names = tuple[str, ...]
Pairs = tuple[tuple[str, str], ...]


@cache
def _plan(cls: type) -> tuple[Names, Pairs, Names, Pairs]:
    """For one layer's dataclass: its offset fields, its (field, layer) pointers, its span-list fields
    and its (start, end) pairs. Worked out once per type: a document has thousands of items."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    offsets = tuple(n for n in names if n in ("start", "end") or n.endswith(("_start", "_end")))
    pointers = tuple((n, _POINTS_TO[n]) for n in names if n in _POINTS_TO)
    spans = tuple(n for n in names if n not in _POINTS_TO and typing.get_origin(hints[n]) is list
                  and typing.get_origin(typing.get_args(hints[n])[0]) is tuple)
    pairs = tuple((a, b) for a, b in (("start", "end"), ("count_start", "count_end"), ("speaker_start", "speaker_end"))
                  if a in names and b in names)
    return offsets, pointers, spans, pairs


def _check_item(doc: Document, item: Any, size: int, where: str) -> None:
    offsets, pointers, spans, pairs = _plan(type(item))
    for name in offsets:
        v = getattr(item, name)
        if isinstance(v, int) and not 0 <= v <= size:
            raise RowError(f"{where}.{name}: offset {v} outside the text ({size} characters)")
    for name, layer in pointers:
        v, limit = getattr(item, name), len(getattr(doc, layer))
        for i in v if isinstance(v, list) else (v,):
            if isinstance(i, int) and not -1 <= i < limit:
                raise RowError(f"{where}.{name}: {i} is not one of the {limit} {layer}")
    for name in spans:  # spans stored as (start, end) pairs: enumeration items
        for pair in getattr(item, name):
            if len(pair) == 2 and not 0 <= pair[0] <= pair[1] <= size:
                raise RowError(f"{where}.{name}: span {pair} outside the text")
    for a, b in pairs:
        va, vb = getattr(item, a), getattr(item, b)
        if isinstance(va, int) and isinstance(vb, int) and va > vb:
            raise RowError(f"{where}: {a} {va} after {b} {vb}")
