"""Large batches screened on every core of the machine.

Screening a row is pure Python for the most part, so one process uses one core. Worker
processes each map the same index file (store.py), which costs them a millisecond and no
copy of it, and each resolves a contiguous share of the batch; the results come back in
input order. The workers are started from a clean server process ("forkserver"), never
forked from the caller: a web or queue worker has threads whose locks a fork would copy.

They stay up for the next batch on the same index file and are replaced when the index
changes. A batch too small to repay the round trip, an index that was never saved, or a
machine with one core is screened in the calling process.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ksdesk.screening import cores
from ksdesk.screening.index import DEFAULT_THRESHOLD, Resolution, ScreeningIndex, load_index

log = logging.getLogger(__name__)

PARALLEL_ROWS = 64  # smaller batches are screened in the calling process

_lock = threading.Lock()
_pool: tuple[Path, ProcessPoolExecutor] | None = None
_worker_index: ScreeningIndex | None = None


def resolve_batch(index: ScreeningIndex, names: list[str], countries: list[str | None] | None = None,
                  threshold: float = DEFAULT_THRESHOLD, limit: int = 20) -> list[Resolution]:
    """The same resolutions as ``index.resolve_many``, computed on every core when it pays."""
    workers = cores.available()
    if workers < 2 or index.path is None or len(names) < PARALLEL_ROWS:
        return index.resolve_many(names, countries, threshold, limit)
    per_row: list[str | None] = list(countries) if countries is not None else [None] * len(names)
    pool = _pool_for(index.path, workers)
    size = -(-len(names) // workers)
    try:
        futures = [pool.submit(_resolve_share, names[start : start + size], per_row[start : start + size],
                               threshold, limit) for start in range(0, len(names), size)]
        return [resolution for future in futures for resolution in future.result()]
    except BrokenProcessPool:
        # A worker died (killed, out of memory): the batch is screened here, and the next one
        # gets new workers.
        log.warning("a screening worker process died; the batch is screened in the calling process")
        _drop(pool)
        return index.resolve_many(names, per_row, threshold, limit)


def _pool_for(path: Path, workers: int) -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is not None and _pool[0] == path:
            return _pool[1]
        if _pool is not None:
            # Another thread's batch on the old index still gets its answers; then they stop.
            _pool[1].shutdown(wait=False)
        context = multiprocessing.get_context("forkserver")
        # Each worker then starts with the screening code imported once, in the server process.
        context.set_forkserver_preload([__name__])
        executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_load, initargs=(str(path),))
        _pool = (path, executor)
        return executor


def _drop(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is not None and _pool[1] is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool[1].shutdown(wait=True, cancel_futures=True)
            _pool = None


atexit.register(shutdown)


def _load(path: str) -> None:
    global _worker_index
    _worker_index = load_index(path)
    # Its siblings take the other cores: a search of its own on several would only compete.
    _worker_index.search_threads = 1


def _resolve_share(names: list[str], countries: list[str | None], threshold: float, limit: int
                   ) -> list[Resolution]:
    if _worker_index is None:
        raise RuntimeError("a screening worker process without its index")
    return _worker_index.resolve_many(names, countries, threshold, limit)
