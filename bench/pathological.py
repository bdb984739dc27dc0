"""Hostile inputs through the whole pipeline: each must finish in seconds and give a report.

    PYTHONPATH=. .venv/bin/python bench/pathological.py [--only NAME] [--big] [--limit SECONDS]

Generates each input in a temporary folder, runs it (hashing embedder, no cache, so every stage
does its full work) and prints the seconds per stage: read (ingest), segment (alone; extract
segments again), extract, embed, pair, check (the pipeline's own timings), findings (calibration,
merging, budget) and report (JSON, CSV and HTML written). ``--big`` adds a 50 MB JSONL archive.
An input over ``--limit`` seconds in all is marked SLOW and the script exits 1: the speed target
lives here, never in a timed unit test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factcheck.api import Outputs, triage_settings, write_reports
from factcheck.core.config import load_settings
from factcheck.core.model import Document
from factcheck.embed.vectors import make_embedder
from factcheck.findings.stage import run_stage
from factcheck.ingest.read import read_documents
from factcheck.rules.packs import load_checks
from factcheck.run.pipeline import PairingOptions, check_documents
from factcheck.segment.sentences import segment

STAGES = ("read", "segment", "extract", "embed", "pair", "check", "findings", "report")
WORDS = "the council said officers were hired across England and Wales last year under the new scheme".split()


def number_line(folder: Path) -> list[Path]:
    """A table pasted as one line: 10,000 figures in one sentence, in two reports that differ a little."""
    rng = random.Random(1)
    values = [rng.randint(1, 99_999) for _ in range(10_000)]
    out = []
    for n, shift in enumerate((0, 7)):
        figures = ", ".join(str(v + shift * (i % 10 == 0)) for i, v in enumerate(values))
        p = folder / f"table{n}.txt"
        p.write_text(f"The Home Office said the forces hired {figures} officers in 2019.\n")
        out.append(p)
    return out


def megabyte_sentence(folder: Path) -> list[Path]:
    """One sentence of 1 MB: words, names and figures, no full stop."""
    rng = random.Random(2)
    parts = []
    size = 0
    while size < 1_000_000:
        w = rng.choice(WORDS) if rng.random() < 0.9 else rng.choice(["Mr Khan", "Ms Patel", str(rng.randint(1, 999))])
        parts.append(w)
        size += len(w) + 1
    p = folder / "sentence.txt"
    p.write_text(" ".join(parts) + "\n")
    return [p]


_NAMES = [f"Force{n}" for n in range(50_000)]


def inline_list(folder: Path) -> list[Path]:
    """A stated count introducing a 50,000-item list in one sentence."""
    p = folder / "list.txt"
    p.write_text("The six forces in special measures are " + ", ".join(_NAMES[:-1]) + f" and {_NAMES[-1]}.\n")
    return [p]


def bullet_list(folder: Path) -> list[Path]:
    """A stated count introducing a 50,000-item bulleted list: 50,000 short sentences in one document."""
    p = folder / "bullets.md"
    p.write_text("Six forces were named:\n\n" + "".join(f"- {n} Police\n" for n in _NAMES))
    return [p]


def nested_html(folder: Path) -> list[Path]:
    """100,000 nested elements around an article."""
    depth = 100_000
    body = "<p>Mr Khan said six forces failed in 2019. Mr Hahn said 21,000 officers were hired.</p>"
    p = folder / "nested.html"
    p.write_text("<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>\n")
    return [p]


def big_archive(folder: Path) -> list[Path]:
    """A 50 MB JSONL archive of ordinary articles."""
    rng = random.Random(3)
    p = folder / "archive.jsonl"
    with open(p, "w", encoding="utf-8") as f:
        n = 0
        while f.tell() < 50 * 2**20:
            sentences = [f"{' '.join(rng.choices(WORDS, k=12)).capitalize()} {rng.randint(1, 99_999)}."
                         for _ in range(30)]
            f.write(json.dumps({"id": f"a{n}", "text": " ".join(sentences)}) + "\n")
            n += 1
    return [p]


INPUTS: dict[str, Callable[[Path], list[Path]]] = {
    "10k-number line": number_line,
    "1 MB sentence": megabyte_sentence,
    "50k-item line": inline_list,
    "50k bullet list": bullet_list,
    "nested HTML": nested_html,
}


class Timed:
    """A check that adds the seconds it runs to ``spent[code]``: which check a slow input costs."""

    def __init__(self, check: Any, spent: Counter) -> None:
        self.check, self.spent = check, spent

    def run(self, corpus: Any) -> list:
        t = time.perf_counter()
        found = list(self.check.run(corpus))
        self.spent[self.check.code] += time.perf_counter() - t
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self.check, name)


def run_one(paths: list[Path], folder: Path, spent: Counter) -> tuple[dict[str, float], int, int]:
    """Seconds per stage (and per check, into ``spent``), findings and errors for one input."""
    settings = load_settings({"model": "hashing"})
    checks, embedder = [Timed(c, spent) for c in load_checks(settings)], make_embedder("hashing")
    t = time.perf_counter()
    docs, errors = read_documents([str(p) for p in paths])
    timings = {"read": time.perf_counter() - t}
    t = time.perf_counter()
    for d in docs:
        segment(Document(id=d.id, text=d.text))
    timings["segment"] = time.perf_counter() - t
    result = check_documents(docs, checks, embedder, options=PairingOptions(threshold=settings.pair_threshold),
                             errors=errors)
    timings.update(result.timings)
    t = time.perf_counter()
    result.findings = run_stage(result.findings, result.documents, settings, triage_settings(settings, checks)).findings
    timings["findings"] = time.perf_counter() - t
    t = time.perf_counter()
    outputs = Outputs(json=str(folder / "r.json"), csv=str(folder / "r.csv"), html=str(folder / "r.html"), force=True)
    write_reports(result, outputs)
    timings["report"] = time.perf_counter() - t
    return timings, len(result.findings), len(result.errors)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="run the input whose name contains this")
    ap.add_argument("--big", action="store_true", help="add a 50 MB JSONL archive")
    ap.add_argument("--limit", type=float, default=30.0, help="seconds an input may take in all")
    args = ap.parse_args()
    inputs = dict(INPUTS, **({"50 MB JSONL": big_archive} if args.big else {}))
    print(f"{'input':<16} {'MB':>5} " + " ".join(f"{s:>8}" for s in STAGES) + f" {'total':>8}  findings errors")
    slow = []
    for name, make in inputs.items():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            paths = make(folder)
            mb = sum(p.stat().st_size for p in paths) / 2**20
            spent: Counter = Counter()
            timings, n_findings, n_errors = run_one(paths, folder, spent)
        total = sum(timings.get(s, 0.0) for s in STAGES)
        row = " ".join(f"{timings.get(s, 0.0):>8.2f}" for s in STAGES)
        flag = "  SLOW" if total > args.limit else ""
        print(f"{name:<16} {mb:>5.1f} {row} {total:>8.2f}  {n_findings:>8} {n_errors:>6}{flag}", flush=True)
        print(f"{'':<23}slowest checks: " + ", ".join(f"{c} {t:.2f}" for c, t in spent.most_common(3)), flush=True)
        if flag:
            slow.append(name)
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
