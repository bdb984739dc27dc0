"""Check a findings report against a table of expected and forbidden findings.

Used by the seeds regression test and bench/quality.py; the table format is described
in tests/fixtures/seeds_expected.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.core.model import SEVERITY_RANK


@dataclass
class Outcome:
    label: str
    ok: bool
    detail: str


def _doc_matches(doc_id: str, pattern: str) -> bool:
    # seeds are named NNN_hash.txt: match the number prefix of the file name
    name = doc_id.replace("\\", "/").rsplit("/", 1)[-1]
    return re.match(pattern, name) is not None


def _texts(f: dict) -> list[str]:
    return [e["text"] for e in f["evidence"]] + [f.get("suggestion") or "", f["message"]]


def _meets(f: dict, want: dict) -> bool:
    first = f["evidence"][0]
    if f["category"] != want["category"] or not _doc_matches(first["doc"], want["doc"]):
        return False
    if SEVERITY_RANK[f["severity"]] < SEVERITY_RANK[want.get("min_severity", "warning")]:
        return False
    if not re.search(want["span"], first["text"]):
        return False
    texts = _texts(f)
    if not all(any(re.search(p, t) for t in texts) for p in want.get("also", [])):
        return False
    return all(any(_doc_matches(e["doc"], d) for e in f["evidence"]) for d in want.get("docs", []))


def evaluate(report: dict, table: dict) -> list[Outcome]:
    findings = report["findings"]
    out = []
    for want in table.get("must", []):
        hits = [f for f in findings if _meets(f, want)]
        label = f"item {want['item']} {want['category']} {want['doc']} {want['span']!r}"
        out.append(Outcome(label, bool(hits), f"{hits[0]['rule']}: {hits[0]['message']}" if hits else "missing"))
    for bad in table.get("must_not", []):
        hits = [
            f for f in findings
            if SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK["warning"]
            and _doc_matches(f["evidence"][0]["doc"], bad["doc"])
            and re.search(bad["span"], f["evidence"][0]["text"])
        ]
        label = f"not {bad['span']!r} in {bad['doc']} ({bad['why']})"
        out.append(Outcome(label, not hits, f"{hits[0]['rule']}: {hits[0]['message']}" if hits else "clean"))
    return out
