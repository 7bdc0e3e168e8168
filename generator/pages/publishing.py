"""Files for machines: the Atom feed, sitemap.xml, robots.txt, Netlify's _headers and
Azure Static Web Apps' configuration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from pathlib import Path

from generator.model.site import Site
from generator.model.translations import Version
from generator.model.updates import Update
from generator.pages.base import OutputPage
from generator.pages.core import LIST_ALL_UP_TO
from generator.pages.moved import site_redirects
from generator.pages.page_memo import PageMemo
from generator.render.metadata import has_feed, site_origin

AZURE_CONFIG = "staticwebapp.config.json"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
# With many updates, sitemap.xml is an index of these.
OTHER_PAGES_SITEMAP = "sitemap-pages.xml"
UPDATES_SITEMAP = "sitemap-updates-{year}.xml"
_SOURCE_PATH = attrgetter("source.path")
FEED_ENTRIES = 50  # feed readers poll the whole file: years of history would make it megabytes


def feed_file(site: Site) -> Iterator[OutputPage]:
    """The newest updates and statements, newest first: never drafts or embargoed ones."""
    if has_feed(site):
        entries = site.updates[:FEED_ENTRIES]
        yield OutputPage(url=FEED, template="feed.xml", title=f"Updates from {site.trust.name}",
                         sources=tuple(u.source.path for u in entries),  # in full
                         # and the languages of their versions
                         listed=tuple(v.source.path for u in entries
                                      for v in site.versions_of(u) if v is not u),
                         context={"updates": entries, "updated": max(
                             u.updated or u.date for u in entries)})


def robots_file(site: Site) -> Iterator[OutputPage]:
    """Where the sitemap is. An unlisted site (a preview of changes) names none, as its
    sitemap gives the published site's addresses; it disallows nothing either, as a
    search engine must read its pages to see their "noindex"."""
    yield OutputPage(url="robots.txt", template="robots.txt", title="robots.txt",
                     context={"sitemap": bool(site_origin(site)) and not site.settings.unlisted})


def headers_file(site: Site) -> Iterator[OutputPage]:
    """Netlify's _headers: security headers, with the CSP opened only for CQC's widget."""
    yield OutputPage(url="_headers", template="headers.txt", title="Headers")


def azure_config_file(site: Site) -> Iterator[OutputPage]:
    """Azure Static Web Apps' configuration: what _headers and _redirects tell Netlify."""
    redirects = site_redirects(site)
    yield OutputPage(url=AZURE_CONFIG, template=AZURE_CONFIG, title="Azure configuration",
                     sources=redirects.sources, listed=redirects.listed,
                     context={"moves": redirects.moves})


def sitemap_file(site: Site, others: list[OutputPage], memo: PageMemo,
                 ) -> Iterator[OutputPage]:
    """Every published web page, with the date its content last changed where known:
    ``others`` (every page but the updates' own) and the update pages ``memo`` made.

    With more than LIST_ALL_UP_TO updates (when their lists are split by year too),
    sitemap.xml is an index of sitemaps: one of each year's updates and one of the other
    pages, so a change of an update's date makes its year's again, not one of thousands
    of entries. Each is at the site's root: a sitemap may list only addresses under its
    own folder. A preview's ``memo`` reuses the sitemaps of years whose update pages are
    unchanged.
    """
    if not site_origin(site):
        return
    # Their dates come from the updates' and pages' front matter; which pages there are
    # (a list for each year) follows every update's date.
    every_file = (*site.update_files, *map(_SOURCE_PATH, site.pages))
    if len(site.updates) <= LIST_ALL_UP_TO:
        yield _sitemap(SITEMAP, _shown([*others, *memo.pages]), every_file)
        return
    years = memo.each_year("sitemap", site.updates_by_year, _year_sitemap)
    sitemaps = [_sitemap(OTHER_PAGES_SITEMAP, _shown(others), every_file), *years]
    yield from sitemaps
    yield OutputPage(url=SITEMAP, template="sitemap-index.xml", title="Sitemap",
                     listed=every_file,
                     context={"sitemaps": sorted(
                         (sitemap.url, sitemap.context["latest"]) for sitemap in sitemaps)})


Entry = tuple[dt.date | None, tuple[Version, ...]]


def _shown(pages: Iterable[OutputPage]) -> dict[str, Entry]:
    """The published web pages among ``pages``: address, date, and its versions in other
    languages (each named in the sitemap too, as search engines ask)."""
    return {page.url: (page.modified, page.context.get("versions", ())) for page in pages
            if not page.draft and page.embargo is None and page.url != "404.html"
            and page.output_path.endswith(".html") and "moved_to" not in page.context}


def _year_sitemap(year: int, updates: Sequence[Update], pages: list[OutputPage],
                  ) -> OutputPage:
    """The sitemap of a year's ``updates``, from their ``pages``."""
    return _sitemap(UPDATES_SITEMAP.format(year=year), _shown(pages),
                    tuple(map(_SOURCE_PATH, updates)))


def _sitemap(url: str, entries: dict[str, Entry], listed: tuple[Path, ...]) -> OutputPage:
    # Its latest date is worked out once, as a year's sitemap is kept from save to save.
    latest = max(filter(None, (modified for modified, _ in entries.values())), default=None)
    return OutputPage(url=url, template="sitemap.xml", title="Sitemap", listed=listed,
                      context={"entries": sorted(entries.items()), "latest": latest})
