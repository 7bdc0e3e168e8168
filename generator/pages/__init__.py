"""Every page of the site, declared by page kind (see :class:`OutputPage`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from generator.model.site import Site
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.core import (
    ACCESSIBILITY,
    PageMemo,
    accessibility_statement_page,
    free_pages,
    glossary_page,
    has_own_accessibility_statement,
    home_page,
    locations_page,
    not_found_page,
    search_page,
    update_pages,
)
from generator.pages.journey import board_page, journey_pages
from generator.pages.publishing import feed_file, headers_file, robots_file, sitemap_file
from generator.pages.urls import BOARD, JOURNEY

__all__ = ["PAGE_KINDS", "Breadcrumb", "OutputPage", "PageKind", "PageMemo", "collect_pages",
           "declare_pages", "has_own_accessibility_statement", "navigation", "with_sitemap"]

PageKind = Callable[[Site], Iterable[OutputPage]]

# Each kind yields its pages; adding a section (the Improvement Journey) is adding a kind.
PAGE_KINDS: tuple[PageKind, ...] = (
    home_page,
    locations_page,
    update_pages,
    journey_pages,
    board_page,
    free_pages,
    glossary_page,
    accessibility_statement_page,
    search_page,
    not_found_page,
    feed_file,
    robots_file,
    headers_file,
)


def collect_pages(site: Site, memo: PageMemo | None = None) -> list[OutputPage]:
    """All pages of the site, in a stable order. ``memo``: see update_pages."""
    return with_sitemap(site, [page for _, page in declare_pages(site, memo)])


def declare_pages(site: Site, memo: PageMemo | None = None,
                  kinds: Iterable[PageKind] = PAGE_KINDS,
                  ) -> Iterator[tuple[PageKind, OutputPage]]:
    """The pages of ``kinds`` (in their order, the sitemap aside), each with its kind: a
    preview can declare again only the kinds whose pages a change affects."""
    for kind in kinds:
        for page in (update_pages(site, memo) if kind is update_pages else kind(site)):
            yield kind, page


def with_sitemap(site: Site, pages: list[OutputPage], memo: PageMemo | None = None,
                 ) -> list[OutputPage]:
    """``pages`` and the sitemap that lists them, sorted by output path. ``memo``: the
    one that made the update pages of ``pages`` (see sitemap_file)."""
    return sorted([*pages, *sitemap_file(site, pages, memo)], key=lambda p: p.output_path)


def navigation(site: Site) -> tuple[Breadcrumb, ...]:
    """The header's links, in order: home, updates, journey, board, free pages, glossary."""
    items = [Breadcrumb(site.config.site.title, "")]
    if site.rating and site.rating.locations:
        items.append(Breadcrumb("Our locations", "locations/"))
    if site.updates:
        items.append(Breadcrumb("Updates", "updates/"))
    if site.journey:
        items.append(Breadcrumb("Improvement journey", JOURNEY))
    if site.board:
        items.append(Breadcrumb("Our board", BOARD))
    items.extend(Breadcrumb(p.title, f"{p.slug}/") for p in site.pages)
    if site.glossary:
        items.append(Breadcrumb("Glossary", "glossary/"))
    if not has_own_accessibility_statement(site):
        items.append(ACCESSIBILITY)
    return tuple(items)
