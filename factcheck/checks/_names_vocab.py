"""Capitalised-word inventories for the name and title checks.

The name checks look at every capitalised word, not only recognised person
mentions: a garbled place ("Seatle"), company ("Parnod") or demonym ("Kzechs")
is a name error too, and the garbled form is often exactly what a recogniser misses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from factcheck.core.model import Document

_CAP = re.compile(r"(?<![\w'\u2019-])[A-Z][A-Za-z]*[a-z][A-Za-z]*(?![\w-])")
_OPEN = "\"'\u201c\u2018([\u2014- "


@dataclass(frozen=True, slots=True)
class Occ:
    doc: str
    start: int
    end: int
    text: str
    initial: bool  # first word of its sentence: capitalised by position, maybe a common word


def occurrences(doc: Document) -> list[Occ]:
    out: list[Occ] = []
    for s in doc.sentences:
        for m in _CAP.finditer(s.text):
            head = s.text[: m.start()]
            initial = head.strip(_OPEN) == ""
            out.append(Occ(doc.id, s.start + m.start(), s.start + m.end(), m.group(), initial))
    return out


_LOWER = re.compile(r"(?<![\w'\u2019-])[a-z][a-z]+(?![\w-])")


def lower_words(doc: Document) -> Counter[str]:
    return Counter(_LOWER.findall(doc.text))
