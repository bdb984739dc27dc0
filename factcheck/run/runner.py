"""One runner for the stages that fan out: run batches of units in this process, on N local
processes or on a Dask cluster, with the state every unit reads shipped once per worker.

``work(state, batch) -> (code, results)`` is a module-level function; ``code`` is the fingerprint
of the code it ran, and a worker that runs other code than this process stops the run (E161: a
Dask worker with another factcheck installed). The state travels once: forked workers inherit it,
spawned workers receive it pickled when they start, Dask workers receive it scattered once each.
Nothing is kept in this process between runs; a worker process keeps its copy of the state in
``_WORKER`` while its pool lives.

Used by extraction (``prepare.py``: documents, in input order) and by the checks (``story_run.py``:
(story part, check) units, as they finish); each caches its units' results in the run cache.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from factcheck.core.errors import ClusterError

Work = Callable[[Any, list], tuple[str, list]]
Mode = Literal["serial", "processes", "dask"]
_PICKLE = 5
_WORKER: dict[str, Any] = {}  # in a pool's worker process only: the state its units read


def mode(workers: int, scheduler: Any, units: int) -> Mode:
    """Dask when a scheduler is given, local processes for more than one unit on more than one
    worker, else this process."""
    if scheduler is not None:
        return "dask"
    return "processes" if workers > 1 and units > 1 else "serial"


def start_method() -> str:
    """fork is cheapest (no re-import, the parent's data inherited), but not once torch is loaded
    in this process (its thread pools do not survive a fork): then spawned workers start clean."""
    import multiprocessing as mp

    return "fork" if "torch" not in sys.modules and "fork" in mp.get_all_start_methods() else "spawn"


@contextmanager
def dask_client(scheduler: Any, workers: int = 2) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler``: a Client as given (left open), an address
    (``tcp://host:8786``) or ``local[:N]`` (a throwaway cluster on this machine), closed on exit."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as e:  # pragma: no cover - an install problem, said plainly
        raise ClusterError("E160", "--scheduler needs Dask", "pip install 'factcheck[scale]'") from e
    if isinstance(scheduler, Client):
        yield scheduler
        return
    own_cluster = None
    address = str(scheduler)
    if address.startswith("local"):  # "local" or "local:N"
        n = int(address.partition(":")[2] or max(workers, 2))
        own_cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        address = own_cluster.scheduler_address
    try:
        client = Client(address, timeout="15s")
    except (OSError, TimeoutError) as e:
        if own_cluster is not None:
            own_cluster.close()
        raise ClusterError("E162", f"cannot reach the Dask scheduler at {address} ({e.__class__.__name__})",
                           "start the scheduler or check its address") from None
    try:
        yield client
    finally:
        client.close()
        if own_cluster is not None:
            own_cluster.close()


def execute(work: Work, state: Any, batches: Sequence[list], *, how: Mode, code: str, what: str,
            workers: int = 1, scheduler: Any = None, ordered: bool = True) -> Iterator[list]:
    """Each batch's results, in batch order when ``ordered`` (else as they finish), after checking
    that the worker ran ``code`` (``what`` names that code in the error)."""
    if how == "dask":
        done = _dask(work, state, batches, scheduler, workers, ordered)
    elif how == "processes":
        done = _processes(work, state, batches, workers, ordered)
    else:
        done = (work(state, batch) for batch in batches)
    for remote_code, results in done:
        if remote_code != code:
            raise ClusterError("E161", f"a worker runs different {what} code ({remote_code} != {code})",
                               "install the same factcheck version on every Dask worker")
        yield results


def _install(state: Any) -> None:
    _WORKER["state"] = state


def _install_pickled(blob: bytes) -> None:
    _WORKER["state"] = pickle.loads(blob)


def _call(job: tuple[Work, list]) -> tuple[str, list]:
    work, batch = job
    return work(_WORKER["state"], batch)


def _processes(work: Work, state: Any, batches: Sequence[list], workers: int, ordered: bool
               ) -> Iterator[tuple[str, list]]:
    import multiprocessing as mp

    method = start_method()
    # A forked worker inherits the state as it is (nothing pickled on the way out); a spawned one
    # unpickles it once, when it starts.
    init, arg = (_install, state) if method == "fork" else (_install_pickled, pickle.dumps(state, protocol=_PICKLE))
    with mp.get_context(method).Pool(workers, initializer=init, initargs=(arg,)) as pool:
        jobs = [(work, batch) for batch in batches]
        yield from (pool.imap(_call, jobs) if ordered else pool.imap_unordered(_call, jobs))


def _on_dask(batch: list, work: Work, state: Any) -> tuple[str, list]:
    return work(state, batch)


def _dask(work: Work, state: Any, batches: Sequence[list], scheduler: Any, workers: int, ordered: bool
          ) -> Iterator[tuple[str, list]]:
    from distributed import as_completed

    with dask_client(scheduler, workers) as client:
        # once per worker, not once per task (in a list: scatter would spread a tuple's items)
        shipped = client.scatter([state], broadcast=True, hash=False)[0]
        futures = client.map(_on_dask, list(batches), work=work, state=shipped, pure=False)
        where = {f.key: n for n, f in enumerate(futures)}
        done: dict[int, tuple[str, list]] = {}
        nxt = 0
        for fut in as_completed(futures):
            if not ordered:
                yield fut.result()
                continue
            done[where[fut.key]] = fut.result()
            while nxt in done:  # hand results on in input order as soon as they are contiguous
                yield done.pop(nxt)
                nxt += 1
