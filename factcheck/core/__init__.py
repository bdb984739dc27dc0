"""Foundation, under every stage: what a run is made of and how it reports trouble.

- ``model.py``: ``Document`` and its character-offset spans (sentences, mentions, quotes...), ``Finding``
- ``errors.py``: the coded error hierarchy (``FactcheckError``, ``CODES``)
- ``config.py``: the one ``Settings`` object (``load_settings``)
- ``locations.py``: offsets -> line and column (``Locator``)
- ``progress.py``: progress reporting (``Progress``, ``NullProgress``, ``RichProgress``)
- ``version.py``: ``__version__``
- ``codec.py``: dataclasses as data-only JSON rows, read back by their type hints (``dumps``, ``loads``, ``RowError``)
- ``docrows.py``: documents and findings as such rows, with their invariants checked (``load_document``)
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "CATEGORIES": "model",
    "SEVERITY_RANK": "model",
    "Document": "model",
    "Evidence": "model",
    "Finding": "model",
    "InputError": "model",
    "Sentence": "model",
    "record_rows": "model",
    "CODES": "errors",
    "FactcheckError": "errors",
    "Settings": "config",
    "load_settings": "config",
    "Locator": "locations",
    "NullProgress": "progress",
    "Progress": "progress",
    "RichProgress": "progress",
    "__version__": "version",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
