"""Encoder backends: speed, agreement with torch float32, and the findings each one changes.

    PYTHONPATH=. .venv/bin/python bench/backends.py [--sentences 2000] [--rounds 3]
    PYTHONPATH=. .venv/bin/python bench/backends.py --findings [--reuse] [--out /tmp/factcheck-backends]

Every backend is factcheck's own (``factcheck.embed.encoders``: ``--encoder NAME``), built as a run builds
it: the ONNX graphs are exported once from the packaged model into the cache folder, offline.

Speed and agreement: a fixed sample of distinct sentences that factcheck's segmenter cuts from the
shared benches' real articles. Every backend encodes all of them once per round, round robin (so a
burst of other work on this shared machine hits every backend alike); the figure is the median
round, and the ratio to torch float32 is taken within this one process. Agreement with torch
float32: mean and minimum cosine of each sentence's two vectors, and the mean overlap of each
sentence's 10 nearest neighbours among the sample (what pairing ranks).

``--findings``: ``bench/quality.py --encoder NAME`` per backend (each a fresh CLI run on the seeds
and every bench), then per bench the findings that differ from torch float32's (added, removed,
or the same finding with another severity or message) and whether ``quality.py --check`` passes.
``--reuse`` scores the folders an earlier ``--findings`` run left instead of running the CLI again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BENCHES = Path(os.environ.get("FACTCHECK_BENCHES", ROOT.parent / "shared" / "bench"))
QUALITY_BENCHES = ("seeds", "dev", "wide", "clean", "web", "drafts")
REFERENCE = "torch-float32"
K = 10


def real_sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct sentences, as factcheck segments them, from a seeded sample of the benches' articles."""
    from factcheck.core.model import Document
    from factcheck.segment.sentences import segment

    articles = [json.loads(line) for bench in ("dev", "wide", "clean")
                for line in (BENCHES / bench / "archive.jsonl").read_text(encoding="utf-8").splitlines() if line]
    random.Random(seed).shuffle(articles)
    seen: dict[str, None] = {}
    for a in articles:
        for s in segment(Document(id=a["id"], text=a["text"])).sentences:
            seen.setdefault(s.text)
        if len(seen) >= 2 * n:  # enough to sample from without favouring the first articles
            break
    return random.Random(seed).sample(list(seen), n)


def neighbours(emb: np.ndarray, k: int = K) -> np.ndarray:
    """Each row's k nearest other rows by cosine."""
    sims = emb @ emb.T
    np.fill_diagonal(sims, -np.inf)
    return np.argpartition(-sims, k, axis=1)[:, :k]


def agreement(ref: np.ndarray, emb: np.ndarray) -> dict[str, float]:
    cos = np.sum(ref * emb, axis=1)
    a, b = neighbours(ref), neighbours(emb)
    overlap = np.mean([len(set(x) & set(y)) / K for x, y in zip(a, b, strict=True)])
    return {"mean_cos": float(cos.mean()), "min_cos": float(cos.min()), "overlap": float(overlap)}


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return "?"
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "?")


