"""The checks stage alone on the real archive: 1 process, N processes, a local Dask cluster, and a
warm run whose findings come from the per-story cache.

    python bench/checks.py                       # all ~2,250 real articles (bench/archive.py's archive)
    python bench/checks.py --size 0.5 --workers 2 --dask 2 --cache /tmp/c

The corpus is prepared, embedded and paired once (from ``--cache``, so a second invocation does
not encode), then ``pipeline.run_checks`` runs on it in each configuration, uncached except the
warm one (a fresh cache table filled by a first cached run). Prints the story parts (sizes), the
seconds of each configuration and of each check on one process, and whether every
configuration's findings are identical to the single-process ones.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import make_archive


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=1.0, help="a fraction of the real articles (<= 1) or a count")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dask", type=int, default=2, help="workers of the local Dask cluster (0: skip)")
    ap.add_argument("--rounds", type=int, default=1, help="uncached configurations run round robin this many times")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-bench-checks")
    args = ap.parse_args()

    from factcheck.assembly import assemble_corpus
    from factcheck.cache import EmbeddingCache
    from factcheck.config import load_settings
    from factcheck.embed import embed_documents, make_embedder
    from factcheck.extract import layers_for
    from factcheck.ingest import read_documents
    from factcheck.pairing import PairingOptions
    from factcheck.parallel import prepare_documents
    from factcheck.pipeline import run_checks
    from factcheck.rules import load_checks
    from factcheck.story_run import partitions

    args.cache.mkdir(parents=True, exist_ok=True)
    archive = args.cache / "archive.jsonl"
    n = make_archive(args.size, archive)
    settings = load_settings({})
    checks = load_checks(settings)
    layers = layers_for(need for c in checks for need in c.needs)
    store = EmbeddingCache(args.cache)
    t = time.perf_counter()
    docs, _ = read_documents([str(archive)])
    prepared, _ = prepare_documents(docs, workers=args.workers, cache=store, layers=layers)
    emb, rows = embed_documents(prepared, make_embedder(settings.model, settings.precision), cache=store)
    corpus = assemble_corpus(prepared, emb, rows, options=PairingOptions(threshold=settings.pair_threshold))
    print(f"{n} documents, {len(corpus.sentences)} sentences, {len(corpus.pairs)} pairs; corpus ready in "
          f"{time.perf_counter() - t:.1f}s; load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    sizes = sorted((len(p) for p in partitions(corpus)), reverse=True)
    print(f"story parts: {len(sizes)}, largest {sizes[:5]} documents, "
          f"singletons {Counter(sizes)[1]}", flush=True)
    print(f"scopes: story {[c.code for c in checks if c.scope == 'story']}, "
          f"corpus {[c.code for c in checks if c.scope == 'corpus']}", flush=True)

    def timed(label: str, **kw) -> str:
        load = os.getloadavg()[0]
        t = time.perf_counter()
        found = run_checks(corpus, checks, layers=layers, **kw)
        print(f"{label}: {time.perf_counter() - t:.2f}s, {len(found)} findings, load {load:.2f} -> "
              f"{os.getloadavg()[0]:.2f}", flush=True)
        return json.dumps([f.to_dict() for f in found])

    client = cluster = None
    if args.dask:  # started once, as a run's extraction and checks share one (pipeline.check_documents)
        from distributed import Client, LocalCluster

        t = time.perf_counter()
        cluster = LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        print(f"Dask local cluster of {args.dask} workers started in {time.perf_counter() - t:.2f}s", flush=True)
    same: dict[str, str] = {}
    for r in range(args.rounds):  # round robin: a change in the machine's load hits every configuration alike
        one = timed(f"round {r + 1}: checks, 1 process")
        same[f"{args.workers} processes"] = timed(f"round {r + 1}: checks, {args.workers} processes",
                                                  workers=args.workers)
        if args.dask:
            same[f"Dask local:{args.dask}"] = timed(f"round {r + 1}: checks, Dask local:{args.dask}",
                                                     scheduler=client, workers=args.dask)
    if client is not None:
        client.close()
        cluster.close()
    store._db.execute("DELETE FROM checked")  # the warm run's cache filled by this bench alone
    same["cache filled"] = timed(f"checks, {args.workers} processes, filling the cache", workers=args.workers,
                                 cache=store)
    same["warm"] = timed("checks, warm (every story from the cache)", workers=args.workers, cache=store)
    for label, out in same.items():
        print(f"{label}: findings {'identical to' if out == one else 'DIFFER from'} 1 process", flush=True)

    per: dict[str, float] = {}
    for c in checks:
        t = time.perf_counter()
        for _ in c.run(corpus):
            pass
        per[c.code] = time.perf_counter() - t
    print("per check, 1 process, whole corpus: " + ", ".join(
        f"{code} {s:.2f}s" for code, s in sorted(per.items(), key=lambda kv: -kv[1])), flush=True)
    store.close()


if __name__ == "__main__":
    main()
