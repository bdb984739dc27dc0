"""The library entry points the CLI and notebooks share: settings in, Result out."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.core.config import Settings, load_settings
from factcheck.core.model import Document
from factcheck.core.progress import NullProgress, Progress
from factcheck.embed.vectors import Embedder, make_embedder
from factcheck.findings.stage import Triage, run_stage
from factcheck.pair.pairing import PairingOptions
from factcheck.report import OutputError, ReportsNotWritten, preflight, refuse_shared, write_atomic
from factcheck.report.csv import findings_frame
from factcheck.report.formats import FILE_FORMATS, FORMATS, Rendering
from factcheck.report.json import result_dict
from factcheck.rules.packs import catalogue, load_checks, load_packs, triage_config
from factcheck.run.cache import RunCache, default_cache_dir, open_cache
from factcheck.run.pipeline import Result, check_documents, run

if TYPE_CHECKING:
    import pandas as pd


class Outputs:
    """The report files to write, keyed by format (``report.formats.FORMATS``):
    ``Outputs({"json": "r.json"})`` or ``Outputs(json="r.json", html="r.html")``."""

    def __init__(self, files: Mapping[str, str | os.PathLike[str] | None] | None = None, *, force: bool = False,
                 **by_format: str | os.PathLike[str] | None) -> None:
        asked = {**(files or {}), **by_format}
        unknown = [name for name in asked if name not in FILE_FORMATS]
        if unknown:
            raise TypeError(f"no file format {unknown[0]!r}: choose from {', '.join(FILE_FORMATS)}")
        self.files: dict[str, str] = {name: str(path) for name, path in asked.items() if path}
        self.force = force  # replace files factcheck did not write

    def paths(self) -> dict[str, str | None]:
        """Each file format, in writing order, and the path asked for it (None: not asked for)."""
        return {name: self.files.get(name) for name in FILE_FORMATS}

    def __repr__(self) -> str:
        return f"Outputs({self.files!r}, force={self.force})"


@contextmanager
def _opened_cache(cache: str | Path | bool | None, notes: list[str]) -> Iterator[RunCache | None]:
    """The embedding cache the caller asked for (None = off), closed however the run ends; its
    warnings (W120 rebuilt, W121 cannot be written) are added to ``notes``."""
    if cache is False:
        yield None
        return
    store = open_cache(default_cache_dir() if cache in (None, True) else Path(cache), notes)  # type: ignore[arg-type]
    if store is None:  # cannot be written (disk full, read-only): the run goes on uncached
        yield None
        return
    try:
        yield store
    finally:
        notes.extend(store.notes)
        store.close()


def check(
    paths: Sequence[str] = (),
    *,
    against: Sequence[str] = (),
    texts: Mapping[str, str] | Sequence[str] | None = None,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    cache: str | Path | bool | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    scheduler: Any = None,
    calibrated: bool = True,
    outputs: Outputs | None = None,
    **overrides: Any,
) -> Result:
    """Check files/folders (``paths``) or in-memory ``texts`` against each other and ``against``.

    ``overrides`` are settings keys (``rules=[...]``, ``disable=[...]``, ``model=...``,
    ``pair_threshold=...``); ``cache=False`` turns the embedding cache off, a path moves it.
    ``workers`` > 1 extracts and checks on that many processes; ``scheduler`` (Dask address,
    ``local[:N]`` or a ``distributed.Client``) extracts and checks on a Dask cluster. An ``against``
    index folder is loaded, not re-read.
    ``calibrated=False`` returns the checks' findings as they made them (no calibration, severity
    from confidence, merging or budget): what ``bench/calibrate.py`` fits.
    ``outputs`` (the reports ``write_reports`` will write) are checked before any input is read, so a
    run is refused at once (OutputError) rather than after all its work.
    """
    if outputs is not None:
        preflight(outputs.paths(), force=outputs.force)
    settings = settings or load_settings(overrides)
    packs = load_packs(settings.rule_dirs)
    checks = load_checks(settings, packs)
    embedder = embedder or make_embedder(settings.model, settings.dtype, settings.encoder)
    options = PairingOptions(threshold=settings.pair_threshold)
    progress = progress or NullProgress()
    notes: list[str] = []
    with _opened_cache(cache, notes) as store:
        if texts is not None:
            items = texts.items() if isinstance(texts, Mapping) else ((f"text{i}", t) for i, t in enumerate(texts))
            docs = [Document(id=str(k), text=v) for k, v in items]
            result = check_documents(docs, checks, embedder, cache=store, options=options, progress=progress,
                                     workers=workers, scheduler=scheduler)
        else:
            result = run(paths, checks, embedder, against=against, cache=store, options=options, progress=progress,
                         workers=workers, scheduler=scheduler)
    result.warnings = notes + result.warnings
    kept = run_stage(result.findings, result.documents, settings, triage_settings(settings, checks, packs),
                     calibrated=calibrated)
    result.findings, result.suppressed, result.carried = kept.findings, kept.suppressed, kept.carried
    return result


class WarmChecker:
    """Settings, rule packs, checks, the model and the reference index loaded once, for a process that
    checks many drafts (``factcheck serve``): each ``check`` gives what ``check(texts=...)`` would.

    ``against`` is an index folder (loaded) or archive files/folders (built once into ``index_dir``);
    ``add`` grows the index, rewriting it atomically. Checks may run on several threads; ``add`` waits
    for the running ones and holds new ones back while it prepares the articles and swaps the folder.
    Sentence vectors are remembered between checks up to ``MEMO`` (then forgotten at once), so memory
    stays bounded however long the process runs."""

    MEMO = 20_000  # sentence vectors (~30 MB at 384 dimensions)

    def __init__(
        self,
        against: Sequence[str] = (),
        *,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
        index_dir: str | Path | None = None,
        cache: str | Path | bool | None = None,
    ) -> None:
        from factcheck.embed.vectors import MemoEmbedder
        from factcheck.run.index import looks_like_index, open_index

        self.settings = settings or load_settings({})
        self.packs = load_packs(self.settings.rule_dirs)
        self.checks = load_checks(self.settings, self.packs)
        self.stage = triage_settings(self.settings, self.checks, self.packs)
        self.rules = catalogue(self.settings)  # code -> RuleDoc, for listing and explaining
        self.embedder = MemoEmbedder(embedder or make_embedder(self.settings.model, self.settings.dtype,
                                                               self.settings.encoder), limit=self.MEMO)
        self.options = PairingOptions(threshold=self.settings.pair_threshold)
        self.cache = cache
        self.notes: list[str] = []
        self._gate = _Gate()
        indexes = [p for p in against if looks_like_index(p)]  # a damaged index is E171
        archive = [p for p in against if p not in indexes]
        if len(indexes) > 1 or (indexes and archive):
            from factcheck.core.errors import ArchiveIndexError

            raise ArchiveIndexError("E170", "serve takes one index, or archive files, as --against",
                                    "build one index of everything with `factcheck index build`")
        self.index_path: Path | None = Path(indexes[0]) if indexes else (Path(index_dir) if index_dir else None)
        if archive:
            if self.index_path is None:
                raise ValueError("archive files need an index_dir to be built into")
            _, _, errors, notes = build_index(archive, self.index_path, settings=self.settings,
                                              embedder=self.embedder, cache=cache)
            self.notes += notes + [f"{e.code} {e.path}: {e.message}" for e in errors]
        there = self.index_path is not None and looks_like_index(self.index_path)  # damaged: E171, not replaced
        self.index = open_index(self.index_path, self.embedder) if there else None
        if self.index is not None and self.index.size:
            self.index.documents([0])  # an index this version cannot read is refused now (E172), not per request
        load = getattr(self.embedder.inner, "load", None)
        if load is not None:  # now, not in the first request
            load()

    @property
    def documents(self) -> int:
        """Articles in the reference index."""
        return self.index.size if self.index is not None else 0

    def check(self, drafts: Sequence[Mapping[str, object]], references: Sequence[Mapping[str, object]] = ()) -> Result:
        """Check ``drafts`` (records: ``text`` and optional ``id``, ``title``, ``date``, ``source``) against
        each other, ``references`` (records too, evidence only) and the loaded index. A record that
        cannot be read is an input error of the result (E103 empty, E104 too large, E108 no text)."""
        from factcheck.ingest import read_records
        from factcheck.run.pipeline import check_documents

        seen: set[str] = set()
        docs, errors = read_records(drafts, "draft", seen=seen)
        refs, ref_errors = read_records(references, "reference", reference=True, seen=seen)
        notes: list[str] = []
        with self._gate.reading(), _opened_cache(self.cache, notes) as store:
            result = check_documents(docs + refs, self.checks, self.embedder, cache=store, options=self.options,
                                     errors=[*errors, *ref_errors], index=self.index)
        result.warnings = notes + result.warnings
        kept = run_stage(result.findings, result.documents, self.settings, self.stage)
        result.findings, result.suppressed, result.carried = kept.findings, kept.suppressed, kept.carried
        return result

    def add(self, articles: Sequence[Mapping[str, object]]) -> tuple[int, list]:
        """Add ``articles`` (records) to the reference index and persist it; returns (articles added,
        input errors). Without an index folder to write to: SettingError E212."""
        from factcheck.core.errors import SettingError
        from factcheck.ingest import read_records
        from factcheck.run.index import extend_index, open_index

        if self.index_path is None:
            raise SettingError("E212", "no index to add articles to", "start the service with --against INDEX")
        docs, errors = read_records(articles, "article")
        if not docs:
            return 0, errors
        notes: list[str] = []
        with self._gate.writing(), _opened_cache(self.cache, notes) as store:
            where, added, failed = extend_index(self.index_path, docs, self.embedder, cache=store)
            self.index = open_index(where, self.embedder)
        return len(added), [*errors, *failed]


class _Gate:
    """Many readers or one writer: checks read the index, ``add`` swaps it."""

    def __init__(self) -> None:
        import threading

        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: not self._writing and not self._readers)
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def triage_settings(settings: Settings, checks: Sequence[Any], packs: list | None = None) -> Triage:
    """The findings stage's settings: thresholds from the rule packs, the user's severities and codes."""
    from factcheck.checks import by_code

    builtin = by_code()
    thresholds, fixed = triage_config(settings, load_packs(settings.rule_dirs) if packs is None else packs)
    return Triage(**thresholds, min_confidence=settings.min_confidence, fixed_severity=fixed,
                  facts=frozenset(c.code for c in checks if c.code not in builtin),
                  evident=frozenset(c.code for c in checks if c.evident))


def build_index(
    paths: Sequence[str],
    out: str | Path,
    *,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    cache: str | Path | bool | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    scheduler: Any = None,
    **overrides: Any,
) -> tuple[Path, int, list, list[str]]:
    """Prepare and embed an archive into an index folder; returns (folder, documents, input errors,
    warnings such as W121 for the caller to show)."""
    from factcheck.run.index import build_index as _build
    from factcheck.run.index import check_target

    check_target(out, paths)  # before the model loads: E174 costs nothing
    settings = settings or load_settings(overrides)
    embedder = embedder or make_embedder(settings.model, settings.dtype, settings.encoder)
    notes: list[str] = []
    with _opened_cache(cache, notes) as store:
        where, docs, errors = _build(paths, out, embedder, cache=store, workers=workers, scheduler=scheduler,
                                     progress=progress or NullProgress(), notes=notes)
    return where, len(docs), errors, notes


def to_frame(result: Result) -> pd.DataFrame:
    """The findings as a pandas DataFrame, one row per finding."""
    return findings_frame(result.findings, result.documents)


def render_report(fmt: str, result: Result, settings: Settings | None = None, data: dict | None = None) -> str:
    """One report of ``result`` as text, in any format of ``FORMATS`` that has a renderer (all but
    text, the terminal summary). ``settings`` name the rule packs whose rules SARIF describes
    (default: the usual ones); ``data`` is the JSON dict if made."""
    if fmt not in FORMATS:
        raise ValueError(f"no renderer for the {fmt!r} format")
    data = data if data is not None else result_dict(result.documents, result.findings, result.errors)
    rendering = Rendering(data, result.findings, result.documents, result.carried,
                          rules=lambda: catalogue(settings or load_settings({})))
    return FORMATS[fmt].render(rendering)


def review_page(result: Result, *, key: str, served: dict) -> str:
    """The HTML report of ``result`` as `factcheck serve` shows it: decisions kept by the service under
    ``key`` (``served``: where to post them, who reviews, the stored entries; see report.html)."""
    from factcheck.report.html import render_html

    data = result_dict(result.documents, result.findings, result.errors)
    return render_html(data, result.documents, result.carried, key=key, served=served)


def write_reports(result: Result, outputs: Outputs, settings: Settings | None = None) -> list[str]:
    """Write the requested reports atomically; returns the paths written. A report that cannot be
    written (disk full, someone else's file) does not stop the others: ``ReportsNotWritten``, raised
    after them, holds one coded line per failure and the paths that were written."""
    refuse_shared(outputs.paths())
    data = result_dict(result.documents, result.findings, result.errors)
    written: list[str] = []
    failures: list[OutputError] = []
    for fmt, path in outputs.paths().items():
        if not path:
            continue
        try:
            written.append(str(write_atomic(path, render_report(fmt, result, settings, data), force=outputs.force)))
        except OutputError as e:
            failures.append(e)
    if failures:
        raise ReportsNotWritten(failures, written)
    return written
