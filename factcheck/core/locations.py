"""Line and column of offset spans, as a person or an editor counts them.

Offsets are what the pipeline speaks; people jump to ``path:line:col``. A ``Locator`` turns
``Evidence`` into a ``Location``: 1-based line and column (in characters, i.e. Unicode code
points) in the document's text as read, plus the document's own line in its archive file for a
JSONL or CSV record. Each text's line starts are found once and searched by bisection, so
locating every finding of a large run costs one pass over each cited document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.core.model import Document, Evidence

# What editors break lines at: \r\n counts once, a lone \r (old Mac files) counts too.
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Location:
    line: int  # 1-based, of the span's start
    col: int  # 1-based, characters
    end_line: int  # of the span's end (exclusive offset), as SARIF regions want it
    end_col: int
    record_line: int | None = None  # the document's line in its archive file, when it came from one

    def to_dict(self) -> dict:
        return {"line": self.line, "col": self.col, "end_line": self.end_line, "end_col": self.end_col}


class LineIndex:
    """The line starts of one text; ``at(offset)`` is that offset's 1-based (line, col)."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, max(0, offset)) - 1
        return i + 1, offset - self.starts[i] + 1


class Locator:
    """Locations of evidence spans in ``documents``; a span in a document it does not hold is None."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self._docs = {d.id: d for d in documents}
        self._lines: dict[str, LineIndex] = {}

    def record_line(self, doc_id: str) -> int | None:
        doc = self._docs.get(doc_id)
        return getattr(doc, "record_line", None)  # None for a document unpickled from an older index

    def __call__(self, e: Evidence) -> Location | None:
        doc = self._docs.get(e.doc)
        if doc is None or not 0 <= e.start <= e.end <= len(doc.text):
            return None
        lines = self._lines.get(e.doc)
        if lines is None:
            lines = self._lines[e.doc] = LineIndex(doc.text)
        (line, col), (end_line, end_col) = lines.at(e.start), lines.at(e.end)
        return Location(line, col, end_line, end_col, self.record_line(e.doc))
