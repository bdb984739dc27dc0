"""Organisation and place mentions (layer ``orgs``)."""

from __future__ import annotations

from factcheck.core.model import Document
from factcheck.extract import _names


def extract(doc: Document) -> None:
    _names.extract_orgs(doc)
    doc.layers.add("orgs")
