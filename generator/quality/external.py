"""``journey check --external``: do links to other websites still work?

Only on request: it needs the internet, takes time and never affects a build.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from generator import __version__
from generator.errors import SourcePos
from generator.quality.findings import Finding

WORKERS = 8
USER_AGENT = f"journey-link-checker/{__version__}"


def check_external(links: dict[str, SourcePos], timeout: float) -> list[Finding]:
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda url: (url, _problem(url, timeout)), sorted(links)))
    return [Finding("external_link", links[url], f"the link {url} {problem}",
                    "check the address in a browser; if the page has moved, link to its new "
                    "address.")
            for url, problem in results if problem]


def _problem(url: str, timeout: float) -> str | None:
    """None if the address answers; else what went wrong, in words."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return f"answers {exc.code} {exc.reason}"
        except TimeoutError:
            return f"did not answer within {timeout:g} seconds"
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                return f"did not answer within {timeout:g} seconds"
            return f"cannot be reached ({reason})"
    return None
