"""ingest -> segment -> extract -> embed -> stories -> pair -> check -> findings.

The one place the stages are wired together. Each stage's output is the next one's
input; checks see only the finished Corpus.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from factcheck.checks.base import Check
from factcheck.core.errors import ArchiveIndexError
from factcheck.core.model import SEVERITY_RANK, Document, Finding, InputError
from factcheck.core.progress import NullProgress, Progress
from factcheck.embed.vectors import Embedder, describe, embed_documents
from factcheck.extract import LAYERS, layers_for
from factcheck.ingest.read import read_documents
from factcheck.pair.assembly import assemble_corpus
from factcheck.pair.corpus import Corpus
from factcheck.pair.pairing import PairingOptions
from factcheck.pair.refine import settle_edges
from factcheck.run.cache import RunCache
from factcheck.run.index import ArchiveIndex, corpus_with_index, looks_like_index, open_index
from factcheck.run.prepare import cache_code, prepare, prepare_documents
from factcheck.run.runner import dask_client
from factcheck.run.story_run import run_units

__all__ = ["PairingOptions", "Result", "build_corpus", "check_documents", "prepare", "run", "run_checks"]


@dataclass
class Result:
    documents: list[Document]
    findings: list[Finding]
    errors: list[InputError]
    suppressed: int = 0
    carried: dict = field(default_factory=dict)  # reviewer decisions --decisions carried in (suppress.Carried)
    timings: dict[str, float] = field(default_factory=dict)
    embedding: str = ""  # which encode path ran, e.g. "all-MiniLM-L6-v2 bfloat16 (AMX)"
    warnings: list[str] = field(default_factory=list)  # coded one-line notes (W1xx) for the caller to show

    def worst(self) -> int:
        """Highest severity rank among findings, -1 if none."""
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=-1)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 clean, 1 findings at or above ``fail_on``, 2 some input could not be read."""
        if self.errors:
            return 2
        if fail_on != "never" and self.worst() >= SEVERITY_RANK[fail_on]:
            return 1
        return 0


def build_corpus(
    docs: list[Document],
    embedder: Embedder,
    *,
    cache: RunCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Embed prepared documents, group them into stories and pair their sentences."""
    emb, doc_of_row = embed_documents(docs, embedder, cache=cache, progress=progress)
    emb = settle_edges(docs, emb, doc_of_row, embedder, cache=cache, options=options, progress=progress)
    return assemble_corpus(docs, emb, doc_of_row, options=options, progress=progress)


def run_checks(
    corpus: Corpus,
    checks: Sequence[Check],
    progress: Progress | None = None,
    *,
    cache: RunCache | None = None,
    workers: int = 1,
    scheduler: Any = None,
    layers: tuple[str, ...] = LAYERS,
) -> list[Finding]:
    """Run every check, per story where its scope allows, on ``workers`` processes or a Dask
    ``scheduler``, cached per story in ``cache``; keep findings about checked (non-reference)
    documents, deduped, in a stable order: the same whichever way it ran (factcheck/run/story_run.py)."""
    return run_units(corpus, checks, cache=cache, workers=workers, scheduler=scheduler,
                     layers=cache_code(layers), progress=progress)


def check_documents(
    docs: list[Document],
    checks: Sequence[Check],
    embedder: Embedder,
    *,
    cache: RunCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
    errors: Iterable[InputError] = (),
    workers: int = 1,
    scheduler: Any = None,
    index: ArchiveIndex | None = None,
) -> Result:
    """Prepare, embed, pair and check ``docs``; with ``index`` (an ``ArchiveIndex``) the indexed
    archive is reference material and only the documents ``docs`` link to are loaded from it."""
    progress = progress or NullProgress()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    needs = {need for check in checks for need in check.needs}
    layers = layers_for(needs)
    # one Dask client (and a local:N cluster started once) for extraction and checks alike
    with dask_client(scheduler, workers) if scheduler is not None else nullcontext(None) as client:
        prepared, failed = prepare_documents(docs, workers=workers, scheduler=client, cache=cache, progress=progress,
                                             layers=layers)
        lap("extract")
        if index is None and not needs & {"pairs", "stories"}:
            # no check compares sentences or documents (term rules alone): no model is loaded
            emb, doc_of_row = embed_documents(prepared, embedder, cache=cache, progress=progress, encode=False)
        else:
            emb, doc_of_row = embed_documents(prepared, embedder, cache=cache, progress=progress)
            if index is None:
                emb = settle_edges(prepared, emb, doc_of_row, embedder, cache=cache, options=options,
                                   progress=progress)
        lap("embed")
        if index is not None:
            corpus = corpus_with_index(prepared, emb, doc_of_row, index, options=options, progress=progress)
        else:
            corpus = assemble_corpus(prepared, emb, doc_of_row, options=options, progress=progress)
        lap("pair")
        findings = run_checks(corpus, checks, progress, cache=cache, workers=workers, scheduler=client,
                              layers=layers)
        lap("check")
    notes = list(index.notes) if index is not None else unknown_sources(corpus.documents)
    return Result(corpus.documents, findings, [*errors, *failed], timings=timings, embedding=describe(embedder),
                  warnings=notes)


def unknown_sources(docs: Sequence[Document]) -> list[str]:
    """W130 for each ``based_on`` id that no reference document in the run has."""
    refs = {d.id for d in docs if d.reference}
    return [f"W130 {d.id} is based_on '{r}', which is not among the --against documents: it is checked "
            "without that source" for d in docs if not d.reference for r in d.based_on if r not in refs]


def run(
    paths: Sequence[str],
    checks: Sequence[Check],
    embedder: Embedder,
    *,
    against: Sequence[str] = (),
    cache: RunCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    scheduler: Any = None,
) -> Result:
    """Read ``paths`` (checked) and ``against`` (reference material) and check them together.

    An ``against`` path that is an index folder (``factcheck index build``) is loaded, not re-read."""
    indexes = [p for p in against if looks_like_index(p)]  # a damaged index is E171, never a folder of articles
    if len(indexes) > 1:
        raise ArchiveIndexError("E170", f"one --against index at a time ({len(indexes)} given)",
                                "merge the archives into one index")
    index = open_index(indexes[0], embedder) if indexes else None  # checked before any work
    seen: set[str] = set()  # one id space for checked and reference documents
    docs, errors = read_documents(paths, seen=seen)
    ref_docs, ref_errors = read_documents([p for p in against if p not in indexes], reference=True, seen=seen)
    return check_documents(
        docs + ref_docs, checks, embedder, cache=cache, options=options, progress=progress,
        errors=[*errors, *ref_errors], workers=workers, scheduler=scheduler, index=index,
    )
