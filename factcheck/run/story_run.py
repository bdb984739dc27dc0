"""Run the checks per story: in-process, on N local processes or on a Dask cluster, each
check's findings cached per story.

The unit of work is (part, check). A part is the smallest set of documents no story-scope
check looks across: a story component (``Corpus.story``), joined with any other that a
sentence pair or story link crosses (none do in an assembled corpus; the join keeps that an
invariant here rather than an assumption).

A check with a ``reach`` (every built-in one) is cached per checked document, under the key of the
document's neighbourhood within reach (``run/reach.py``) and, for a check that gathers corpus-wide
statistics, of the entries its ``reads`` names; and once more for the whole corpus. A warm run over
an unchanged corpus reads each check back whole; otherwise only the documents whose key changed are
re-checked, on the corpus of their neighbourhoods (or their whole part when most of it changed), and
only their findings kept. A cold run checks each part whole (a corpus check against the statistics
gathered over every document).

A check without a reach runs on each part as a corpus of its own (``scope = "story"``) or once on
the whole corpus (``"corpus"``), cached under the check's fingerprint (the package's code and the
check's settings) and the part's key (its documents' content, reference flags, pairs, links and
extraction layers: everything a check reads), as one more unit on the same pool.

Merging is what a single pass over the whole corpus does: checks in their order, findings
about reference documents dropped, the first of equal ids kept, a total sort. A story-scope
check's findings about one part depend on that part alone and come out in the same relative
order, so 1 process, N processes, Dask and a warm cache give byte-identical reports.

Parts travel without sentence vectors (checks read documents, pairs and links, never
``Corpus.embeddings``), as the state of ``runner.execute``: forked workers inherit them; spawned
workers (once torch is loaded) and Dask workers receive them once and keep them for every unit
they run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np

from factcheck.checks.base import Check
from factcheck.core.model import Finding
from factcheck.core.progress import NullProgress, Progress
from factcheck.pair.corpus import Corpus
from factcheck.pair.stories import components
from factcheck.run.cache import RunCache
from factcheck.run.prepare import doc_key, package_hash
from factcheck.run.reach import LinkGraph, StatsDigest, doc_bytes, doc_of_row, induced
from factcheck.run.runner import execute, mode

ALL = -1  # the part number of the whole corpus: where corpus-scope checks run
_WHOLE = b"whole|"  # a check with a reach: its findings over a whole corpus, under that corpus's key
Unit = tuple[int, int]  # (part number or ALL, check number)
State = tuple[Corpus, list[Corpus], Sequence[Check], dict[int, dict]]


def partitions(corpus: Corpus) -> list[list[int]]:
    """Document positions grouped into parts, members and parts in input order."""
    docs = corpus.documents
    pos = {d.id: n for n, d in enumerate(docs)}
    first: dict[int, int] = {}
    links: set[tuple[int, int]] = set()
    for n, d in enumerate(docs):
        label = corpus.story.get(d.id, -1)
        if first.setdefault(label, n) != n:
            links.add((first[label], n))
    for a, b in corpus.related or ():
        if a in pos and b in pos:
            links.add((min(pos[a], pos[b]), max(pos[a], pos[b])))
    if corpus.pairs:
        row_doc = doc_of_row(corpus)
        ij = np.asarray([(i, j) for _, i, j in corpus.pairs], dtype=np.int64)
        da, db = row_doc[ij[:, 0]], row_doc[ij[:, 1]]
        cross = np.unique(np.stack([np.minimum(da, db), np.maximum(da, db)], axis=1)[da != db], axis=0)
        links.update((int(a), int(b)) for a, b in cross)
    label = components(len(docs), sorted(links))
    parts: dict[int, list[int]] = {}
    for n, lab in enumerate(label.tolist()):
        parts.setdefault(lab, []).append(n)
    return list(parts.values())


def split(corpus: Corpus, parts: list[list[int]]) -> list[Corpus]:
    """One corpus per part: its documents, their pairs renumbered, their links and story labels."""
    row_doc = doc_of_row(corpus)
    part_of_doc = np.empty(len(corpus.documents), dtype=np.int64)
    local_row = np.empty(len(row_doc), dtype=np.int64)
    for p, members in enumerate(parts):
        part_of_doc[members] = p
        rows = np.concatenate([np.arange(corpus.first[corpus.documents[n].id],
                                         corpus.first[corpus.documents[n].id] + len(corpus.documents[n].sentences))
                               for n in members]) if members else np.zeros(0, dtype=np.int64)
        local_row[rows] = np.arange(len(rows))
    pairs: list[list[tuple[float, int, int]]] = [[] for _ in parts]
    row_part = part_of_doc[row_doc].tolist()
    local = local_row.tolist()
    for score, i, j in corpus.pairs:
        pairs[row_part[i]].append((score, local[i], local[j]))
    part_of_id = {d.id: int(part_of_doc[n]) for n, d in enumerate(corpus.documents)}
    related: list[set[tuple[str, str]]] = [set() for _ in parts]
    for a, b in corpus.related or ():
        if a in part_of_id and part_of_id[a] == part_of_id.get(b):
            related[part_of_id[a]].add((a, b))
    out = []
    for p, members in enumerate(parts):
        docs = [corpus.documents[n] for n in members]
        out.append(Corpus(docs, None, pairs[p], story={d.id: corpus.story.get(d.id, -1) for d in docs},
                          related=None if corpus.related is None else related[p]))
    return out


def part_key(part: Corpus, layers: str) -> bytes:
    """A hash of everything a check reads of a part: documents (content and reference flag),
    extraction layers, sentence pairs with their scores, story links and labels."""
    h = hashlib.sha1(f"part|{layers}|".encode())
    for d in part.documents:
        h.update(doc_bytes(d) + b"\0")
    h.update(np.asarray(part.pairs, dtype=np.float64).tobytes())
    pos = {d.id: n for n, d in enumerate(part.documents)}
    related = None if part.related is None else sorted((pos[a], pos[b]) for a, b in part.related)
    labels: dict[int, int] = {}
    grouping = [labels.setdefault(part.story.get(d.id, -1), n) for n, d in enumerate(part.documents)]
    h.update(json.dumps([related, grouping]).encode())
    return h.digest()


def corpus_key(corpus: Corpus, keys: list[bytes], layers: str) -> bytes:
    """The whole corpus: the documents in input order and every part's key."""
    h = hashlib.sha1(f"corpus|{layers}|".encode())
    for d in corpus.documents:
        h.update(doc_key(d) + (b"R" if d.reference else b"C"))
    for k in keys:
        h.update(k)
    return h.digest()


