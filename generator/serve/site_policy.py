"""The published site's security headers, sent with each page of the preview too.

They come from the build's ``_headers`` (as Netlify and Azure send them), so what the
Content-Security-Policy will block on the published site is blocked in the preview as
the editor looks: a site's own template with a script written into the page, a picture
from another website in HTML an editor wrote. The preview's own script and styles are
files of its own address, which the policy lets in. Left out: what means nothing over
the preview's plain http (HSTS, and upgrading requests to https, which the preview does
not serve), and what the preview sends itself (never cached, never sniffed).
"""

from __future__ import annotations

from generator.render.headers_file import read_headers

_PREVIEW_OWN = frozenset({"strict-transport-security", "cache-control", "x-content-type-options"})
_HTTPS_ONLY = "upgrade-insecure-requests"


def page_headers(headers_file: bytes | None) -> list[tuple[str, str]]:
    """The headers to send with each page: those ``_headers`` gives every path (``/*``)."""
    if headers_file is None:
        return []
    found = []
    sent = read_headers(headers_file.decode("utf-8", "replace")).get("/*", {})
    for name, value in sent.items():
        if name.lower() in _PREVIEW_OWN:
            continue
        if name.lower() == "content-security-policy":
            value = "; ".join(part for part in map(str.strip, value.split(";"))
                              if part and part.lower() != _HTTPS_ONLY)
        found.append((name, value))
    return found
