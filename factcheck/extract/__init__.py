"""Extraction layers, run in this order (later layers read earlier ones).

Each module exposes ``extract(doc: Document) -> None`` that fills its layer on the
document and adds the layer name to ``doc.layers``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from factcheck.model import Document

LAYERS: tuple[str, ...] = (
    "structure",  # doc.structure: tables, lists, rosters, records, runs of short lines
    "people",  # doc.mentions (person) + doc.entities
    "orgs",  # doc.mentions (org/place) + doc.entities
    "titles",  # doc.titles, attached to person mentions
    "quantities",  # doc.quantities
    "dates",  # doc.dates
    "enumerations",  # doc.enumerations
    "quotes",  # doc.quotes, speakers linked to entities
)


def _extractor(layer: str) -> Callable[[Document], None]:
    return import_module(f"factcheck.extract.{layer}").extract


def extract(doc: Document, layers: tuple[str, ...] = LAYERS) -> Document:
    """Run the extraction layers over a segmented document."""
    for layer in layers:
        _extractor(layer)(doc)
    return doc