def check_key(check: Check) -> str | None:
    """The cache key of a check's results: the package's code and ``check.fingerprint()`` (its
    configuration and the libraries it asks), or None when it has no stable fingerprint (never cached)."""
    fingerprint = check.fingerprint()
    if fingerprint is None:
        return None
    return hashlib.sha1(json.dumps([package_hash(), fingerprint]).encode()).hexdigest()[:24]


# --- running ---------------------------------------------------------------------------------


Stats = dict[int, dict]  # check number -> its gathered corpus-wide statistics


def _run(state: State, units: list[Unit]) -> tuple[str, list[tuple[int, int, list[Finding]]]]:
    whole, parts, checks, stats = state
    out = []
    for p, c in units:
        corpus = whole if p == ALL else parts[p]
        found = checks[c].run_with(corpus, stats[c]) if c in stats else checks[c].run(corpus)
        out.append((p, c, list(found)))
    return package_hash(), out


def _tasks(units: list[Unit], cost: dict[int, int], slots: int) -> list[list[Unit]]:
    """Units, costliest first (dynamic scheduling then balances the workers), cheap ones packed together."""
    order = sorted(units, key=lambda u: (-cost[u[0]], u))
    target = max(1, sum(cost[p] for p, _ in order) // max(1, 8 * slots))
    tasks: list[list[Unit]] = []
    load = 0
    for u in order:
        if not tasks or load + cost[u[0]] > target:  # a unit as costly as the target goes alone
            tasks.append([])
            load = 0
        tasks[-1].append(u)
        load += cost[u[0]]
    return tasks


class _PerDocument:
    """The cache keys of checks with a ``reach``: one per checked document, its ball's key (plus, for
    a check that gathers statistics, the digest of the entries ``reads`` names for that ball)."""

    def __init__(self, corpus: Corpus, layers: str) -> None:
        self.corpus, self.layers = corpus, layers
        self.checked = [n for n, d in enumerate(corpus.documents) if not d.reference]
        self._balls: dict[int, list[list[int]]] = {}
        self._keys: dict[int, list[bytes]] = {}

    @cached_property
    def graph(self) -> LinkGraph:  # only keys and partial re-checks need it: not a run without a cache
        return LinkGraph(self.corpus)

    def balls(self, reach: int) -> list[list[int]]:
        if reach not in self._balls:
            self._balls[reach] = [self.graph.ball(n, reach) for n in self.checked]
        return self._balls[reach]

    def keys(self, check: Check, stats: dict | None) -> list[bytes]:
        reach = check.reach if check.reach is not None else 0
        if reach not in self._keys:
            self._keys[reach] = [self.graph.key(n, ball, self.layers)
                                 for n, ball in zip(self.checked, self.balls(reach), strict=True)]
        if stats is None:
            return self._keys[reach]
        docs = self.corpus.documents
        digest = StatsDigest(stats)
        out = []
        for n, ball, key in zip(self.checked, self.balls(reach), self._keys[reach], strict=True):
            around = [docs[n], *(docs[m] for m in ball if m != n)]
            out.append(hashlib.sha1(key + digest(check.reads(stats, around))).digest())
        return out


def run_units(
    corpus: Corpus,
    checks: Sequence[Check],
    *,
    cache: RunCache | None = None,
    workers: int = 1,
    scheduler: Any = None,
    layers: str = "",
    progress: Progress | None = None,
    tally: dict[str, Any] | None = None,
) -> list[Finding]:
    """Run ``checks`` per part (story scope) or once (corpus scope), from the cache where it holds
    them; the merged findings about checked documents, deduped, in a stable order.

    A check with a ``reach`` is cached per checked document under its neighbourhood's key: a warm run
    re-checks only the documents whose key changed, on the corpus of their neighbourhoods (or on
    their whole part when most of it changed). ``tally``, when given, receives how many documents
    each check re-checked and read (``bench/parts.py``)."""
    progress = progress or NullProgress()
    parts = partitions(corpus)
    subs = split(corpus, parts)
    fps = [check_key(c) if cache is not None else None for c in checks]
    results: dict[Unit, list[Finding]] = {}
    keys = [part_key(sub, layers) for sub in subs] if cache is not None else []
    whole_key = corpus_key(corpus, keys, layers) if cache is not None else b""
    # A check with a reach whose whole corpus is unchanged (a warm run over the same archive) is read
    # back whole: no statistics gathered, no neighbourhood keyed.
    whole_found: dict[int, list[Finding]] = {}
    if cache is not None:
        for c, check in enumerate(checks):
            if check.reach is not None and fps[c] is not None:
                hit = cache.get_checked(fps[c], [_WHOLE + whole_key])
                if hit:
                    whole_found[c] = hit[_WHOLE + whole_key]
    per_doc = [c for c, check in enumerate(checks) if check.reach is not None and c not in whole_found]
    stats: Stats = {}
    for c in per_doc:
        gathered = checks[c].gather(corpus)
        if gathered is not None:
            stats[c] = gathered
    # per document: check -> checked document number -> findings (from the cache or split from a unit)
    doc_found: dict[int, dict[int, list[Finding]]] = {c: {} for c in per_doc}
    doc_keys: dict[int, list[bytes]] = {}
    units = [(p, c) for c, check in enumerate(checks) if check.reach is None
             for p in (range(len(parts)) if check.scope == "story" else (ALL,))]
    if cache is not None:
        for c, fp in enumerate(fps):
            if fp is None or checks[c].reach is not None:
                continue
            wanted = [(p, keys[p] if p != ALL else whole_key) for p, cc in units if cc == c]
            hits = cache.get_checked(fp, [k for _, k in wanted])
            for p, k in wanted:
                if k in hits:
                    results[(p, c)] = hits[k]
    todo = [u for u in units if u not in results]
    owner: dict[Unit, tuple[int, list[int]]] = {}  # a per-document unit: its check and the documents it re-checks
    if per_doc:
        index = _PerDocument(corpus, layers)
        part_of = {n: p for p, members in enumerate(parts) for n in members}
        made: dict[tuple[int, ...], int] = {}
        for c in per_doc:
            fp = fps[c]
            hits: dict[bytes, list[Finding]] = {}
            if cache is not None and fp is not None:  # without a cache every document is checked: no keys
                doc_keys[c] = index.keys(checks[c], stats.get(c))
                hits = cache.get_checked(fp, doc_keys[c])
            missing: dict[int, list[int]] = {}
            for k, n in enumerate(index.checked):
                if c in doc_keys and doc_keys[c][k] in hits:
                    doc_found[c][n] = hits[doc_keys[c][k]]
                else:
                    missing.setdefault(part_of[n], []).append(k)
            reach = checks[c].reach or 0
            for p, ks in sorted(missing.items()):
                focus = [index.checked[k] for k in ks]
                in_part = sum(1 for n in parts[p] if not corpus.documents[n].reference)
                if 2 * len(focus) >= in_part:  # most of the part: run it whole, as a cold run does
                    unit = (p, c)
                else:  # the checks of one reach share the corpus of the same neighbourhoods
                    around = tuple(index.graph.around(focus, reach))
                    if around not in made:
                        made[around] = len(subs)
                        subs.append(induced(corpus, list(around)))
                    unit = (made[around], c)
                owner[unit] = (c, focus)
                todo.append(unit)
    if tally is not None:  # what was re-checked: per check, and the documents any check re-checked
        ids = [d.id for d in corpus.documents]
        whole_parts = {u: {ids[n] for n in (range(len(ids)) if u[0] == ALL else parts[u[0]])} for u in todo
                       if u not in owner}
        mine = {u: {ids[n] for n in focus} for u, (_, focus) in owner.items()}
        tally["documents"] = sum(1 for d in corpus.documents if not d.reference)
        tally["rechecked"] = {check.code: len(set().union(*(v for u, v in (*whole_parts.items(), *mine.items())
                                                             if u[1] == c))) for c, check in enumerate(checks)}
        tally["read"] = {check.code: sum(len(subs[u[0]].documents) if u[0] != ALL else len(ids)
                                         for u in todo if u[1] == c) for c, check in enumerate(checks)}
        tally["any"] = len(set().union(*whole_parts.values(), *mine.values()))
    cost = {p: 1 + len(s.sentences) for p, s in enumerate(subs)}
    cost[ALL] = 1 + len(corpus.sentences)
    whole = Corpus(corpus.documents, None, corpus.pairs, story=corpus.story, related=corpus.related)
    state: State = (whole, subs, checks, stats)
    settled = sum(1 for c in per_doc if all(cc != c for cc, _ in owner.values()))  # every document from the cache
    n_units = len(units) + len(owner) + len(whole_found) + settled
    with progress.stage("check", n_units) as advance:
        advance(n_units - len(todo))
        how = mode(workers, scheduler, len(todo)) if todo else "serial"
        tasks = (_tasks(todo, cost, max(workers, 2)) if how == "dask" else _tasks(todo, cost, workers)
                 if how == "processes" else [[u] for u in todo])
        fresh: list[tuple[str, bytes, list[Finding]]] = []
        position = {d.id: n for n, d in enumerate(corpus.documents)}
        key_of = {c: dict(zip(index.checked, keys_c, strict=True)) for c, keys_c in doc_keys.items()}
        for out in execute(_run, state, tasks, how=how, code=package_hash(), what="check", workers=workers,
                           scheduler=scheduler, ordered=False):
            for p, c, found in out:
                if (p, c) in owner:
                    _, focus = owner[(p, c)]
                    mine: dict[int, list[Finding]] = {n: [] for n in focus}
                    for f in found:
                        n = position.get(f.evidence[0].doc, -1) if f.evidence else -1
                        if n in mine:
                            mine[n].append(f)
                    doc_found[c].update(mine)
                    if cache is not None and fps[c] is not None:
                        fresh.extend((fps[c], key_of[c][n], v) for n, v in mine.items())
                    continue
                results[(p, c)] = found
                if cache is not None and fps[c] is not None:
                    fresh.append((fps[c], keys[p] if p != ALL else whole_key, found))
            advance(len(out))
            if cache is not None and len(fresh) >= 256:  # stored as we go: an interrupted run keeps its work
                cache.put_checked(fresh)
                fresh = []
        for c in per_doc:  # the whole corpus's findings too: the next run over it reads them back at once
            whole_found[c] = [f for n in sorted(doc_found[c]) for f in doc_found[c][n]]
            if cache is not None and fps[c] is not None:
                fresh.append((fps[c], _WHOLE + whole_key, whole_found[c]))
        if cache is not None and fresh:
            cache.put_checked(fresh)
    per_check = [[results[u] for u in units if u[1] == c] if checks[c].reach is None else [whole_found[c]]
                 for c in range(len(checks))]
    return merge(corpus, per_check)


def merge(corpus: Corpus, per_check: list[list[list[Finding]]]) -> list[Finding]:
    """Findings about checked (non-reference) documents, the first of equal ids kept, in a stable order.

    ``per_check``: for each check in order, its findings per unit in part order."""
    reference = {d.id for d in corpus.documents if d.reference}
    order = {d.id: n for n, d in enumerate(corpus.documents)}
    found: dict[str, Finding] = {}
    for lists in per_check:
        for findings in lists:
            for f in findings:
                if f.evidence and f.evidence[0].doc not in reference:
                    found.setdefault(f.id, f)
    return sorted(found.values(), key=lambda f: f.sort_key(order))
