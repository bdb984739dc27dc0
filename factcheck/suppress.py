"""Suppressions: what a user told factcheck to stop reporting.

Three sources, applied in this order:
- an ignore file (``.factcheckignore`` in the working directory, or ``--ignore FILE``):
  one entry a line, either a finding id (``3f2a9c0e1b7d4a55``) or ``RULE: text``
  (``TRM001: Labor`` drops TRM001 findings whose cited text is "Labor"); ``#`` starts a
  comment;
- inline markers an editor leaves in a draft, on the flagged line or the line before:
  ``<!-- factcheck: ignore NAM001 -->``, ``[factcheck: ignore TRM001, TRM002]`` or
  ``[factcheck: ignore]`` (every rule);
- reviewer decisions exported by the HTML report (``--decisions FILE``):
  ``{"version": 1, "decisions": [{"id", "rule", "text", "status": "confirmed"|"dismissed", "note"}]}``;
  dismissed findings are dropped, matched by id or, when ids moved because the text
  was edited, by rule + cited text. Confirmed ones are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.model import Document, Finding

_ID = re.compile(r"^[0-9a-f]{16}$")
_RULE_TEXT = re.compile(r"^([A-Z]{2,5}[0-9]{3})\s*:\s*(.+)$")
_MARKER = re.compile(
    r"(?:<!--\s*factcheck\s*:\s*ignore\b([^>]*?)-->|\[\s*factcheck\s*:\s*ignore\b([^\]]*)\])", re.IGNORECASE
)
_CODE = re.compile(r"[A-Z]{2,5}[0-9]{3}")
STATUSES = ("confirmed", "dismissed")


@dataclass
class IgnoreList:
    ids: set[str] = field(default_factory=set)
    rule_text: set[tuple[str, str]] = field(default_factory=set)

    def matches(self, f: Finding) -> bool:
        return f.id in self.ids or (f.rule, f.evidence[0].text) in self.rule_text


def read_ignore_file(path: Path) -> IgnoreList:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise FactcheckError("E211", f"cannot read ignore file: {e}", "check the --ignore path", path) from e
    out = IgnoreList()
    for n, raw in enumerate(lines, 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if _ID.match(line):
            out.ids.add(line)
            continue
        m = _RULE_TEXT.match(line)
        if not m:
            raise FactcheckError("E211", f"cannot read ignore entry {line!r}",
                                 "write a 16-character finding id, or RULE: text such as 'TRM001: Labor'", path, n)
        out.rule_text.add((m.group(1), m.group(2).strip()))
    return out


@dataclass
class Decisions:
    dismissed_ids: set[str] = field(default_factory=set)
    confirmed_ids: set[str] = field(default_factory=set)
    dismissed_rule_text: set[tuple[str, str]] = field(default_factory=set)

    def dismisses(self, f: Finding) -> bool:
        if f.id in self.confirmed_ids:
            return False
        return f.id in self.dismissed_ids or (f.rule, f.evidence[0].text) in self.dismissed_rule_text


def read_decisions(path: Path) -> Decisions:
    def bad(msg: str) -> FactcheckError:
        return FactcheckError("E211", msg, 'export the decisions again from the HTML report ({"version": 1, ...})',
                              path)

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise FactcheckError("E211", f"cannot read decisions file: {e}", "check the --decisions path", path) from e
    except json.JSONDecodeError as e:
        raise FactcheckError("E211", f"invalid JSON: {e.msg}", "export the decisions again from the HTML report",
                             path, e.lineno) from None
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("decisions"), list):
        raise bad("not a decisions file: expected version 1 and a 'decisions' list")
    out = Decisions()
    for i, d in enumerate(data["decisions"], 1):
        if not isinstance(d, dict) or d.get("status") not in STATUSES:
            raise bad(f"decision {i}: status must be one of {', '.join(STATUSES)}")
        fid, rule, text = d.get("id"), d.get("rule"), d.get("text")
        if not fid and not (rule and text):
            raise bad(f"decision {i} has neither an id nor rule and text")
        if d["status"] == "dismissed":
            if fid:
                out.dismissed_ids.add(str(fid))
            if rule and text:
                out.dismissed_rule_text.add((str(rule), str(text)))
        elif fid:
            out.confirmed_ids.add(str(fid))
    return out


def inline_ignores(doc: Document) -> dict[int, set[str] | None]:
    """Line number -> codes ignored on it (None = every rule). A marker covers its line and the next."""
    out: dict[int, set[str] | None] = {}
    if "factcheck" not in doc.text.lower():
        return out
    for m in _MARKER.finditer(doc.text):
        args = m.group(1) if m.group(1) is not None else m.group(2)
        codes = set(_CODE.findall(args or "")) or None
        line = doc.text.count("\n", 0, m.start())
        for ln in (line, line + 1):
            prev = out.get(ln, set())
            out[ln] = None if codes is None or prev is None else prev | codes
    return out


def _inline_suppressed(f: Finding, ignores: dict[str, dict[int, set[str] | None]], docs: dict[str, Document]) -> bool:
    first = f.evidence[0]
    table = ignores.get(first.doc)
    if not table:
        return False
    line = docs[first.doc].text.count("\n", 0, first.start)
    if line not in table:
        return False
    codes = table[line]
    return codes is None or f.rule in codes


def apply_suppressions(
    findings: Iterable[Finding], documents: Iterable[Document], settings: Settings
) -> tuple[list[Finding], int]:
    """Drop suppressed findings; return (kept, suppressed_count). Order is preserved."""
    findings = list(findings)
    docs = {d.id: d for d in documents}
    ignore = read_ignore_file(Path(settings.ignore_file)) if getattr(settings, "ignore_file", None) else IgnoreList()
    decisions = read_decisions(Path(settings.decisions_file)) if getattr(settings, "decisions_file", None) \
        else Decisions()
    inline = {doc_id: t for doc_id, d in docs.items() if (t := inline_ignores(d))}
    kept = [
        f for f in findings
        if not (ignore.matches(f) or decisions.dismisses(f) or _inline_suppressed(f, inline, docs))
    ]
    return kept, len(findings) - len(kept)
