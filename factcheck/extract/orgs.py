"""Organisation and place mentions (layer ``orgs``)."""

from __future__ import annotations

from factcheck.extract import _names
from factcheck.model import Document


def extract(doc: Document) -> None:
    _names.extract_orgs(doc)
    doc.layers.add("orgs")
