"""``journey check --external`` and ``--published``: pages the published site has that
this site no longer would (an update's or page's file renamed or deleted, or made a
draft), read from the published site's sitemap. A link to one, in an email or a search
result, would find "Page not found"; old_addresses keeps an address working.

The preview says so as it happens (serve/gone.py); this finds those it did not see.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlsplit

from generator.errors import SourcePos
from generator.model.addresses import page_key
from generator.model.site import Site
from generator.pages import OutputPage
from generator.quality.external import USER_AGENT
from generator.quality.findings import Finding
from generator.render.metadata import site_origin

_SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MOST_SITEMAPS = 200  # an index of a sitemap per year's updates: never near this


def check_live_site(site: Site, pages: Iterable[OutputPage], timeout: float) -> list[Finding]:
    """A finding for each page the published site's sitemap lists that no page of this
    site (nor an old address) is at. Nothing if the site has no full base_url, is not
    published yet, or its sitemap cannot be read (the links check says if the internet
    cannot be reached)."""
    origin = site_origin(site)
    if not origin:
        return []
    base = origin + site.config.site.base_path
    published = list(_published_paths(base, timeout))
    here = {page_key(page.url) for page in pages}
    here.update(page_key(path) for path in site.old_paths())
    content = site.content_dir
    return [Finding("page_gone",
                    SourcePos(content / ("updates" if path.startswith("updates/") else "pages")),
                    f"the published page /{path} is not on the site any more: a link to it "
                    'would find "Page not found"',
                    f"add old_addresses: [/{path}] to the front matter of the file whose "
                    "page replaces it (if it was renamed) or that visitors should find "
                    "instead (if it was taken off on purpose): a link to it then leads there.")
            for path in sorted(set(published)) if page_key(path) not in here]


def _published_paths(base: str, timeout: float) -> Iterator[str]:
    """The paths from ``base`` of the pages the published sitemap lists."""
    to_read, read = [base + "sitemap.xml"], 0
    while to_read and read < MOST_SITEMAPS:
        root = _fetch_xml(to_read.pop(0), timeout)
        read += 1
        if root is None:
            continue
        for loc in root.iter(f"{_SITEMAPS}loc"):
            url = (loc.text or "").strip()
            if not url.startswith(base):
                continue  # not this site's: a sitemap lists only its own site's pages
            if root.tag == f"{_SITEMAPS}sitemapindex":
                to_read.append(url)
            else:
                yield unquote(urlsplit(url).path)[len(urlsplit(base).path):]


def _fetch_xml(url: str, timeout: float) -> ET.Element | None:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return ET.fromstring(response.read())
    except (urllib.error.URLError, OSError, ET.ParseError, ValueError):
        return None
