"""The SARIF 2.1.0 report: findings as code-scanning results (GitHub, GitLab, IDE viewers).

Built from the JSON report's dict (``result_dict``), so both say the same: each finding is a
result whose first location is the suspect span and whose related locations are the evidence
against it; each code is a rule in ``tool.driver`` with its summary and its documentation.
Columns count characters (``columnKind: unicodeCodePoints``), as our line/col do. A record of a
JSONL/CSV archive is located at its own line in the archive (where a viewer can open it); the
line and column inside its text ride along in the location's properties.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path, PurePath
from urllib.parse import quote

from factcheck.core.version import __version__
from factcheck.report.formats import Rendering
from factcheck.rules.packs import RuleDoc

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "factcheck/v1"  # the finding's stable id: how a viewer matches results across runs


def to_sarif(result: dict, rules: Mapping[str, RuleDoc]) -> str:
    """``result`` (JSON schema version 1) as a SARIF 2.1.0 log, one run, deterministic."""
    docs = {str(d["id"]): d for d in result.get("documents") or []}
    catalogue = dict(rules)
    for f in result.get("findings") or []:  # a code the catalogue lacks still gets a rule entry
        catalogue.setdefault(f["rule"], RuleDoc(f["rule"], f["category"], f["severity"], f["rule"], f["rule"]))
    index = {code: n for n, code in enumerate(catalogue)}
    run = {
        "tool": {"driver": {
            "name": "factcheck", "version": __version__, "semanticVersion": __version__,
            "rules": [_rule(r) for r in catalogue.values()],
        }},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, docs, index[f["rule"]]) for f in result.get("findings") or []],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def _rule(r: RuleDoc) -> dict:
    return {
        "id": r.code,
        "shortDescription": {"text": r.summary or r.code},
        "fullDescription": {"text": r.help.split("\n\n", 1)[0] or r.summary or r.code},
        "help": {"text": r.help or r.summary or r.code},
        "defaultConfiguration": {"level": LEVEL.get(r.severity, "warning")},
        "properties": {"category": r.category},
    }


def _result(f: dict, docs: dict[str, dict], rule_index: int) -> dict:
    evidence = f["evidence"]
    message = f["message"] + (f" Suggestion: {f['suggestion']}" if f.get("suggestion") else "")
    out: dict = {
        "ruleId": f["rule"],
        "ruleIndex": rule_index,
        "level": LEVEL[f["severity"]],
        "message": {"text": message},
        "locations": [_location(evidence[0], docs)],
        "partialFingerprints": {FINGERPRINT: f["id"]},
        "properties": {"category": f["category"], "confidence": f["confidence"], "also": f.get("also") or []},
    }
    if len(evidence) > 1:
        out["relatedLocations"] = [
            {**_location(e, docs), "id": n, "message": {"text": e["text"]}} for n, e in enumerate(evidence[1:], 1)]
    return out


def _location(e: dict, docs: dict[str, dict]) -> dict:
    doc = docs.get(str(e["doc"]), {})
    where: dict = {"artifactLocation": {"uri": artifact_uri(doc.get("path"), str(e["doc"]))}}
    record = doc.get("record_line")
    if record:  # an archive record: the viewer opens the archive at the record's line
        where["region"] = {"startLine": record, "snippet": {"text": e["text"]}}
    elif "line" in e:
        where["region"] = {"startLine": e["line"], "startColumn": e["col"], "endLine": e["end_line"],
                           "endColumn": e["end_col"], "snippet": {"text": e["text"]}}
    location: dict = {"physicalLocation": where}
    props = {"document": e["doc"], "start": e["start"], "end": e["end"]}
    if record and "line" in e:
        props.update(line=e["line"], col=e["col"])
    location["properties"] = props
    return location


def artifact_uri(path: str | None, doc_id: str) -> str:
    """A relative path stays a relative URI reference (what code scanning matches against the
    repository); an absolute one becomes a file: URI; a document without a path is named by its id."""
    if not path:
        return quote(doc_id, safe="")
    p = PurePath(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix())


def is_ours(path: Path, head: bytes) -> bool:
    """The file opens as ``to_sarif`` writes it, up to our tool's name."""
    opening = to_sarif({}, {}).split('"factcheck"', 1)[0] + '"factcheck"'
    return head.startswith(opening.encode("utf-8"))


def render(r: Rendering) -> str:
    return to_sarif(r.data, r.rules())
