"""Extraction follows the checks' needs: per-layer extraction time for every check vs one pack.

    .venv/bin/python bench/needs.py [--archive ../shared/bench/dev/archive.jsonl] [--docs 100] [--enable TRM]

Selects the checks twice, as the CLI would: all of them (the default), then only the codes given
with --enable (default TRM: the substitution/term rules of rules/uk-terms.yml). For each selection
it prints the layers ``extract.layers_for`` picks from the checks' ``needs`` and the time each one
takes on the same documents (segmentation always runs: it is what every check and the embedder read).
"""

from __future__ import annotations

import argparse
import time
from importlib import import_module
from pathlib import Path

from factcheck.core.config import load_settings
from factcheck.core.model import Document
from factcheck.extract import LAYERS, layers_for
from factcheck.ingest.read import read_documents
from factcheck.rules.packs import load_checks
from factcheck.segment.sentences import segment

ROOT = Path(__file__).resolve().parents[1]


def timed_extraction(docs: list[Document], layers: tuple[str, ...]) -> dict[str, float]:
    """Seconds per stage over ``docs`` (fresh copies: extraction fills documents in place)."""
    times = dict.fromkeys(("segment", *layers), 0.0)
    for d in docs:
        doc = Document(id=d.id, text=d.text, title=d.title, date=d.date, source=d.source)
        t = time.perf_counter()
        segment(doc)
        times["segment"] += time.perf_counter() - t
        for layer in layers:
            t = time.perf_counter()
            import_module(f"factcheck.extract.{layer}").extract(doc)
            times[layer] += time.perf_counter() - t
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--archive", default=str(ROOT.parent / "shared" / "bench" / "dev" / "archive.jsonl"))
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--enable", nargs="+", default=["TRM"])
    args = ap.parse_args()
    docs = read_documents([args.archive])[0][: args.docs]
    selections = {
        "all checks": load_checks(load_settings(env={})),
        f"only {' '.join(args.enable)}": load_checks(load_settings({"disable": ["ALL"], "enable": args.enable},
                                                                   env={})),
    }
    timed_extraction(docs[:5], LAYERS)  # warm-up: lexicons and regexes load once, outside the timing
    results = {}
    for name, checks in selections.items():
        layers = layers_for(n for c in checks for n in c.needs)
        print(f"{name}: {len(checks)} checks ({', '.join(c.code for c in checks[:8])}"
              f"{', ...' if len(checks) > 8 else ''}) -> layers: {', '.join(layers) or 'none'}")
        results[name] = timed_extraction(docs, layers)
    print(f"\nper-layer extraction time over {len(docs)} documents (s)")
    names = list(results)
    print(f"{'stage':<14}" + "".join(f"{n:>16}" for n in names))
    for stage in ("segment", *LAYERS):
        cells = [f"{results[n][stage]:>16.2f}" if stage in results[n] else f"{'skipped':>16}" for n in names]
        print(f"{stage:<14}" + "".join(cells))
    print(f"{'total':<14}" + "".join(f"{sum(results[n].values()):>16.2f}" for n in names))


if __name__ == "__main__":
    main()
