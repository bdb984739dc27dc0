"""Ingest: files, folders, stdin and archives -> ``Document`` s (and an ``InputError`` record per input skipped).

- ``read.py``: ``read_documents``, ``iter_documents``: walking paths and folders, one reader per file;
  ``read_records``: articles given as records (a request to ``factcheck serve``), read as archive lines
- ``registry.py``: ``READERS``, one line per format (``SUPPORTED``, ``format_list`` follow from it)
- ``reader.py``: the ``Reader`` contract (suffixes, description, read, signatures) and ``Skip``
- one file per format: ``text.py``, ``markdown.py``, ``html.py``, ``docx.py``, ``jsonl.py``, ``csv.py``
- ``refused.py``: formats people try that are refused with a hint (by suffix and by opening bytes)
- ``limits.py``: how much is read; ``_bytes.py``, ``_archive.py``: what the readers share
- ``html_article.py``, ``docx_text.py``: a web page's article (trafilatura), a Word document's text
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "read_documents": "read",
    "iter_documents": "read",
    "read_records": "read",
    "READERS": "registry",
    "SUPPORTED": "registry",
    "format_list": "registry",
    "Reader": "reader",
    "REFUSED": "refused",
    "html_text": "html",
    "article_text": "html_article",
    "docx_text": "docx_text",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
