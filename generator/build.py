"""The build pipeline: load the model once, render every page, write atomically."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import collector
from generator.booklet import BOOKLET, render_booklet
from generator.build_cache import BuildCache
from generator.content.cache import ParseCache
from generator.content.loader import load_site
from generator.content.pdf_pages import pdf_pages_of
from generator.errors import ContentError, ContentErrors, SourcePos
from generator.fingerprint import fingerprint
from generator.model.attachments import Attachment
from generator.model.site import BuildSettings, Site
from generator.output import (
    SiteWriter,
    UnsafeOutput,
    WriteFailed,
    check_output_dir,
    recover_interrupted,
)
from generator.pages import collect_pages
from generator.render.parallel import Progress, Sink, render_pages
from generator.render.templates import make_environment, template_dirs
from generator.search import build_search_index

STATIC_DIR = "static"


@dataclass(frozen=True)
class BuildResult:
    warnings: tuple[ContentError, ...]
    pages: int
    files: int
    seconds: float
    out: Path | None  # None when nothing was written (journey check)
    unchanged: int = 0  # files whose bytes were the same as in the previous build
    rendered: tuple[str, ...] = ()  # pages rendered (the others came from the last build)


@dataclass
class Reuse:
    """Pages of the last build to take instead of rendering them again (see build_cache)."""

    cache: BuildCache
    out: Path
    parsed: ParseCache
    # Filled in by render_site:
    keys: dict[str, bytes] = field(default_factory=dict)
    reused: frozenset[str] = frozenset()
    rendered: tuple[str, ...] = ()


def build_date(now: dt.date | None = None) -> dt.date:
    """The date a build treats as today: ``--now``, else SOURCE_DATE_EPOCH, else today."""
    if now is not None:
        return now
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def render_site(root: Path, settings: BuildSettings, base_url: str | None = None,
                pdf: bool = False, fingerprinted: bool = True, progress: Progress | None = None,
                reuse: Reuse | None = None, sink: Sink | None = None, keep: bool = True,
                ) -> tuple[Site, dict[str, bytes], dict[str, Path]]:
    """Load and render the whole site in memory.

    Returns the model, the rendered pages (output path -> bytes) and the files to
    copy (output path -> source file). ``pdf`` adds the Improvement Journey booklet.
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
    with collector.paused():
        site = load_site(root, settings, base_url, cache=reuse.parsed if reuse else None)
    with collector.frozen():  # the model: it lives as long as the build
        return _render_loaded(root, site, pdf, fingerprinted, progress, reuse, sink, keep)


def _render_loaded(root: Path, site: Site, pdf: bool, fingerprinted: bool,
                   progress: Progress | None, reuse: Reuse | None, sink: Sink | None,
                   keep: bool) -> tuple[Site, dict[str, bytes], dict[str, Path]]:
    copies, renamed = (fingerprint(files_to_copy(site)) if fingerprinted
                       else (files_to_copy(site), {}))
    compiled = reuse.cache.compiled_templates() if reuse else None
    files: dict[str, bytes] = {}
    booklet = None
    if pdf:  # first, so the journey page can give its size and length
        files[BOOKLET] = render_booklet(site, make_environment(
            root, site.config.site.base_path, renamed, compiled))
        booklet = Attachment(
            title="Our improvement journey booklet", file=BOOKLET, size=len(files[BOOKLET]),
            pages=pdf_pages_of(files[BOOKLET]))
        if sink is not None:
            sink.record(sink.write(dict(files)))
    env = make_environment(root, site.config.site.base_path, renamed, compiled, booklet)
    pages = collect_pages(site)
    reused: frozenset[str] = frozenset()
    if reuse is not None:
        reuse.keys = reuse.cache.page_keys(env, site, pages, (renamed, booklet))
        reused = reuse.reused = reuse.cache.reusable(reuse.keys, reuse.out)
    to_render = [page for page in pages if page.output_path not in reused]
    rendered, errors = render_pages(env, site, to_render, progress=progress, sink=sink,
                                    keep=keep)
    if errors:
        raise ContentErrors(errors)
    files.update(rendered)
    if reuse is not None:
        reuse.rendered = tuple(page.output_path for page in to_render)
    return site, files, copies


