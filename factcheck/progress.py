"""Progress reporting for long steps: rich bars on a terminal, nothing when quiet."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    def stage(self, name: str, total: int) -> Iterator[Advance]: ...


class Advance(Protocol):
    def __call__(self, n: int = 1) -> None: ...


class NullProgress:
    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        yield lambda n=1: None


class RichProgress:
    """One bar per stage with count, rate and elapsed time, on stderr."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]:>10}"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False,
        )

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        import time

        from rich.markup import escape

        from factcheck.errors import safe

        start = time.perf_counter()
        with self._progress:
            # a description may name a model or path the user gave: shown inert, never as markup
            task = self._progress.add_task(escape(safe(name)), total=total, rate="")

            def advance(n: int = 1) -> None:
                done = self._progress.tasks[task].completed + n
                rate = done / max(time.perf_counter() - start, 1e-9)
                self._progress.update(task, completed=done, rate=f"{rate:,.0f}/s")

            yield advance
