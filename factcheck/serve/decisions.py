"""The desk's review decisions, shared: one SQLite file, one row per (report key, finding), with who
decided and when. Exported as the decisions file the HTML report writes (version 2), which
``factcheck check --decisions`` reads; the extra ``who`` and ``at`` fields are kept for people."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

STATUSES = ("confirmed", "dismissed", "editing")
SCOPES = ("finding", "rule")
FIELDS = ("id", "rule", "doc", "text", "status", "scope", "note", "who", "at")
MAX_CHANGES = 5_000  # per request: a report's page never decides more at once
MAX_FIELD = 2_000  # characters kept of any one field (a note, a quoted span)


class DecisionStore:
    """Thread-safe: one connection, used under a lock (decisions are small and rare next to checks)."""

    def __init__(self, path: str | Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS decisions (report TEXT NOT NULL, id TEXT NOT NULL, rule TEXT, doc TEXT,"
                " text TEXT, status TEXT NOT NULL, scope TEXT, note TEXT, who TEXT, at TEXT,"
                " PRIMARY KEY (report, id))")

    def apply(self, report: str, changes: list[dict], who: str) -> int:
        """Record ``changes`` (decision entries; an empty status clears one) by ``who``; returns how many
        were applied. An entry whose status or scope is unknown is skipped."""
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        who = _field(who) or "anonymous"
        done = 0
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for c in changes[:MAX_CHANGES]:
                    fid = _field(c.get("id"))
                    if not fid:
                        continue
                    status = c.get("status") or ""
                    if status == "":
                        self._db.execute("DELETE FROM decisions WHERE report=? AND id=?", (report, fid))
                    elif status in STATUSES and (c.get("scope") or "finding") in SCOPES:
                        row = (report, fid, _field(c.get("rule")), _field(c.get("doc")), _field(c.get("text")),
                               status, c.get("scope") or "finding", _field(c.get("note")), who, at)
                        self._db.execute("INSERT OR REPLACE INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?)", row)
                    else:
                        continue
                    done += 1
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return done

    def entries(self, report: str) -> list[dict]:
        """The report's decisions, oldest first, as decisions-file entries with who and when."""
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(FIELDS)} FROM decisions WHERE report=? ORDER BY at, id",
                                    (report,)).fetchall()
        out = []
        for row in rows:
            entry = {k: v for k, v in zip(FIELDS, row, strict=True) if v not in (None, "")}
            if entry.get("status") != "dismissed":
                entry.pop("scope", None)
            entry["note"] = entry.get("note", "")
            out.append(entry)
        return out

    def export(self, report: str) -> dict:
        """Today's decisions file (version 2) for ``report``."""
        return {"version": 2, "report": report, "decisions": self.entries(report)}

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _field(value: object) -> str:
    return str(value)[:MAX_FIELD] if value not in (None, "") else ""
