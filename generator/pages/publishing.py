"""Files for machines: the Atom feed, sitemap.xml, robots.txt and Netlify's _headers."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.site import Site
from generator.pages.base import OutputPage
from generator.render.metadata import has_feed, site_origin

FEED = "feed.xml"
SITEMAP = "sitemap.xml"
FEED_ENTRIES = 50  # feed readers poll the whole file: years of history would make it megabytes


def feed_file(site: Site) -> Iterator[OutputPage]:
    """The newest updates and statements, newest first: never drafts or embargoed ones."""
    if has_feed(site):
        entries = site.updates[:FEED_ENTRIES]
        yield OutputPage(url=FEED, template="feed.xml", title=f"Updates from {site.trust.name}",
                         sources=tuple(u.source.path for u in entries),  # in full
                         context={"updates": entries, "updated": max(
                             u.updated or u.date for u in entries)})


def robots_file(site: Site) -> Iterator[OutputPage]:
    yield OutputPage(url="robots.txt", template="robots.txt", title="robots.txt",
                     context={"sitemap": bool(site_origin(site))})


def headers_file(site: Site) -> Iterator[OutputPage]:
    """Netlify's _headers: security headers, with the CSP opened only for CQC's widget."""
    yield OutputPage(url="_headers", template="headers.txt", title="Headers")


def sitemap_file(site: Site, pages: list[OutputPage]) -> Iterator[OutputPage]:
    """Every published web page, with the date its content last changed where known."""
    if not site_origin(site):
        return
    entries = [(page.url, page.modified) for page in pages
               if page.output_path.endswith(".html") and page.url != "404.html"
               and not page.draft and page.embargo is None]
    yield OutputPage(url=SITEMAP, template="sitemap.xml", title="Sitemap",
                     # Its dates come from the updates' and pages' front matter.
                     listed=(*(u.source.path for u in site.updates),
                             *(p.source.path for p in site.pages)),
                     context={"entries": sorted(entries)})

