"""Pictures, frames and scripts from other websites that the site's Content-Security-Policy
(its _headers, as Netlify, Azure and the preview send it) will not let in: a picture
linked from the trust's main website, a YouTube video written in as HTML. The browser
leaves a gap where each would be, with nothing on the page to say why.

Only what the policy names is let in: the site itself, CQC's widget when it is on, the
visit counter's service, and whatever a site's own headers.txt adds.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from generator.errors import SourcePos
from generator.quality.findings import Finding, shorten
from generator.render.headers_file import read_headers

# What each tag fetches, by the directive that lets it in.
DIRECTIVES = {"img": "img-src", "iframe": "frame-src", "script": "script-src"}
_WHAT = {"img": "picture", "iframe": "frame", "script": "script"}
_HINTS = {
    "img": "save the picture in content/assets/ and write its address there: "
           "(/assets/{name}).",
    "iframe": "link to it instead, with words that say what it is, for example: "
              "[Watch our video about the new ward]({url}).",
    "script": "a script from another website must be named in the site's security policy "
              "(templates/headers.txt): ask whoever looks after the site's templates.",
}


class SecurityPolicy:
    """The Content-Security-Policy of the built ``_headers`` (for every path), for a site
    published at ``base_url`` (its own address, not a preview's: a full address of the
    site itself is 'self' where it is published)."""

    def __init__(self, headers_file: bytes | None, base_url: str = ""):
        parts = urlsplit(base_url)
        self.origin = (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)
        policy = read_headers((headers_file or b"").decode("utf-8", "replace")).get(
            "/*", {}).get("Content-Security-Policy", "")
        self.sources: dict[str, list[str]] = {}
        for directive in policy.split(";"):
            if words := directive.split():
                self.sources[words[0].lower()] = [source.lower() for source in words[1:]]
        self.known = bool(self.sources)

    def lets_in(self, tag: str, address: str) -> bool:
        """Whether the policy lets in ``address`` (from a page of the site) for ``tag``."""
        if not self.known or (address.startswith("/") and not address.startswith("//")):
            return True  # no policy, or on the site itself ('self'), as our addresses are
        parts = urlsplit(address)
        if not parts.scheme and not parts.netloc:
            return True  # on the site itself, written relative to the page
        sources = self.sources.get(DIRECTIVES[tag], self.sources.get("default-src"))
        if sources is None:
            return True
        # An address without a scheme (//x.example/a.png) is fetched as the page is: https.
        scheme, host = (parts.scheme or "https").lower(), (parts.hostname or "").lower()
        if scheme == "http" and "upgrade-insecure-requests" in self.sources:
            scheme = "https"  # the browser asks for it at https:// first
        if (scheme, host, parts.port) == self.origin and "'self'" in sources:
            return True
        return any(_matches(source, scheme, host) for source in sources)


def _matches(source: str, scheme: str, host: str) -> bool:
    """Whether a source of the policy ("https:", "*.example.com", "https://x.example")
    names an address of ``scheme`` and ``host`` on another website."""
    if source == "*":
        return scheme in ("http", "https")
    if source.endswith(":") and "/" not in source:  # a scheme: "https:", "data:"
        return source[:-1] == scheme
    if source.startswith("'"):
        return False  # 'self', 'none', 'unsafe-inline'...: no other website
    wanted_scheme, _, rest = source.rpartition("://")
    if wanted_scheme and wanted_scheme != scheme:
        return False
    wanted = rest.split("/", 1)[0].split(":", 1)[0]
    if wanted.startswith("*."):
        return host.endswith(wanted[1:])
    return host == wanted


def blocked(tag: str, address: str, pos: SourcePos) -> Finding:
    """The finding for ``address``, which the policy does not let in for ``tag``."""
    if address.lower().startswith("data:"):  # HTML with a picture pasted in as data
        return Finding("blocked_by_policy", pos,
                       f"the {_WHAT[tag]} written into the page as data ({shorten(address)}) "
                       "is not let in by the site's security policy: it would not be shown",
                       _HINTS[tag].format(name="picture.png", url=address))
    name = address.rsplit("/", 1)[-1].split("?", 1)[0] or "picture.png"
    return Finding("blocked_by_policy", pos,
                   f"the {_WHAT[tag]} {shorten(address)} is on another website, which the "
                   "site's security policy does not let in: it would not be shown",
                   _HINTS[tag].format(name=name, url=address))
