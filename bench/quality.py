"""Quality figures: the seeds against EXPECTED.md, and the labelled dev archive.

    .venv/bin/python bench/quality.py [--bench ../shared/bench/dev] [--out DIR]

Prints each seeds expectation (pass/fail), then the dev scorer's per-type table and its
last line, then flagged findings per rule with how many were right and how many fell on
control documents: where precision is lost, per check.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the seeds' expectations are test code, shared with test_seeds_expected

from expectations import evaluate  # noqa: E402


def run_check(paths: list[str], out: Path) -> float:
    t = time.perf_counter()
    cmd = [sys.executable, "-m", "factcheck", "check", *paths, "--json", str(out), "--fail-on", "never", "-q"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"factcheck failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return time.perf_counter() - t


def per_rule(report: dict, bench: Path) -> None:
    labels = [json.loads(line) for line in open(bench / "labels.jsonl", encoding="utf-8")]
    controls = set(json.load(open(bench / "stats.json"))["control_docs"])
    by_doc = collections.defaultdict(list)
    for lab in labels:
        by_doc[lab["doc"]].append(lab)
    rows: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    for f in report["findings"]:
        if f["severity"] not in ("error", "warning"):
            continue
        hit = any(
            e["start"] < lab["end"] + 1 and e["end"] > lab["start"] - 1
            for e in f["evidence"] for lab in by_doc.get(e["doc"], [])
        )
        row = rows[f["rule"]]
        row[0] += 1
        row[1] += hit
        row[2] += {e["doc"] for e in f["evidence"]} <= controls
    print(f"{'rule':<8} {'flagged':>7} {'right':>6} {'on controls':>11}")
    for rule, (n, ok, ctl) in sorted(rows.items()):
        print(f"{rule:<8} {n:>7} {ok:>6} {ctl:>11}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench" / "dev"))
    ap.add_argument("--out", default="/tmp/factcheck-quality")
    ap.add_argument("--skip-dev", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    seeds_json = out / "seeds.json"
    secs = run_check(["seeds/"], seeds_json)
    table = yaml.safe_load(open(ROOT / "tests" / "fixtures" / "seeds_expected.yml", encoding="utf-8"))
    outcomes = evaluate(json.load(open(seeds_json, encoding="utf-8")), table)
    for o in outcomes:
        print(f"{'PASS' if o.ok else 'FAIL'}  {o.label}: {o.detail[:140]}")
    print(f"seeds: {sum(o.ok for o in outcomes)}/{len(outcomes)} expectations met ({secs:.1f} s)")

    if args.skip_dev:
        return
    bench = Path(args.bench)
    dev_json = out / "dev.json"
    secs = run_check([str(bench / "archive.jsonl")], dev_json)
    print(f"dev archive checked in {secs:.1f} s")
    per_rule(json.load(open(dev_json, encoding="utf-8")), bench)
    subprocess.run([sys.executable, str(bench.parent / "score.py"), str(dev_json), str(bench)], check=True)


if __name__ == "__main__":
    main()
