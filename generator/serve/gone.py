"""Pages the preview showed as it started that are gone since: an update's or page's file
renamed (its address comes from its name) or deleted. If it was published, links to it
(in emails, posts, search results) would find "Page not found"; old_addresses: keeps the
address working. Only ``journey check --external`` can tell too, from the published site's
sitemap (quality/live_site.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SourceFiles, counted
from generator.model.addresses import page_key
from generator.model.site import Site
from generator.pages.urls import url_of

HEADING = "Pages gone since the preview started"


@dataclass(frozen=True)
class _Page:
    address: str  # from the site's root: "updates/x/"
    file: Path
    title: str
    slug: str
    update: bool  # else a free page


class GonePages:
    """The published pages (not drafts, not embargoed) of updates and free pages at the
    start, to compare each save's site with."""

    def __init__(self, site: Site) -> None:
        self._start = {page_key(page.address): page for page in _pages(site, published=True)}

    def text(self, site: Site) -> str:
        """The pages gone, each with the file that has its title now if any (renamed), as
        journey check lists findings; '' if none."""
        # Looked up, not listed: this runs after every save, and there may be thousands.
        pages = {page.slug for page in site.pages}
        kept = {page_key(path) for path in site.old_paths()}
        gone = [page for key, page in self._start.items() if key not in kept and not (
            site.has_update(page.slug) if page.update else page.slug in pages)]
        if not gone:
            return ""
        now = {page_key(page.address): page for page in _pages(site, published=False)}
        files = SourceFiles(site.root)
        renamed = {page.title: page.file for key, page in now.items() if key not in self._start}
        lines = [f"{HEADING}: {counted(len(gone), 'warning')}"]
        for page in gone:
            into = renamed.get(page.title)
            lines += [f'  {files.shown(page.file)}: "{page.title}" was at /{page.address}: '
                      'a link to it would now find "Page not found"',
                      f"    hint: if it was published, add old_addresses: [/{page.address}] "
                      "to the front matter of "
                      + (files.shown(into) if into else "the file whose page replaces it")
                      + ", so the address takes visitors there."]
        return "\n".join(lines)


def _pages(site: Site, published: bool) -> Iterator[_Page]:
    """The site's updates and free pages (``published``: only those a build publishes)."""
    today = site.settings.today
    for update in site.updates:
        if not published or update.is_visible(today, drafts=False):
            yield _Page(url_of(update), update.source.path, update.title, update.slug, True)
    for page in site.pages:
        if not published or not page.draft:
            yield _Page(url_of(page), page.source.path, page.title, page.slug, False)
