"""The whole site as one typed model, loaded once and then only read."""

from __future__ import annotations

import functools
import itertools
import operator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContentError
from generator.model.config import SiteConfig, Trust
from generator.model.glossary import GlossaryTerm
from generator.model.journey import Board, Journey
from generator.model.rating import Rating
from generator.model.settings import BuildSettings as BuildSettings
from generator.model.updates import FreePage, Update


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
        """The files the Improvement Journey is read from."""
        if self.journey is None:
            return ()
        folder = self.content_dir / "journey"
        names = ("journey.yaml", "priorities.yaml", "actions.yaml", "metrics.yaml",
                 "timeline.yaml")
        notices = [n.source.path for n in self.journey.warning_notices]
        return (*(folder / n for n in names), *notices)

    @functools.cached_property
    def updates_by_year(self) -> tuple[tuple[int, tuple[Update, ...]], ...]:
        """Each year's updates, newest first (as ``updates`` are, so each year's are
        together): the lists of updates and the sitemaps are made by year."""
        return tuple((year, tuple(items)) for year, items in
                     itertools.groupby(self.updates, key=operator.attrgetter("front.date.year")))

    def updates_mentioning(self, item_id: str) -> tuple[Update, ...]:
        """Visible updates whose ``related`` names ``item_id``, newest first."""
        return self._mentions.get(item_id, ())

    @functools.cached_property
    def _mentions(self) -> dict[str, tuple[Update, ...]]:
        found: dict[str, list[Update]] = {}
        for update in self.updates:
            for ref in update.related:
                listed = found.setdefault(ref.id, [])
                if not listed or listed[-1] is not update:  # an id named twice counts once
                    listed.append(update)
        return {item_id: tuple(updates) for item_id, updates in found.items()}
