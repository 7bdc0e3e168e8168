"""What the site's Content-Security-Policy (its _headers, as Netlify, Azure and the
preview send it) will not let in: a picture linked from the trust's main website, a
YouTube video written in as HTML, a PDF embedded in a page, a style or script written into
the page. The browser leaves a gap where each would be, or ignores it, with nothing on the
page to say why.

Only what the policy names is let in: the site itself, CQC's widget when it is on, the
visit counter's service, and whatever a site's own headers.txt adds.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from generator.errors import SourcePos
from generator.quality.findings import Finding, shorten
from generator.render.headers_file import read_headers

# What each kind of thing a page fetches or runs (html_scan's) is let in by, and what to
# call it.
DIRECTIVES = {"img": "img-src", "iframe": "frame-src", "script": "script-src",
              "media": "media-src", "object": "object-src", "stylesheet": "style-src",
              "form": "form-action", "inline script": "script-src",
              "inline style": "style-src", "font": "font-src",
              "stylesheet picture": "img-src",  # these two: named in a stylesheet
              "connect": "connect-src"}  # what a script fetches
_WHAT = {"img": "picture", "iframe": "frame", "script": "script", "media": "video or sound",
         "object": "embedded file", "stylesheet": "stylesheet", "form": "form sending to",
         "inline script": "script", "inline style": "style"}
# What the browser does with what the policy stops: it shows nothing in its place, or...
_NOT_DONE = {"form": "it would not be sent", "script": "it would not run",
             "stylesheet": "its styles would not be used"}
_TEMPLATES = "ask whoever looks after the site's templates."
_LINK_INSTEAD = ("link to it instead, with words that say what it is, for example: "
                 "[Watch our video about the new ward]({url}).")
_HINTS = {
    "img": "save the picture in content/assets/ and write its address there: "
           "(/assets/{name}).",
    "iframe": _LINK_INSTEAD,
    "media": _LINK_INSTEAD,
    "object": "link to the file instead, with words that say what it is, for example: "
              "[Read our improvement plan (PDF)](/assets/{name}), with the file saved in "
              "content/assets/.",
    "script": "a script from another website must be named in the site's security policy "
              "(templates/headers.txt): " + _TEMPLATES,
    "form": "link to the form's own page instead, with words that say what it is, for "
            "example: [Sign up to our newsletter]({url}).",
    "stylesheet": "a stylesheet from another website must be named in the site's security "
                  "policy (templates/headers.txt): " + _TEMPLATES,
    "inline script": "in a page's text, take it out; in a template, move it into a file of "
                     "the site's own (templates/static/js/) and load that with <script "
                     'src="...">: ' + _TEMPLATES,
    "inline style": "in a page's text, take it out: the site's stylesheet sets how text "
                    "looks (for emphasis, write **bold**); in a template, move it into the "
                    "site's own stylesheet (templates/static/css/): " + _TEMPLATES,
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

    def lets_in(self, kind: str, address: str) -> bool:
        """Whether the policy lets in ``address`` (from a page of the site) for ``kind``
        (of DIRECTIVES; for an inline script or style, ``address`` is its text)."""
        sources = self._sources(DIRECTIVES[kind])
        if sources is None:
            return True  # no policy, or none for this
        if kind.startswith("inline "):
            # 'unsafe-inline' lets in any. A policy naming nonces or hashes lets in the
            # scripts or styles they fit, which the scan does not keep whole: not judged.
            return "'unsafe-inline'" in sources or any(
                source.startswith(("'nonce-", "'sha")) for source in sources)
        parts = urlsplit(address)
        if not parts.scheme and not parts.netloc:  # on the site itself, as ours are
            return "'self'" in sources or any(_matches(source, *self.origin[:2])
                                              for source in sources)
        # An address without a scheme (//x.example/a.png) is fetched as the page is: https.
        scheme, host = (parts.scheme or "https").lower(), (parts.hostname or "").lower()
        if scheme == "http" and "upgrade-insecure-requests" in self.sources:
            scheme = "https"  # the browser asks for it at https:// first
        if (scheme, host, parts.port) == self.origin and "'self'" in sources:
            return True
        return any(_matches(source, scheme, host) for source in sources)

    def runs_webassembly(self) -> bool:
        """Whether the policy lets the site's scripts run WebAssembly, as search does."""
        sources = self._sources("script-src")
        return sources is None or "'wasm-unsafe-eval'" in sources or "'unsafe-eval'" in sources

    def _sources(self, directive: str) -> list[str] | None:
        """The sources a directive allows, from the directive it falls back to if it is
        not in the policy (a frame's child-src, then default-src)."""
        fallback = "" if directive == "form-action" else "default-src"  # it has none
        for name in (directive, "child-src" if directive == "frame-src" else "", fallback):
            if name in self.sources:
                return self.sources[name]
        return None


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


