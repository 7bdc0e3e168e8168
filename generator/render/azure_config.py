"""Azure Static Web Apps' ``staticwebapp.config.json``, from what Netlify is told.

Netlify reads ``_headers`` and ``_redirects``; Azure Static Web Apps reads one JSON file
at the top of the site. It is made from the same headers (so a site's own headers.txt
changes both) and the same old addresses, with the 404 page. Azure takes at most 20 KB:
redirects past that are left out (the page written at each old address still sends
visitors on).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from generator.render.headers_file import read_headers

MOST_BYTES = 20_000  # Azure reads at most 20 KB: taken as 20,000 bytes, the smaller reading
# Pagefind's files: Azure serves only files of the types it knows.
PAGEFIND_TYPES = {".pagefind": "application/wasm", ".pf_meta": "application/octet-stream",
                  ".pf_index": "application/octet-stream",
                  ".pf_fragment": "application/octet-stream"}


def azure_config(netlify_headers: str, moves: Iterable[tuple[str, str]],
                 url: Callable[[str], str], search: bool) -> str:
    """The JSON: ``netlify_headers`` is the text of ``_headers``; ``moves``, each old
    address with the page now there (site paths); ``url`` makes a site path an address."""
    headers = read_headers(netlify_headers)
    config: dict[str, Any] = {
        "globalHeaders": headers.pop("/*", {}),
        "routes": [{"route": path, "headers": sent} for path, sent in headers.items()],
        "responseOverrides": {"404": {"rewrite": url("404.html"), "statusCode": 404}},
    }
    if search:
        config["mimeTypes"] = PAGEFIND_TYPES
    redirects = [{"route": _route(url(old)), "redirect": url(new), "statusCode": 301}
                 for old, new in moves]

    def with_redirects(count: int) -> str:
        return _json({**config, "routes": [*redirects[:count], *config["routes"]]})

    # As many of the redirects as Azure takes, in order: the most that fit, found by halves.
    fit, over = 0, len(redirects) + 1
    while over - fit > 1:
        middle = (fit + over) // 2
        if len(with_redirects(middle).encode()) <= MOST_BYTES:
            fit = middle
        else:
            over = middle
    return with_redirects(fit)


def _route(address: str) -> str:
    """The route matching ``address`` as visitors type it: a folder's route names its
    index.html, which Azure matches with and without the last slash."""
    return address + "index.html" if address.endswith("/") else address


def _json(config: dict[str, Any]) -> str:
    return json.dumps(config, indent=2) + "\n"
