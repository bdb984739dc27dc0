"""Start-up and draft-path costs: what a sub-editor waits for.

    .venv/bin/python bench/startup.py [--index DIR] [--draft FILE] [--repeat 5] [--draft-repeat 3] [--edits 5]
                                      [--encoder auto,torch-float32,onnx-int8]

Prints, each figure from processes this script starts:

1. cold process per command, best of --repeat: ``--version``, ``--help``, ``rules list``,
   ``rules explain NAM001``, ``rules validate rules``, and ``check DRAFT --against INDEX``
   (best of --draft-repeat, embedding cache off: a new draft), once per ``--encoder`` backend;
2. the floor under the draft path: a cold ``import torch``, ``import sentence_transformers``, and the
   ONNX path's ``import onnxruntime``, ``import tokenizers``;
3. the draft path in one cold process per backend, split into import, settings+rules, index open,
   model load, extract, encode, pair, checks, findings (read/link/triage: the rest of ``api.check``)
   and report, what the process spends outside them (interpreter start and teardown), and whether
   it imported torch;
4. ``factcheck watch``: a warm process re-checking the draft after each of --edits saves (one
   sentence changed each time), with the default embedding cache (a fresh one) and without one.

The factcheck measured is the one PYTHONPATH (else the install) gives: PYTHONPATH=OTHER_TREE compares
two versions. The index defaults to /tmp/factcheck-startup-idx, built from ../shared/bench/dev/archive.jsonl if
missing (minutes); the draft defaults to the ../shared/bench/wide article nearest 1,000 words.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
COMMANDS = [["--version"], ["--help"], ["rules", "list"], ["rules", "explain", "NAM001"],
            ["rules", "validate", str(ROOT / "rules")]]


def wall(argv: list[str], repeat: int) -> float:
    """Best wall time of ``repeat`` cold processes (the first one also warms the OS file cache). They
    run in a neutral folder: ``-m factcheck`` would import a ./factcheck before PYTHONPATH's."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, check=False, cwd=tempfile.gettempdir())
        best = min(best, time.perf_counter() - t)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return best


def factcheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "factcheck", *args]


def default_draft(path: Path) -> Path:
    """The wide bench article nearest 1,000 words, as a Markdown draft."""
    rows = [json.loads(line) for line in (BENCH / "wide" / "archive.jsonl").open(encoding="utf-8")]
    best = min(rows, key=lambda r: abs(len(r["text"].split()) - 1000))
    path.write_text(best["text"], encoding="utf-8")
    return path


def ensure_index(index: Path) -> None:
    if (index / "meta.json").is_file():
        return
    print(f"building {index} from the dev archive (once; minutes)...", flush=True)
    subprocess.run(factcheck("index", "build", str(BENCH / "dev" / "archive.jsonl"), "--out", str(index), "-q"),
                   check=True)


