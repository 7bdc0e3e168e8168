"""Old addresses: where an update or page was published before its file was renamed.

Links to the old address (in emails, posts, search results) keep working: the build
writes a page there that sends the visitor on, and a line of Netlify's ``_redirects``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from generator.content.nodes import Scalar
from generator.errors import NOWHERE, SourcePos
from generator.model.config import SiteSettings
from generator.model.schema import Reader
from generator.slotted import Slotted

# The file names the site writes at its top level, beside its pages' folders.
SITE_FILES = frozenset({"404.html", "index.html", "feed.xml", "robots.txt", "_headers",
                        "_redirects", "improvement-journey.pdf"})
_SITEMAP = re.compile(r"sitemap.*\.xml")
_YEAR = re.compile(r"[0-9]{4}")
# The ends of addresses a web server can send a page from: a folder's, or a page's.
_PAGE_ENDS = ("/", ".html", ".htm")
_EXAMPLE = "/updates/2026-03-march-update/"
# Not in a file name on Windows, nor (a folder's) ending in a dot or a space.
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"|*]|[. ](/|$)')


@dataclass(frozen=True, slots=True)
class OldAddress(Slotted):
    """An address written under ``old_addresses:``: ``path`` as the browser asks for it
    (decoded, no leading "/"), from the site's root, or from the website's when written
    in full (then with its ``host``: the loader checks it is the site's own)."""

    path: str
    host: str = ""
    written: str = ""  # as the editor wrote it, for messages
    pos: SourcePos = NOWHERE
    scalar_only = True  # never read from fields: each is written as text

    @classmethod
    def from_scalar(cls, scalar: Scalar, reader: Reader) -> OldAddress:
        text = scalar.text.strip()
        problem = _written_wrong(text)
        if problem:
            raise reader.error(scalar.pos, f'the old address "{text}" {problem[0]}', problem[1])
        parts = urlsplit(text)
        return cls(unquote(parts.path).lstrip("/"), parts.netloc.lower(), text, scalar.pos)

    def site_path(self, settings: SiteSettings) -> str | None:
        """The path from the site's root; None if written in full outside the site's
        folder (where site.yaml's base_url puts the site in a folder of a bigger website)."""
        folder = settings.own_folder
        if not self.host or not folder:
            return self.path
        return self.path[len(folder):] if self.path.startswith(folder) else None


def has_page(path: str) -> bool:
    """Whether a page can be written at ``path`` for any web server to send (other hosts
    than Netlify, and the preview): an address like ``/news.aspx``, or one with a
    character no file name can have on Windows (``/news/a:b/``), is redirected by
    Netlify's ``_redirects`` alone."""
    if _NOT_IN_FILE_NAMES.search(path):
        return False
    return path.endswith(_PAGE_ENDS) or "." not in path.rsplit("/", 1)[-1]


def page_url(path: str) -> str:
    """The address of the page written at ``path`` (see OutputPage.url)."""
    return path if path.endswith(_PAGE_ENDS) else path + "/"


def _written_wrong(text: str) -> tuple[str, str] | None:
    """What is wrong with ``text`` as an old address, and how to write it."""
    parts = urlsplit(text)
    path = unquote(parts.path)
    segments = path.strip("/").split("/")
    like = f"like {_EXAMPLE}"
    if not text:
        return ("is empty", f"write the address the page had, {like}, or remove the line.")
    if parts.scheme not in ("", "http", "https") or (parts.scheme and not parts.netloc):
        return ("is not a web address", f"write it as its path from the site's root, {like}")
    if not parts.scheme and not text.startswith("/") and "." in segments[0] and len(segments) > 1:
        return ("has no https:// before the website's name",
                f"write https:// before it, or only its path, {like}")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        return ("has a part from ? or #, which is not part of where a page is",
                "write it without the ? or # and what follows.")
    if not path.strip("/"):
        return ("is the home page's address", f"write the address the page had before, {like}")
    if ("\\" in path or "//" in path.lstrip("/") or any(s in (".", "..") for s in segments)
            or any(ord(c) < 32 for c in path)):
        return ("is not an address a page can have", f"write it as the browser shows it, {like}")
    return None


def old_address_problems(pages: Iterable[tuple[str, str, tuple[OldAddress, ...]]],
                         settings: SiteSettings, reserved: Iterable[str],
                         ) -> Iterator[tuple[SourcePos, str, str]]:
    """Old addresses that cannot be kept working: each with its place, what is wrong and
    how to fix it. ``pages``: each update's and free page's address, file name and old
    addresses; ``reserved``: the first parts of addresses the site uses itself."""
    site = urlsplit(settings.own_base_url or settings.base_url)
    pages = list(pages)
    taken = {_clash_key(address): f"{name}'s page" for address, name, _ in pages}
    reserved = set(reserved)
    seen: dict[str, str] = {}
    for address, name, olds in pages:
        for old in olds:
            path = old.site_path(settings)
            said = f'the old address "{old.written}"'
            if old.host and site.netloc and old.host != site.netloc.lower():
                yield (old.pos, f"{said} is on another website ({old.host}), not this one "
                       f"({site.netloc})", "an old address is one this site had: to send "
                       "visitors from another website here, ask whoever runs it to "
                       "redirect its address.")
            elif path is None:
                folder = "/" + settings.own_folder
                yield (old.pos, f"{said} is outside this site's folder ({folder})",
                       f"an old address is one this site had, under {folder}: to send "
                       f"visitors from elsewhere on {site.netloc} here, ask whoever runs it "
                       "to redirect the address.")
            elif _clash_key(path) == _clash_key(address):
                yield (old.pos, f"{said} is this page's address now",
                       "remove it from old_addresses.")
            elif (owner := taken.get(_clash_key(path))) is not None:
                yield (old.pos, f"{said} is the address of {owner} now",
                       "an old address must be one no page has now: remove it, or rename "
                       "that file.")
            elif (own := _site_own(path, reserved)) is not None:
                yield (old.pos, f"{said} {own}",
                       "remove it from old_addresses: the site's own pages are there.")
            elif (other := seen.get(_clash_key(path))) is not None:
                yield (old.pos, f"{said} is also an old address of {other}",
                       "an address can send visitors on to one page only: remove it from "
                       "one of the two files.")
            else:
                seen[_clash_key(path)] = name


def page_key(path: str) -> str:
    """The page an address is of: ``updates/x``, ``updates/x/`` and
    ``updates/x/index.html`` are one."""
    path = path.removesuffix("index.html")
    return path.rstrip("/")


def _clash_key(path: str) -> str:
    """Which page an address would be written as: on Windows and macOS, whose files'
    names ignore capitals, a page at /Updates/X/ is written over /updates/x/'s."""
    return page_key(path).casefold()


def _site_own(path: str, reserved: set[str]) -> str | None:
    """Where ``path`` is, if the site makes a page or file there itself."""
    path = path.casefold()
    first, _, rest = path.partition("/")
    if path in SITE_FILES or _SITEMAP.fullmatch(path):
        return "is a file the site makes itself"
    if first == "updates" and (not rest.strip("/") or _YEAR.fullmatch(rest.strip("/"))):
        return "is where the site lists its updates"
    if first in reserved and first != "updates":
        return f"is in a part of the site it makes itself (/{first}/)"
    return None
