"""Old addresses kept working: a page at each that sends visitors on, and Netlify's
``_redirects``, which sends them on before any page (a permanent redirect, as search
engines want). Old addresses are those written under ``old_addresses:``, and those an
earlier journey's pages had while it was the journey (journey/actions/md9/)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from generator.model.addresses import has_page, page_key, page_url
from generator.model.journey import JOURNEY_ROOT
from generator.model.site import Site
from generator.model.updates import FreePage, Update
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.journey import earlier_title, list_pages
from generator.pages.urls import url_of

REDIRECTS = "_redirects"


def _moved(site: Site) -> Iterator[tuple[Update | FreePage, Breadcrumb]]:
    """Each update and page shown that has old addresses, with a link to it."""
    items: tuple[Update | FreePage, ...] = (*site.updates, *site.pages)
    for item in items:
        if item.old_addresses:
            yield item, Breadcrumb(item.title, url_of(item), item.language)


def _journey_moves(site: Site) -> Iterator[tuple[str, Breadcrumb]]:
    """The address each page of an earlier journey had while it was the journey, with a
    link to the page now, unless the journey now has a page there (the newest earlier
    journey's first): its items' pages, and its overview, actions, figures and timeline
    (a new journey may have no figures yet, and there may be no journey now)."""
    current = site.journey
    taken = {*(url_of(item) for item in current.items.values()),
             *(path for path, _ in list_pages(current))} if current else set()
    for earlier in reversed(site.earlier_journeys):
        (overview, _), *lists = list_pages(earlier)
        pages = [(overview, earlier_title(earlier)), *lists,
                 *((url_of(item), item_id) for item_id, item in earlier.items.items())]
        for now, title in pages:
            path = JOURNEY_ROOT + now.removeprefix(earlier.root)
            if path not in taken:
                taken.add(path)
                yield path, Breadcrumb(title if now == overview else
                                       f"{title}, in our earlier improvement journey", now)


def _journey_files(site: Site) -> tuple[Path, ...]:
    """What _journey_moves is worked out from."""
    return tuple(f for j in site.journeys for f in site.sources_of(j))


def moved_pages(site: Site) -> Iterator[OutputPage]:
    """A page at each old address a web server can send one from."""
    for item, to in _moved(site):
        for path in _site_paths(site, item):
            if has_page(path):
                yield OutputPage(url=page_url(path), template="moved.html",
                                 title="This page has moved", listed=(item.source.path,),
                                 context={"moved_to": to}, draft=item.draft)
    journey_moves = list(_journey_moves(site))
    sources = _journey_files(site) if journey_moves else ()
    for path, to in journey_moves:
        yield OutputPage(url=path, template="moved.html", title="This page has moved",
                         sources=sources, context={"moved_to": to})


def redirects_file(site: Site) -> Iterator[OutputPage]:
    """Netlify's ``_redirects``: every old address, to the page now there. (A file given
    old addresses, or none any more, declares the site's pages again: see
    reread_in_place.)"""
    redirects = site_redirects(site)
    if redirects.moves:
        yield OutputPage(url=REDIRECTS, template="redirects.txt", title="Redirects",
                         sources=redirects.sources, listed=redirects.listed,
                         context={"moves": redirects.moves})


class Redirects(NamedTuple):
    """Every old address with the address of the page now there (site paths, sorted),
    and the files they are worked out from: in full, and by their front matter."""

    moves: list[tuple[str, str]]
    sources: tuple[Path, ...]
    listed: tuple[Path, ...]


def site_redirects(site: Site) -> Redirects:
    moved = list(_moved(site))
    journey_moves = list(_journey_moves(site))
    return Redirects(
        sorted([*((path, to.url) for item, to in moved for path in _site_paths(site, item)),
                *((path, to.url) for path, to in journey_moves)]),
        _journey_files(site) if journey_moves else (),
        tuple(item.source.path for item, _ in moved))


def moved_to(site: Site) -> dict[str, Breadcrumb]:
    """The page now at each old address (by its ``page_key``)."""
    return {page_key(path): to for path, to in (
        *((path, to) for item, to in _moved(site) for path in _site_paths(site, item)),
        *_journey_moves(site))}


def _site_paths(site: Site, item: Update | FreePage) -> Iterator[str]:
    """The paths from the site's root of ``item``'s old addresses (the loader checked
    each has one)."""
    for old in item.old_addresses:
        path = old.site_path(site.config.site)
        assert path is not None
        yield path
