"""Archive-scale benchmark: cold and warm checks of 1x/2x/4x archives built from the dev archive.

    python bench/archive.py                       # sizes 500 1000 2000, 2 workers
    python bench/archive.py --sizes 500 --workers 1 --draft

Documents: the dev archive's 454 real articles, then copies that are distinct at the
sentence level (so the embedding cache cannot dedupe them): copy c >= 1 of article a has
every sentence opened by a copy-specific connective ("Meanwhile, ...", "Separately, ...")
and ends with a line naming the copy. No text repeats; the language stays news prose.

Each phase runs in a fresh process (honest cold start and peak RSS): ``cold`` with an
empty cache, ``warm`` re-running with the filled cache, and optionally ``draft`` (build an
index, then check one ~1,000-word article against it). Pure encode time is measured in the
same run by timing every call into the model; ``overhead`` = 1 - encode / end-to-end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEV = Path(os.environ.get("FACTCHECK_DEV", Path(__file__).resolve().parents[2] / "shared/bench/dev/archive.jsonl"))
if not DEV.exists():
    DEV = Path("/work/shared/bench/dev/archive.jsonl")
CONNECTIVES = ("Meanwhile,", "Separately,", "Elsewhere,", "Additionally,", "In other coverage,", "Later,")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"])")


def make_archive(n: int, out: Path) -> int:
    base, texts = [], set()
    for line in DEV.read_text(encoding="utf-8").splitlines():
        if line.strip() and (doc := json.loads(line))["text"] not in texts:  # the dev set repeats a text
            base.append(doc)
            texts.add(doc["text"])
    seen: set[str] = set()
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            doc = dict(base[i % len(base)])
            c = i // len(base)
            if c:
                tag = CONNECTIVES[(c - 1) % len(CONNECTIVES)]
                paras = [" ".join(f"{tag} {s}" for s in _SENT.split(p)) for p in doc["text"].split("\n")]
                doc["text"] = "\n".join(paras) + f"\nThis is archive copy {c} of article {doc['id']}."
                doc["id"] = f"{doc['id']}-c{c}"
            assert doc["text"] not in seen
            seen.add(doc["text"])
            f.write(json.dumps(doc) + "\n")
    return n


class TimedEmbedder:
    """Wraps an embedder and adds up the seconds spent inside the model."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.seconds, self.encoded = inner, inner.name, 0.0, 0

    def describe(self) -> str:
        return self.inner.describe()

    def encode(self, texts):
        t = time.perf_counter()
        out = self.inner.encode(texts)
        self.seconds += time.perf_counter() - t
        self.encoded += len(texts)
        return out


def _rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(own, 1), round(kids, 1)


def phase(args: argparse.Namespace) -> dict:
    t0 = time.perf_counter()
    from factcheck.cache import EmbeddingCache
    from factcheck.config import load_settings
    from factcheck.embed import make_embedder
    from factcheck.pipeline import run
    from factcheck.rules import load_checks

    checks = load_checks(load_settings({}))
    emb = TimedEmbedder(make_embedder(None))
    cache = EmbeddingCache(args.cache)
    out: dict = {"phase": args.phase}
    if args.phase == "draft":
        from factcheck.index import build_index

        t = time.perf_counter()
        build_index([str(args.archive)], args.index, emb, cache=cache, workers=args.workers)
        out["index_build_s"] = round(time.perf_counter() - t, 2)
        cache.close()
        return out
    result = run([str(args.archive)], checks, emb, cache=cache, workers=args.workers)
    wall = time.perf_counter() - t0
    cache.close()
    sentences = sum(len(d.sentences) for d in result.documents)
    out.update(
        documents=len(result.documents), sentences=sentences, findings=len(result.findings),
        wall_s=round(wall, 2), sentences_per_s=round(sentences / wall, 1), encoded=emb.encoded,
        encode_s=round(emb.seconds, 2), timings=result.timings, embedding=result.embedding,
    )
    if emb.encoded:
        out["encode_rate"] = round(emb.encoded / emb.seconds, 1)
        out["end_to_end_over_encode"] = round(wall / emb.seconds, 2)
        out["overhead"] = round(1 - emb.seconds / wall, 3)
    out["peak_rss_mb"], out["peak_rss_children_mb"] = _rss_mb()
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

    from factcheck.index import load_index
    from factcheck.pairing import PairingOptions, linked_pairs, top_pairs
    from factcheck.stories import components, links_from_neighbours

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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[500, 1000, 2000])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--draft", action="store_true", help="also build an index and time a draft check against it")
    ap.add_argument("--phase", choices=["cold", "warm", "draft"])
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
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work shares this machine)")
    for n in args.sizes:
        archive = work / f"archive-{n}.jsonl"
        make_archive(n, archive)
        cache = work / f"cache-{n}"
        shutil.rmtree(cache, ignore_errors=True)
        common = ["--archive", str(archive), "--cache", str(cache), "--workers", str(args.workers)]
        for ph in ("cold", "warm"):
            r = sub(["--phase", ph, *common])
            print(f"{n:5d} docs {ph:4s}: {r['sentences']} sentences, wall {r['wall_s']}s "
                  f"({r['sentences_per_s']}/s), process {r['process_wall_s']}s, encoded {r['encoded']} "
                  f"in {r['encode_s']}s, e2e/encode {r.get('end_to_end_over_encode', '-')}, "
                  f"overhead {r.get('overhead', '-')}, peak RSS {r['peak_rss_mb']} MB "
                  f"(workers {r['peak_rss_children_mb']} MB), stages {r['timings']}, {r['embedding']}", flush=True)
        if args.draft:
            index = work / f"index-{n}"
            r = sub(["--phase", "draft", *common, "--index", str(index)])
            print(f"{n:5d} docs index build (cache warm): {r['index_build_s']}s", flush=True)
            draft = work / "draft.txt"
            long = [json.loads(x)["text"] for x in DEV.read_text(encoding="utf-8").splitlines()]
            text = max((t for t in long if len(t.split()) <= 1100), key=lambda t: len(t.split()))
            draft.write_text(text.replace(" the ", " the new ", 3), encoding="utf-8")  # a fresh, unseen draft
            draft_cache = work / f"draft-cache-{n}"  # empty: the first check must load the model and encode
            shutil.rmtree(draft_cache, ignore_errors=True)
            for label in ("first", "again"):
                d = draft_check(index, draft_cache, draft)
                print(f"{n:5d} docs draft check ({len(text.split())} words, {label}): {d['wall_s']}s rc={d['rc']} "
                      f"{d['out']!r}", flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
