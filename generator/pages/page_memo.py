"""The preview's memo of update pages: a page is declared again only when what it shows
changed (its update, a neighbour, the journey, the date, its versions in other
languages); after most saves all but a few of thousands are reused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.identity import same_at_start, same_ends
from generator.model.journey import Journey
from generator.model.updates import Update
from generator.pages.base import OutputPage


@dataclass
class PageMemo:
    """The update pages the previous build declared, for a preview to reuse (never global).

    Objects read from unchanged files are reused, so identity means unchanged: a page is
    reused when its update and both neighbours are the very objects they were, found by
    comparing the two lists of updates from each end (in C, not page by page in Python:
    there can be thousands). After most saves all but a few pages are reused, and the
    lists and sitemaps of all but a year or two of them.
    """

    updates: tuple[Update, ...] = ()
    pages: list[OutputPage] = field(default_factory=list)
    # Of the last reuse: the pages declared anew, and those of before not kept.
    fresh: list[OutputPage] = field(default_factory=list)
    dropped: list[OutputPage] = field(default_factory=list)
    # The updates in other languages their pages linked to (see Site.update_versions).
    versions: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # What every update page is made from besides the updates: the journey and the date.
    made_from: tuple[tuple[Journey | None, ...], dt.date] | None = None
    # By name (see each_year): what else they show, and each year's page with the update
    # pages it was made from.
    years: dict[str, tuple[object, dict[int, tuple[list[OutputPage], OutputPage]]]] = field(
        default_factory=dict)

    def reuse(self, updates: tuple[Update, ...], journeys: tuple[Journey | None, ...],
              today: dt.date, declare: Callable[[int], OutputPage],
              versions: dict[str, tuple[tuple[str, str], ...]],
              index_of: Callable[[str], int | None]) -> list[OutputPage]:
        """The page of each of ``updates``: the previous build's where it shows the same
        objects (``journeys``: the site's and earlier ones) and the same ``versions`` in
        other languages (see Site.update_versions), else ``declare(i)``. ``index_of``:
        where the update of an address is in ``updates``."""
        old = self.updates
        if (self.made_from is None or self.made_from[1] != today
                or len(self.made_from[0]) != len(journeys)
                or any(a is not b for a, b in zip(self.made_from[0], journeys, strict=True))):
            old = ()
        # Translations are few: those whose versions changed are declared again too.
        also = sorted(i for slug in versions.keys() | self.versions.keys()
                      if versions.get(slug) != self.versions.get(slug)
                      and (i := index_of(slug)) is not None) if old else []
        self.versions = versions
        same_start, same_end = same_ends(old, updates)
        if same_start == len(old) == len(updates) and not also:
            self.updates = updates  # the very same updates (as each_year's callers ask)
            self.fresh, self.dropped = [], []
            return self.pages  # nothing changed
        if same_start == len(old) == len(updates):
            keep_start, keep_end = len(updates), 0
        else:  # the pages beside a changed stretch show one of it as a neighbour
            keep_start, keep_end = max(same_start - 1, 0), max(same_end - 1, 0)
        fresh_end = len(updates) - keep_end
        self.fresh = list(map(declare, range(keep_start, fresh_end)))
        self.dropped = self.pages[keep_start:len(self.pages) - keep_end]
        pages = [*self.pages[:keep_start], *self.fresh, *self.pages[len(self.pages) - keep_end:]]
        for i in also:
            if not keep_start <= i < fresh_end:
                self.dropped.append(pages[i])
                pages[i] = declare(i)
                self.fresh.append(pages[i])
        self.updates, self.pages, self.made_from = updates, pages, (journeys, today)
        return pages

    def each_year(self, name: str, by_year: Sequence[tuple[int, Sequence[Update]]],
                  make: Callable[[int, Sequence[Update], list[OutputPage]], OutputPage],
                  start: int = 0, made_from: object = None) -> list[OutputPage]:
        """A page of ``name`` for each year (a list of its updates, its sitemap), made by
        ``make(year, its updates, their update pages)``, or the last one where its update
        pages are the very same and ``made_from`` (whatever else ``make`` shows, such as the
        trust's name) is equal: most saves make a year's again, or none, not every year's.
        ``by_year``: the updates this memo last made pages of, by year, from the
        ``start``-th."""
        last_made_from, before = self.years.get(name, (None, {}))
        if last_made_from != made_from:
            before = {}
        made: dict[int, tuple[list[OutputPage], OutputPage]] = {}
        for year, updates in by_year:
            pages = self.pages[start:start + len(updates)]
            start += len(updates)
            last = before.get(year)
            if (last is not None and len(last[0]) == len(pages)
                    and same_at_start(last[0], pages) == len(pages)):
                made[year] = last
            else:
                made[year] = (pages, make(year, updates, pages))
        self.years[name] = (made_from, made)
        return [page for _, page in made.values()]
