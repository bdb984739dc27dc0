"""factcheck end to end against a bare float32 encode of every sentence, on one bench, in one run.

    python bench/end_to_end.py                                  # the wide bench, 2 rounds
    python bench/end_to_end.py --archive ../shared/bench/dev/archive.jsonl --rounds 3

Each round runs, one after the other in fresh processes: ``factcheck check ARCHIVE`` cold (an empty
run cache and encoder folder of its own, the default encoder, ``--workers`` extraction and check
processes, 2 by default; JSON report written), then the reference: ``SentenceTransformer.encode``
in float32 of every sentence factcheck segments in the archive (segmented untimed; the clock covers
importing sentence-transformers, loading the packaged model offline and encoding, batch size 32).
Prints each round's seconds and the ratio of the reference's wall time to factcheck's (above 1:
factcheck checks the archive faster than the model alone encodes it), with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHES = Path(os.environ.get("FACTCHECK_BENCHES", ROOT.parent / "shared/bench"))
if not BENCHES.exists():
    BENCHES = Path("/work/shared/bench")

RAW = """
import json, sys, time
texts = json.load(open(sys.argv[1], encoding="utf-8"))
t = time.perf_counter()
from factcheck.embed.vectors import make_embedder
model = make_embedder(None, "float32", "torch-float32").load()
loaded = time.perf_counter()
model.encode(texts, batch_size=32, convert_to_numpy=True, show_progress_bar=False)
print(json.dumps({"load_s": loaded - t, "encode_s": time.perf_counter() - loaded}))
"""


def sentences(archive: Path) -> list[str]:
    from factcheck.core.model import Document
    from factcheck.segment.sentences import segment

    out = []
    for line in archive.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.extend(s.text for s in segment(Document(str(row["id"]), row["text"])).sentences)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=Path, default=BENCHES / "wide/archive.jsonl")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2, help="factcheck check -j N (the encoder uses every core)")
    args = ap.parse_args()
    texts = sentences(args.archive)
    work = Path(tempfile.mkdtemp(prefix="factcheck-e2e-"))
    (work / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"{args.archive}: {len(texts)} sentences; load average {os.getloadavg()[0]:.1f}")
    ratios = []
    for r in range(args.rounds):
        cache = work / f"cache{r}"
        xdg = work / f"xdg{r}"
        xdg.mkdir()
        # the exported ONNX graph is a one-off per machine (~20 s): copied in, as a user's second run has it
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "factcheck/encoders"
        if home.is_dir():
            shutil.copytree(home, xdg / "factcheck/encoders", ignore=shutil.ignore_patterns("openvino-cache"))
        load0 = os.getloadavg()[0]
        t = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "factcheck", "check", str(args.archive), "--cache", str(cache),
                              "--json", str(work / f"out{r}.json"), "--fail-on", "never", "-q", "--force",
                              "-j", str(args.workers)],
                             env={**env, "XDG_CACHE_HOME": str(xdg)}, capture_output=True, text=True, check=False)
        ours = time.perf_counter() - t
        if res.returncode:
            raise SystemExit(f"factcheck failed: {res.stderr[-2000:]}")
        t = time.perf_counter()
        raw = subprocess.run([sys.executable, "-c", RAW, str(work / "texts.json")], env=env, capture_output=True,
                             text=True, check=False)
        theirs = time.perf_counter() - t
        if raw.returncode:
            raise SystemExit(f"raw encode failed: {raw.stderr[-2000:]}")
        parts = json.loads(raw.stdout.strip().splitlines()[-1])
        ratios.append(theirs / ours)
        print(f"round {r + 1}: factcheck {ours:.1f} s ({len(texts) / ours:.0f} sentences/s); raw float32 encode "
              f"{theirs:.1f} s (import + load {parts['load_s']:.1f} s, encode {parts['encode_s']:.1f} s: "
              f"{len(texts) / parts['encode_s']:.0f} sentences/s); ratio {theirs / ours:.2f} "
              f"(encode alone {parts['encode_s'] / ours:.2f}); load average {load0:.1f} -> {os.getloadavg()[0]:.1f}")
    shutil.rmtree(work, ignore_errors=True)
    print(f"end to end / raw float32 encode of every sentence: {min(ratios):.2f}-{max(ratios):.2f}x")


if __name__ == "__main__":
    main()
