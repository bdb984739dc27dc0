"""Suppressions: what a user told factcheck to stop reporting.

Three sources, applied in this order:
- an ignore file (``.factcheckignore`` in the working directory, or ``--ignore FILE``):
  one entry a line, either a finding id (``3f2a9c0e1b7d4a55``) or ``RULE: text``
  (``TRM001: Labor`` drops TRM001 findings whose cited text is "Labor"); ``#`` starts a
  comment;
- inline markers an editor leaves in a draft, on the flagged line or the line before:
  ``<!-- factcheck: ignore NAM001 -->``, ``[factcheck: ignore TRM001, TRM002]`` or
  ``[factcheck: ignore]`` (every rule);
- reviewer decisions exported by the HTML report (``--decisions FILE``, docs/formats.md):
  ``{"version": 2, "decisions": [{"id", "rule", "doc", "text", "status", "scope", "note"}]}``;
  a dismissal drops its finding ("ignore once": matched by id or, when an edit elsewhere in the
  document moved the id, by rule + document + cited text) or every finding of its rule in its
  document ("ignore this rule here"). Confirmed and "I'll edit" findings are kept, and their
  decisions, like the dismissals, are carried into the next report (``Carried``). Version 1
  files still read: a dismissal there also matches its rule + cited text in any document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.core.config import Settings
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Document, Finding

_ID = re.compile(r"^[0-9a-f]{16}$")
_RULE_TEXT = re.compile(r"^([A-Z]{2,5}[0-9]{3})\s*:\s*(.+)$")
_MARKER = re.compile(
    r"(?:<!--\s*factcheck\s*:\s*ignore\b([^>]*?)-->|\[\s*factcheck\s*:\s*ignore\b([^\]]*)\])", re.IGNORECASE
)
_CODE = re.compile(r"[A-Z]{2,5}[0-9]{3}")
STATUSES = ("confirmed", "dismissed", "editing")  # version 1 knows the first two
SCOPES = ("finding", "rule")  # "ignore once" / "ignore this rule here" (in this document)
VERSIONS = (1, 2)


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
    """A decisions file, indexed the ways a finding is matched to the review it had.

    Version 2 entries carry the document and a scope; version 1 entries (no document) keep
    their old reach: a dismissal also matches the rule and cited text in any document.
    """

    by_id: dict[str, dict] = field(default_factory=dict)
    by_span: dict[tuple[str, str, str], dict] = field(default_factory=dict)  # (rule, doc, text): id moved
    by_rule_text: dict[tuple[str, str], dict] = field(default_factory=dict)  # version 1 dismissals
    rules_here: dict[tuple[str, str], dict] = field(default_factory=dict)  # (rule, doc): "ignore this rule here"

    def lookup(self, f: Finding, present: Set[str] = frozenset()) -> dict | None:
        """The decision that applies to ``f``: its own id first, then the same slip whose id an
        edit elsewhere in its document moved, then the rule dismissed in its document.

        ``present`` are this run's finding ids: a decision whose finding is still there by id is
        that finding's alone, so "ignore once" never reaches an identical slip beside it.
        """
        first = f.evidence[0]
        if f.id in self.by_id:
            return self.by_id[f.id]
        moved = self.by_span.get((f.rule, first.doc, first.text))
        if moved is not None and moved.get("id") not in present:
            return moved
        return self.by_rule_text.get((f.rule, first.text)) or self.rules_here.get((f.rule, first.doc))


def read_decisions(path: Path) -> Decisions:
    def bad(msg: str) -> FactcheckError:
        return FactcheckError("E211", msg, 'export the decisions again from the HTML report ({"version": 2, ...})',
                              path)

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise FactcheckError("E211", f"cannot read decisions file: {e}", "check the --decisions path", path) from e
    except json.JSONDecodeError as e:
        raise FactcheckError("E211", f"invalid JSON: {e.msg}", "export the decisions again from the HTML report",
                             path, e.lineno) from None
    except (ValueError, RecursionError) as e:  # nested past the parser's depth, a number of thousands of digits
        raise bad(f"invalid JSON ({e.__class__.__name__})") from None
    if not isinstance(data, dict) or data.get("version") not in VERSIONS or not isinstance(data.get("decisions"), list):
        raise bad("not a decisions file: expected version 1 or 2 and a 'decisions' list")
    statuses = STATUSES if data["version"] == 2 else STATUSES[:2]
    out = Decisions()
    for i, d in enumerate(data["decisions"], 1):
        if not isinstance(d, dict) or d.get("status") not in statuses:
            raise bad(f"decision {i}: status must be one of {', '.join(statuses)}")
        scope = d.get("scope") or "finding"
        if scope not in SCOPES:
            raise bad(f"decision {i}: scope must be one of {', '.join(SCOPES)}")
        entry = {k: str(d[k]) for k in ("id", "rule", "doc", "text", "note") if d.get(k)} | {
            "status": d["status"], "scope": scope}
        fid, rule, doc, text = (entry.get(k) for k in ("id", "rule", "doc", "text"))
        if scope == "rule":
            if entry["status"] != "dismissed" or not (rule and doc):
                raise bad(f"decision {i}: scope 'rule' needs status 'dismissed', a rule and a doc")
            out.rules_here[(rule, doc)] = entry
            continue
        if not fid and not (rule and text):
            raise bad(f"decision {i} has neither an id nor rule and text")
        if fid:
            out.by_id[fid] = entry
        if rule and text and doc:
            out.by_span[(rule, doc, text)] = entry
        elif rule and text and entry["status"] == "dismissed":
            out.by_rule_text[(rule, text)] = entry
    return out


@dataclass
class Carried:
    """What a decisions file carried into this run, for the report to show and export again.

    ``decisions``: the earlier decisions of findings still reported (confirmed, "I'll edit").
    ``hidden``: one entry per finding an "ignore once" dismissal hid, restated with the finding's
    id of this run. ``rules``: every "ignore this rule here" dismissal, whether or not it hid
    something this time, with how many findings it hid (``hidden``).
    """

    decisions: list[dict] = field(default_factory=list)
    hidden: list[dict] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"decisions": self.decisions, "hidden": self.hidden, "rules": self.rules}


def _restated(f: Finding, d: dict) -> dict:
    """``d`` as it applies to ``f`` in this run: the finding's own id, document and text."""
    first = f.evidence[0]
    out = {"id": f.id, "rule": f.rule, "doc": first.doc, "text": first.text, "status": d["status"]}
    if d["status"] == "dismissed":
        out["scope"] = d["scope"]
    return out | ({"note": d["note"]} if d.get("note") else {})


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


