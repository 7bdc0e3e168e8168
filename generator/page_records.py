"""What the preview keeps of each page of its last build, and which pages show or list
each content file: after a save the pages to render again are looked up by file, not
found by checking thousands of pages."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from pathlib import Path

from generator.identity import same_ends
from generator.pages import OutputPage, PageKind
from generator.pages.dependencies import Dependencies, page_dependencies

Files = dict[Path, set[str]]  # a content file: the output paths of pages naming it


@dataclass(frozen=True)
class PageRecord:
    """A page as last declared, the templates it is rendered with, and its kind."""

    page: OutputPage
    templates: frozenset[str]
    kind: PageKind | None  # None: not declared by a page kind (the sitemaps)

    @functools.cached_property
    def dependencies(self) -> Dependencies:
        return page_dependencies(self.page)


class FileIndex:
    """Content file -> the output paths of the pages that show it whole (``shows``), or
    list it (``lists``: show its front matter), and how many pages each kind declares.
    Made from the records of a full render (so the first save after it is as quick as the
    next) and kept true as pages are declared anew (``redeclared``)."""

    def __init__(self, records: dict[str, PageRecord]) -> None:
        self.shows = _pages_by_file(records, attrgetter("sources"))
        self.lists = _pages_by_file(records, attrgetter("listed"))
        self.per_kind = Counter(record.kind for record in records.values())

    def redeclared(self, path: str, before: PageRecord | None, after: PageRecord | None,
                   ) -> None:
        """The page at ``path`` is declared anew (a neighbour of an update that moved), or
        joins (None ``before``) or leaves (None ``after``) the site: making the indexes
        again took as long as the rest of a save."""
        old_sources, old_listed = _named(before)
        new_sources, new_listed = _named(after)
        if old_sources != new_sources:
            _move(self.shows, path, set(old_sources), set(new_sources))
        if before is None and after is not None:
            self.per_kind[after.kind] += 1
        elif after is None and before is not None:
            self.per_kind[before.kind] -= 1
        if old_listed != new_listed:
            # Lists of every update, with one in a new place or joining or leaving: only
            # the stretch between the ends that are the very same can differ (the paths of
            # unchanged files are the same objects), and it is compared by identity too
            # (each file is listed once): hashing thousands of paths took longer than the
            # rest of the save.
            start, end = same_ends(old_listed, new_listed)
            old_listed = old_listed[start:len(old_listed) - end]
            new_listed = new_listed[start:len(new_listed) - end]
            old_ids, new_ids = set(map(id, old_listed)), set(map(id, new_listed))
            left, joined = old_ids - new_ids, new_ids - old_ids
            _move(self.lists, path,
                  set(compress(old_listed, map(left.__contains__, map(id, old_listed)))),
                  set(compress(new_listed, map(joined.__contains__, map(id, new_listed)))))


def _named(record: PageRecord | None) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """The files a page shows whole and lists (none for a page not in the site)."""
    return (record.page.sources, record.page.listed) if record is not None else ((), ())


def _pages_by_file(records: dict[str, PageRecord],
                   files_of: Callable[[OutputPage], tuple[Path, ...]]) -> Files:
    """Each file ``files_of`` a page names -> the output paths of the pages naming it."""
    pages: Files = {}
    for path, record in records.items():
        for file in files_of(record.page):
            pages.setdefault(file, set()).add(path)
    return pages


def _move(index: Files, path: str, old_files: set[Path], new_files: set[Path]) -> None:
    """The page at ``path`` named ``old_files`` and now names ``new_files``."""
    for file in old_files - new_files:
        index[file].discard(path)
    for file in new_files - old_files:
        index.setdefault(file, set()).add(path)
