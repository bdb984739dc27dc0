"""Embed: which sentences get a vector, then texts and documents -> unit vectors, cached by content hash.

- ``pairable.py``: the sentences worth a vector (``pairable_rows``)
- ``vectors.py``: ``Embedder``, ``make_embedder``, ``embed_texts``, ``embed_documents``
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "pairable_rows": "pairable",
    "Embedder": "vectors",
    "describe": "vectors",
    "embed_documents": "vectors",
    "embed_texts": "vectors",
    "make_embedder": "vectors",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
