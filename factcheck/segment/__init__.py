"""Segment: a document's sentences with offsets (pysbd plus news repairs).

- ``sentences.py``: ``segment`` (a Document with its sentences), ``split_sentences``
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "segment": "sentences",
    "split_sentences": "sentences",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
