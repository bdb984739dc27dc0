"""Progress reporting for long steps: rich bars on a terminal, nothing when quiet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol


class Progress(Protocol):
    def stage(self, name: str, total: int) -> Iterator[Advance]: ...


class Advance(Protocol):
    def __call__(self, n: int = 1) -> None: ...


class NullProgress:
    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        yield lambda n=1: None


class RichProgress:
    """One bar per stage with count, rate, elapsed time and the time left, on stderr.

    ``console`` and ``get_time`` (seconds, monotonic) are for tests; the defaults are stderr and
    the wall clock."""

    def __init__(self, console: Any = None, get_time: Callable[[], float] | None = None) -> None:
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
            TextColumn("{task.fields[rate]:>10}"), TimeElapsedColumn(), _eta_column(),
            console=console or Console(stderr=True), transient=False, get_time=get_time,
        )

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Advance]:
        from rich.markup import escape

        from factcheck.core.errors import safe

        clock = self._progress.get_time
        start = clock()
        with self._progress:
            # a description may name a model or path the user gave: shown inert, never as markup
            task = self._progress.add_task(escape(safe(name)), total=total, rate="")

            def advance(n: int = 1) -> None:
                done = self._progress.tasks[task].completed + n
                rate = done / max(clock() - start, 1e-9)
                self._progress.update(task, completed=done, rate=f"{rate:,.0f}/s")

            yield advance


def _eta_column() -> Any:
    """``eta 0:01:05`` while a stage runs (rich's estimate from the recent rate), nothing once it is done."""
    from rich.progress import ProgressColumn, Task, TimeRemainingColumn
    from rich.text import Text

    class Eta(ProgressColumn):
        def __init__(self) -> None:
            super().__init__()
            self._remaining = TimeRemainingColumn()

        def render(self, task: Task) -> Text:
            if task.finished:
                return Text("")
            left = self._remaining.render(task)
            return Text(f"eta {left.plain}", style=left.style)

    return Eta()
