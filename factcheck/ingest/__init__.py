"""Ingest: files, folders, stdin and archives -> ``Document`` s (or an ``InputError`` record per skipped input).

- ``read.py``: ``read_documents``, ``iter_documents``, the reader registry ``READERS``, ``SUPPORTED``, ``format_list``
- ``html_article.py``: a web page's article without its menus and footers (``article_text``)
- ``docx_text.py``: a Word document's text (``docx_text``)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "READERS": "read",
    "SUPPORTED": "read",
    "format_list": "read",
    "iter_documents": "read",
    "read_documents": "read",
    "article_text": "html_article",
    "docx_text": "docx_text",
}
__all__ = sorted(_OFFERS)


def __getattr__(name: str) -> Any:
    if name in _OFFERS:
        return getattr(import_module(f"{__name__}.{_OFFERS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
