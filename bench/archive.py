"""Archive-scale benchmark on real text: cold, warm and draft runs over the shared benches' articles.

    python bench/archive.py                        # 1/4, 1/2 and all of the ~2,250 articles, 2 workers
    python bench/archive.py --sizes 1 --draft      # all of them, plus an index build and a draft check

Documents: the distinct real articles of /work/shared/bench dev, wide and clean (a text that
occurs twice is used once; ids get their bench's name), shuffled once with a fixed seed, so a
1/4 archive is a subset of the 1/2 one and each mixes the benches alike. Nothing is synthetic.

Each phase runs in a fresh process (honest cold start and peak RSS): ``cold`` (empty cache),
``warm`` (same command, cache filled), ``raw`` (the reference: a bare
``SentenceTransformer.encode`` of exactly the sentences the cold run encoded, same model path,
precision and batch size) and with ``--draft`` an index build plus a sub-editor's draft check.
The cold and warm runs go through ``api.check`` and ``api.write_reports`` as the CLI does; the
bench only wraps the stage functions with timers (ingest, extract, embed, pair, checks,
findings, report) and splits the extraction wall time into segment and extract by the CPU
seconds the workers spent in each.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCHES = Path(os.environ.get("FACTCHECK_BENCHES", Path(__file__).resolve().parents[2] / "shared/bench"))
if not BENCHES.exists():
    BENCHES = Path("/work/shared/bench")
DEV = BENCHES / "dev/archive.jsonl"
SOURCES = ("dev", "wide", "clean")
STAGES = ("ingest", "segment", "extract", "embed", "pair", "checks", "findings", "report")


def real_articles() -> list[dict]:
    """Every distinct article of the benches, ids prefixed with the bench, in a fixed shuffled order."""
    docs, texts = [], set()
    for bench in SOURCES:
        for line in (BENCHES / bench / "archive.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip() and (doc := json.loads(line))["text"] not in texts:  # dev repeats one text
                texts.add(doc["text"])
                docs.append({**doc, "id": f"{bench}:{doc['id']}"})  # the benches reuse ids
    random.Random(0).shuffle(docs)  # prefixes of one order: 1/4 is inside 1/2, benches mixed alike
    return docs


def make_archive(size: float, out: Path) -> int:
    """Write the first ``size`` articles (a count, or a fraction of all when <= 1); returns how many."""
    docs = real_articles()
    n = round(size * len(docs)) if size <= 1 else min(int(size), len(docs))
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(d) + "\n" for d in docs[:n])
    return n


class TimedEmbedder:
    """Wraps an embedder: seconds loading the model, seconds encoding, and the texts it encoded."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name = inner, inner.name
        self.cache_name = getattr(inner, "cache_name", inner.name)
        self.load_s, self.seconds, self.texts = 0.0, 0.0, []
        self._loaded = False

    def describe(self) -> str:
        return self.inner.describe()

    def encode(self, texts: list[str]) -> Any:
        if hasattr(self.inner, "load") and not self._loaded:  # the import and load, apart from encoding
            t = time.perf_counter()
            self.inner.load()  # every backend's load is idempotent: the first call pays
            self.load_s += time.perf_counter() - t
            self._loaded = True
        t = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - t
        self.texts.extend(texts)
        return out


