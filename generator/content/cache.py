"""Reuse what was read from unchanged content files between builds (the preview server).

A file is read again when its size, modification time or inode changes, or when
the caller says it changed. For each file read again, the cache also says whether
only its body changed or its front matter too: pages that list an update (title,
date, summary) need rebuilding only in the second case. Nothing here is global:
each preview keeps its own cache.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

Stamp = tuple[int, int, int]
Version = Stamp | bytes  # a file's stamp, or the digest of its bytes (the build cache)
FRONT, BODY, SAME = "front", "body", "same"


def walk_files(folders: Iterable[Path], inside: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file below ``folders`` with its stat. Links to folders are followed once
    each, and only when they lead to a folder inside ``inside`` (the site): the loader
    reads such folders, and never those outside it."""
    site = str(inside.resolve())
    pending = [str(f) for f in folders]
    seen: set[tuple[int, int]] = set()
    while pending:
        folder = pending.pop()
        try:
            stat = os.stat(folder)
            if (stat.st_dev, stat.st_ino) in seen:
                continue  # a link back to a folder already walked
            seen.add((stat.st_dev, stat.st_ino))
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif entry.is_symlink() and entry.is_dir():
                    target = os.path.realpath(entry.path)
                    if target == site or target.startswith(site + os.sep):
                        pending.append(entry.path)
                else:
                    yield entry.path, entry.stat()
            except OSError:
                continue


def stamp_of(path: str) -> Stamp | None:
    try:
        return stamp_of_stat(os.stat(path))
    except OSError:
        return None


