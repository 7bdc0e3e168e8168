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
    """Content file -> the output paths of the pages that show it whole, or list it (show
    its front matter). Each is made from the records when first asked, kept true as pages
    are declared anew (``redeclared``), and forgotten when the records are made again."""

    def __init__(self) -> None:
        self._shows: tuple[Files, Counter[PageKind | None]] | None = None
        self._lists: Files | None = None

    def forget(self) -> None:
        self._shows = self._lists = None

    def showing(self, records: dict[str, PageRecord],
                ) -> tuple[Files, Counter[PageKind | None]]:
        """The pages showing each file whole, and how many pages each kind declares."""
        if self._shows is None:
            self._shows = (_pages_by_file(records, attrgetter("sources")),
                           Counter(record.kind for record in records.values()))
        return self._shows

    def listing(self, records: dict[str, PageRecord]) -> Files:
        """The pages listing each file, made only when a save needs it: lists of every
        update (the sitemaps, the updates page) make it large."""
        if self._lists is None:
            self._lists = _pages_by_file(records, attrgetter("listed"))
        return self._lists

    def redeclared(self, path: str, before: PageRecord | None, after: PageRecord | None,
                   ) -> None:
        """The page at ``path`` is declared anew (a neighbour of an update that moved), or
        joins (None ``before``) or leaves (None ``after``) the site: making the indexes
        again took as long as the rest of a save."""
        old_sources, old_listed = _named(before)
        new_sources, new_listed = _named(after)
        if self._shows is not None:
            if old_sources != new_sources:
                _move(self._shows[0], path, set(old_sources), set(new_sources))
            if before is None and after is not None:
                self._shows[1][after.kind] += 1
            elif after is None and before is not None:
                self._shows[1][before.kind] -= 1
        if self._lists is not None and old_listed != new_listed:
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
            _move(self._lists, path,
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
