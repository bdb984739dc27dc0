"""The bounded wait for the shared model: checks run one after another on one thread (first come,
first served, so no request starves the others), at most ``depth`` wait, and none waits or runs
past its time limit."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class QueueFull(Exception):
    """More requests wait than the queue holds (503, E403)."""


class TimedOut(Exception):
    """A request's wait plus its work went past the time limit (408, E402)."""


class CheckQueue:
    def __init__(self, *, depth: int, timeout: float, workers: int = 1) -> None:
        self.depth, self.timeout = depth, timeout
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="factcheck-check")
        self._lock = threading.Lock()
        self._pending = 0  # waiting or running
        self.served = 0

    @property
    def pending(self) -> int:
        return self._pending

    async def run(self, work: Callable[[], T]) -> T:
        """``work()`` on the checking thread, once the requests before it are done. A request still
        waiting at its deadline leaves the queue; one already running finishes (a check cannot be
        interrupted half-way) but its caller is answered 408 at the deadline."""
        with self._lock:
            if self._pending >= self.depth:
                raise QueueFull
            self._pending += 1
        deadline = time.monotonic() + self.timeout
        future: Future[T] = self._pool.submit(work)
        future.add_done_callback(self._done)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), max(0.0, deadline - time.monotonic()))
        except (asyncio.TimeoutError, CancelledError):
            future.cancel()  # still queued: it never runs
            raise TimedOut from None

    def _done(self, _: Future) -> None:
        with self._lock:
            self._pending -= 1
            self.served += 1

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
