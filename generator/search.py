"""Site search with Pagefind: an index built into the site, searched in the browser.

It needs no server, so it works on Netlify or any static host. The index is built
into the staging folder before the site is swapped in, so it always matches.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from generator.errors import ContentError, ContentErrors, SourcePos
from generator.output import files_under

SEARCH_URL = "search/"
INDEX_FOLDER = "pagefind"


def build_search_index(site_folder: Path, old_site: Path | None = None) -> None:
    """Index every page's <main data-pagefind-body> into site_folder/pagefind/.

    When every web page is the old site's own file (the build changed none), the old
    index is linked instead: Pagefind takes seconds for thousands of pages.
    """
    if old_site is not None and _same_pages(site_folder, old_site):
        _link_tree(old_site / INDEX_FOLDER, site_folder / INDEX_FOLDER)
        return
    try:
        result = subprocess.run(
            [*_pagefind_command(), "--site", str(site_folder), "--silent"],
            capture_output=True, text=True, timeout=600, preexec_fn=_stopped_with_the_build())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _failed(str(exc)) from None
    if result.returncode != 0:
        raise _failed((result.stderr or result.stdout).strip()[-500:])


def _stopped_with_the_build() -> Callable[[], None] | None:
    """What Pagefind's process runs before Pagefind (Linux): the kernel kills it if the
    build is killed, rather than leave it indexing a folder the next build removes."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    build = os.getpid()

    def stop_with_the_build() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != build:  # the build was killed before that took effect
            os._exit(1)

    return stop_with_the_build


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _pagefind_command() -> list[str]:
    """Pagefind's program, run directly where it came with the pagefind_bin package:
    through ``python -m pagefind`` each build waited 70 ms more (Python starting and
    importing asyncio) before Pagefind began. Any other set-up (a program named in
    PAGEFIND_BINARY_PATH, the extended edition) is left to ``python -m pagefind``,
    which knows them all."""
    if (not os.environ.get("PAGEFIND_BINARY_PATH")
            and importlib.util.find_spec("pagefind_bin_extended") is None):
        try:
            import pagefind_bin  # type: ignore[import-untyped]
            return [str(pagefind_bin.get_executable())]
        except Exception:  # not installed, or no program for this kind of machine
            pass
    return [sys.executable, "-m", "pagefind"]


def _same_pages(new: Path, old: Path) -> bool:
    """Whether ``old`` has a current index and the same web pages as ``new`` (same inodes)."""
    import importlib.metadata  # here: only sites with search need it (10 ms to import)

    try:
        entry = json.loads((old / INDEX_FOLDER / "pagefind-entry.json").read_bytes())
        if entry.get("version") != importlib.metadata.version("pagefind"):
            return False

        def pages(site: Path) -> dict[str, int]:
            return {rel: inode for rel, inode in files_under(site).items()
                    if rel.endswith(".html") and not rel.startswith(f"{INDEX_FOLDER}/")}

        return pages(new) == pages(old)
    except (OSError, ValueError, AttributeError, importlib.metadata.PackageNotFoundError):
        return False


def _link_tree(source: Path, target: Path) -> None:
    for rel in files_under(source):
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(source / rel, target / rel)


def _failed(detail: str) -> ContentErrors:
    return ContentErrors([ContentError(
        SourcePos(Path("content/site.yaml")),
        f"the search index could not be built ({detail or 'Pagefind failed'})",
        "search: true in site.yaml needs Pagefind, installed with this tool "
        "(pip install nhs-improvement-journey); or set search: false.")])
