"""Quantities layer: figures with their counted noun, unit, normalised value and the
sentence's subject (the first named thing in the sentence, where one can be found)."""

from __future__ import annotations

import re

from factcheck.core.model import Document, Sentence
from factcheck.extract._numbers import find_quantities

# A run of capitalised words ("Greater Manchester Police", "Mr Khan"), the cheap stand-in for a parse.
_NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’.-]*)*")
_NOT_SUBJECT = frozenset({"The", "A", "An", "In", "On", "At", "But", "And", "It", "He", "She", "They", "We", "I",
                          "This", "That", "There", "By", "For", "From", "As", "If", "When", "After", "Before"})


def sentence_subject(doc: Document, s: Sentence) -> str | None:
    """The first person/organisation mention in the sentence, else its first capitalised name."""
    for m in doc.mentions:
        if m.sentence == s.index:
            return m.name or m.text
    for m in _NAME_RUN.finditer(s.text):
        words = m.group().split()
        if m.start() == 0 and len(words) == 1:
            continue  # a lone sentence-initial capital is just the first word
        while words and words[0] in _NOT_SUBJECT:
            words.pop(0)
        if words:
            return " ".join(words)
    return None


def extract(doc: Document) -> None:
    out = []
    for s in doc.sentences:
        qs = find_quantities(doc.text, s.start, s.end, s.index)
        if qs:
            subj = sentence_subject(doc, s)
            for q in qs:
                q.subject = subj
        out.extend(qs)
    doc.quantities = out
    doc.layers.add("quantities")
