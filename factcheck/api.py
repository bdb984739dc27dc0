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
from factcheck.run.cache import EmbeddingCache, default_cache_dir, open_cache
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
def _opened_cache(cache: str | Path | bool | None, notes: list[str]) -> Iterator[EmbeddingCache | None]:
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
    embedder = embedder or make_embedder(settings.model, settings.precision)
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


def triage_settings(settings: Settings, checks: Sequence[Any], packs: list | None = None) -> Triage:
    """The findings stage's settings: thresholds from the rule packs, the user's severities and codes."""
    from factcheck.checks import by_code

    builtin = by_code()
    thresholds, fixed = triage_config(settings, load_packs(settings.rule_dirs) if packs is None else packs)
    return Triage(**thresholds, min_confidence=settings.min_confidence, fixed_severity=fixed,
                  facts=frozenset(c.code for c in checks if c.code not in builtin))


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
    embedder = embedder or make_embedder(settings.model, settings.precision)
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
