"""The whole site as one typed model, loaded once and then only read."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError
from generator.identity import same_ends
from generator.model.config import SiteConfig, Trust
from generator.model.glossary import GlossaryTerm
from generator.model.journey import Board, Journey
from generator.model.rating import Rating
from generator.model.settings import BuildSettings as BuildSettings
from generator.model.updates import FreePage, Update, index_newest_first, insert_newest_first

_SOURCE_PATH = operator.attrgetter("source.path")


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from. Every section but ``config`` is optional."""

    root: Path
    config: SiteConfig
    settings: BuildSettings
    rating: Rating | None = None
    updates: tuple[Update, ...] = ()  # visible ones, newest first
    pages: tuple[FreePage, ...] = ()  # visible ones, in navigation order
    glossary: tuple[GlossaryTerm, ...] = ()
    assets: tuple[str, ...] = ()  # files under content/assets, as posix paths from content/
    journey: Journey | None = None
    board: Board | None = None
    hidden: tuple[Update | FreePage, ...] = ()  # drafts and embargoed: never linked to
    warnings: tuple[ContentError, ...] = ()  # problems that do not stop a build (but --strict)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def trust(self) -> Trust:
        return self.config.trust

    @property
    def latest_update(self) -> Update | None:
        return self.updates[0] if self.updates else None

    @functools.cached_property
    def journey_sources(self) -> tuple[Path, ...]:
        """The files the Improvement Journey is read from, and those its texts link to
        (their links say their sizes)."""
        if self.journey is None:
            return ()
        folder = self.content_dir / "journey"
        names = ("journey.yaml", "priorities.yaml", "actions.yaml", "metrics.yaml",
                 "timeline.yaml")
        notices = [n.source.path for n in self.journey.warning_notices]
        files = [self.content_dir / f.file for f in self.journey.linked_files]
        return (*(folder / n for n in names), *notices, *files)

    @functools.cached_property
    def update_files(self) -> tuple[Path, ...]:
        """The file of each of ``updates``, in their order (pages list thousands)."""
        return tuple(map(_SOURCE_PATH, self.updates))

    @functools.cached_property
    def updates_by_year(self) -> tuple[tuple[int, tuple[Update, ...]], ...]:
        """Each year's updates, newest first (as ``updates`` are, so each year's are
        together): the lists of updates and the sitemaps are made by year."""
        return tuple((year, tuple(items)) for year, items in
                     itertools.groupby(self.updates, key=operator.attrgetter("front.date.year")))

    def updates_mentioning(self, item_id: str) -> tuple[Update, ...]:
        """Visible updates whose ``related`` names ``item_id``, newest first."""
        return self._mentions.get(item_id, ())

    def files_mentioning(self, item_id: str) -> tuple[Path, ...]:
        """The files of updates_mentioning(item_id)."""
        files = self._mention_files.get(item_id)
        if files is None:
            files = tuple(map(_SOURCE_PATH, self.updates_mentioning(item_id)))
            self._mention_files[item_id] = files
        return files

    def old_paths(self, hidden: bool = False) -> Iterator[str]:
        """The paths from the site's root of the old addresses of its updates and pages
        (``hidden``: of its drafts and embargoed ones too). The loader checked each is
        under the site."""
        items: tuple[Update | FreePage, ...] = (*self.updates, *self.pages,
                                                *(self.hidden if hidden else ()))
        for item in items:
            for old in item.old_addresses:
                path = old.site_path(self.config.site)
                if path is not None:
                    yield path

    def has_update(self, slug: str) -> bool:
        """Whether an update of address ``slug`` is among ``updates``."""
        return slug in self._updates_named

    def update_index(self, slug: str) -> int | None:
        """Where the update of address ``slug`` is among ``updates``, if there."""
        update = self._updates_named.get(slug)
        return None if update is None else index_newest_first(self.updates, update)

    def with_updates(self, updates: tuple[Update, ...], pages: tuple[FreePage, ...],
                     replaced: Iterable[tuple[Update | None, Update | None]]) -> Site:
        """This site with ``updates`` and ``pages`` instead, where ``replaced`` pairs each
        update taken out with the one put in (None: none). What is worked out from every
        update is carried over, mended where ``replaced`` changes it: the preview's saves
        change an update or two of thousands."""
        site = dataclasses.replace(self, updates=updates, pages=pages)
        replaced = list(replaced)
        if "update_files" in self.__dict__:
            start, end = same_ends(self.updates, updates)
            files = self.update_files
            site.__dict__["update_files"] = (
                *files[:start], *map(_SOURCE_PATH, updates[start:len(updates) - end]),
                *files[len(files) - end:])
        if "_updates_named" in self.__dict__:
            named = dict(self._updates_named)
            for old, _ in replaced:
                if old is not None:
                    del named[old.slug]
            named.update((new.slug, new) for _, new in replaced if new is not None)
            site.__dict__["_updates_named"] = named
        if "_mentions" in self.__dict__:
            mentions, mended = _mended_mentions(self._mentions, replaced)
            site.__dict__["_mentions"] = mentions
            site.__dict__["_mention_files"] = {
                item_id: files for item_id, files in self._mention_files.items()
                if item_id not in mended}
        return site

    @functools.cached_property
    def _mentions(self) -> dict[str, tuple[Update, ...]]:
        found: dict[str, list[Update]] = {}
        for update in self.updates:
            for ref in update.related:
                listed = found.setdefault(ref.id, [])
                if not listed or listed[-1] is not update:  # an id named twice counts once
                    listed.append(update)
        return {item_id: tuple(updates) for item_id, updates in found.items()}

    @functools.cached_property
    def _updates_named(self) -> dict[str, Update]:
        return {update.slug: update for update in self.updates}

    @functools.cached_property
    def _mention_files(self) -> dict[str, tuple[Path, ...]]:
        return {}  # filled as asked (see files_mentioning)


def _mended_mentions(mentions: dict[str, tuple[Update, ...]],
                     replaced: list[tuple[Update | None, Update | None]],
                     ) -> tuple[dict[str, tuple[Update, ...]], set[str]]:
    """``mentions`` (see Site._mentions) once each update of ``replaced`` is taken out
    and the one paired with it put in, and the ids whose updates changed."""
    taken_out = {id(old) for old, _ in replaced if old is not None}
    put_in = [new for _, new in replaced if new is not None]
    mended = {ref.id for pair in replaced for update in pair if update is not None
              for ref in update.related}
    mentions = dict(mentions)
    for item_id in mended:
        kept = [u for u in mentions.pop(item_id, ()) if id(u) not in taken_out]
        for update in put_in:
            if any(ref.id == item_id for ref in update.related):
                insert_newest_first(kept, update)
        if kept:
            mentions[item_id] = tuple(kept)
    return mentions, mended
