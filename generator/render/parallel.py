"""Render pages on every core when there are enough of them to be worth it.

Worker processes are forked, so they start with the loaded site, the templates and
the page list already in memory; they render chunks of pages and either write them
themselves (given a sink: sending 50 MB of pages back to one process to write was a
tenth of a build) or send the bytes back. Where fork is not available (Windows,
macOS's default), pages render in one process, with the same result.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

import jinja2

from generator.errors import ContentError, ContentErrors
from generator.model.site import Site
from generator.pages import OutputPage
from generator.render.page import render_page
from generator.workers import CHUNK, results_from_workers, usable_cores, worth_forking

Rendered = tuple[dict[str, bytes], list[ContentError]]
Progress = Callable[[int, int], None]  # (pages done, pages in all)


class Sink(Protocol):
    """Takes each chunk of pages as soon as it is rendered (the build's SiteWriter)."""

    def write(self, files: dict[str, bytes]) -> Any:
        """Called in the process that rendered the pages (a forked worker, perhaps);
        returns a receipt, which must be picklable."""

    def record(self, receipt: Any) -> None:
        """Called in the main process with each receipt from :meth:`write`."""


def render_pages(env: jinja2.Environment, site: Site, pages: list[OutputPage],
                 workers: int | None = None, progress: Progress | None = None,
                 sink: Sink | None = None, keep: bool = True) -> Rendered:
    """Every page's bytes by output path, and the errors of those that failed.

    ``sink`` takes each chunk of pages as soon as it is rendered: the build writes
    them while the next ones are rendered. With a sink and ``keep`` False, the pages'
    bytes are not returned (only the errors), sparing the memory and the copying.
    """
    workers = workers or usable_cores()
    parallel = worth_forking(len(pages), workers)
    order = _heaviest_first(pages) if parallel else list(range(len(pages)))
    # Each chunk is written, and counted for progress, as soon as it is rendered.
    chunks = [order[start:start + CHUNK] for start in range(0, len(order), CHUNK)]
    files: dict[str, bytes] = {}
    errors: list[tuple[int, list[ContentError]]] = []
    done = 0

    def add(chunk: _Chunk, size: int) -> None:
        nonlocal done
        files.update(chunk.files)
        errors.extend(chunk.errors)
        if sink is not None:
            sink.record(chunk.receipt)
        done += size
        if progress is not None:
            progress(done, len(pages))

    keep = keep or sink is None
    if not parallel:
        for chunk in chunks:
            add(_render_chunk(env, site, pages, sink, keep, chunk), len(chunk))
        return files, [error for _, found in errors for error in found]
    work = functools.partial(_render_chunk, env, site, pages, sink, keep)
    with results_from_workers(work, chunks, workers) as rendered:
        for result, chunk in zip(rendered, chunks, strict=True):
            add(result, len(chunk))
    # The same order as one process gives, so builds stay byte-identical.
    in_order = {page.output_path: files[page.output_path] for page in pages
                if page.output_path in files}
    return in_order, [error for _, found in sorted(errors, key=lambda e: e[0])
                      for error in found]


def _heaviest_first(pages: list[OutputPage]) -> list[int]:
    """The pages' indexes, those listing many others first (the list of every update,
    the sitemap): rendered last, one of them kept a core busy while the other sat idle."""
    return sorted(range(len(pages)), key=lambda i: -len(pages[i].listed))


class _Chunk(NamedTuple):
    files: dict[str, bytes]  # empty when the sink took them and they are not kept
    errors: list[tuple[int, list[ContentError]]]  # by the index of the failing page
    receipt: Any  # the sink's, if there is one


def _render_chunk(env: jinja2.Environment, site: Site, pages: list[OutputPage],
                  sink: Sink | None, keep: bool, indexes: list[int]) -> _Chunk:
    files: dict[str, bytes] = {}
    errors = []
    for index in indexes:
        page = pages[index]
        try:
            files[page.output_path] = render_page(env, site, page).encode("utf-8")
        except ContentErrors as exc:
            errors.append((index, exc.errors))
    receipt = sink.write(files) if sink is not None else None
    return _Chunk(files if keep else {}, errors, receipt)
