"""The JSON report: schema version 1 of DESIGN.md, byte-identical for the same input."""

from __future__ import annotations

import json

from factcheck.model import Document, Finding, InputError

SCHEMA_VERSION = 1


def result_dict(documents: list[Document], findings: list[Finding], errors: list[InputError]) -> dict:
    return {
        "version": SCHEMA_VERSION,
        "documents": [
            {"id": d.id, "path": d.path, "title": d.title, "date": d.date}
            for d in documents
        ],
        "findings": [f.to_dict() for f in findings],
        "errors": [e.to_dict() for e in errors],
    }


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=1) + "\n"