@dataclass
class Suppressed:
    kept: list[Finding]
    count: int  # findings dropped by any source
    carried: Carried


def suppress(findings: Iterable[Finding], documents: Iterable[Document], settings: Settings) -> Suppressed:
    """Drop suppressed findings (order preserved) and note what the decisions file carried."""
    findings = list(findings)
    docs = {d.id: d for d in documents}
    ignore = read_ignore_file(Path(settings.ignore_file)) if getattr(settings, "ignore_file", None) else IgnoreList()
    decisions = read_decisions(Path(settings.decisions_file)) if getattr(settings, "decisions_file", None) \
        else Decisions()
    inline = {doc_id: t for doc_id, d in docs.items() if (t := inline_ignores(d))}
    rules = {key: d | {"hidden": 0} for key, d in decisions.rules_here.items()}  # how many each hid
    carried = Carried(rules=list(rules.values()))
    present = {f.id for f in findings}
    kept = []
    for f in findings:
        if ignore.matches(f) or _inline_suppressed(f, inline, docs):
            continue
        d = decisions.lookup(f, present)
        if d is None:
            kept.append(f)
        elif d["status"] == "dismissed":
            if d["scope"] == "rule":  # restated once, in ``rules``
                rules[(d["rule"], d["doc"])]["hidden"] += 1
            else:
                carried.hidden.append(_restated(f, d))
        else:
            kept.append(f)
            carried.decisions.append(_restated(f, d))
    return Suppressed(kept, len(findings) - len(kept), carried)