def child(argv: list[str]) -> tuple[dict, float]:
    """What a child run of this script printed, and its wall time."""
    t = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *argv], capture_output=True, text=True, check=False)
    took = time.perf_counter() - t
    if done.returncode:
        sys.exit(f"child {' '.join(argv)} failed: {done.stderr[-800:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), took


def stages(draft: str, index: str, encoder: str) -> dict:
    """The draft path of ``factcheck check DRAFT --against INDEX --no-cache`` stage by stage, in this
    (cold) process. Imports stay inside: their cost is the first stage."""
    from factcheck.cli import _quiet_process_defaults

    _quiet_process_defaults()  # as the command does: offline, quiet, passive OpenMP waits when busy
    out: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        out[name] = now - clock
        clock = now

    import factcheck.api as api
    import factcheck.cli  # noqa: F401  (what the command imports before it runs)
    from factcheck.core.config import load_settings
    from factcheck.embed.vectors import make_embedder
    from factcheck.rules.packs import load_checks, load_packs
    from factcheck.run.index import open_index
    lap("import")
    settings = load_settings({"encoder": encoder})
    load_checks(settings, load_packs(settings.rule_dirs))
    lap("settings+rules")
    embedder = make_embedder(settings.model, settings.dtype, settings.encoder)
    open_index(index, embedder)
    lap("index open")
    embedder.load()  # type: ignore[attr-defined]
    lap("model load")
    result = api.check([draft], against=[index], settings=settings, embedder=embedder, cache=False)
    total = time.perf_counter() - clock
    for name, key in (("extract", "extract"), ("encode", "embed"), ("pair", "pair"), ("checks", "check")):
        out[name] = result.timings[key]
    out["findings"] = total - sum(result.timings.values())
    clock = time.perf_counter()
    from io import StringIO

    from rich.console import Console

    from factcheck.report.terminal import print_summary

    print_summary(Console(file=StringIO()), result.documents, result.findings, result.errors)
    api.render_report("json", result, settings)
    lap("report")
    out["findings_n"] = len(result.findings)
    out["torch"] = "torch" in sys.modules
    out["backend"] = getattr(embedder, "backend", embedder.name)
    return out


def rechecks(draft: str, index: str, edits: int, cache: str) -> dict:
    """Re-check latency of a warm ``factcheck watch``: the first check, then one per save."""
    from factcheck.cli import _quiet_process_defaults

    _quiet_process_defaults()
    from factcheck.core.config import load_settings
    from factcheck.watch import Watch

    work = Path(tempfile.mkdtemp(prefix="fc-watch-")) / Path(draft).name
    text = Path(draft).read_text(encoding="utf-8")
    work.write_text(text, encoding="utf-8")
    session = Watch([str(work)], against=[index], settings=load_settings({}),
                    cache=False if cache == "off" else cache)
    times = []
    for n in range(edits + 1):
        if n:  # a sub-editor's save: one sentence changes
            text = text.replace(".", f" ({n}).", 1)
            work.write_text(text, encoding="utf-8")
        t = time.perf_counter()
        event = session.recheck([str(work)])
        times.append(time.perf_counter() - t)
        if event.error:
            sys.exit(event.error)
    return {"first": times[0], "rechecks": times[1:]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", default="/tmp/factcheck-startup-idx")
    ap.add_argument("--draft")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--draft-repeat", type=int, default=3)
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--encoder", default="auto", help="comma-separated encoder backends for the draft path")
    ap.add_argument("--commands-only", action="store_true", help="only the commands that do not embed (section 1)")
    ap.add_argument("--draft-only", action="store_true", help="only the draft path (no other commands, no watch)")
    ap.add_argument("--child", choices=["stages", "rechecks"], help=argparse.SUPPRESS)
    ap.add_argument("--cache", default="off", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "stages":
        print(json.dumps(stages(args.draft, args.index, args.encoder)))
        return
    if args.child == "rechecks":
        print(json.dumps(rechecks(args.draft, args.index, args.edits, args.cache)))
        return

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"\ncold process, best of {args.repeat} (wall s):")
    print(f"  {'python -c pass':<42}{wall([sys.executable, '-c', 'pass'], args.repeat):6.2f}")
    for argv in [] if args.draft_only else COMMANDS:
        shown = " ".join(a if a != str(ROOT / "rules") else "rules/" for a in argv)
        print(f"  {'factcheck ' + shown:<42}{wall(factcheck(*argv), args.repeat):6.2f}", flush=True)
    if args.commands_only:
        return
    tmp = Path(tempfile.mkdtemp(prefix="fc-startup-"))
    draft = Path(args.draft) if args.draft else default_draft(tmp / "draft.md")
    index = Path(args.index)
    ensure_index(index)
    print(f"draft {draft} ({len(draft.read_text(encoding='utf-8').split())} words), index {index}, "
          f"load average {os.getloadavg()[0]:.1f}")
    encoders = [e for e in args.encoder.split(",") if e]
    for encoder in encoders:
        check = factcheck("check", str(draft), "--against", str(index), "--no-cache", "-q", "--encoder", encoder)
        print(f"  {'factcheck check DRAFT --against INDEX':<42}{wall(check, args.draft_repeat):6.2f}"
              f"   (best of {args.draft_repeat}, cache off, --encoder {encoder})", flush=True)

    print(f"\nfloor: cold imports, best of {args.draft_repeat} (wall s):")
    for module in ("numpy", "torch", "transformers", "sentence_transformers", "onnxruntime", "tokenizers"):
        print(f"  {'import ' + module:<42}{wall([sys.executable, '-c', f'import {module}'], args.draft_repeat):6.2f}",
              flush=True)

    for encoder in encoders:
        got, took = child(["--child", "stages", "--draft", str(draft), "--index", str(index), "--encoder", encoder])
        n, torch_used, backend = got.pop("findings_n"), got.pop("torch"), got.pop("backend")
        print(f"\ndraft path in one cold process, --encoder {encoder} = {backend} (s):")
        for name, sec in got.items():
            print(f"  {name:<42}{sec:6.2f}")
        print(f"  {'total of the stages':<42}{sum(got.values()):6.2f}   ({n} findings; torch imported: "
              f"{'yes' if torch_used else 'no'})")
        print(f"  {'start + exit (teardown; the CLI skips it)':<42}{took - sum(got.values()):6.2f}   "
              f"(process wall {took:.2f})", flush=True)

    if args.draft_only:
        return
    print(f"\nfactcheck watch: warm re-checks after {args.edits} saves (s):")
    for cache in ("off", str(tmp / "cache")):
        got, _ = child(["--child", "rechecks", "--draft", str(draft), "--index", str(index),
                     "--edits", str(args.edits), "--cache", cache])
        r = got["rechecks"]
        label = "embedding cache off" if cache == "off" else "embedding cache on (fresh)"
        print(f"  {label:<28} first check {got['first']:5.2f}, re-check median {statistics.median(r):5.2f} "
              f"min {min(r):5.2f} max {max(r):5.2f}", flush=True)


if __name__ == "__main__":
    main()
