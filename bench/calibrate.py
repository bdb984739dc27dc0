"""Fit the findings' confidence on the dev bench: factcheck/findings/calibration.json.

    .venv/bin/python bench/calibrate.py [--bench ../shared/bench/dev]

Runs the checks over the dev archive without calibration (the checks' own findings and
scores), marks each warning or error right when one of its evidence spans overlaps an injected
error (as ../shared/bench/score.py does), and records per rule and per strength bucket (the
check's score to a tenth) the precision, smoothed towards the rule's precision (and that towards
all flags' precision) with a few pseudo-findings, so a bucket seen twice does not claim 0 or 1.
Fitted on dev only: wide, clean and web stay for measuring. Prints the table it writes.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from factcheck import api
from factcheck.findings.stage import bucket_of, smoothed

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "factcheck" / "findings" / "calibration.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench" / "dev"))
    args = ap.parse_args()
    bench = Path(args.bench)
    labels = [json.loads(line) for line in open(bench / "labels.jsonl", encoding="utf-8")]
    by_doc = defaultdict(list)
    for lab in labels:
        by_doc[lab["doc"]].append(lab)
    result = api.check([str(bench / "archive.jsonl")], calibrated=False)
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for f in result.findings:
        if f.severity == "info":
            continue
        right = any(e.start < lab["end"] + 1 and e.end > lab["start"] - 1
                    for e in f.evidence for lab in by_doc.get(e.doc, []))
        c = counts[f.rule][bucket_of(f.strength)]
        c[0] += 1
        c[1] += right
    n_all = sum(c[0] for b in counts.values() for c in b.values())
    right_all = sum(c[1] for b in counts.values() for c in b.values())
    prior = round(right_all / n_all, 3) if n_all else 0.5
    rules = {}
    for rule, buckets in sorted(counts.items()):
        n = sum(c[0] for c in buckets.values())
        right = sum(c[1] for c in buckets.values())
        precision = smoothed(right, n, prior)
        rules[rule] = {"n": n, "right": right, "precision": precision, "buckets": {
            b: {"n": c[0], "right": c[1], "confidence": smoothed(c[1], c[0], precision)}
            for b, c in sorted(buckets.items())}}
        for b, v in rules[rule]["buckets"].items():
            print(f"{rule:<8} strength {b}: {v['right']:>3}/{v['n']:<3} -> confidence {v['confidence']:.3f}")
    data = {"fitted_on": bench.name, "flags": n_all, "right": right_all, "prior": prior, "rules": rules}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"all flags: {right_all}/{n_all} right (prior {prior}); wrote {OUT}")


if __name__ == "__main__":
    main()
