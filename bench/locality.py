"""Does a check's ``reach`` hold? Its findings about a document, computed from the document's
neighbourhood within reach alone, against those computed over the whole corpus.

    python bench/locality.py ../shared/bench/dev/archive.jsonl                # every check with a reach
    python bench/locality.py ARCHIVE --codes NUM001 QUO001 --assume 2 --sample 200
    python bench/locality.py ../shared/bench/drafts/drafts.jsonl --against ../shared/bench/drafts/sources.jsonl

The corpus is the one ``factcheck check`` builds (the pipeline's, captured before its checks run;
``--cache`` keeps the embeddings between invocations). For each sampled checked document and each
check, the check runs on the induced corpus of the document's ball (``factcheck/run/reach.py``;
a corpus check with the statistics gathered over the whole corpus) and its findings about the
document are compared, whole, with the whole corpus's. Prints per check the documents compared,
the mismatches, and the first few of them. ``--assume R`` tries a reach for checks that declare none.

``--reads`` tests a corpus check's ``reads`` instead: statistics are gathered again without one of
a few other documents each time; wherever the entries ``reads`` names for a sampled document's
ball are unchanged, its findings from the ball must be too. It also prints how often they changed
(what removing a document would re-check).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factcheck import api
from factcheck.run import pipeline
from factcheck.run.reach import LinkGraph, induced, stats_digest


def capture_corpus(path: str, cache: str | None, against: list[str] | None = None) -> tuple[Any, list]:
    """The corpus and checks a run of ``factcheck check PATH`` builds."""
    seen: dict[str, Any] = {}

    def keep(corpus: Any, checks: Any, *args: Any, **kwargs: Any) -> list:
        seen["corpus"], seen["checks"] = corpus, list(checks)
        return []

    real = pipeline.run_checks
    pipeline.run_checks = keep  # type: ignore[assignment]
    try:
        api.check([path], cache=cache if cache else False, calibrated=False, against=against or ())
    finally:
        pipeline.run_checks = real  # type: ignore[assignment]
    return seen["corpus"], seen["checks"]


def about(findings: Any, reference: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for f in findings:
        if f.evidence and f.evidence[0].doc not in reference:
            out[f.evidence[0].doc].append(json.dumps(f.to_dict(), sort_keys=True))
    return {k: sorted(v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("archive")
    ap.add_argument("--codes", nargs="*", help="only these checks")
    ap.add_argument("--assume", type=int, help="the reach to try for a check that declares none")
    ap.add_argument("--sample", type=int, default=150, help="checked documents to compare (0: all)")
    ap.add_argument("--against", nargs="*", help="reference material, as `factcheck check --against` takes it")
    ap.add_argument("--cache", default="/tmp/factcheck-locality-cache")
    ap.add_argument("--show", type=int, default=3)
    ap.add_argument("--reads", action="store_true", help="test reads() of corpus checks (see above)")
    ap.add_argument("--removals", type=int, default=4, help="with --reads: documents left out, one at a time")
    args = ap.parse_args()
    corpus, checks = capture_corpus(args.archive, args.cache, args.against)
    graph = LinkGraph(corpus)
    reference = {d.id for d in corpus.documents if d.reference}
    checked = [n for n, d in enumerate(corpus.documents) if not d.reference]
    sample = sorted(random.Random(0).sample(checked, min(args.sample, len(checked)))) if args.sample else checked
    print(f"{args.archive}: {len(corpus.documents)} documents, {len(corpus.pairs)} pairs, "
          f"{sum(len(a) for a in graph.adj) // 2} document links; comparing {len(sample)} documents")
    bad_total = 0
    for check in checks:
        if args.codes and check.code not in args.codes:
            continue
        reach = check.reach if check.reach is not None else args.assume
        if reach is None:
            continue
        if args.reads:
            bad_total += test_reads(check, corpus, graph, reach, sample, reference, args)
            continue
        t = time.perf_counter()
        stats = check.gather(corpus)
        whole = about(check.run(corpus) if stats is None else check.run_with(corpus, stats), reference)
        bad: list[str] = []
        sizes = []
        for n in sample:
            members = graph.ball(n, reach)
            sizes.append(len(members))
            sub = induced(corpus, members)
            found = check.run(sub) if stats is None else check.run_with(sub, stats)
            doc = corpus.documents[n].id
            mine = about(found, reference).get(doc, [])
            if mine != whole.get(doc, []):
                bad.append(f"{doc}: ball {len(members)}; whole {len(whole.get(doc, []))} vs ball {len(mine)}: "
                           f"only whole {sorted(set(whole.get(doc, [])) - set(mine))[:1]}; "
                           f"only ball {sorted(set(mine) - set(whole.get(doc, [])))[:1]}")
        bad_total += len(bad)
        flagged = sum(1 for n in sample if whole.get(corpus.documents[n].id))
        print(f"{check.code} reach {reach}{'' if check.reach is not None else ' (assumed)'}: "
              f"{len(bad)} of {len(sample)} documents differ ({flagged} flagged); "
              f"mean ball {sum(sizes) / max(1, len(sizes)):.1f} documents; {time.perf_counter() - t:.1f} s")
        for line in bad[:args.show]:
            print("   ", line[:600])
    sys.exit(1 if bad_total else 0)


def test_reads(check: Any, corpus: Any, graph: LinkGraph, reach: int, sample: list[int], reference: set[str],
               args: argparse.Namespace) -> int:
    """Mismatches where ``reads`` said nothing changed but the findings did."""
    t = time.perf_counter()
    stats = check.gather(corpus)
    if stats is None:
        print(f"{check.code}: gathers no statistics")
        return 0
    n_docs = len(corpus.documents)
    rng = random.Random(1)
    bad: list[str] = []
    compared = changed = 0
    for m in rng.sample(range(n_docs), min(args.removals, n_docs)):
        rest = [k for k in range(n_docs) if k != m]
        fewer = check.gather(induced(corpus, rest))
        for n in sample:
            members = graph.ball(n, reach)
            if m in members:
                continue
            docs = [corpus.documents[n]] + [corpus.documents[k] for k in members if k != n]
            compared += 1
            if stats_digest(stats, check.reads(stats, docs)) != stats_digest(fewer, check.reads(fewer, docs)):
                changed += 1
                continue
            sub = induced(corpus, members)
            doc = corpus.documents[n].id
            a = about(check.run_with(sub, stats), reference).get(doc, [])
            b = about(check.run_with(sub, fewer), reference).get(doc, [])
            if a != b:
                bad.append(f"{doc} without {corpus.documents[m].id}: {sorted(set(a) ^ set(b))[:1]}")
    print(f"{check.code} reads: {len(bad)} of {compared} unchanged digests gave other findings; "
          f"{changed} digests changed ({changed / max(1, compared):.1%} re-checked per removal); "
          f"{time.perf_counter() - t:.1f} s")
    for line in bad[:args.show]:
        print("   ", line[:600])
    return len(bad)


if __name__ == "__main__":
    main()
