"""The CSV report: one row per finding (pandas), evidence flattened for spreadsheets.

Article text, titles and ids are untrusted, so each field is written so that no reader can
take it for anything but one cell: a field holding a CR, an LF, a quote or a comma is quoted
(Python's csv and pandas quote only the characters of their line terminator, so a lone CR went
out bare and split the row); and a cell that a spreadsheet would run as a formula (it starts
with = + - @, a tab or a CR) gets a leading apostrophe (the spreadsheet shows the text, runs
nothing). The DataFrame (``findings_frame``) and the JSON keep the text as is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.core.locations import Locator
from factcheck.core.model import Document, Evidence, Finding
from factcheck.report.formats import Rendering

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "id", "rule", "category", "severity", "confidence", "doc", "start", "end", "line", "col", "record_line",
    "text", "message", "suggestion", "evidence", "doc_title", "doc_date", "doc_source",
]
# The headers older versions wrote (before doc_title/date/source, before line/col): their reports
# are still ours to replace.
_BEFORE_DOC_FIELDS = COLUMNS[:COLUMNS.index("doc_title")]
_OUR_HEADS = (COLUMNS, _BEFORE_DOC_FIELDS, [c for c in _BEFORE_DOC_FIELDS if c not in ("line", "col", "record_line")])


def findings_frame(findings: list[Finding], documents: Sequence[Document] = ()) -> pd.DataFrame:
    """Findings as a DataFrame: the suspect span in doc/start/end/text (line/col and the document's
    title/date/source when ``documents`` holds it), all spans in ``evidence`` as
    ``doc:line:col [start:end] text``."""
    import pandas as pd  # here, not at the top: a run that writes no CSV never imports pandas

    locate = Locator(documents)
    by_id = {d.id: d for d in documents}
    rows = []
    for f in findings:
        first = f.evidence[0]
        where = locate(first)
        doc = by_id.get(first.doc)
        rows.append({
            "id": f.id, "rule": f.rule, "category": f.category, "severity": f.severity,
            "confidence": round(float(f.confidence), 3), "doc": first.doc, "start": first.start,
            "end": first.end, "line": where.line if where else None, "col": where.col if where else None,
            "record_line": where.record_line if where else None,
            "text": first.text, "message": f.message, "suggestion": f.suggestion,
            "evidence": " | ".join(_cite(e, locate) for e in f.evidence),
            "doc_title": doc.title if doc else None, "doc_date": doc.date if doc else None,
            "doc_source": doc.source if doc else None,
        })
    return pd.DataFrame(rows, columns=COLUMNS).astype({"line": "Int64", "col": "Int64", "record_line": "Int64"})


def _cite(e: Evidence, locate: Locator) -> str:
    where = locate(e)
    return f"{e.doc}{f':{where.line}:{where.col}' if where else ''}[{e.start}:{e.end}] {e.text}"


_TEXT_COLUMNS = ("doc", "text", "message", "suggestion", "evidence", "doc_title", "doc_date", "doc_source")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


_NEEDS_QUOTES = re.compile('[\r\n",]')


def _field(value: object, missing: object) -> str:
    """One CSV field as pandas writes it (empty for a missing value: None, NaN or ``missing``, pandas'
    NA), quoted whenever it holds a CR, an LF, a quote or the separator."""
    if value is None or value is missing or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if _NEEDS_QUOTES.search(text) else text


def to_csv(findings: list[Finding], documents: Sequence[Document] = ()) -> str:
    import pandas as pd

    frame = findings_frame(findings, documents)
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].map(_defuse)  # the guard first, then the quoting of what it gives
    lines = [",".join(COLUMNS)]
    rows = frame.astype(object).itertuples(index=False, name=None)
    lines += [",".join(_field(v, pd.NA) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


def is_ours(path: Path, head: bytes) -> bool:
    """The file opens with the header line exactly as ``to_csv`` writes it (a spreadsheet with
    some of our column names, or more of them, is someone else's)."""
    return any(head.startswith((",".join(columns) + "\n").encode("utf-8")) for columns in _OUR_HEADS)


def render(r: Rendering) -> str:
    return to_csv(r.findings, r.documents)