class StageClock:
    """Adds up wall seconds per stage by wrapping the functions the pipeline calls for each stage.

    The extraction workers are forked from this process, so two shared counters inherited
    by them add up the CPU seconds spent segmenting and running the extraction layers."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        ctx = mp.get_context("fork")
        self.worker_cpu = {"segment": ctx.Value("d", 0.0), "extract": ctx.Value("d", 0.0)}

    def wrap(self, module: Any, name: str, stage: str, shared: bool = False) -> None:
        inner: Callable = getattr(module, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter() if not shared else time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                if shared:
                    with self.worker_cpu[stage].get_lock():
                        self.worker_cpu[stage].value += time.process_time() - t
                else:
                    self.wall[stage] += time.perf_counter() - t

        setattr(module, name, timed)

    def install(self) -> None:
        import factcheck.api as api
        import factcheck.run.pipeline as pipeline
        import factcheck.run.prepare as parallel
        import factcheck.segment.sentences as segment

        self.wrap(pipeline, "read_documents", "ingest")
        self.wrap(pipeline, "prepare_documents", "extract")
        self.wrap(pipeline, "embed_documents", "embed")
        self.wrap(pipeline, "assemble_corpus", "pair")
        self.wrap(pipeline, "run_checks", "checks")
        self.wrap(api, "run_stage", "findings")
        self.wrap(api, "write_reports", "report")
        self.wrap(segment, "segment", "segment", shared=True)  # prepare() imports it at call time
        self.wrap(parallel, "extract", "extract", shared=True)

    def stages(self) -> dict[str, float]:
        """Wall seconds per stage; the extraction wall split into segment and extract by worker CPU."""
        out = dict(self.wall)
        seg, ext = (self.worker_cpu[k].value for k in ("segment", "extract"))
        prepare_wall = out["extract"]
        out["segment"] = prepare_wall * seg / (seg + ext) if seg + ext else 0.0
        out["extract"] = prepare_wall - out["segment"]
        return {k: round(v, 2) for k, v in out.items()}


def _rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(kids, 1)


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def check_phase(args: argparse.Namespace) -> dict:
    """One cold or warm run through api.check and api.write_reports, timed per stage."""
    t0, load0 = time.perf_counter(), _load()
    clock = StageClock()
    clock.install()
    import factcheck.api as api
    from factcheck.core.config import load_settings
    from factcheck.embed.vectors import make_embedder

    settings = load_settings({})
    emb = TimedEmbedder(make_embedder(settings.model, settings.dtype, settings.encoder))
    result = api.check([str(args.archive)], settings=settings, embedder=emb, cache=args.cache, workers=args.workers)
    out_dir = args.cache / "reports"
    out_dir.mkdir(parents=True, exist_ok=True)
    api.write_reports(result, api.Outputs(json=str(out_dir / "r.json"), html=str(out_dir / "r.html"), force=True))
    wall = time.perf_counter() - t0
    sentences = sum(len(d.sentences) for d in result.documents)
    out = {
        "phase": args.phase, "documents": len(result.documents), "sentences": sentences,
        "findings": len(result.findings), "wall_s": round(wall, 2), "sentences_per_s": round(sentences / wall, 1),
        "encoded": len(emb.texts), "encode_s": round(emb.seconds, 2), "load_model_s": round(emb.load_s, 2),
        "stages": clock.stages(), "embedding": result.embedding, "load_avg": [load0, _load()],
    }
    out["encode_share"] = round(emb.seconds / wall, 3)
    from factcheck.embed.pairable import pairable_rows  # after the clock: the count is the bench's, not the run's

    out["pairable"] = int(pairable_rows(result.documents).sum())  # the rest are never encoded
    out["skipped_share"] = round(1 - out["pairable"] / max(sentences, 1), 3)
    out["peak_rss_mb"], out["peak_rss_children_mb"] = _rss_mb()
    if emb.texts:  # the raw reference encodes exactly these
        (args.cache / "encoded.json").write_text(json.dumps(emb.texts), encoding="utf-8")
    return out


def raw_phase(args: argparse.Namespace) -> dict:
    """The reference: the same sentences through a bare float32 SentenceTransformer.encode (whatever
    backend the run used), same model path, offline loading and batch size."""
    from factcheck.core.config import load_settings
    from factcheck.embed.vectors import make_embedder

    texts = json.loads((args.cache / "encoded.json").read_text(encoding="utf-8"))
    settings = load_settings({})
    emb = make_embedder(settings.model, "float32", "torch-float32")
    load0, t = _load(), time.perf_counter()
    model = emb.load()  # the same path, precision and offline loading as the pipeline's
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    model.encode(texts, batch_size=emb.batch_size, convert_to_numpy=True, show_progress_bar=False)
    encode_s = time.perf_counter() - t
    return {"phase": "raw", "encoded": len(texts), "encode_s": round(encode_s, 2), "load_model_s": round(load_s, 2),
            "rate": round(len(texts) / encode_s, 1), "embedding": emb.describe(), "load_avg": [load0, _load()],
            "peak_rss_mb": _rss_mb()[0]}


def index_phase(args: argparse.Namespace) -> dict:
    from factcheck.embed.vectors import make_embedder
    from factcheck.run.cache import RunCache
    from factcheck.run.index import build_index

    cache = RunCache(args.cache)
    t = time.perf_counter()
    build_index([str(args.archive)], args.index, make_embedder(None), cache=cache, workers=args.workers)
    cache.close()
    return {"phase": "index", "index_build_s": round(time.perf_counter() - t, 2), "peak_rss_mb": _rss_mb()[0]}


def phase(args: argparse.Namespace) -> dict:
    from factcheck.cli import _quiet_process_defaults

    _quiet_process_defaults()  # as the CLI would: passive OpenMP waits when the machine is busy
    out = {"raw": raw_phase, "index": index_phase}.get(args.phase, check_phase)(args)
    out["omp_wait_policy"] = os.environ.get("OMP_WAIT_POLICY", "default")
    return out


def sub(argv: list[str]) -> dict:
    t = time.perf_counter()
    res = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True, check=False)
    if res.returncode:
        raise SystemExit(f"phase failed: {argv}\n{res.stderr[-3000:]}")
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["process_wall_s"] = round(time.perf_counter() - t, 2)
    return data


def draft_check(index: Path, cache: Path, draft: Path) -> dict:
    """The sub-editor's command, timed as a whole process (model weights on disk, import counted)."""
    cmd = [sys.executable, "-m", "factcheck", "check", str(draft), "--against", str(index), "--cache", str(cache),
           "--json", str(draft.with_suffix(".json")), "--fail-on", "never", "-q", "--force"]
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return {"wall_s": round(time.perf_counter() - t, 2), "rc": res.returncode, "out": res.stdout.strip()[:200]}


