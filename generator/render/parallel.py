"""Render pages on every core when there are enough of them to be worth it.

Worker processes are forked, so they start with the loaded site, the templates and
the page list already in memory; each renders every n-th page and sends the bytes
back. Where fork is not available (Windows, macOS's default), pages render in one
process, with the same result.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from typing import Any

import jinja2

from generator.errors import ContentError, ContentErrors
from generator.model.site import Site
from generator.pages import OutputPage
from generator.render.page import render_page

PARALLEL_FROM = 400  # below this, starting processes costs more than it saves

Rendered = tuple[dict[str, bytes], list[ContentError]]
_job: tuple[jinja2.Environment, Site, list[OutputPage], int] | None = None


def render_pages(env: jinja2.Environment, site: Site, pages: list[OutputPage],
                 workers: int | None = None) -> Rendered:
    """Every page's bytes by output path, and the errors of those that failed."""
    workers = workers or _usable_cores()
    if len(pages) < PARALLEL_FROM or workers < 2 or not sys.platform.startswith("linux"):
        return _render_share(env, site, pages, 0, 1)
    global _job
    _job = (env, site, pages, workers)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            shares = pool.map(_render_worker_share, range(workers))
    finally:
        _job = None
    files: dict[str, bytes] = {}
    errors: list[ContentError] = []
    for share_files, share_errors in shares:
        files.update(share_files)
        errors += share_errors
    # The same order as one process would give, so builds stay byte-identical.
    return {page.output_path: files[page.output_path] for page in pages
            if page.output_path in files}, errors


def _render_worker_share(share: int) -> Rendered:
    assert _job is not None  # set in the parent before the fork
    env, site, pages, workers = _job
    return _render_share(env, site, pages, share, workers)


def _render_share(env: jinja2.Environment, site: Site, pages: list[OutputPage], share: int,
                  workers: int) -> Rendered:
    files: dict[str, bytes] = {}
    errors: list[ContentError] = []
    for page in pages[share::workers]:
        try:
            files[page.output_path] = render_page(env, site, page).encode("utf-8")
        except ContentErrors as exc:
            errors.extend(exc.errors)
    return files, errors


def _usable_cores() -> int:
    affinity: Any = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)
