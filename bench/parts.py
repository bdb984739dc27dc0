"""Bounded parts: how much of the archive one edited article re-checks, and whether the findings
of that incremental run are exactly a full run's.

    python bench/parts.py                          # the ~2,250 real articles of bench/archive.py
    python bench/parts.py --edits 8 --workers 2 --cache /tmp/arch-run/cache-1.0

The archive is bench/archive.py's (every distinct real article of dev, wide and clean). A first
run fills the cache (vectors, prepared documents, findings). Then, one at a time, a random
article is edited (a figure changed, a name misspelt, a sentence added: in turn), and the run
is repeated with the cache: the pipeline re-extracts and re-encodes only what changed, and the
checks re-check only the documents whose neighbourhood (or read statistics) changed. For each
edit the bench prints the documents re-checked (by any check, and by the busiest check), the
documents the re-checks read, the checks stage's seconds, and whether the findings are
byte-identical to one pass of every check over the whole edited corpus (no parts, no cache). Each edit starts from the
original archive.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import make_archive
from locality import capture_corpus

from factcheck.extract import layers_for
from factcheck.run.cache import RunCache
from factcheck.run.prepare import cache_code
from factcheck.run.story_run import merge, partitions, run_units


def edit(text: str, kind: str, rng: random.Random) -> str | None:
    """The text with one slip of ``kind``, or None when it has nothing to edit."""
    if kind == "figure":
        spots = list(re.finditer(r"\b\d+\b", text))
        if not spots:
            return None
        m = rng.choice(spots)
        return text[:m.start()] + str(int(m.group()) + 3) + text[m.end():]
    if kind == "name":
        spots = [m for m in re.finditer(r"(?<=[a-z,] )[A-Z][a-z]{4,}\b", text)]
        if not spots:
            return None
        m = rng.choice(spots)
        w = m.group()
        return text[:m.start()] + w[0] + w[2] + w[1] + w[3:] + text[m.end():]
    return text.rstrip() + " The council said a further update would be published on 14 March."


def dump(findings: list) -> str:
    return json.dumps([f.to_dict() for f in findings], sort_keys=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=float, default=1.0, help="a fraction of the real articles, or a count")
    ap.add_argument("--edits", type=int, default=6)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/factcheck-parts/cache"))
    args = ap.parse_args()
    work = Path("/tmp/factcheck-parts")
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "archive.jsonl"
    n = make_archive(args.size, archive)
    rows = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()]
    corpus, checks = capture_corpus(str(archive), str(args.cache))
    layers = cache_code(layers_for(need for c in checks for need in c.needs))
    store = RunCache(args.cache)
    parts = partitions(corpus)
    reach = {c.code: c.reach for c in checks}
    print(f"{n} articles, {len(corpus.sentences)} sentences; {len(parts)} story parts, the largest "
          f"{max(len(p) for p in parts)} documents; checks without a reach: "
          f"{[k for k, v in reach.items() if v is None] or 'none'}")
    t = time.perf_counter()
    tally: dict = {}
    run_units(corpus, checks, cache=store, workers=args.workers, layers=layers, tally=tally)
    print(f"fill: checks {time.perf_counter() - t:.1f} s, {tally['any']} documents checked")
    rng = random.Random(7)
    kinds = ("figure", "name", "sentence")
    done = 0
    shares = []
    while done < args.edits:
        k = rng.randrange(len(rows))
        new = edit(rows[k]["text"], kinds[done % 3], rng)
        if new is None:
            continue
        edited = work / "edited.jsonl"
        edited.write_text("".join(json.dumps({**r, "text": new} if i == k else r) + "\n" for i, r in enumerate(rows)),
                          encoding="utf-8")
        after, _ = capture_corpus(str(edited), str(args.cache))
        tally = {}
        t = time.perf_counter()
        warm = run_units(after, checks, cache=store, workers=args.workers, layers=layers, tally=tally)
        warm_s = time.perf_counter() - t
        fresh = merge(after, [[list(c.run(after))] for c in checks])  # one pass over the whole corpus
        busiest = max(tally["rechecked"].items(), key=lambda kv: kv[1])
        share = tally["any"] / max(1, tally["documents"])
        shares.append(share)
        print(f"edit {done + 1} ({kinds[done % 3]}, {rows[k]['id']}): re-checked {tally['any']} of "
              f"{tally['documents']} documents ({share:.1%}); busiest {busiest[0]} {busiest[1]}; "
              f"read {max(tally['read'].values())} at most per check; checks {warm_s:.1f} s; "
              f"findings {'identical' if dump(warm) == dump(fresh) else 'DIFFERENT'} to one pass over the whole corpus")
        done += 1
    store.close()
    print(f"re-checked per edit: mean {sum(shares) / len(shares):.1%}, max {max(shares):.1%}")


if __name__ == "__main__":
    main()
