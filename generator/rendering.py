"""Load a whole site and render it in memory: for builds, checks and the preview.

A module of its own, imported only when there is something to render: a build that
finds nothing changed since the last one need not import the model, Jinja or Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import collector
from generator.booklet import render_booklets
from generator.build_cache import BuildCache
from generator.content.cache import ParseCache
from generator.content.files import is_scratch
from generator.content.loader import load_site
from generator.errors import ContentErrors
from generator.fingerprint import fingerprint
from generator.model.attachments import Attachment
from generator.model.site import BuildSettings, Site
from generator.pages import OutputPage, collect_pages
from generator.render.parallel import Progress, Sink, render_pages
from generator.render.template_dirs import FAVICON, STATIC_DIR, template_dirs
from generator.render.templates import make_environment


@dataclass
class Reuse:
    """Pages of the last build to take instead of rendering them again (see build_cache)."""

    cache: BuildCache
    out: Path
    parsed: ParseCache
    # Whether the caller will not need a page (its output path and key), if it was not
    # kept: such a page is not rendered (journey check, which has what it found in it).
    unneeded: Callable[[str, bytes], bool] | None = None
    # What compile_ahead returned: the caller starts it before importing this module.
    templates_ready: Callable[[], None] = lambda: None
    # Filled in by render_site:
    pages: list[OutputPage] = field(default_factory=list)  # every page of the site
    keys: dict[str, bytes] = field(default_factory=dict)
    reused: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()  # unneeded, and neither kept nor rendered
    rendered: tuple[str, ...] = ()


def render_site(root: Path, settings: BuildSettings, base_url: str | None = None,
                pdf: bool = False, fingerprinted: bool = True, progress: Progress | None = None,
                reuse: Reuse | None = None, sink: Sink | None = None, keep: bool = True,
                ) -> tuple[Site, dict[str, bytes], dict[str, Path]]:
    """Load and render the whole site in memory.

    Returns the model, the rendered pages (output path -> bytes) and the files to
    copy (output path -> source file). ``pdf`` adds the Improvement Journeys' booklets.
    ``fingerprinted``: static files get content hashes in their names (not in the
    preview, which never lets browsers cache them, so a stylesheet edit re-renders nothing).
    ``reuse``: pages unchanged since the last build are not rendered; they are left out
    of the rendered pages and listed in ``reuse.reused``, to be kept from the output.
    ``sink``: takes the rendered files a chunk at a time, as soon as they are made
    (perhaps in worker processes); with ``keep`` False, the pages it took are left out
    of the rendered pages returned.

    Raises:
        ContentErrors: every content and template error found.
    """
    try:
        with collector.paused():
            site = load_site(root, settings, base_url, cache=reuse.parsed if reuse else None)
    finally:
        if reuse is not None:
            reuse.templates_ready()
    if reuse is not None:
        reuse.cache.save_content_ahead(reuse.parsed)
    with collector.frozen():  # the model: it lives as long as the build
        return _render_loaded(root, site, pdf, fingerprinted, progress, reuse, sink, keep)


def _render_loaded(root: Path, site: Site, pdf: bool, fingerprinted: bool,
                   progress: Progress | None, reuse: Reuse | None, sink: Sink | None,
                   keep: bool) -> tuple[Site, dict[str, bytes], dict[str, Path]]:
    copies, renamed, stylesheets = (fingerprint(files_to_copy(site)) if fingerprinted
                                    else (files_to_copy(site), {}, {}))
    compiled = reuse.cache.compiled_templates() if reuse else None
    files: dict[str, bytes] = dict(stylesheets)  # with the new names of what they name
    if sink is not None and files:
        sink.record(sink.write(dict(files)))
    booklets: dict[str, Attachment] = {}  # by the address of the journey each is of
    if pdf:  # first, so the journeys' pages can give their sizes and lengths
        made, booklets = render_booklets(site, make_environment(
            root, site.config.site.base_path, renamed, compiled), copies,
            reuse.cache if reuse else None)
        files.update(made)
        if sink is not None:
            sink.record(sink.write(dict(made)))
    env = make_environment(root, site.config.site.base_path, renamed, compiled, booklets)
    pages = collect_pages(site)
    reused: frozenset[str] = frozenset()
    if reuse is not None:
        reuse.pages = pages
        reuse.keys = reuse.cache.page_keys(env, site, pages, (renamed, booklets))
        reuse.reused = reuse.cache.reusable(reuse.keys, reuse.out)
        if reuse.unneeded is not None:
            reuse.skipped = frozenset(
                path for path, key in reuse.keys.items()
                if path not in reuse.reused and reuse.unneeded(path, key))
        reused = reuse.reused | reuse.skipped
    to_render = [page for page in pages if page.output_path not in reused]
    rendered, errors = render_pages(env, site, to_render, progress=progress, sink=sink,
                                    keep=keep)
    if errors:
        raise ContentErrors(errors)
    files.update(rendered)
    if reuse is not None:
        reuse.rendered = tuple(page.output_path for page in to_render)
    return site, files, copies


def files_to_copy(site: Site) -> dict[str, Path]:
    """Static files and assets: output path -> the file to copy there (static/favicon.ico
    to the site's top folder)."""
    copies: dict[str, Path] = {}
    # Built-in static files first, so a site's own file of the same name wins.
    for folder in reversed(template_dirs(site.root)):
        static = folder / STATIC_DIR
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not is_scratch(path.name):
                    copies[f"{STATIC_DIR}/{path.relative_to(static).as_posix()}"] = path
    # Browsers and feed readers ask for /favicon.ico whatever a page links to.
    if f"{STATIC_DIR}/{FAVICON}" in copies:
        copies[FAVICON] = copies.pop(f"{STATIC_DIR}/{FAVICON}")
    for asset in site.assets:
        copies[asset] = site.content_dir / asset
    return copies
