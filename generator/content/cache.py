"""Reuse what was read from unchanged content files between builds (the preview server).

A file is read again when its size, modification time or inode changes, or when
the caller says it changed. Nothing here is global: each preview keeps its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

Stamp = tuple[int, int, int]


def _stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class ParseCache:
    """Results of reading content files, keyed by path and by how they were read."""

    def __init__(self) -> None:
        self._entries: dict[tuple[Path, Hashable], tuple[Stamp | None, Any]] = {}
        self.reread: set[Path] = set()  # files read (not reused) since the last reset

    def get(self, path: Path, how: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``'s result for ``path``, reused while the file is unchanged."""
        key = (path, how)
        stamp = _stamp(path)
        entry = self._entries.get(key)
        if entry is not None and stamp is not None and entry[0] == stamp:
            return entry[1]
        value = compute()
        self._entries[key] = (stamp, value)
        self.reread.add(path)
        return value

    def forget(self, paths: Iterable[Path]) -> None:
        """Drop entries for ``paths`` (a watcher saw them change)."""
        gone = set(paths)
        for key in [k for k in self._entries if k[0] in gone]:
            del self._entries[key]

    def take_reread(self) -> set[Path]:
        reread, self.reread = self.reread, set()
        return reread