def count_pages(files: Iterable[str]) -> int:
    """Web pages among these output paths (not _headers and the like)."""
    return sum(1 for path in files if path.endswith(".html"))


def files_to_copy(site: Site) -> dict[str, Path]:
    """Static files and assets: output path -> the file to copy there."""
    copies: dict[str, Path] = {}
    # Built-in static files first, so a site's own file of the same name wins.
    for folder in reversed(template_dirs(site.root)):
        static = folder / STATIC_DIR
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    copies[f"{STATIC_DIR}/{path.relative_to(static).as_posix()}"] = path
    for asset in site.assets:
        copies[asset] = site.content_dir / asset
    return copies


def build(root: Path, out: Path | None = None, *, drafts: bool = False,
          strict: bool = False, today: dt.date | None = None, base_url: str | None = None,
          pdf: bool = False, progress: Progress | None = None,
          use_cache: bool = True) -> BuildResult:
    """Build the site in ``root`` into ``out`` (default ``root/site``).

    The previous output stays untouched unless the whole build succeeds. ``strict``
    runs every check of ``journey check`` and fails on any error or warning.
    ``use_cache``: take what has not changed from the last build (``.cache/``);
    without it everything is built again (and the cache made anew).

    Raises:
        ContentErrors: content or template errors (or, when strict, findings);
            nothing was written.
    """
    started = time.perf_counter()
    out = out if out is not None else root / "site"
    try:
        check_output_dir(out, root)
    except UnsafeOutput as exc:
        raise ContentErrors([ContentError(
            SourcePos(out), str(exc),
            "choose a new or empty folder for --out, such as site/ (the default).")]) from None
    settings = BuildSettings(today=build_date(today), drafts=drafts)
    cache = BuildCache(root, use=use_cache)
    key = cache.build_key(cache.scan(), settings, out, base_url, pdf)
    recover_interrupted(out)  # before trusting what is there
    last = cache.unchanged_build(key, out) if not strict else None
    if last is not None:  # nothing changed since the last build, which is still there
        return BuildResult(last.warnings, last.page_count, last.file_count,
                           time.perf_counter() - started, out, last.file_count)
    reuse = Reuse(cache, out, cache.parse_cache())
    try:
        with SiteWriter(out) as writer:  # pages are written as they are rendered
            site, files, copies = render_site(root, settings, base_url, pdf, progress=progress,
                                              reuse=reuse, sink=writer, keep=strict)
            if strict:
                _check_strictly(site, files, copies, out, reuse.reused)
            writer.copy(copies)
            writer.keep(reuse.reused)
            unchanged = writer.commit(build_search_index if site.config.site.search else None)
            written = writer.written
    except WriteFailed as exc:
        raise ContentErrors([ContentError(
            SourcePos(out), f"the site could not be written: {exc}",
            "check there is free disk space and that you can write to this folder; "
            "the previous site was left as it was.")]) from None
    pages, file_count = count_pages(written), len(written)
    cache.save(reuse.parsed, cache.record(key, out, reuse.keys, pages, file_count,
                                          site.warnings))
    return BuildResult(site.warnings, pages, file_count, time.perf_counter() - started, out,
                       unchanged, reuse.rendered)


def _check_strictly(site: Site, files: dict[str, bytes], copies: dict[str, Path], out: Path,
                    reused: frozenset[str]) -> None:
    """Every check of ``journey check``, on every page (those kept from the last build too).

    Raises:
        ContentErrors: every error or warning found.
    """
    # Imported here: the checker builds on this module's render_site.
    from generator.quality import failing, run_checks
    every = {**files, **{path: (out / path).read_bytes() for path in reused}}
    findings = failing(run_checks(site, collect_pages(site), every, copies), site.config.checks)
    if findings:
        raise ContentErrors([f.as_error() for f in findings])
