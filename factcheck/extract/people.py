"""Person mentions, grouped into one entity per person (layer ``people``)."""

from __future__ import annotations

from factcheck.core.model import Document
from factcheck.extract import _names


def extract(doc: Document) -> None:
    _names.extract_people(doc)
    doc.layers.add("people")
