"""`factcheck watch`: one warm process re-checks drafts each time a file changes.

A cold ``factcheck check`` spends most of its time starting (importing torch and
sentence-transformers, loading the model); a watch pays that once. Between saves it keeps the
settings, the loaded model and the vectors of every sentence it has encoded, so a re-check
encodes only the sentences a save changed (with or without the on-disk embedding cache).

Changes are found by polling each watched file's modification time and size: no dependency, no
OS notification API, and a network folder works too. ``watch`` is a generator: it yields one
``Recheck`` per check and never returns, so a caller stops it by stopping to iterate (Ctrl-C in the
CLI, ``itertools.islice`` in tests). The poller and the sleep are injectable for tests.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.api import Outputs, check, write_reports
from factcheck.core.config import Settings
from factcheck.core.errors import FactcheckError
from factcheck.core.progress import NullProgress, Progress
from factcheck.embed.vectors import Embedder, MemoEmbedder, make_embedder
from factcheck.ingest.registry import SUPPORTED
from factcheck.report import OutputError, ReportsNotWritten, preflight
from factcheck.run.pipeline import Result

Stamp = tuple[int, int]  # modification time (ns), size
Snapshot = dict[str, Stamp]


@dataclass
class Recheck:
    """One check of the watched drafts: its result and the reports written, or what stopped it."""

    changed: list[str]  # the files whose change triggered it (all watched files for the first check)
    result: Result | None = None
    written: list[str] = field(default_factory=list)
    unwritten: list[OutputError] = field(default_factory=list)  # reports that could not be written
    error: Exception | None = None  # a coded error (bad rules, refused output) or a bug; the watch goes on
    seconds: float = 0.0


def snapshot(paths: Sequence[str]) -> Snapshot:
    """Modification time and size of every file a check of ``paths`` could read: a file as named,
    a folder's non-hidden files with a supported suffix (editors' swap and backup files are not,
    so saving never triggers twice). A missing path is simply absent."""
    out: Snapshot = {}
    for raw in paths:
        if raw == "-":
            continue
        if os.path.isdir(raw):
            for root, dirs, files in os.walk(raw):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED:
                        _stamp(out, os.path.join(root, name))
        else:
            _stamp(out, raw)
    return out


def _stamp(out: Snapshot, path: str) -> None:
    try:
        st = os.stat(path)
    except OSError:
        return
    out[path] = (st.st_mtime_ns, st.st_size)


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or rewritten between two snapshots, sorted."""
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


class Watch:
    """A warm checker for ``paths`` against ``against``: settings and the model kept between checks.
    Standard input (``-``) cannot be watched, and the report paths are checked at once (E212, E301...).

    Rule packs are re-read on every check (a few milliseconds), so an edited rule file takes
    effect at the next save."""

    def __init__(
        self,
        paths: Sequence[str],
        *,
        against: Sequence[str] = (),
        settings: Settings,
        outputs: Outputs | None = None,
        cache: str | Path | bool | None = None,
        embedder: Embedder | None = None,
        progress: Progress | None = None,
    ) -> None:
        if "-" in [*paths, *against]:
            raise FactcheckError("E212", "watch reads files, not standard input (-)",
                                 "save the draft to a file and watch that")
        if outputs is not None:  # a refused report path is a mistake to fix now, not at every save
            preflight(outputs.paths(), force=outputs.force)
        self.paths = list(paths)
        self.against = list(against)
        self.settings = settings
        self.outputs = outputs
        self.cache = cache
        self.embedder = MemoEmbedder(embedder or make_embedder(settings.model, settings.dtype, settings.encoder))
        self.progress = progress or NullProgress()
        self._reported = False  # a report was written this session: an unreadable save keeps it

    @property
    def watched(self) -> list[str]:
        """What is polled: the drafts and the reference material (an index folder's files too)."""
        return self.paths + self.against

    def warm(self) -> None:
        """Load the model now (a first check whose sentences were all cached did not), so the first
        save is re-checked as fast as the next ones."""
        load = getattr(self.embedder.inner, "load", None)
        with suppress(Exception):  # a model that cannot load fails the next check, which reports it
            if load is not None:
                load()

    def recheck(self, changed: Sequence[str]) -> Recheck:
        """Check the drafts once and write the requested reports. An error (a bad rule file, a
        refused output, a bug) is returned, not raised: the watch goes on. Ctrl-C is not caught."""
        start = time.perf_counter()
        out = Recheck(list(changed))
        try:
            out.result = check(self.paths, against=self.against, settings=self.settings, embedder=self.embedder,
                               cache=self.cache, progress=self.progress, outputs=self.outputs)
            if self.outputs is not None and out.result.errors and self._reported:
                # A draft saved half-written or unreadable: its report would say "0 documents". The
                # last good report stays; the unreadable inputs are shown with the run's summary.
                first = out.result.errors[0]
                out.unwritten = [OutputError(first.code, f"reports not rewritten: {first.to_dict()['path']} could not "
                                             "be read; the last good report is kept until it reads again")]
            elif self.outputs is not None:
                try:
                    out.written = write_reports(out.result, self.outputs, self.settings)
                except ReportsNotWritten as e:
                    out.written, out.unwritten = e.written, e.failures
                self._reported = self._reported or bool(out.written)
        except Exception as e:  # one bad save must not end the session; the caller reports it
            out.error = e
        out.seconds = time.perf_counter() - start
        return out


def watch(
    session: Watch,
    *,
    interval: float = 0.3,
    poll: Callable[[], Snapshot] | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Iterator[Recheck]:
    """Check now, then again after each change to a watched file, forever (stop iterating to stop).

    The snapshot is taken before each check, so a save made while a check runs is seen at the
    next poll and checked too. After the first check the model is loaded if it was not yet."""
    poll = poll or (lambda: snapshot(session.watched))
    sleep = sleep or _pause
    seen = poll()
    yield session.recheck(sorted(seen))
    session.warm()
    while True:
        sleep(interval)
        now = poll()
        if now == seen:
            continue
        changed, seen = changed_files(seen, now), now
        yield session.recheck(changed)


def _pause(seconds: float) -> None:
    """The wait between polls (looked up at each call, so a test can stand in for it)."""
    time.sleep(seconds)
