"""Small distinct archives built from the seeds, shared by the index and parallel tests."""

from __future__ import annotations

from pathlib import Path

from factcheck.report.json import dumps, result_dict

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def variants(n: int) -> dict[str, str]:
    """``n`` distinct documents: each seed with its paragraphs rotated, plus a unique closing line."""
    out: dict[str, str] = {}
    seeds = seed_texts()
    for i in range(n):
        paras = [p for p in seeds[i % len(seeds)].split("\n") if p.strip()]
        r = (i // len(seeds)) % len(paras)
        paras = paras[:1] + paras[1 + r:] + paras[1:1 + r]  # keep the headline first
        out[f"v{i:02d}"] = "\n\n".join([*paras, f"This is archive copy number {i}."])
    return out


def report(result) -> str:
    return dumps(result_dict(result.documents, result.findings, result.errors))