def recall(index_path: Path, labels: Path) -> None:
    """Story-blocked pairing vs exhaustive search on an index of the dev archive.

    True pairs: the cross-document pairs among the exhaustive top-k (k=5, cosine >= 0.45,
    every sentence against every other, within and across documents, as the pipeline
    ranks them) between two documents the labels say report one story (an injected
    error's document and its evidence document). Recall: the share of them that
    pairing.linked_pairs finds when it only compares documents linked by story blocking.
    Also shown for the cross-document-only ranking (stricter: within-document partners
    then compete in the blocked run but not in the exhaustive one)."""
    import numpy as np

    from factcheck.pair.pairing import PairingOptions, linked_pairs, top_pairs
    from factcheck.pair.stories import components, links_from_neighbours
    from factcheck.run.index import load_index

    opt = PairingOptions()
    idx = load_index(index_path)
    emb = np.asarray(idx.embeddings)
    groups = np.repeat(np.arange(idx.size), np.diff(idx.row_starts))
    ids = [d.id for d in idx.documents(range(idx.size))]
    pos = {d: n for n, d in enumerate(ids)}
    same = set()
    for line in labels.read_text(encoding="utf-8").splitlines():
        lab = json.loads(line)
        if lab["evidence_doc"] != lab["doc"] and lab["doc"] in pos and lab["evidence_doc"] in pos:
            a, b = pos[lab["doc"]], pos[lab["evidence_doc"]]
            same.add((min(a, b), max(a, b)))
    t = time.perf_counter()
    exhaustive = [p for p in top_pairs(emb, groups, k=opt.k, threshold=opt.threshold) if groups[p[1]] != groups[p[2]]]
    t_ex = time.perf_counter() - t
    cross_only = top_pairs(emb, groups, k=opt.k, threshold=opt.threshold, within=False)
    links = links_from_neighbours(idx.neighbours, idx.neighbour_sims, threshold=opt.story_threshold, k=opt.story_k)
    t = time.perf_counter()
    blocked = {(i, j) for _, i, j in linked_pairs(emb, groups, links, k=opt.k, threshold=opt.threshold)}
    t_bl = time.perf_counter() - t

    def pair_docs(i: int, j: int) -> tuple[int, int]:
        a, b = int(groups[i]), int(groups[j])
        return (min(a, b), max(a, b))

    true = [(i, j) for _, i, j in exhaustive if pair_docs(i, j) in same]
    found = sum((i, j) in blocked for i, j in true)
    strict = [(i, j) for _, i, j in cross_only if pair_docs(i, j) in same]
    strict_found = sum((i, j) in blocked for i, j in strict)
    lost = sorted({pair_docs(i, j) for i, j in true if (i, j) not in blocked})
    every = sum((i, j) in blocked for _, i, j in exhaustive)
    sizes = np.bincount(components(idx.size, links))
    print(f"documents {idx.size}, sentences {emb.shape[0]}, links {len(links)} ({2 * len(links) / idx.size:.1f}/doc), "
          f"labelled same-story doc pairs linked {sum(p in set(links) for p in same)}/{len(same)}")
    print(f"true cross-document pairs (labelled same-story documents): {len(true)}, found {found}, "
          f"recall {found / max(len(true), 1):.3f}; missed ones lie in {len(lost)} unlinked document pairs")
    print(f"cross-document-only ranking: {len(strict)} true pairs, found {strict_found}, "
          f"recall {strict_found / max(len(strict), 1):.3f}")
    print(f"all exhaustive cross-document pairs >= {opt.threshold}: {len(exhaustive)}, found {every} "
          f"({every / max(len(exhaustive), 1):.3f}; most of the rest join unrelated articles)")
    print(f"exhaustive pairing {t_ex:.2f}s, story-blocked {t_bl:.2f}s; "
          f"largest story component {sizes.max()} documents, median {int(np.median(sizes[sizes > 0]))}")


