"""Report: the run's findings as JSON, CSV, HTML, SARIF, GitHub annotations and the terminal summary.

- ``formats.py``: ``FORMATS``, one line per format (its renderer module, suffixes, description);
  the CLI help, ``-o``/``--format`` planning, ``api.Outputs`` and ``written_by_us`` follow from it
- one module per format (``json.py``, ``csv.py``, ``html.py``, ``sarif.py``, ``github.py``), each
  with ``render(Rendering)`` and, for a file, ``is_ours(path, head)``; ``terminal.py``: the summary
- here: writing reports atomically, never over a file factcheck did not write, and every output
  path checked before any work starts (``preflight``), so a long run never ends in a refusal
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from factcheck.core.errors import OutputError, ReportsNotWritten

__all__ = ["OutputError", "ReportsNotWritten", "check_target", "preflight", "refuse_shared", "write_atomic",
           "written_by_us"]

_HEAD = 4096  # bytes read to recognise a report of ours


def written_by_us(path: Path) -> bool:
    """True when ``path`` holds a report factcheck wrote earlier (safe to replace): the exact
    signature of one of our formats, never a mere mention of factcheck, which anyone's notes,
    web page or spreadsheet may hold."""
    from factcheck.report.formats import FORMATS

    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD)
    except OSError:
        return False
    return any(f.is_ours(path, head) for f in FORMATS.values() if f.is_file)


def preflight(outputs: Mapping[str, str | os.PathLike[str] | None], *, force: bool = False) -> None:
    """Refuse, before any input is read, output paths the end of the run would refuse: one file
    named for two reports, a folder, someone else's file (unless ``force``), a folder we cannot
    write in. ``outputs`` maps a report format ("json") to its path (None: not asked for)."""
    refuse_shared(outputs)
    for path in outputs.values():
        if path:
            check_target(path, force=force)


def refuse_shared(outputs: Mapping[str, str | os.PathLike[str] | None]) -> None:
    """Two reports given one file, however spelled (./r.json and r.json, a symlink, a hard link):
    the second would silently replace the first."""
    seen: dict[object, str] = {}
    for fmt, path in outputs.items():
        if not path:
            continue
        key = _identity(Path(path))
        if key in seen:
            raise OutputError("E303", f"{path}: named for both the {seen[key]} and the {fmt} report; "
                              "give each report its own file")
        seen[key] = fmt


def _identity(p: Path) -> object:
    try:
        st = os.stat(p)
        return st.st_dev, st.st_ino
    except OSError:  # not there yet: the path it would be created at
        return os.path.normcase(os.path.realpath(p))


def check_target(path: str | os.PathLike[str], *, force: bool = False) -> None:
    """Raise OutputError if ``path`` cannot or must not be replaced by a report. Checked as given:
    ``out/new/`` names a folder (Path would drop the slash and write a file called ``new``)."""
    p = Path(path)
    if str(os.fspath(path)).endswith(("/", os.sep)):
        raise OutputError("E302", f"{path}: names a folder (it ends in a slash); give a file name, e.g. {p / 'report'}",
                          p)
    if p.is_dir():
        raise OutputError("E302", f"{p}: is a folder; give a file name", p)
    if p.exists() and not force and not written_by_us(p):
        raise OutputError("E301", f"{p}: exists and was not written by factcheck; choose another path or pass --force",
                          p)
    folder = p.parent
    while not folder.exists() and folder != folder.parent:  # the folders write_atomic would create
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError("E300", f"{p}: {folder} is a file, not a folder; choose another path", p)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("E300", f"{p}: no permission to write in {folder}; choose another path", p)


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], data: str, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename, so an interrupted
    run leaves the old file or the new one, never half of one. A write the system refuses
    (disk full, read-only) is an OutputError E300, one line."""
    p = Path(path)
    check_target(path, force=force)
    try:
        _replace(p, data)
    except OSError as e:
        reason = e.strerror or e.__class__.__name__
        raise OutputError("E300", f"{p}: could not be written ({reason}); free some space or choose another path",
                          p) from e
    return p


def _replace(p: Path, data: str) -> None:
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