def speed(args: argparse.Namespace) -> None:
    from factcheck.cli import _quiet_process_defaults

    _quiet_process_defaults()  # as the CLI would (passive OpenMP waits when busy), before a runtime loads
    from factcheck.embed.encoders import BACKENDS, available, choose_backend, cpu_class
    from factcheck.embed.vectors import make_embedder

    texts = real_sentences(args.sentences)
    print(f"{len(texts)} real sentences; CPU {cpu_model()} ({cpu_class()} class), {os.cpu_count()} cores; "
          f"auto picks {choose_backend('auto')[0]}; load average {os.getloadavg()}")
    models: dict[str, Any] = {}
    notes: dict[str, str] = {}
    for name in BACKENDS:
        if not available(name):
            notes[name] = "not installed"
            continue
        t = time.perf_counter()
        models[name] = make_embedder(None, None, name)
        models[name].encode(texts[:64])  # load, build the export if missing, first-call compilation
        notes[name] = f"load {time.perf_counter() - t:.1f}s"
    seconds: dict[str, list[float]] = {name: [] for name in models}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(args.rounds):
        for name, model in models.items():
            t = time.perf_counter()
            vectors[name] = model.encode(texts)
            seconds[name].append(time.perf_counter() - t)
    print(f"load average after: {os.getloadavg()}\n")
    ref_rate = len(texts) / statistics.median(seconds[REFERENCE])
    print("| backend | sentences/s | vs torch fp32 | mean cosine | min cosine | top-10 overlap | notes |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in BACKENDS:
        if name not in models:
            print(f"| {name} | - | - | - | - | - | {notes[name]} |")
            continue
        rate = len(texts) / statistics.median(seconds[name])
        a = agreement(vectors[REFERENCE], vectors[name])
        print(f"| {name} | {rate:.0f} | {rate / ref_rate:.2f}x | {a['mean_cos']:.5f} | {a['min_cos']:.4f} | "
              f"{a['overlap']:.3f} | {notes[name]} |")


def findings_of(path: Path) -> dict[str, tuple[str, str]]:
    """A report's findings by id (rule and cited spans): their severity and message."""
    report = json.loads(path.read_text(encoding="utf-8"))
    return {f["id"]: (f["severity"], f["message"]) for f in report["findings"]}


def changed(ref: Path, other: Path) -> tuple[int, int, int]:
    """(added, removed, altered) findings of ``other`` against ``ref``."""
    a, b = findings_of(ref), findings_of(other)
    return len(b.keys() - a.keys()), len(a.keys() - b.keys()), sum(a[k] != b[k] for k in a.keys() & b.keys())


def quality(backend: str, out: Path, rescore: bool) -> tuple[bool, str]:
    """Run (or with ``rescore`` only score) bench/quality.py for one backend; whether --check passed."""
    cmd = [sys.executable, str(ROOT / "bench" / "quality.py"), "--encoder", backend, "--out", str(out), "--check"]
    proc = subprocess.run([*cmd, *(["--rescore"] if rescore else [])], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    (out / "quality.log").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    below = [line for line in proc.stdout.splitlines() if line.startswith("BELOW BASELINE")]
    return proc.returncode == 0, "; ".join(b.removeprefix("BELOW BASELINE  ") for b in below)


def findings(args: argparse.Namespace) -> None:
    from factcheck.embed.encoders import BACKENDS, available

    root = Path(args.out)
    names = [n for n in BACKENDS if available(n)]
    if args.reuse:  # the backends an earlier run finished: every bench's findings are there
        names = [n for n in names if all((root / n / f"{b}.json").is_file() for b in QUALITY_BENCHES)]
    status: dict[str, tuple[bool, str]] = {}
    for name in names:
        out = root / name
        out.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        status[name] = quality(name, out, args.reuse)
        print(f"{name}: quality {'pass' if status[name][0] else 'FAIL'} ({time.perf_counter() - t:.0f} s; "
              f"load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
    print(f"| backend | quality --check | {' | '.join(QUALITY_BENCHES)} |")
    print(f"| --- | --- |{' --- |' * len(QUALITY_BENCHES)}")
    for name in names:
        cells = []
        for bench in QUALITY_BENCHES:
            ref, other = root / REFERENCE / f"{bench}.json", root / name / f"{bench}.json"
            if not (ref.is_file() and other.is_file()):
                cells.append("-")
                continue
            add, rem, alt = changed(ref, other)
            cells.append(f"{add + rem + alt}" + (f" (+{add} -{rem} ~{alt})" if add + rem + alt else ""))
        ok, why = status[name]
        print(f"| {name} | {'pass' if ok else 'FAIL: ' + why} | {' | '.join(cells)} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--findings", action="store_true", help="quality and findings changed per backend and bench")
    ap.add_argument("--reuse", action="store_true", help="with --findings: score an earlier run's folders")
    ap.add_argument("--out", default="/tmp/factcheck-backends", help="with --findings: one folder per backend")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a bench owns its process: never reach for a hub
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    if args.findings:
        findings(args)
    else:
        speed(args)


if __name__ == "__main__":
    main()