def show_run(label: str, r: dict) -> None:
    """One line per phase: wall, sentences/s, encode share, peak RSS, stage seconds."""
    stages = " ".join(f"{k} {v}" for k, v in r["stages"].items())
    print(f"{label} {r['phase']:4s}: {r['documents']} docs, {r['sentences']} sentences, wall {r['wall_s']}s "
          f"({r['sentences_per_s']} sentences/s), process {r['process_wall_s']}s; encoded {r['encoded']} in "
          f"{r['encode_s']}s (model load {r['load_model_s']}s), encode share {r['encode_share']:.1%}; "
          f"not pairable, never encoded: {r['sentences'] - r['pairable']} sentences ({r['skipped_share']:.1%}); "
          f"peak RSS {r['peak_rss_mb']} MB (workers {r['peak_rss_children_mb']} MB); stages: {stages}; "
          f"{r['findings']} findings; {r['embedding']}; load {r['load_avg']}, OMP {r['omp_wait_policy']}", flush=True)


def show_raw(label: str, raw: dict, cold: dict) -> None:
    """The reference line and the ratio the bench is for: end-to-end rate over raw encode rate."""
    ratio = cold["sentences_per_s"] / raw["rate"]
    print(f"{label} raw : SentenceTransformer.encode of the same {raw['encoded']} sentences {raw['encode_s']}s "
          f"({raw['rate']} sentences/s, model load {raw['load_model_s']}s, peak RSS {raw['peak_rss_mb']} MB, "
          f"load {raw['load_avg']}, OMP {raw['omp_wait_policy']}); end-to-end sentences/s / raw encode sentences/s = "
          f"{cold['sentences_per_s']} / {raw['rate']} = {ratio:.2f}", flush=True)


def draft_phases(work: Path, label: str, common: list[str]) -> None:
    """Index the archive (warm cache), then the sub-editor's check of a new draft against it, twice."""
    index = work / f"index-{label}"
    r = sub(["--phase", "index", *common, "--index", str(index)])
    print(f"{label} index build (cache warm): {r['index_build_s']}s, peak RSS {r['peak_rss_mb']} MB", flush=True)
    draft = work / "draft.txt"
    long = [json.loads(x)["text"] for x in DEV.read_text(encoding="utf-8").splitlines()]
    text = max((t for t in long if len(t.split()) <= 1100), key=lambda t: len(t.split()))
    draft.write_text(text.replace(" the ", " the new ", 3), encoding="utf-8")  # a fresh, unseen draft
    draft_cache = work / f"draft-cache-{label}"  # empty: the first check must load the model and encode
    shutil.rmtree(draft_cache, ignore_errors=True)
    for which in ("first", "again"):
        d = draft_check(index, draft_cache, draft)
        print(f"{label} draft check ({len(text.split())} words, {which}): {d['wall_s']}s rc={d['rc']} "
              f"{d['out']!r}; load {_load()}", flush=True)


def run_size(work: Path, size: float, args: argparse.Namespace) -> None:
    archive = work / f"archive-{size}.jsonl"
    n = make_archive(size, archive)
    label = f"{n:5d} docs"
    cache = work / f"cache-{size}"
    shutil.rmtree(cache, ignore_errors=True)
    common = ["--archive", str(archive), "--cache", str(cache), "--workers", str(args.workers)]
    cold = sub(["--phase", "cold", *common])
    show_run(label, cold)
    show_run(label, sub(["--phase", "warm", *common]))
    if cold["encoded"]:
        show_raw(label, sub(["--phase", "raw", *common]), cold)
    if args.draft:
        draft_phases(work, label.strip().replace(" ", "-"), common)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=float, nargs="*", default=[0.25, 0.5, 1],
                    help="archive sizes: a fraction of the ~2,250 real articles (<= 1) or a count")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--draft", action="store_true", help="also build an index and time a draft check against it")
    ap.add_argument("--phase", choices=["cold", "warm", "raw", "index"])
    ap.add_argument("--archive", type=Path)
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    ap.add_argument("--recall", type=Path, metavar="INDEX", help="pairing recall on an index of the dev archive")
    args = ap.parse_args()
    if args.recall:
        recall(args.recall, DEV.parent / "labels.jsonl")
        return
    if args.phase:
        print(json.dumps(phase(args)))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"load average {os.getloadavg()} on {os.cpu_count()} cores (other work shares this machine)")
    for size in args.sizes:
        run_size(work, size, args)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