def stamp_of_stat(st: os.stat_result) -> Stamp:
    """What says a file may have changed: its modification time, size and inode."""
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class ParseCache:
    """Results of reading content files, keyed by path (as text) and by how they were read."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, Hashable], tuple[Version | None, Any]] = {}
        # Files read again since last taken: FRONT or BODY changed, or the SAME as before.
        self.reread: dict[str, str] = {}
        self.stamps: Mapping[str, Version] | None = None  # known versions (a fresh scan), if any
        self._groups: dict[Hashable, tuple[tuple[tuple[str, Version | None], ...], Any]] = {}
        self._listings: dict[str, tuple[Stamp | None, list[str]]] = {}

    def get(self, path: str, how: Hashable, compute: Callable[[], Any],
            front: Callable[[Any], Any] | None = None) -> Any:
        """``compute()``'s result for ``path``, reused while the file is unchanged.

        ``front`` picks the part of a result that lists of pages show; when it is
        unchanged, the file is recorded as changed in its BODY only. A file read again
        that gives what it gave (saved unchanged) is recorded as the SAME, and what it gave
        is returned: it is the same to everything holding it.
        """
        key = (path, how)
        stamp = self.stamps.get(path) if self.stamps is not None else stamp_of(path)
        entry = self._entries.get(key)
        if entry is not None and stamp is not None and entry[0] == stamp:
            return entry[1]
        value = compute()
        if entry is not None and value == entry[1]:
            self._entries[key] = (stamp, entry[1])
            self.reread.setdefault(path, SAME)
            return entry[1]
        self._entries[key] = (stamp, value)
        same_front = (entry is not None and front is not None
                      and front(entry[1]) == front(value) and self.reread.get(path) != FRONT)
        self.reread[path] = BODY if same_front else FRONT
        return value

    def is_current(self, path: str, how: Hashable) -> bool:
        """Whether :meth:`get` would reuse a result for ``path`` rather than compute it."""
        entry = self._entries.get((path, how))
        return entry is not None and entry[0] is not None and entry[0] == self._stamp(path)

    def seen_unchanged(self, path: str, how: Hashable) -> Any | None:
        """What was read from ``path`` (``how``), if a scan has seen the file unchanged
        since (modification time, size and inode of the file it leads to): it is the same
        file, so it is not now a link to somewhere else. None otherwise, and always when the
        stamps are digests of the bytes, which cannot say that."""
        stamp = self.stamps.get(path) if self.stamps is not None else None
        entry = self._entries.get((path, how))
        if isinstance(stamp, tuple) and entry is not None and entry[0] == stamp:
            return entry[1]
        return None

    def get_many(self, paths: list[str], how: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``'s result from several files, reused while none of them changes."""
        stamps = tuple((p, self._stamp(p)) for p in paths)
        entry = self._groups.get(how)
        if entry is not None and entry[0] == stamps:
            return entry[1]
        value = compute()
        self._groups[how] = (stamps, value)
        return value

    def listing(self, folder: str, compute: Callable[[], list[str]]) -> list[str]:
        """A folder's listing, reused while the folder itself is unchanged (a file added,
        removed or renamed changes the folder's modification time; an edit does not)."""
        stamp = stamp_of(folder)
        entry = self._listings.get(folder)
        if entry is not None and stamp is not None and entry[0] == stamp:
            return entry[1]
        names = compute()
        self._listings[folder] = (stamp, names)
        return names

    def _stamp(self, path: str) -> Version | None:
        return self.stamps.get(path) if self.stamps is not None else stamp_of(path)

    def invalidate(self, paths: Iterable[str]) -> None:
        """Read ``paths`` again next time, even if their stamps look the same."""
        paths = set(paths)
        if not paths:  # the usual case; there can be thousands of entries to look through
            return
        for key, (_, value) in list(self._entries.items()):
            if key[0] in paths:
                self._entries[key] = (None, value)  # keep the value to compare fronts
        for how, (stamps, _) in list(self._groups.items()):
            if any(p in paths for p, _ in stamps):
                del self._groups[how]
        for folder in [f for f in self._listings if any(os.path.dirname(p) == f for p in paths)]:
            del self._listings[folder]

    def persistent(self) -> tuple[dict[Any, Any], dict[Any, Any]]:
        """The results still valid for the files as they are now (keyed by ``stamps``),
        to keep between runs (see build_cache.py)."""
        stamps = self.stamps or {}
        entries = {key: entry for key, entry in self._entries.items()
                   if entry[0] is not None and stamps.get(key[0]) == entry[0]}
        groups = {how: entry for how, entry in self._groups.items()
                  if all(s is not None and stamps.get(p) == s for p, s in entry[0])}
        return entries, groups

    def restore(self, entries: dict[Any, Any], groups: dict[Any, Any]) -> None:
        """Start from results kept by :meth:`persistent`."""
        self._entries.update(entries)
        self._groups.update(groups)

    def restamped(self, versions: Mapping[str, tuple[bytes, Stamp]]) -> ParseCache:
        """A cache, as the preview keeps one (its files' stamps checked as it reads), of
        the results kept by a build (keyed by digests) for files whose digest is still
        the one ``versions`` gives (path -> digest, stamp)."""
        return self._revised(versions)

    def rekeyed(self, versions: Mapping[str, tuple[Stamp, bytes]]) -> ParseCache:
        """The reverse of :meth:`restamped`: a cache as a build keeps one (keyed by
        digests), of the results read from files whose stamp is the one ``versions``
        gives (path -> stamp, digest)."""
        kept = self._revised(versions)
        kept.stamps = {path: digest for path, (_, digest) in versions.items()}
        return kept

    def _revised(self, versions: Mapping[str, tuple[Version, Version]]) -> ParseCache:
        """Of the results read from files whose version is still the first ``versions``
        gives (path -> that version, another), a cache keeping them under the other."""
        revised = ParseCache()
        for key, (version, value) in self._entries.items():
            then, now = versions.get(key[0], (None, None))
            if version is not None and version == then:
                revised._entries[key] = (now, value)
        for how, (files, value) in self._groups.items():
            still = [(p, versions[p][1]) for p, version in files
                     if p in versions and versions[p][0] == version]
            if len(still) == len(files):
                revised._groups[how] = (tuple(still), value)
        return revised

    def take_reread(self) -> dict[str, str]:
        reread, self.reread = self.reread, {}
        return reread
