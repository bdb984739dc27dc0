"""The JSON report: schema version 1 of DESIGN.md, byte-identical for the same input."""

from __future__ import annotations

import json
import math
from pathlib import Path

from factcheck.core.locations import Locator
from factcheck.core.model import Document, Evidence, Finding, InputError
from factcheck.report.formats import Rendering

SCHEMA_VERSION = 1


def _finding(f: Finding, locate: Locator) -> dict:
    d = f.to_dict()
    d["evidence"] = [_evidence(e, locate) for e in f.evidence]
    # a check's arithmetic must not make the report invalid JSON (NaN) or break the schema
    for key in ("confidence", "strength"):
        c = d[key]
        d[key] = 0.0 if not math.isfinite(c) else min(1.0, max(0.0, c))
    return d


def _evidence(e: Evidence, locate: Locator) -> dict:
    """doc, start, end, then where a person finds it (line, col, end_line, end_col), then text."""
    d = e.to_dict()
    where = locate(e)
    return {"doc": d["doc"], "start": d["start"], "end": d["end"], **(where.to_dict() if where else {}),
            "text": d["text"]}


def result_dict(documents: list[Document], findings: list[Finding], errors: list[InputError]) -> dict:
    locate = Locator(documents)
    return {
        "version": SCHEMA_VERSION,
        "documents": [
            {"id": d.id, "path": d.path, "title": d.title, "date": d.date,
             "record_line": locate.record_line(d.id), "reference": d.reference}
            for d in documents
        ],
        "findings": [_finding(f, locate) for f in findings],
        "errors": [e.to_dict() for e in errors],
    }


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def is_ours(path: Path, head: bytes) -> bool:
    """``path`` holds a JSON report as ``dumps`` writes it: our opening bytes (a cheap gate that
    spares parsing other JSON), then a parse giving an object with exactly our keys, in our order,
    and our version."""
    empty = result_dict([], [], [])
    if not head.startswith(dumps(empty).split("[", 1)[0].encode()):  # '{\n "version": 1,\n "documents": '
        return False
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError, RecursionError):  # anyone's file: deeply nested JSON is simply not ours
        return False
    return (isinstance(data, dict) and list(data) == list(empty) and data["version"] == SCHEMA_VERSION
            and all(isinstance(data[k], list) for k in ("documents", "findings", "errors")))


def render(r: Rendering) -> str:
    return dumps(r.data)
