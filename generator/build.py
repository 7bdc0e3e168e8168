"""The build pipeline: load the model once, render every page, write atomically."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build_cache import BuildCache
from generator.content.folder import require_content
from generator.errors import ContentError, ContentErrors, SourcePos
from generator.model.settings import BuildSettings
from generator.output import (
    Finish,
    SiteWriter,
    UnsafeOutput,
    WriteFailed,
    check_output_dir,
    recover_interrupted,
)
from generator.progress import ProgressLine
from generator.search import build_search_index
from generator.web_photos import web_photos

if TYPE_CHECKING:
    from generator.model.checks import CheckSettings
    from generator.model.site import Site
    from generator.quality.findings import Finding
    from generator.render.parallel import Progress
    from generator.rendering import Reuse


@dataclass(frozen=True)
class BuildResult:
    warnings: tuple[ContentError, ...]
    pages: int
    files: int
    seconds: float
    out: Path | None  # None when nothing was written (journey check)
    unchanged: int = 0  # files whose bytes were the same as in the previous build
    rendered: tuple[str, ...] = ()  # pages rendered (the others came from the last build)
    notes: tuple[str, ...] = ()  # a strict build's notes, counted by kind


def build_date(now: dt.date | None = None) -> dt.date:
    """The date a build treats as today: ``--now``, else SOURCE_DATE_EPOCH, else today."""
    if now is not None:
        return now
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def count_pages(files: Iterable[str]) -> int:
    """Web pages among these output paths (not _headers and the like)."""
    return sum(1 for path in files if path.endswith(".html"))


def build(root: Path, out: Path | None = None, *, drafts: bool = False,
          unlisted: bool = False, strict: bool = False, today: dt.date | None = None,
          base_url: str | None = None, pdf: bool = False, progress: Progress | None = None,
          use_cache: bool = True) -> BuildResult:
    """Build the site in ``root`` into ``out`` (default ``root/site``).

    The previous output stays untouched unless the whole build succeeds. ``strict``
    runs every check of ``journey check`` and fails on any error or warning.
    ``use_cache``: take what has not changed from the last build (``.cache/``);
    without it everything is built again (and the cache made anew). ``unlisted``: search
    engines are asked not to list the site, as they always are when it has ``drafts``.

    Raises:
        ContentErrors: content or template errors (or, when strict, findings);
            nothing was written.
    """
    started = time.perf_counter()
    root = root.absolute()  # the cache names files by path: the same from any folder
    out = out if out is not None else root / "site"
    try:
        check_output_dir(out, root)
    except UnsafeOutput as exc:
        raise ContentErrors([ContentError(
            SourcePos(out), str(exc),
            "choose a new or empty folder for --out, such as site/ (the default).")]) from None
    settings = BuildSettings(today=build_date(today), drafts=drafts,
                             unlisted=unlisted or drafts)
    require_content(root)
    cache = BuildCache(root, use=use_cache)
    inputs = cache.scan()
    key = cache.build_key(inputs, settings, out, base_url, pdf)
    recover_interrupted(out)  # before trusting what is there
    last = cache.unchanged_build(key, out)
    # Nothing changed since the last build, which is still there. A strict build needs
    # the last to have passed the checks too: they read only what the key covers (the
    # content, templates, settings and date), so they would find the same again.
    if last is not None and (last.checked or not strict):
        return BuildResult(last.warnings, last.page_count, last.file_count,
                           time.perf_counter() - started, out, last.file_count,
                           notes=last.notes if strict else ())
    # Imported only now: a build that finds nothing changed never needs them. The
    # templates are compiled in a child while the rest is imported, not after (a clean
    # build of a trust's site waited a fifth of its time for them).
    from generator.render.precompile import compile_ahead
    templates_ready = compile_ahead(root, cache)
    from generator.rendering import Reuse, render_site
    reuse = Reuse(cache, out, cache.parse_cache(), templates_ready=templates_ready)
    try:
        with SiteWriter(out) as writer:  # pages are written as they are rendered
            site, files, copies = render_site(root, settings, base_url, pdf, progress=progress,
                                              reuse=reuse, sink=writer, keep=strict)
            notes = _check_strictly(site, files, copies, reuse, inputs, base_url,
                                    pdf) if strict else ()
            photos = web_photos(root, copies, cache.digest_of)  # fit for the web, not copied
            writer.record(writer.write(photos))
            writer.copy({path: source for path, source in copies.items() if path not in photos})
            writer.keep(reuse.reused)
            unchanged = writer.commit(_search_index(progress) if site.config.site.search else None)
            written = writer.written
    except WriteFailed as exc:
        held = ("close any program that has a file or folder of it open (a terminal in it, "
                "File Explorer, an editor), check you can write to this folder, and build "
                "again" if isinstance(exc.error, PermissionError)
                else "check there is free disk space and that you can write to this folder")
        raise ContentErrors([ContentError(
            SourcePos(out), f"the site could not be written: {exc}",
            f"{held}; the previous site was left as it was.")]) from None
    finally:
        templates_ready()  # waited for already, unless the build failed before loading
        cache.settle()  # a child writing the cache ahead, if any: failed builds too
        if not cache.read_as_scanned(reuse.parsed):  # a file was saved meanwhile
            cache.forget()
    pages, file_count = count_pages(written), len(written)
    cache.save(reuse.parsed, cache.record(key, out, reuse.keys, pages, file_count,
                                          site.warnings, checked=strict, notes=notes))
    return BuildResult(site.warnings, pages, file_count, time.perf_counter() - started, out,
                       unchanged, reuse.rendered, notes)


def _when_it_cannot_wait(findings: list[Finding], settings: CheckSettings) -> str:
    """How to publish before the warnings among ``findings`` are fixed, if any are: each
    rule made a note for now (not one of TO_FIX)."""
    from generator.model.checks import Severity
    from generator.quality.findings import TO_FIX, severity
    rules = sorted({f.rule for f in findings if severity(f.rule, settings) is Severity.WARNING
                    and f.rule not in TO_FIX})
    if not rules:
        return ""
    return ("If something must be published before a warning can be fixed, make its check "
            "a note for now: in content/site.yaml, under checks: and severity:, add "
            + " and ".join(f"{rule}: info" for rule in rules)
            + f"; take {'it' if len(rules) == 1 else 'them'} out again once it is fixed.")


def _search_index(progress: Progress | None) -> Finish:
    """What makes the search index in the new site: the progress line, if there is
    one, counts its parts (seconds each at 4,000 pages) after the pages."""
    parts = progress.counting("Search index", "parts") if isinstance(
        progress, ProgressLine) else None
    return lambda site, old_site: build_search_index(site, old_site, parts)


def _check_strictly(site: Site, files: dict[str, bytes], copies: dict[str, Path],
                    reuse: Reuse, inputs: bytes, base_url: str | None, pdf: bool,
                    ) -> tuple[str, ...]:
    """Every check of ``journey check``, on every page (those kept from the last build too),
    unless the last check read the same (``inputs``: the key of the content and templates);
    the notes, counted by kind.

    Raises:
        ContentErrors: every error or warning found.
    """
    from generator.checking import BuiltPages, check_key, check_rendered, remembered
    from generator.quality.report import notes_summary
    from generator.quality.run import failing
    key = check_key(inputs, site.settings, base_url=base_url, pdf=pdf)
    result = remembered(reuse.cache, key, lambda: check_rendered(
        site, BuiltPages(files, reuse), copies, reuse))
    findings = failing(result.findings, site.config.checks)
    if findings:
        raise ContentErrors([f.as_error() for f in findings],
                            _when_it_cannot_wait(findings, site.config.checks))
    return notes_summary(result.findings, site.config.checks)
