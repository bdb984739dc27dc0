"""Writing reports: atomically, and never over a file factcheck did not write."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

MARKER = "factcheck-report"  # the HTML report's <meta name="generator"> content
# How our other reports start (json.dumps with indent=1; the CSV header row).
_JSON_HEAD = b'{\n "version": 1,\n "documents": ['
_CSV_HEAD = b"id,rule,category,severity,confidence,doc,start,end,text,message,suggestion,evidence"


class OutputError(Exception):
    """A report could not be written; the message is one line with a fix hint."""


def written_by_us(path: Path) -> bool:
    """True when ``path`` holds a report factcheck wrote earlier (safe to replace)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return MARKER.encode() in head or head.startswith((_JSON_HEAD, _CSV_HEAD))


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], data: str, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename, so an interrupted
    run leaves the old file or the new one, never half of one."""
    p = Path(path)
    if p.exists() and not force and not written_by_us(p):
        raise OutputError(f"E301 {p}: exists and was not written by factcheck; choose another path or pass --force")
    if p.exists() and p.is_dir():
        raise OutputError(f"E302 {p}: is a folder; give a file name")
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        # mkstemp makes the file private (0600); a report gets the mode of the file it
        # replaces, else the usual one for a new file (0666 less the umask).
        os.fchmod(fd, _mode(p))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
