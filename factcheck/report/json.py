"""The JSON report: schema version 1 of DESIGN.md, byte-identical for the same input."""

from __future__ import annotations

import json
import math

from factcheck.model import Document, Finding, InputError

SCHEMA_VERSION = 1


def _finding(f: Finding) -> dict:
    d = f.to_dict()
    # a check's arithmetic must not make the report invalid JSON (NaN) or break the schema
    for key in ("confidence", "strength"):
        c = d[key]
        d[key] = 0.0 if not math.isfinite(c) else min(1.0, max(0.0, c))
    return d


def result_dict(documents: list[Document], findings: list[Finding], errors: list[InputError]) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "documents": [
            {"id": d.id, "path": d.path, "title": d.title, "date": d.date}
            for d in documents
        ],
        "findings": [_finding(f) for f in findings],
        "errors": [e.to_dict() for e in errors],
    }


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
