"""Render pages on every core when there are enough of them to be worth it.

Worker processes are forked, so they start with the loaded site, the templates and
the page list already in memory; they render chunks of pages and send the bytes back,
a chunk at a time. Where fork is not available (Windows, macOS's default), pages
render in one process, with the same result.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any

import jinja2

from generator.collector import frozen
from generator.errors import ContentError, ContentErrors
from generator.model.site import Site
from generator.pages import OutputPage
from generator.render.page import render_page

PARALLEL_FROM = 400  # below this, starting processes costs more than it saves
CHUNK = 50  # pages a worker renders before reporting back (to be written, and for progress)

Rendered = tuple[dict[str, bytes], list[ContentError]]
Progress = Callable[[int, int], None]  # (pages done, pages in all)
Sink = Callable[[dict[str, bytes]], None]  # takes each chunk of pages as it is rendered
_job: tuple[jinja2.Environment, Site, list[OutputPage]] | None = None


def render_pages(env: jinja2.Environment, site: Site, pages: list[OutputPage],
                 workers: int | None = None, progress: Progress | None = None,
                 sink: Sink | None = None) -> Rendered:
    """Every page's bytes by output path, and the errors of those that failed.

    ``sink`` gets each chunk of pages as soon as it is rendered: the build writes them
    while the workers render the next ones.
    """
    workers = workers or _usable_cores()
    chunks = [(start, min(start + CHUNK, len(pages))) for start in range(0, len(pages), CHUNK)]
    files: dict[str, bytes] = {}
    errors: list[ContentError] = []
    done = 0

    def add(chunk: Rendered, size: int) -> None:
        nonlocal done
        files.update(chunk[0])
        errors.extend(chunk[1])
        if sink is not None:
            sink(chunk[0])
        done += size
        if progress is not None:
            progress(done, len(pages))

    if len(pages) < PARALLEL_FROM or workers < 2 or not sys.platform.startswith("linux"):
        for start, end in chunks:
            add(_render_range(env, site, pages, start, end), end - start)
        return files, errors
    global _job
    _job = (env, site, pages)
    # Objects that exist now are left out of the workers' garbage collections: a
    # collection touches every object it tracks, copying the page of memory it is on
    # into the worker (copy-on-write), which cost a tenth of the render time.
    try:
        with frozen(), multiprocessing.get_context("fork").Pool(workers) as pool:
            for chunk, (start, end) in zip(pool.imap(_render_worker_range, chunks), chunks,
                                           strict=True):
                add(chunk, end - start)
    finally:
        _job = None
    # The same order as one process would give, so builds stay byte-identical.
    return files, errors  # imap keeps the chunks in order: the same as one process


def _render_worker_range(bounds: tuple[int, int]) -> Rendered:
    assert _job is not None  # set in the parent before the fork
    env, site, pages = _job
    return _render_range(env, site, pages, *bounds)


def _render_range(env: jinja2.Environment, site: Site, pages: list[OutputPage], start: int,
                  end: int) -> Rendered:
    files: dict[str, bytes] = {}
    errors: list[ContentError] = []
    for page in pages[start:end]:
        try:
            files[page.output_path] = render_page(env, site, page).encode("utf-8")
        except ContentErrors as exc:
            errors.extend(exc.errors)
    return files, errors


def _usable_cores() -> int:
    affinity: Any = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else (os.cpu_count() or 1)
