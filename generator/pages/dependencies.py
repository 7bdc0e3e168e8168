"""Which content files and templates each page is made from.

Read off the page declarations (``OutputPage.sources`` and ``listed``) and the
templates themselves (render/references.py), never kept by hand, so incremental
rebuilds cannot go stale.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from generator.model.site import Site
from generator.pages.base import OutputPage

# Every page shows the trust (site.yaml), the rating badge (rating.yaml) and glossary
# abbreviations, and lists the free pages' titles in its navigation.
SHARED_FILES = ("site.yaml", "rating.yaml", "glossary.yaml")


@dataclass(frozen=True)
class Dependencies:
    """Files needed whole (``full``), and files of which only the front matter is shown."""

    full: tuple[Path, ...]
    listed: tuple[Path, ...]

    def affected_by(self, changed: set[Path], body_only: set[Path]) -> bool:
        """Whether changing ``changed`` (wholly) and ``body_only`` (below the front matter)
        makes what depends on these files out of date. Runs for every page on every save:
        the (small) change sets are looked up in sets of the files made once, not compared
        with every file a page lists (thousands for a list of updates) each time."""
        if not changed and not body_only:
            return False
        return not (changed.isdisjoint(self._any_part) and body_only.isdisjoint(self._full))

    def shows_in_full(self, files: set[Path]) -> bool:
        """Whether any of ``files`` is shown whole (not only its front matter)."""
        return not files.isdisjoint(self._full)

    @functools.cached_property
    def _full(self) -> frozenset[Path]:
        return frozenset(self.full)

    @functools.cached_property
    def _any_part(self) -> frozenset[Path]:
        return self._full.union(self.listed)


def shared_dependencies(site: Site) -> Dependencies:
    """What every page depends on."""
    linked = site.rating.linked_files if site.rating else ()  # the rating's texts' links
    return Dependencies((*(site.content_dir / name for name in SHARED_FILES),
                         *(site.content_dir / f.file for f in linked)),
                        tuple(p.source.path for p in site.pages))


def page_dependencies(page: OutputPage) -> Dependencies:
    """What ``page`` depends on beyond the shared files."""
    return Dependencies(page.sources, page.listed)
