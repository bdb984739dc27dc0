"""GitHub Actions workflow commands: one ``::warning file=…,line=…,col=…::message`` per finding,
which the Actions runner turns into annotations on the pull request's diff.

Escaping follows the runner's rules: in the message ``%``, ``\\r`` and ``\\n``; in a property
value ``:`` and ``,`` too. Control characters left after that are shown as escapes (``safe``), so
an article can neither forge a second workflow command nor colour the log.
"""

from __future__ import annotations

from factcheck.core.errors import safe
from factcheck.report.formats import Rendering

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
_DATA = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY = (*_DATA, (":", "%3A"), (",", "%2C"))


def escape_data(text: object) -> str:
    return safe(_escape(str(text), _DATA))


def escape_property(text: object) -> str:
    return safe(_escape(str(text), _PROPERTY))


def _escape(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for raw, code in table:  # "%" first, so the escapes themselves are not escaped again
        text = text.replace(raw, code)
    return text


def to_github(result: dict) -> str:
    """One workflow command per finding of ``result`` (JSON schema version 1), in report order."""
    docs = {str(d["id"]): d for d in result.get("documents") or []}
    return "".join(annotation(f, docs) + "\n" for f in result.get("findings") or [])


def annotation(f: dict, docs: dict[str, dict]) -> str:
    e = f["evidence"][0]
    doc = docs.get(str(e["doc"]), {})
    props: list[tuple[str, object]] = []
    if doc.get("path"):
        props.append(("file", doc["path"]))
    message = f["message"] + (f" (suggestion: {f['suggestion']})" if f.get("suggestion") else "")
    if doc.get("record_line"):  # an archive record: its line in the archive; where inside it, in the message
        props.append(("line", doc["record_line"]))
        if "line" in e:
            message = f"[{e['doc']} {e['line']}:{e['col']}] {message}"
    elif "line" in e:
        props += [("line", e["line"]), ("col", e["col"]), ("endLine", e["end_line"]), ("endColumn", e["end_col"])]
    props.append(("title", f"{f['rule']} {f['category']}"))
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMAND[f['severity']]} {head}::{escape_data(message)}"


def render(r: Rendering) -> str:
    return to_github(r.data)
