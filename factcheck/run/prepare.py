"""Prepare (segment + extract) many documents: in-process, on N local cores, or on a Dask cluster.

``prepare`` is a pure function of a Document, so documents are independent tasks: they go
out in batches and come back in input order, and the result is the same object graph
whichever way it ran (1 vs N workers gives byte-identical findings). Prepared documents
are also cached (as JSON rows, in the run cache's SQLite file) under a fingerprint of the
extraction code, so a warm re-run skips extraction. The processes and the cluster are
``runner.py``'s, shared with the per-story checks (story_run.py).
"""

from __future__ import annotations

import hashlib
import sys
import traceback
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.core.model import Document, InputError
from factcheck.core.progress import NullProgress, Progress
from factcheck.extract import LAYERS, extract
from factcheck.run.cache import RunCache
from factcheck.run.runner import execute, mode

Prepared = Document | InputError


def prepare(doc: Document, layers: tuple[str, ...] = LAYERS) -> Document:
    """Segment and extract one document (a pure function of its text: safe to parallelise)."""
    from factcheck.segment.sentences import segment

    return extract(segment(doc), layers)


def prepare_safe(doc: Document, layers: tuple[str, ...] = LAYERS) -> Prepared:
    """``prepare``, with a failure turned into an InputError: one bad document must not sink a batch."""
    try:
        return prepare(doc, layers)
    except RecursionError:
        return InputError(doc.id, "too deeply nested to analyse; skipped", "E151")
    except Exception as e:  # say what broke, and where
        where = traceback.extract_tb(e.__traceback__)[-1]
        return InputError(
            doc.id,
            f"internal error while analysing ({e.__class__.__name__} at "
            f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}); skipped, please report it",
            "E150",
        )


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of everything a prepared document depends on: model, segmenter, extractors, lexicons."""
    return code_hash(Path(__file__).resolve().parents[1])


def code_hash(root: Path) -> str:
    """The prepared-document fingerprint of the package at ``root``. Check code (checks/) is
    not part of it: checks read prepared documents, so editing one keeps the cache warm."""
    import pysbd

    files = [root / "core" / "model.py", *sorted((root / "segment").rglob("*.py"))]
    files += sorted((root / "extract").rglob("*.py")) + sorted((root / "lexicons").rglob("*"))
    h = hashlib.sha1(f"{sys.version_info[:2]}|pysbd {pysbd.__version__}".encode())
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:20]


@lru_cache(maxsize=1)
def package_hash() -> str:
    """Hash of every file of the package (code, lexicons, rule packs): what cached check results
    depend on besides their inputs. Any edit re-checks everything; a warm re-run of one version
    re-checks only what changed."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha1(f"{sys.version_info[:2]}".encode())
    for f in sorted(root.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts and f.suffix not in (".pyc", ".pyo"):
            h.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:20]


def doc_key(doc: Document) -> bytes:
    """What prepare() reads: id, text and the metadata extractors may use (not path/reference)."""
    h = hashlib.sha1()
    for part in (doc.id, doc.text, doc.title or "", doc.date or "", doc.source or ""):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0\x1f")
    return h.digest()


def cache_code(layers: tuple[str, ...]) -> str:
    """Prepared documents are cached per code fingerprint and per set of layers extracted."""
    return fingerprint() if layers == LAYERS else f"{fingerprint()}:{'+'.join(layers)}"


def _prepare_batch(layers: tuple[str, ...], docs: list[Document]) -> tuple[str, list[Prepared]]:
    return fingerprint(), [prepare_safe(d, layers) for d in docs]


def _batches(docs: Sequence[Document], n_batches: int, largest: int = 16) -> list[list[Document]]:
    size = max(1, min(largest, -(-len(docs) // max(n_batches, 1))))
    return [list(docs[a:a + size]) for a in range(0, len(docs), size)]


def prepare_documents(
    docs: Sequence[Document],
    *,
    workers: int = 1,
    scheduler: Any = None,
    cache: RunCache | None = None,
    progress: Progress | None = None,
    layers: tuple[str, ...] = LAYERS,
) -> tuple[list[Document], list[InputError]]:
    """Prepare ``docs``; returns the prepared ones in input order and one InputError per failure.

    ``workers`` > 1 uses that many local processes; ``scheduler`` (a Dask address such as
    ``tcp://host:8786``, ``local[:N]``, or a ``distributed.Client``) sends the work to Dask.
    ``layers``: the extraction layers to run (``extract.layers_for`` the checks' needs).
    """
    progress = progress or NullProgress()
    code = cache_code(layers)
    keys = [doc_key(d) for d in docs]
    cached = cache.get_prepared(code, keys) if cache and docs else {}
    out: list[Prepared | None] = [None] * len(docs)
    with progress.stage("extract", len(docs)) as advance:
        for n, k in enumerate(keys):
            if k in cached:
                out[n] = _restore(cached[k], docs[n], cache)
        todo = [n for n in range(len(docs)) if out[n] is None]
        if len(docs) - len(todo):
            advance(len(docs) - len(todo))
        _run(docs, todo, out, workers=workers, scheduler=scheduler, advance=advance, cache=cache, keys=keys,
             layers=layers)
    ok = [d for d in out if isinstance(d, Document)]
    errors = [d for d in out if isinstance(d, InputError)]
    return ok, errors


def _run(
    docs: Sequence[Document],
    todo: list[int],
    out: list[Prepared | None],
    *,
    workers: int,
    scheduler: Any,
    advance: Callable[[int], None],
    cache: RunCache | None,
    keys: list[bytes],
    layers: tuple[str, ...],
) -> None:
    if not todo:
        return
    pending = [docs[n] for n in todo]
    how = mode(workers, scheduler, len(pending))
    batches = (_batches(pending, 8 * max(workers, 2), largest=32) if how == "dask"
               else _batches(pending, 8 * workers) if how == "processes" else [[d] for d in pending])
    at = 0
    fresh: dict[bytes, Document] = {}
    for prepared in execute(_prepare_batch, layers, batches, how=how, code=fingerprint(), what="extraction",
                            workers=workers, scheduler=scheduler):
        for p in prepared:
            n = todo[at]
            at += 1
            if isinstance(p, Document):
                p.reference, p.path, p.record_line = docs[n].reference, docs[n].path, docs[n].record_line
                if cache is not None:
                    fresh[keys[n]] = p
            out[n] = p
        advance(len(prepared))
        if cache is not None and len(fresh) >= 64:  # stored as we go: an interrupted run keeps its work
            cache.put_prepared(cache_code(layers), fresh)
            fresh = {}
    if cache is not None and fresh:
        cache.put_prepared(cache_code(layers), fresh)


def _restore(doc: Document, original: Document, cache: RunCache) -> Prepared | None:
    """A cached prepared document for ``original``, or None (a miss) when it is not that document's."""
    if doc.id != original.id or doc.text != original.text:
        cache.damaged("prepared", f"the row for {original.id[:40]!r} holds another document")
        return None
    doc.reference, doc.path, doc.record_line = original.reference, original.path, original.record_line
    doc.based_on = original.based_on
    return doc
