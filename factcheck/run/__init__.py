"""Run: wiring the stages, fanning work out to processes or Dask, and the caches.

- ``pipeline.py``: ``run`` and ``check_documents``: extract, embed, pair, check (``Result``)
- ``runner.py``: one runner for both: batches of units in-process, on N processes or on Dask (``execute``)
- ``prepare.py``: segment + extract many documents on 1..N processes or Dask (``prepare_documents``)
- ``story_run.py``: the checks per story part on 1..N processes or Dask (``run_units``)
- ``cache.py``: the run cache: vectors, prepared documents and check results in one SQLite file
  (``RunCache``; ``EmbeddingCache`` is its deprecated name)
- ``index.py``: a prebuilt archive to check new articles against (``build_index``, ``open_index``)
- ``index_store.py``: the index folder on disk: written beside and swapped in, read back checked (``load_index``)
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "Result": "pipeline",
    "check_documents": "pipeline",
    "run": "pipeline",
    "prepare": "prepare",
    "prepare_documents": "prepare",
    "run_units": "story_run",
    "execute": "runner",
    "dask_client": "runner",
    "RunCache": "cache",
    "EmbeddingCache": "cache",
    "open_cache": "cache",
    "ArchiveIndex": "index",
    "build_index": "index",
    "open_index": "index",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
