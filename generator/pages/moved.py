"""Old addresses kept working: a page at each that sends visitors on, and Netlify's
``_redirects``, which sends them on before any page (a permanent redirect, as search
engines want)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.addresses import has_page, page_key, page_url
from generator.model.site import Site
from generator.model.updates import FreePage, Update
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.urls import url_of

REDIRECTS = "_redirects"


def _moved(site: Site) -> Iterator[tuple[Update | FreePage, Breadcrumb]]:
    """Each update and page shown that has old addresses, with a link to it."""
    items: tuple[Update | FreePage, ...] = (*site.updates, *site.pages)
    for item in items:
        if item.old_addresses:
            yield item, Breadcrumb(item.title, url_of(item))


def moved_pages(site: Site) -> Iterator[OutputPage]:
    """A page at each old address a web server can send one from."""
    for item, to in _moved(site):
        for path in _site_paths(site, item):
            if has_page(path):
                yield OutputPage(url=page_url(path), template="moved.html",
                                 title="This page has moved", listed=(item.source.path,),
                                 context={"moved_to": to}, draft=item.draft)


def redirects_file(site: Site) -> Iterator[OutputPage]:
    """Netlify's ``_redirects``: every old address, to the page now there. (A file given
    old addresses, or none any more, declares the site's pages again: see
    reread_in_place.)"""
    moved = list(_moved(site))
    if moved:
        yield OutputPage(url=REDIRECTS, template="redirects.txt", title="Redirects",
                         listed=tuple(item.source.path for item, _ in moved),
                         context={"moves": sorted((path, to.url) for item, to in moved
                                                  for path in _site_paths(site, item))})


def moved_to(site: Site) -> dict[str, Breadcrumb]:
    """The page now at each old address (by its ``page_key``)."""
    return {page_key(path): to for item, to in _moved(site) for path in _site_paths(site, item)}


def _site_paths(site: Site, item: Update | FreePage) -> Iterator[str]:
    """The paths from the site's root of ``item``'s old addresses (the loader checked
    each has one)."""
    for old in item.old_addresses:
        path = old.site_path(site.config.site)
        assert path is not None
        yield path
