"""Every page of the site, declared by page kind (see :class:`OutputPage`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import compress
from operator import not_

from generator.model.site import Site
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.core import (
    ACCESSIBILITY,
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
from generator.pages.languages import footer_links, languages_page
from generator.pages.moved import moved_pages, redirects_file
from generator.pages.page_memo import PageMemo
from generator.pages.publishing import (
    azure_config_file,
    feed_file,
    headers_file,
    robots_file,
    sitemap_file,
)
from generator.pages.urls import BOARD, JOURNEY, url_of

__all__ = ["PAGE_KINDS", "Breadcrumb", "OutputPage", "PageKind", "PageMemo", "collect_pages",
           "declare_pages", "has_own_accessibility_statement", "navigation", "site_links",
           "with_sitemap"]

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
    languages_page,
    search_page,
    not_found_page,
    feed_file,
    robots_file,
    headers_file,
    moved_pages,
    redirects_file,
    azure_config_file,
)


def collect_pages(site: Site, memo: PageMemo | None = None) -> list[OutputPage]:
    """All pages of the site, in a stable order. ``memo``: see update_pages."""
    return with_sitemap(site, [page for _, page in declare_pages(site, memo)])


def declare_pages(site: Site, memo: PageMemo | None = None,
                  kinds: Iterable[PageKind] = PAGE_KINDS, every: bool = True,
                  ) -> Iterator[tuple[PageKind, OutputPage]]:
    """The pages of ``kinds`` (in their order, the sitemap aside), each with its kind: a
    preview can declare again only the kinds whose pages a change affects, and (not
    ``every``) of the update pages only those ``memo`` did not keep."""
    for kind in kinds:
        for page in (update_pages(site, memo, every) if kind is update_pages else kind(site)):
            yield kind, page


def with_sitemap(site: Site, pages: list[OutputPage], memo: PageMemo | None = None,
                 ) -> list[OutputPage]:
    """``pages`` (every page of the site) and the sitemap that lists them, sorted by
    output path. ``memo``: the one that made the update pages of ``pages``."""
    if memo is None or memo.updates is not site.updates:
        # One of this build's update pages, found by their addresses.
        by_url = {page.url: page for page in pages}
        memo = PageMemo(site.updates, [by_url[url] for url in map(url_of, site.updates)])
    own = set(map(id, memo.pages))
    others = list(compress(pages, map(not_, map(own.__contains__, map(id, pages)))))
    return sorted([*pages, *sitemap_file(site, others, memo)], key=lambda p: p.output_path)


def navigation(site: Site) -> tuple[Breadcrumb, ...]:
    """The header's links, in order: home, updates, journey, board, free pages, glossary."""
    items = [Breadcrumb(site.config.site.title, "")]
    if site.rating and site.rating.locations:
        items.append(Breadcrumb("Our locations", "locations/"))
    if site.updates:
        items.append(Breadcrumb("Updates", "updates/"))
    if site.journey:
        items.append(Breadcrumb("Improvement journey", JOURNEY))
    elif site.earlier_journeys:  # none now: the latest earlier one, which lists the others
        items.append(Breadcrumb("Improvement journey", site.earlier_journeys[-1].root))
    if site.board:
        items.append(Breadcrumb("Our board", BOARD))
    # A translation of a page is linked from that page, not from every page.
    items.extend(Breadcrumb(p.title, f"{p.slug}/", p.language) for p in site.pages
                 if p.translation_of is None)
    if site.glossary:
        items.append(Breadcrumb("Glossary", "glossary/"))
    if not has_own_accessibility_statement(site):
        items.append(ACCESSIBILITY)
    return tuple(items)


def site_links(site: Site) -> tuple[Breadcrumb, ...]:
    """The links every page has to the site's pages (the header's and the footer's): when
    they change, every page changes."""
    return footer_links(site, navigation(site))