_POLICY_HINT = ("add {source} to the Content-Security-Policy's {directive} in the site's "
                "templates/headers.txt (journey's own has it): " + _TEMPLATES)


def scripts_stopped(policy: SecurityPolicy, search: bool, counter: Mapping[str, str],
                    pos: SourcePos) -> list[Finding]:
    """What the site's own scripts do that ``policy`` stops, which no page's HTML shows:
    the search page fetching its index (``search``) and running it as WebAssembly, and
    the visit counter sending its counts (``counter``: the analytics service's sources,
    by directive). All found at ``pos``, the policy's line."""
    found = []
    if search and not policy.lets_in("connect", "/pagefind/pagefind.js"):
        found.append(Finding(
            "blocked_by_policy", pos, "the site's security policy does not let the search "
            "page fetch its index from the site itself: search would find nothing",
            _POLICY_HINT.format(source="'self'", directive="connect-src")))
    if search and not policy.runs_webassembly():
        found.append(Finding(
            "blocked_by_policy", pos, "the site's security policy does not let the search "
            "page run its index (WebAssembly): search would find nothing",
            _POLICY_HINT.format(source="'wasm-unsafe-eval'", directive="script-src")))
    sends_to = counter.get("connect-src")
    if sends_to and not policy.lets_in("connect", sends_to + "/"):
        found.append(Finding(
            "blocked_by_policy", pos, "the site's security policy does not let the visit "
            f"counter send its counts to {sends_to}: no visit would be counted",
            _POLICY_HINT.format(source=sends_to, directive="connect-src")))
    return found


def blocked(kind: str, address: str, pos: SourcePos) -> Finding:
    """The finding for ``address``, which the policy does not let in for ``kind``."""
    if kind.startswith("inline "):
        return Finding("blocked_by_policy", pos,
                       f"the {_WHAT[kind]} written into the page ({shorten(address)}) is not "
                       "let in by the site's security policy: the browser ignores it",
                       _HINTS[kind])
    if address.lower().startswith("data:"):  # HTML with a picture pasted in as data
        return Finding("blocked_by_policy", pos,
                       f"the {_WHAT[kind]} written into the page as data ({shorten(address)}) "
                       "is not let in by the site's security policy: it would not be shown",
                       _HINTS[kind].format(name="picture.png", url=address))
    name = address.rsplit("/", 1)[-1].split("?", 1)[0] or "picture.png"
    not_done = _NOT_DONE.get(kind, "it would not be shown")
    if not urlsplit(address).netloc:  # the site's own, where the policy lets in none
        return Finding("blocked_by_policy", pos,
                       f"the {_WHAT[kind]} {shorten(address)} is not let in by the site's "
                       f"security policy, not even from the site itself: {not_done}",
                       _HINTS[kind].format(name=name, url=address))
    return Finding("blocked_by_policy", pos,
                   f"the {_WHAT[kind]} {shorten(address)} is on another website, which the "
                   f"site's security policy does not let in: {not_done}",
                   _HINTS[kind].format(name=name, url=address))
