"""Site search with Pagefind: an index built into the site, searched in the browser.

It needs no server, so it works on Netlify or any static host. The index is built
into the staging folder before the site is swapped in, so it always matches.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.errors import ContentError, ContentErrors, SourcePos

SEARCH_URL = "search/"
INDEX_FOLDER = "pagefind"


def build_search_index(site_folder: Path) -> None:
    """Index every page's <main data-pagefind-body> into site_folder/pagefind/."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site_folder), "--silent"],
            capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _failed(str(exc)) from None
    if result.returncode != 0:
        raise _failed((result.stderr or result.stdout).strip()[-500:])


def _failed(detail: str) -> ContentErrors:
    return ContentErrors([ContentError(
        SourcePos(Path("content/site.yaml")),
        f"the search index could not be built ({detail or 'Pagefind failed'})",
        "search: true in site.yaml needs Pagefind, installed with this tool "
        "(pip install nhs-improvement-journey); or set search: false.")])
