"""The share of sentences the pipeline does not encode, on every bench (factcheck/embed/pairable.py).

    .venv/bin/python bench/pairable.py                 # dev, wide, clean, web
    .venv/bin/python bench/pairable.py --benches web

A sentence holding no fact, no polarity word and no negated twin gets no vector. This prints, per
bench, the sentences, the distinct texts the embedder would see with and without the selection,
and the share skipped, with the reason each kept sentence is kept. Extraction comes from the
prepared-document cache when it is warm (~/.cache/factcheck).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from factcheck.embed.pairable import fact_sentences, pairable_rows
from factcheck.ingest.read import read_documents
from factcheck.run.cache import default_cache_dir, open_cache
from factcheck.run.prepare import prepare_documents

BENCH_ROOT = Path(__file__).resolve().parents[2] / "shared" / "bench"

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--benches", default="dev,wide,clean,web")
    ap.add_argument("--bench-root", default=str(BENCH_ROOT))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    notes: list[str] = []
    cache = open_cache(default_cache_dir(), notes)
    print("bench   docs  sentences  distinct  encoded (distinct)  skipped  share   kept for: fact  polarity/twin")
    for name in args.benches.split(","):
        docs, _ = read_documents([str(Path(args.bench_root) / name / "archive.jsonl")])
        prepared, _ = prepare_documents(docs, workers=args.workers, cache=cache)
        texts = [s.text for d in prepared for s in d.sentences]
        keep = pairable_rows(prepared)
        facts = sum(len(fact_sentences(d)) for d in prepared)
        distinct_all = len(set(texts))
        distinct_kept = len({t for t, k in zip(texts, keep, strict=True) if k})
        skipped = len(texts) - int(keep.sum())
        print(f"{name:6} {len(prepared):5} {len(texts):10,} {distinct_all:9,} {int(keep.sum()):8,} ({distinct_kept:,})"
              f" {skipped:8,}  {skipped / max(len(texts), 1):.3f}  {facts:14,} {int(keep.sum()) - facts:14,}")
    if cache is not None:
        cache.close()
    for n in notes:
        print(n)

if __name__ == "__main__":
    main()
