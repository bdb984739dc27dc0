"""A value computed once per document within a run, for checks that read the same document from
``gather``, ``reads`` and ``run_with`` (a document's neighbourhood is read once per neighbour)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from factcheck.core.model import Document

T = TypeVar("T")


class DocMemo(Generic[T]):
    """``fn(doc)`` remembered per document object (a prepared document is never changed in place).

    Held as a check's ``_`` attribute (per-run scratch, outside its fingerprint); ``clear`` it when a
    run starts. It travels to worker processes empty: the documents are theirs to read."""

    def __init__(self, fn: Callable[[Document], T]) -> None:
        self.fn = fn
        self._seen: dict[int, tuple[Document, T]] = {}

    def __call__(self, doc: Document) -> T:
        hit = self._seen.get(id(doc))
        if hit is None or hit[0] is not doc:  # an id reused by a new object is a new document
            hit = (doc, self.fn(doc))
            self._seen[id(doc)] = hit
        return hit[1]

    def clear(self) -> None:
        self._seen.clear()

    def __getstate__(self) -> dict[str, Any]:
        return {"fn": self.fn, "_seen": {}}
