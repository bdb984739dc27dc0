"""Segment: a document's sentences with offsets (pysbd plus news repairs).

- ``sentences.py``: ``segment`` (a Document with its sentences), ``split_sentences``
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "segment": "sentences",
    "split_sentences": "sentences",
}
__all__ = sorted(_OFFERS)


def __getattr__(name: str) -> Any:
    if name in _OFFERS:
        return getattr(import_module(f"{__name__}.{_OFFERS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
