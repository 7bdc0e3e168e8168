"""What earlier checks worked out, each under a digest of everything it came from.

Scanning the built pages and checking each file's prose are most of a check's time
on a big site; kept in ``.cache/`` (see build_cache.py), a check after one change
scans the pages and reads the texts that changed, and takes the rest from here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from generator.workers import map_on_every_core

T = TypeVar("T")
R = TypeVar("R")


class CheckMemo:
    """Results by key: those of earlier checks, and those this check used or worked out
    (only these are kept for the next, so the memo never outgrows the site)."""

    def __init__(self, earlier: dict[bytes, Any] | None = None):
        self.earlier = earlier or {}
        self.now: dict[bytes, Any] = {}

    def results(self, keys: Sequence[bytes], items: Sequence[T],
                work: Callable[[T], R]) -> list[R]:
        """``[work(item) for item in items]`` (on every core), but for the items whose key
        an earlier check has the result for."""
        todo = [i for i, key in enumerate(keys) if key not in self.earlier]
        for i, result in zip(todo, map_on_every_core(work, [items[i] for i in todo]),
                             strict=True):
            self.now[keys[i]] = result
        for key in keys:
            if key not in self.now:
                self.now[key] = self.earlier[key]
        return [self.now[key] for key in keys]

    @property
    def changed(self) -> bool:
        """Whether this check worked out anything new, or left out some of the earlier."""
        return self.now.keys() != self.earlier.keys()
