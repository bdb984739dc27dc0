"""The run cache: one SQLite file holding what a run can reuse. Sentence vectors keyed by (model,
sha1 of the sentence text).

It also keeps prepared documents (segmented + extracted) keyed by a fingerprint of the
extraction code and a hash of the document, so a warm re-run of a large archive skips
extraction as well as encoding; any change to segment/extract/lexicons/model code changes
the fingerprint and the old entries are simply never read again. And it keeps each check's
findings per story keyed by a fingerprint of the check (code and settings) and a hash of
everything the check reads of that story (factcheck/run/story_run.py), so a warm re-run
re-checks only the stories whose documents or pairs changed.

Everything in it is data, never code: vectors are raw float32 bytes, documents and findings
are JSON rows (factcheck.core.codec, factcheck.core.docrows) checked on the way back, so a cache folder
shared with others (or written by anyone) cannot make factcheck run anything. A row that does
not decode is a cache miss (recomputed and rewritten) with one W120 warning, never an error.
The JSON rows live in their own tables (``prepared_rows``, ``checked_rows``): the pickled
tables of older versions (``prepared``, ``checked``) are never read, so both kinds of factcheck
can share one cache file without ever mixing rows.

Why SQLite: one file, transactions make every batch atomic (an interrupted run keeps
what it finished and never leaves a half-written row), WAL lets concurrent runs read
and write safely, and it ships with Python. A cache that fails its integrity check or
holds a vector of the wrong size is moved aside and rebuilt, never trusted. A cache that
cannot be written (disk full, read-only) is skipped with a warning: the run goes on uncached.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.core.codec import RowError
from factcheck.core.docrows import dump_document, dump_findings, load_document, load_findings
from factcheck.core.model import Document, Finding

# The file's schema: the emb table and meta. Tables added beside them (the JSON rows) do not
# change it, so versions that share one cache file keep reading each other's vectors.
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS emb (
  model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL, vec BLOB NOT NULL,
  PRIMARY KEY (model, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS prepared_rows (
  code TEXT NOT NULL, key BLOB NOT NULL, doc BLOB NOT NULL,
  PRIMARY KEY (code, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checked_rows (
  code TEXT NOT NULL, key BLOB NOT NULL, findings BLOB NOT NULL,
  PRIMARY KEY (code, key)) WITHOUT ROWID;
"""
_BUSY_RETRIES = 5
_CHUNK = 500  # SQLite variable limit per IN (...) query


def open_cache(directory: str | os.PathLike[str], notes: list[str]) -> RunCache | None:
    """The cache in ``directory``, or None (a W121 note added to ``notes``) when it cannot be created."""
    try:
        return RunCache(directory)
    except (OSError, sqlite3.OperationalError) as e:
        notes.append(_unwritable(Path(directory) / "embeddings.sqlite", e))
        return None


def _unwritable(path: Path, e: Exception) -> str:
    from factcheck.core.errors import safe

    return f"W121 embedding cache {safe(path)} cannot be written ({safe(e)}); the run goes on uncached"


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "factcheck"


