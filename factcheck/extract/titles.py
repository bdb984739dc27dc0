"""Titles and roles attached to person mentions (layer ``titles``)."""

from __future__ import annotations

from factcheck.core.model import Document
from factcheck.extract import _names


def extract(doc: Document) -> None:
    _names.extract_titles(doc)
    doc.layers.add("titles")
