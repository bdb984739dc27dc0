"""ingest -> segment -> extract -> embed -> stories -> pair -> check -> findings.

The one place the stages are wired together. Each stage's output is the next one's
input; checks see only the finished Corpus.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.cache import EmbeddingCache
from factcheck.checks.base import Check
from factcheck.corpus import Corpus
from factcheck.embed import Embedder, embed_texts
from factcheck.extract import extract
from factcheck.ingest import read_documents
from factcheck.model import SEVERITY_RANK, Document, Finding, InputError
from factcheck.pairing import linked_pairs
from factcheck.progress import NullProgress, Progress
from factcheck.segment import segment
from factcheck.stories import components, document_vectors, related_documents


@dataclass
class PairingOptions:
    # Labelled cross-outlet claim pairs in the dev archive sit at median sentence cosine
    # ~0.6 (10th percentile ~0.45): pair generously, checks confirm alignment by anchors.
    threshold: float = 0.45  # sentence cosine for a candidate aligned pair
    k: int = 5  # partners kept per sentence
    story_threshold: float = 0.6  # document cosine for two documents of one story
    story_k: int = 3  # a document links to at most its k nearest


@dataclass
class Result:
    documents: list[Document]
    findings: list[Finding]
    errors: list[InputError]
    suppressed: int = 0
    timings: dict[str, float] = field(default_factory=dict)

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


def prepare(doc: Document) -> Document:
    """Segment and extract one document (a pure function of its text: safe to parallelise)."""
    return extract(segment(doc))


def _prepare_all(docs: list[Document], progress: Progress) -> tuple[list[Document], list[InputError]]:
    ok: list[Document] = []
    errors: list[InputError] = []
    with progress.stage("extract", len(docs)) as advance:
        for doc in docs:
            try:
                ok.append(prepare(doc))
            except RecursionError:
                errors.append(InputError(doc.id, "too deeply nested to analyse; skipped", "E151"))
            except Exception as e:  # one bad document must not sink a batch; say what broke
                where = traceback.extract_tb(e.__traceback__)[-1]
                errors.append(InputError(
                    doc.id,
                    f"internal error while analysing ({e.__class__.__name__} at "
                    f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}); skipped, please report it",
                    "E150",
                ))
            advance()
    return ok, errors


def build_corpus(
    docs: list[Document],
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Embed prepared documents, group them into stories and pair their sentences."""
    options = options or PairingOptions()
    progress = progress or NullProgress()
    texts = [s.text for d in docs for s in d.sentences]
    doc_of_row = np.array([n for n, d in enumerate(docs) for _ in d.sentences], dtype=np.int64)
    with progress.stage("embed", len(texts)) as advance:
        emb = embed_texts(texts, embedder, cache, on_progress=advance)
    if not texts:
        return Corpus(docs, emb, [], related=set())
    links = related_documents(
        document_vectors(emb, doc_of_row, len(docs)), threshold=options.story_threshold, k=options.story_k
    )
    story = components(len(docs), links)
    with progress.stage("pair", len(texts)) as advance:
        pairs = linked_pairs(emb, doc_of_row, links, k=options.k, threshold=options.threshold)
        advance(len(texts))
    return Corpus(
        docs, emb, pairs,
        story={d.id: int(story[n]) for n, d in enumerate(docs)},
        related={(docs[a].id, docs[b].id) for a, b in links},
    )


def run_checks(corpus: Corpus, checks: Sequence[Check], progress: Progress | None = None) -> list[Finding]:
    """Run every check; keep findings about checked (non-reference) documents, deduped, in a stable order."""
    progress = progress or NullProgress()
    reference = {d.id for d in corpus.documents if d.reference}
    order = {d.id: n for n, d in enumerate(corpus.documents)}
    found: dict[str, Finding] = {}
    with progress.stage("check", len(checks)) as advance:
        for check in checks:
            for f in check.run(corpus):
                if f.evidence and f.evidence[0].doc not in reference:
                    found.setdefault(f.id, f)
            advance()
    return sorted(found.values(), key=lambda f: f.sort_key(order))


def check_documents(
    docs: list[Document],
    checks: Sequence[Check],
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
    errors: Iterable[InputError] = (),
) -> Result:
    progress = progress or NullProgress()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    prepared, failed = _prepare_all(docs, progress)
    lap("extract")
    corpus = build_corpus(prepared, embedder, cache=cache, options=options, progress=progress)
    lap("embed+pair")
    findings = run_checks(corpus, checks, progress)
    lap("check")
    return Result(prepared, findings, [*errors, *failed], timings=timings)


def run(
    paths: Sequence[str],
    checks: Sequence[Check],
    embedder: Embedder,
    *,
    against: Sequence[str] = (),
    cache: EmbeddingCache | None = None,
    options: PairingOptions | None = None,
    progress: Progress | None = None,
) -> Result:
    """Read ``paths`` (checked) and ``against`` (reference material) and check them together."""
    seen: set[str] = set()  # one id space for checked and reference documents
    docs, errors = read_documents(paths, seen=seen)
    ref_docs, ref_errors = read_documents(against, reference=True, seen=seen)
    return check_documents(
        docs + ref_docs, checks, embedder, cache=cache, options=options, progress=progress,
        errors=[*errors, *ref_errors],
    )
