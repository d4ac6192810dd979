"""Where cases run: in this process, in local worker processes, or on a Dask cluster.

Each executor maps a picklable function over work items and yields results as they
finish, so the caller can record progress (and failures) one case at a time.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from axilla._optional import require


def run_all(fn: Callable, items: Iterable, *, workers: int = 1,
            scheduler: str | None = None) -> Iterator:
    """Yield ``fn(item)`` for every item, in completion order."""
    items = list(items)
    if scheduler:
        yield from _dask(fn, items, scheduler)
    elif workers <= 1 or len(items) <= 1:
        for item in items:
            yield fn(item)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(fn, item) for item in items]
            for future in as_completed(futures):
                yield future.result()


def _dask(fn: Callable, items: list, address: str) -> Iterator:
    distributed = require("dask.distributed", extra="dask")
    with distributed.Client(address) as client:
        futures = client.map(fn, items, pure=False)
        for future in distributed.as_completed(futures):
            yield future.result()
