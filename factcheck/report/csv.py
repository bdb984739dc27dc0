"""The CSV report: one row per finding (pandas), evidence flattened for spreadsheets.

Spreadsheets run a cell that starts with = + - @ as a formula, and article text is
untrusted: such cells get a leading apostrophe in the CSV file (the spreadsheet shows
the text, runs nothing). The DataFrame (``findings_frame``) and the JSON keep the text as is.
"""

from __future__ import annotations

import pandas as pd

from factcheck.model import Finding

COLUMNS = [
    "id", "rule", "category", "severity", "confidence", "doc", "start", "end", "text",
    "message", "suggestion", "evidence",
]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a DataFrame: the suspect span in doc/start/end/text, all spans in ``evidence``."""
    rows = []
    for f in findings:
        first = f.evidence[0]
        rows.append({
            "id": f.id, "rule": f.rule, "category": f.category, "severity": f.severity,
            "confidence": round(float(f.confidence), 3), "doc": first.doc, "start": first.start,
            "end": first.end, "text": first.text, "message": f.message, "suggestion": f.suggestion,
            "evidence": " | ".join(f"{e.doc}[{e.start}:{e.end}] {e.text}" for e in f.evidence),
        })
    return pd.DataFrame(rows, columns=COLUMNS)


_TEXT_COLUMNS = ("doc", "text", "message", "suggestion", "evidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(findings: list[Finding]) -> str:
    frame = findings_frame(findings)
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].map(_defuse)
    return frame.to_csv(index=False, lineterminator="\n")


def is_report_head(head: bytes) -> bool:
    """The file opens with the header line exactly as ``to_csv`` writes it (a spreadsheet with
    some of our column names, or more of them, is someone else's)."""
    return head.startswith(to_csv([]).encode("utf-8"))