class RunCache:
    """Vectors, prepared documents and check results of earlier runs (see the module docstring)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.path = Path(directory) / "embeddings.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rebuilt = False
        self.writable = True  # False once a write failed: later writes are skipped, reads go on
        self.notes: list[str] = []  # coded one-line warnings (W120, W121) for the run's result: never printed here
        self._damaged = 0  # rows that did not decode this run
        for attempt in range(_BUSY_RETRIES):
            try:
                self._db = self._open()
                break
            except sqlite3.OperationalError:  # locked/busy by a concurrent run: wait, never quarantine
                if attempt == _BUSY_RETRIES - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
            except sqlite3.DatabaseError:  # not a database, failed integrity check, foreign schema
                self._quarantine()
                self._db = self._open()
                break

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            ok = db.execute("PRAGMA quick_check").fetchone()[0]
            if ok != "ok":
                raise sqlite3.DatabaseError(ok)
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif row[0] != str(SCHEMA_VERSION):
                raise sqlite3.DatabaseError(f"schema {row[0]}")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _quarantine(self) -> None:
        """Move a corrupt cache aside (kept for inspection) and start a fresh one."""
        from factcheck.core.errors import safe

        stamp = time.strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                p.replace(Path(f"{self.path}{suffix}.corrupt-{stamp}"))
        self.notes.append(f"W120 embedding cache {safe(self.path)} was corrupt; moved aside and rebuilt")
        self.rebuilt = True

    def get_many(self, model: str, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        for a in range(0, len(keys), _CHUNK):
            chunk = keys[a:a + _CHUNK]
            q = f"SELECT key, dim, vec FROM emb WHERE model=? AND key IN ({','.join('?' * len(chunk))})"
            for key, dim, vec in self._db.execute(q, [model, *chunk]):
                if not isinstance(vec, bytes) or not isinstance(dim, int) or dim <= 0 or len(vec) != dim * 4:
                    self.damaged("vector", f"{len(vec) if isinstance(vec, bytes) else type(vec).__name__} bytes "
                                           f"for dimension {dim}")  # a torn or foreign row: re-embed it
                    continue
                v = np.frombuffer(vec, dtype=np.float32)
                if not np.isfinite(v).all():  # NaN/inf would poison every cosine it enters
                    self.damaged("vector", "a value that is not a finite number")
                    continue
                out[bytes(key)] = v
        return out

    def put_many(self, model: str, items: dict[bytes, np.ndarray]) -> None:
        rows = [(model, k, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
        self._write("INSERT OR REPLACE INTO emb VALUES (?, ?, ?, ?)", rows)

    def get_prepared(self, code: str, keys: list[bytes]) -> dict[bytes, Document]:
        """Prepared documents by document key, for one extraction-code fingerprint; a row that
        does not decode is left out (a miss) and counted for one W120 warning."""
        return self._rows("prepared_rows", "doc", code, keys, load_document)

    def put_prepared(self, code: str, items: dict[bytes, Document]) -> None:
        self._write("INSERT OR REPLACE INTO prepared_rows VALUES (?, ?, ?)",
                    [(code, k, dump_document(v)) for k, v in items.items()])

    def get_checked(self, code: str, keys: list[bytes]) -> dict[bytes, list[Finding]]:
        """Findings of one check (``code``: its fingerprint) by story key; damaged rows are misses."""
        return self._rows("checked_rows", "findings", code, keys, load_findings)

    def put_checked(self, rows: list[tuple[str, bytes, list[Finding]]]) -> None:
        """(check fingerprint, story key, findings) rows, in one transaction."""
        self._write("INSERT OR REPLACE INTO checked_rows VALUES (?, ?, ?)",
                    [(code, k, dump_findings(v)) for code, k, v in rows])

    def damaged(self, what: str, detail: str) -> None:
        """Count a stored row that cannot be used: the first one seen gives the run's W120 warning."""
        from factcheck.core.errors import safe

        self._damaged += 1
        if self._damaged == 1:
            self.notes.append(f"W120 embedding cache {safe(self.path)}: a damaged {what} row was ignored and "
                              f"recomputed ({safe(detail)[:160]})")

    def _rows(self, table: str, column: str, code: str, keys: list[bytes], load: Any) -> dict[bytes, Any]:
        out: dict[bytes, Any] = {}
        what = table.removesuffix("_rows")
        for a in range(0, len(keys), _CHUNK):
            chunk = keys[a:a + _CHUNK]
            q = f"SELECT key, {column} FROM {table} WHERE code=? AND key IN ({','.join('?' * len(chunk))})"
            for key, blob in self._db.execute(q, [code, *chunk]):
                if not isinstance(blob, bytes):  # SQLite keeps whatever type was written
                    self.damaged(what, f"a {type(blob).__name__} where JSON bytes are stored")
                    continue
                try:
                    out[bytes(key)] = load(blob, what)
                except RowError as e:
                    self.damaged(what, str(e))
        return out

    def _write(self, sql: str, rows: list[tuple]) -> None:
        """One transaction per batch: all or nothing. A cache that cannot be written ("database or
        disk is full", ENOSPC, read-only) only costs speed, so it warns once and is written no more."""
        if not self.writable:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
        except (OSError, sqlite3.OperationalError) as e:
            self.writable = False
            self.notes.append(_unwritable(self.path, e))

    def count(self, model: str | None = None) -> int:
        if model is None:
            return self._db.execute("SELECT count(*) FROM emb").fetchone()[0]
        return self._db.execute("SELECT count(*) FROM emb WHERE model=?", (model,)).fetchone()[0]

    def close(self) -> None:
        self._db.close()


# The name it had while it held vectors only; kept so callers written against it keep working (deprecated).
EmbeddingCache = RunCache
