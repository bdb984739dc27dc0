"""Person mentions, grouped into one entity per person (layer ``people``)."""

from __future__ import annotations

from factcheck.extract import _names
from factcheck.model import Document


def extract(doc: Document) -> None:
    _names.extract_people(doc)
    doc.layers.add("people")
