"""Where cases run: in this process, in local worker processes, or on a Dask cluster.

Each executor maps a picklable function over work items and yields results as they
finish, so the caller can record progress (and failures) one case at a time.

On Dask, a task whose worker dies (killed, out of memory, a crash in native code) is
rerun by the scheduler on another worker; only when a case has taken down
``distributed.scheduler.allowed-failures`` + 1 workers (default 4) does Dask give up on
it, and then ``lost(item, error)`` makes its result, so one bad case never ends the run.
The workers read the inputs at the paths the items name (a shared file system for a
remote cluster); results come back to the caller, which writes them (docs/dask.md).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from axilla._optional import require
from axilla.errors import AxillaError


def run_all(fn: Callable, items: Iterable, *, lost: Callable, workers: int = 1,
            scheduler: str | None = None) -> Iterator:
    """Yield ``fn(item)`` for every item, in completion order.

    ``scheduler`` is a Dask scheduler address (``tcp://host:8786``); then ``workers`` is
    the cluster's business and ignored here. ``lost(item, error)`` stands in for
    ``fn(item)`` where Dask gave up on an item that kept killing its workers.
    """
    items = list(items)
    if scheduler:
        yield from _dask(fn, items, scheduler, lost)
    elif workers <= 1 or len(items) <= 1:
        for item in items:
            yield fn(item)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(fn, item) for item in items]
            for future in as_completed(futures):
                yield future.result()


def _dask(fn: Callable, items: list, address: str, lost: Callable) -> Iterator:
    distributed = require("dask.distributed", extra="dask")
    if not items:   # everything came from the cache: no cluster needed
        return
    try:
        client = distributed.Client(address)
    except (OSError, ValueError) as exc:
        raise AxillaError(f"cannot reach the Dask scheduler at '{address}' ({exc})",
                          fix="start the cluster, or give its address as tcp://host:8786 "
                          "(--scheduler, execution.scheduler; docs/dask.md)") from None
    with client:
        futures = client.map(fn, items, pure=False)
        item_of = dict(zip((f.key for f in futures), items))
        for future in distributed.as_completed(futures):
            try:
                result = future.result()
            except distributed.KilledWorker as error:
                result = lost(item_of[future.key], error)
            future.release()
            yield result
