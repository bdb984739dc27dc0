"""Extraction layers, run in this order (later layers read earlier ones).

Each module exposes ``extract(doc: Document) -> None`` that fills its layer on the
document and adds the layer name to ``doc.layers``. A run extracts only the layers its
checks need (``Check.needs``) and the layers those read (``REQUIRES``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module

from factcheck.core.model import Document

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

# layer -> the earlier layers it reads. A layer not listed reads every earlier one.
REQUIRES: dict[str, tuple[str, ...]] = {
    "structure": (),
    "people": (),
    "orgs": ("people",),  # org mentions avoid the spans people took
    "titles": ("people",),
    "quantities": ("people", "orgs"),  # numbers inside names are not quantities
    "dates": (),
    "enumerations": ("quantities",),
    "quotes": ("people", "orgs", "titles"),  # speakers resolve to entities and their titles
}


def layers_for(needs: Iterable[str]) -> tuple[str, ...]:
    """The layers to run, in ``LAYERS`` order, for checks that read ``needs`` (other names, such
    as "pairs" or "stories", are not extraction layers and are ignored)."""
    wanted: set[str] = set()
    needs = set(needs)
    todo = [n for n in sorted(needs) if n in LAYERS]
    if needs & {"pairs", "stories"}:
        # Which sentences get a vector, and so what pairs and stories are, depends on every fact
        # layer (factcheck.embed.pairable): the same for every check, whatever else runs.
        todo.extend(LAYERS)
    while todo:
        layer = todo.pop()
        if layer not in wanted:
            wanted.add(layer)
            todo.extend(REQUIRES.get(layer, LAYERS[:LAYERS.index(layer)]))
    return tuple(layer for layer in LAYERS if layer in wanted)


def _extractor(layer: str) -> Callable[[Document], None]:
    return import_module(f"factcheck.extract.{layer}").extract


def extract(doc: Document, layers: tuple[str, ...] = LAYERS) -> Document:
    """Run the extraction layers over a segmented document."""
    for layer in layers:
        _extractor(layer)(doc)
    return doc
