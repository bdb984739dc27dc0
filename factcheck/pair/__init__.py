"""Pair: model-free sentence pairing, story blocking and the ``Corpus`` the checks read.

- ``pairing.py``: ``PairingOptions``, ``cosines``, ``top_k``, ``linked_pairs``
- ``stories.py``: documents that report the same story (``components``, ``related_documents``)
- ``corpus.py``: ``Corpus``
- ``assembly.py``: the corpus of a plain run and of a run against an archive (``assemble_corpus``, ``linked_corpus``)
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "PairingOptions": "pairing",
    "cosines": "pairing",
    "linked_pairs": "pairing",
    "top_k": "pairing",
    "components": "stories",
    "related_documents": "stories",
    "Corpus": "corpus",
    "assemble_corpus": "assembly",
    "linked_corpus": "assembly",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
