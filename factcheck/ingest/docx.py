"""Word documents (.docx): paragraphs, table rows, text boxes and notes (``docx_text.py``)."""

from __future__ import annotations

from factcheck.ingest import limits
from factcheck.ingest._bytes import one_document
from factcheck.ingest.docx_text import DocxError, docx_text
from factcheck.ingest.reader import Reader, Skip


def _docx(data: bytes) -> tuple[None, str]:
    try:
        return None, docx_text(data, limits.MAX_DOCX_XML)
    except DocxError as e:
        raise Skip(str(e), "E104" if e.too_large else "E107") from None


READER = Reader((".docx",), "Word document: its paragraphs, tables, text boxes and notes", one_document(_docx))
