"""Spread independent work over every core, in forked worker processes.

Workers are forked, so they start with everything the parent has in memory (the site,
the built pages) and only their results travel back, pickled. Where fork is not
available (Windows, macOS's default), or there is little work, it is done here, with
the same result. Only for processes with no other threads: a lock another thread held
at the fork would never be released in the worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from generator.collector import frozen
from generator.forked import can_fork

T = TypeVar("T")
R = TypeVar("R")

WORTH_IT_FROM = 400  # items; below this, starting processes costs more than it saves
CHUNK = 50  # items a worker does before sending its results back

_work: Callable[[Any], Any] | None = None


def map_on_every_core(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[work(item) for item in items]``, on every core when there are many items."""
    workers = usable_cores()
    if not worth_forking(len(items), workers):
        return [work(item) for item in items]
    chunks = [range(start, min(start + CHUNK, len(items)))
              for start in range(0, len(items), CHUNK)]
    with results_from_workers(lambda chunk: [work(items[i]) for i in chunk], chunks,
                              workers) as done:
        return [result for results in done for result in results]


def worth_forking(items: int, workers: int) -> bool:
    """Whether ``items`` are enough to share among ``workers`` forked processes (where
    processes can be forked)."""
    return items >= WORTH_IT_FROM and workers >= 2 and can_fork()


@contextlib.contextmanager
def results_from_workers(work: Callable[[T], R], items: Iterable[T],
                         workers: int) -> Iterator[Iterator[R]]:
    """``work(item)`` for each item, in order, as ``workers`` forked processes finish them;
    the workers end with the ``with`` block. ``work`` is inherited by the fork: only the
    items and results are pickled."""
    global _work
    _work = work
    try:
        # Objects that exist now are left out of the workers' garbage collections: a
        # collection touches every object it tracks, copying the page of memory it is on
        # into the worker (copy-on-write), which cost a tenth of the render time.
        with frozen(), multiprocessing.get_context("fork").Pool(
                workers, initializer=_quiet_signals) as pool:
            yield pool.imap(_work_on, items)
    finally:
        _work = None


def _work_on(item: Any) -> Any:
    assert _work is not None  # set in the parent before the fork
    return _work(item)


def _quiet_signals() -> None:
    """For worker processes. Ctrl+C reaches every process started from the terminal:
    the main process stops (and ends the workers), so workers printing that they were
    interrupted too only cluttered the terminal. The pool ends its workers with SIGTERM,
    which must not run a handler inherited from the parent (the preview's says it was
    interrupted)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def usable_cores() -> int:
    affinity: Any = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)
