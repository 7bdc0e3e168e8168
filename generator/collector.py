"""Keep Python's cycle collector off the site model, which is large and lives all build.

Reading thousands of files makes hundreds of thousands of objects and no garbage;
each time enough objects are made, the collector walks all of them, so loading 16,000
updates took half again as long with it on. Frozen objects are left out of later
collections (and, in forked workers, are not copied by them).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_frozen_depth = 0


@contextmanager
def paused() -> Iterator[None]:
    """No collections while making many long-lived objects (loading, unpickling)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen() -> Iterator[None]:
    """Every object that exists now is left out of collections until the outermost
    ``frozen()`` ends (then they are collected as usual again)."""
    global _frozen_depth
    gc.freeze()
    _frozen_depth += 1
    try:
        yield
    finally:
        _frozen_depth -= 1
        if _frozen_depth == 0:
            gc.unfreeze()


class LongLived:
    """For a process that keeps a site between rebuilds (the preview): after each
    rebuild, every object is frozen, so the collections during the next one look only at
    what it makes. Otherwise a full collection walks the whole site model (60 ms at 4,000
    updates) during about one save in ten. Every ``every`` rebuilds the frozen objects are
    collected once, so the little cyclic garbage a rebuild leaves (a few hundred objects)
    cannot pile up."""

    def __init__(self, every: int = 50):
        self.every = every
        self._rebuilds = 0

    def rebuilt(self) -> None:
        self._rebuilds += 1
        if _frozen_depth:  # inside frozen(): leave its objects as they are
            return
        if self._rebuilds % self.every == 0:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def release(self) -> None:
        """The process no longer keeps the site: collect its objects as usual again."""
        if not _frozen_depth:
            gc.unfreeze()
