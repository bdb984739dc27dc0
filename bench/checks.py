"""The checks stage alone on the real archive: 1 process, N processes, a local Dask cluster, and a
warm run whose findings come from the per-story cache.

    python bench/checks.py                       # all ~2,250 real articles (bench/archive.py's archive)
    python bench/checks.py --size 0.5 --workers 2 --dask 2 --rounds 2 --torch --cache /tmp/c

Each configuration runs in a fresh process (no cache warmed by an earlier configuration, as a
real run starts), round robin over ``--rounds``: the process prepares, embeds and pairs the
archive from ``--cache`` (nothing is encoded after the first invocation), then times
``pipeline.run_checks`` alone, uncached, except the ``fill`` (cache table emptied, then filled)
and ``warm`` (every story from the cache) phases. ``--torch`` imports torch first, as a cold run
has, so local workers are spawned rather than forked. The Dask cluster is started before the
timer (a run starts one for extraction and checks alike). Prints the story parts, the seconds of
each configuration and of each check on one process, and whether every configuration's findings
are identical to the single-process ones.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archive import make_archive


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def phase(args: argparse.Namespace) -> dict:
    """One configuration in this (fresh) process; the findings go to ``--out``."""
    if args.torch:
        import torch  # noqa: F401

    from factcheck.core.config import load_settings
    from factcheck.embed.vectors import embed_documents, make_embedder
    from factcheck.extract import layers_for
    from factcheck.ingest.read import read_documents
    from factcheck.pair.assembly import assemble_corpus
    from factcheck.pair.pairing import PairingOptions
    from factcheck.rules.packs import load_checks
    from factcheck.run.cache import RunCache
    from factcheck.run.pipeline import run_checks
    from factcheck.run.prepare import prepare_documents
    from factcheck.run.story_run import partitions

    settings = load_settings({})
    checks = load_checks(settings)
    layers = layers_for(need for c in checks for need in c.needs)
    store = RunCache(args.cache)
    docs, _ = read_documents([str(args.cache / "archive.jsonl")])
    prepared, _ = prepare_documents(docs, workers=args.workers, cache=store, layers=layers)
    embedder = make_embedder(settings.model, settings.dtype, settings.encoder)
    emb, rows = embed_documents(prepared, embedder, cache=store)
    corpus = assemble_corpus(prepared, emb, rows, options=PairingOptions(threshold=settings.pair_threshold))
    kw: dict = {"layers": layers}
    client = cluster = None
    if args.phase == "dask":
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=args.dask, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        kw.update(scheduler=client, workers=args.dask)
    elif args.phase in ("pool", "fill", "warm"):
        kw["workers"] = args.workers
    if args.phase == "fill":
        store._db.execute("DELETE FROM checked")  # this bench's cache alone: filled from empty
    if args.phase in ("fill", "warm"):
        kw["cache"] = store
    load = os.getloadavg()[0]
    cpu = _cpu()
    t = time.perf_counter()
    found = run_checks(corpus, checks, **kw)
    seconds = time.perf_counter() - t
    # CPU seconds of this process and its pool workers (reaped when the pool closes); Dask's workers
    # are the nanny's children, not counted
    out = {"phase": args.phase, "seconds": round(seconds, 2), "cpu": round(_cpu() - cpu, 2), "findings": len(found),
           "load": [round(load, 2), round(os.getloadavg()[0], 2)]}
    args.out.write_text(json.dumps([f.to_dict() for f in found]), encoding="utf-8")
    if args.phase == "one":
        sizes = sorted((len(p) for p in partitions(corpus)), reverse=True)
        out.update(documents=len(corpus.documents), sentences=len(corpus.sentences), pairs=len(corpus.pairs),
                   parts=len(sizes), largest=sizes[:5], singletons=Counter(sizes)[1],
                   story=[c.code for c in checks if c.scope == "story"],
                   corpus=[c.code for c in checks if c.scope == "corpus"])
        per = {}
        for c in checks:  # after the timed run: per check over the whole corpus, caches warm
            t = time.perf_counter()
            for _ in c.run(corpus):
                pass
            per[c.code] = round(time.perf_counter() - t, 2)
        out["per_check"] = dict(sorted(per.items(), key=lambda kv: -kv[1]))
    if client is not None:
        client.close()
        cluster.close()
    store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=float, default=1.0, help="a fraction of the real articles (<= 1) or a count")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dask", type=int, default=2, help="workers of the local Dask cluster (0: skip)")
    ap.add_argument("--rounds", type=int, default=1, help="uncached configurations run round robin this many times")
    ap.add_argument("--torch", action="store_true",
                    help="import torch first, as a cold run has: local workers are then spawned, not forked")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-bench-checks")
    ap.add_argument("--phase", choices=["one", "pool", "dask", "fill", "warm"])
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    if args.phase:
        print(json.dumps(phase(args)))
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    n = make_archive(args.size, args.cache / "archive.jsonl")
    common = ["--cache", str(args.cache), "--workers", str(args.workers), "--dask", str(args.dask)]
    common += ["--torch"] if args.torch else []
    print(f"{n} documents; load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"{'torch imported first (spawned workers)' if args.torch else 'forked workers'}", flush=True)

    def sub(name: str, tag: str) -> dict:
        out = args.cache / f"findings-{tag}.json"
        res = subprocess.run([sys.executable, __file__, "--phase", name, "--out", str(out), *common],
                             capture_output=True, text=True, check=False)
        if res.returncode:
            raise SystemExit(f"phase {name} failed:\n{res.stderr[-3000:]}")
        r = json.loads(res.stdout.strip().splitlines()[-1])
        r["out"] = out
        return r

    names = {"one": "1 process", "pool": f"{args.workers} processes",
             "dask": f"Dask local cluster, {args.dask} workers",
             "fill": f"{args.workers} processes, filling the cache", "warm": "warm: every story from the cache"}
    runs = []
    for r in range(args.rounds):  # round robin: a change in the machine's load hits every configuration alike
        for name in ("one", "pool", *(("dask",) if args.dask else ())):
            res = sub(name, f"{name}-{r}")
            if name == "one" and r == 0:
                print(f"{res['documents']} documents, {res['sentences']} sentences, {res['pairs']} pairs; story "
                      f"parts {res['parts']}, largest {res['largest']} documents, {res['singletons']} single; "
                      f"story scope {res['story']}, corpus scope {res['corpus']}", flush=True)
                print("per check, 1 process, whole corpus: " + ", ".join(
                    f"{k} {v}s" for k, v in res["per_check"].items()), flush=True)
            print(f"round {r + 1}: {names[name]}: {res['seconds']}s (CPU {res['cpu']}s), {res['findings']} findings, "
                  f"load {res['load'][0]} -> {res['load'][1]}", flush=True)
            runs.append(res)
    for name in ("fill", "warm"):
        res = sub(name, name)
        print(f"{names[name]}: {res['seconds']}s (CPU {res['cpu']}s), {res['findings']} findings, "
              f"load {res['load'][0]} -> {res['load'][1]}", flush=True)
        runs.append(res)
    reference = runs[0]["out"].read_text(encoding="utf-8")
    same = all(r["out"].read_text(encoding="utf-8") == reference for r in runs)
    print(f"findings of all {len(runs)} runs identical to the first 1-process run: {same}", flush=True)


if __name__ == "__main__":
    main()
