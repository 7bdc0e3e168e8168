"""The whole site as one typed model, loaded once and then only read."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError
from generator.identity import same_ends
from generator.model.config import SiteConfig, Trust
from generator.model.glossary import GlossaryTerm
from generator.model.journey import (
    JOURNEY_ROOT,
    Action,
    Board,
    Journey,
    Priority,
    WarningNotice,
    referred_to,
)
from generator.model.rating import Rating
from generator.model.settings import BuildSettings as BuildSettings
from generator.model.translations import InLanguage, by_language, version_groups
from generator.model.updates import (
    FreePage,
    Ref,
    Update,
    index_newest_first,
    insert_newest_first,
)

_SOURCE_PATH = operator.attrgetter("source.path")
JourneyItem = Action | WarningNotice | Priority


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
    earlier_journeys: tuple[Journey, ...] = ()  # those later reports' replaced, oldest first
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
        """The newest update not translating another (which the home page shows)."""
        return next((u for u in self.updates if u.translation_of is None), None)

    def versions_of(self, item: Update | FreePage) -> tuple[Update | FreePage, ...]:
        """``item`` and its versions in other languages (``translation_of``), the
        original first; () when there are none."""
        kind = "updates" if isinstance(item, Update) else "pages"
        return self._versions.get(kind, {}).get(item.slug, ())

    @functools.cached_property
    def update_versions(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Each update with versions in other languages, by address: the addresses and
        languages of all of them (what its page shows of them)."""
        return {slug: tuple((v.slug, v.language.code if v.language else "") for v in group)
                for slug, group in self._versions.get("updates", {}).items()}

    @functools.cached_property
    def other_languages(self) -> tuple[InLanguage, ...]:
        """What it shows in each language other than English (see by_language): asked for
        by the home page, the footer and the preview's comparison of every page's links,
        so worked out once for each site."""
        return by_language(self)

    @functools.cached_property
    def _versions(self) -> dict[str, dict[str, tuple[Update | FreePage, ...]]]:
        return {"updates": version_groups(self.updates), "pages": version_groups(self.pages)}

    @property
    def journey_sources(self) -> tuple[Path, ...]:
        """The files the Improvement Journey is read from, and those its texts link to
        (their links say their sizes)."""
        return self.sources_of(self.journey)

    def sources_of(self, journey: Journey | None) -> tuple[Path, ...]:
        """The files ``journey`` (this site's, or an earlier one) is read from, and those
        its texts link to (each update page about one lists them)."""
        if journey is None:
            return ()
        sources = self._journey_sources.get(journey.root)
        if sources is None:
            sources = self._journey_sources[journey.root] = self._read_from(journey)
        return sources

    @property
    def journeys(self) -> tuple[Journey, ...]:
        """Every journey: the one now (if any), then the earlier ones, oldest first."""
        return (self.journey, *self.earlier_journeys) if self.journey else self.earlier_journeys

    def intro_file(self, journey: Journey) -> Path:
        """``journey``'s journey.yaml: its title, and when it ended (for an earlier one)."""
        return self.content_dir / journey.folder / "journey.yaml"

    @functools.cached_property
    def _journey_sources(self) -> dict[str, tuple[Path, ...]]:
        return {}  # filled as asked (see sources_of)

    def _read_from(self, journey: Journey) -> tuple[Path, ...]:
        folder = self.content_dir / journey.folder
        names = ("journey.yaml", "priorities.yaml", "actions.yaml", "metrics.yaml",
                 "timeline.yaml")
        notices = [n.source.path for n in journey.warning_notices]
        files = [self.content_dir / f.file for f in journey.linked_files]
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

    def updates_mentioning(self, item: JourneyItem) -> tuple[Update, ...]:
        """Visible updates whose ``related`` names ``item`` (of the journey on their date),
        newest first."""
        return self._mentions.get(item.root + item.id, ())

    def files_mentioning(self, item: JourneyItem) -> tuple[Path, ...]:
        """The files of updates_mentioning(item)."""
        key = item.root + item.id
        files = self._mention_files.get(key)
        if files is None:
            files = tuple(map(_SOURCE_PATH, self.updates_mentioning(item)))
            self._mention_files[key] = files
        return files

    def referred_to(self, update: Update, ref: Ref) -> tuple[Journey | None, str]:
        """The journey an id in ``update``'s ``related`` names an item of, and the item's
        id (see model.journey.referred_to)."""
        return referred_to(ref.id, update.date, self.journey, self.earlier_journeys)

    def _mention_key(self, update: Update) -> Callable[[Ref], str]:
        """Whose ``related`` ids an update's are: the key of each in ``_mentions``."""
        if not self.earlier_journeys:
            return lambda ref: JOURNEY_ROOT + ref.id

        def key(ref: Ref) -> str:
            journey, item_id = self.referred_to(update, ref)
            return (journey.root if journey else JOURNEY_ROOT) + item_id
        return key

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
                     replaced: Iterable[tuple[Update | None, Update | None]],
                     warnings: tuple[ContentError, ...] | None = None) -> Site:
        """This site with ``updates``, ``pages`` and ``warnings`` (if given) instead, where
        ``replaced`` pairs each update taken out with the one put in (None: none). What is
        worked out from every update is carried over, mended where ``replaced`` changes it:
        the preview's saves change an update or two of thousands."""
        site = dataclasses.replace(self, updates=updates, pages=pages,
                                   warnings=self.warnings if warnings is None else warnings)
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
            mentions, mended = _mended_mentions(self._mentions, replaced, site._mention_key)
            site.__dict__["_mentions"] = mentions
            site.__dict__["_mention_files"] = {
                item_id: files for item_id, files in self._mention_files.items()
                if item_id not in mended}
        return site

    @functools.cached_property
    def _mentions(self) -> dict[str, tuple[Update, ...]]:
        found: dict[str, list[Update]] = {}
        for update in self.updates:
            key = self._mention_key(update)
            for ref in update.related:
                listed = found.setdefault(key(ref), [])
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
                     key_of: Callable[[Update], Callable[[Ref], str]],
                     ) -> tuple[dict[str, tuple[Update, ...]], set[str]]:
    """``mentions`` (see Site._mentions) once each update of ``replaced`` is taken out
    and the one paired with it put in, and the keys whose updates changed."""
    taken_out = {id(old) for old, _ in replaced if old is not None}
    put_in = [(new, key_of(new)) for _, new in replaced if new is not None]
    mended = {key_of(update)(ref) for pair in replaced for update in pair
              if update is not None for ref in update.related}
    mentions = dict(mentions)
    for item_id in mended:
        kept = [u for u in mentions.pop(item_id, ()) if id(u) not in taken_out]
        for update, key in put_in:
            if any(key(ref) == item_id for ref in update.related):
                insert_newest_first(kept, update)
        if kept:
            mentions[item_id] = tuple(kept)
    return mentions, mended
