"""Rebuild only the pages a change can affect, and prove it matches a full build.

Used by the preview server. Which pages a change affects is read off the page
declarations (content files) and the templates themselves (extends, includes,
imports): nothing is tracked by hand. When the file watcher names the changed
files only those are looked at; otherwise every file's stamp is compared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import collector
from generator.build_cache import BuildCache
from generator.content.cache import (
    BODY,
    SAME,
    ParseCache,
    Stamp,
    stamp_of,
    stamp_of_stat,
    walk_files,
)
from generator.content.loader import load_site
from generator.content.reread import reread_in_place
from generator.errors import ContentError, ContentErrors
from generator.model.site import BuildSettings, Site
from generator.page_records import FileIndex, PageRecord
from generator.pages import (
    PAGE_KINDS,
    OutputPage,
    PageKind,
    PageMemo,
    declare_pages,
    site_links,
    with_sitemap,
)
from generator.pages.core import update_pages
from generator.pages.dependencies import shared_dependencies
from generator.pages.publishing import sitemap_file
from generator.render.page import render_page
from generator.render.parallel import Progress, render_pages
from generator.render.references import TemplateReferences
from generator.render.template_dirs import template_dirs
from generator.render.templates import make_environment
from generator.rendering import files_to_copy


@dataclass(frozen=True)
class Snapshot:
    """A complete build: what the preview serves. Replaced whole, never changed."""

    pages: dict[str, bytes]
    copies: dict[str, Path]
    site: Site
    version: int


@dataclass
class RebuildResult:
    snapshot: Snapshot
    rendered: list[str]  # output paths rendered again in this rebuild
    seconds: float
    assets_changed: bool = False  # an asset or static file: any page may look different


# A rebuild's pages (output path: bytes), the paths rendered again, and their records.
_Made = tuple[dict[str, bytes], list[str], dict[str, PageRecord]]


@dataclass
class IncrementalBuilder:
    """Keeps the last good build and re-renders only what a change affects."""

    root: Path
    settings: BuildSettings
    base_url: str | None = None
    _cache: ParseCache = field(init=False)  # made in __post_init__
    _env: jinja2.Environment | None = None
    _env_base_path: str = ""
    _kept: BuildCache | None = None  # .cache/, until the first build is kept there
    _compiled: jinja2.BytecodeCache | None = field(init=False)  # made in __post_init__
    _templates: TemplateReferences = field(init=False)  # likewise
    _template_deps: dict[str, frozenset[str]] = field(default_factory=dict)
    _records: dict[str, PageRecord] = field(default_factory=dict)
    _index: FileIndex = field(default_factory=lambda: FileIndex({}))  # of _records
    _last: Snapshot | None = None
    _memo: PageMemo = field(default_factory=PageMemo)
    # The output paths of the pages but the update pages (which the memo has): a few dozen.
    _other_paths: set[str] = field(default_factory=set)
    _stamps: dict[str, Stamp] = field(default_factory=dict)
    # Changes not yet rendered (kept across failed builds so none is lost): files that
    # changed in any way, and files whose body alone changed.
    _changed: set[Path] = field(default_factory=set)
    _body_only: set[Path] = field(default_factory=set)

    def __post_init__(self) -> None:
        # Files are named by absolute paths (the watcher's, and those it finds itself):
        # with `journey serve` run in the site's folder (root "."), the content read
        # was named otherwise, so no save found what it had read of a file before.
        self.root = self.root.absolute()
        # What the last `journey build` or preview read of the content, for the files
        # unchanged since: the first build then reads only the others. And the templates
        # compiled and what each template uses: compiling them all again took most of
        # the preview's first build of the sample site.
        self._kept = kept = BuildCache(self.root)
        self._cache = kept.content_for_preview()
        self._compiled = kept.compiled_templates()
        self._templates = kept.templates

    @property
    def last_good(self) -> Snapshot | None:
        return self._last

    def new_day(self, day: dt.date) -> None:
        """Build for ``day`` from the next rebuild on, which renders every page (those
        showing the date come out different; the others the same)."""
        self.settings = dataclasses.replace(self.settings, today=day)
        self._last = None

    def rebuild(self, changed: set[Path] | None = None, fork: bool = False,
                progress: Progress | None = None) -> RebuildResult:
        """Build again after ``changed`` files changed (None: render everything).

        ``fork``: pages may be rendered in forked processes, on every core, when there
        are many. Only safe while no other thread runs (the preview's first build).
        ``progress`` is told how many pages are rendered, as they are.

        Raises:
            ContentErrors: the content or templates have errors; the last good
                snapshot is kept.
        """
        started = time.perf_counter()
        full = changed is None or self._last is None
        caught_up = not self._changed and not self._body_only and not self._cache.reread
        candidates, made_or_deleted = self._find_changes(changed or set())
        reread = None
        # The fast path for the most common saves (updates or pages changed, or updates
        # made or deleted, and nothing else needs checking), safe only when no earlier
        # failed build left changes to catch up on.
        if not full and candidates and caught_up and self._changed <= made_or_deleted:
            assert self._last is not None
            reread = reread_in_place(self._last.site, candidates, self._cache)
        if reread is None:
            with collector.paused():
                site = load_site(self.root, self.settings, self.base_url, cache=self._cache)
        else:
            site, moved = reread
        for file, part in self._cache.take_reread().items():
            if part != SAME:
                (self._body_only if part == BODY else self._changed).add(Path(file))
        self._body_only -= self._changed
        changed_templates = self._template_changes(self._changed)
        env = self._environment(site, changed_templates)
        # Every page shows the header's and footer's links (to the updates only when there
        # are some, to the board only when there is one): when they change, every page
        # changes.
        full = (full or shared_dependencies(site).affected_by(self._changed, self._body_only)
                or (self._last is not None and site_links(site) != site_links(self._last.site)))
        made = None
        if reread is not None and not full:
            made = self._render_looked_up(env, site, moved)
        if made is None:
            made = self._render_affected(env, site, full, changed_templates, fork, progress)
            self._index = FileIndex(made[2])  # declarations may have changed
        pages, rendered, self._records = made
        if self._kept is not None:  # the first build: the next preview starts from it
            self._kept.save_for_preview(self._cache, pages if rendered else None)
            self._kept = None
        version = self._last.version + 1 if self._last else 1
        assets_changed = self._assets_changed()
        self._last = Snapshot(pages, self._copies(site, full or assets_changed), site, version)
        self._changed, self._body_only = set(), set()
        return RebuildResult(self._last, rendered, time.perf_counter() - started,
                             assets_changed)

    def pages_showing(self, files: Iterable[Path]) -> set[str]:
        """The output paths of the pages that show any of ``files`` whole."""
        return set().union(*(self._index.shows.get(file, ()) for file in files))

    def pages_made_with(self, templates: Iterable[str]) -> set[str]:
        """The output path of a page of each template that uses any of ``templates``
        (names in a templates folder, as base.html): what a template writes is on every
        page made with it, so one of each is enough to look at."""
        names = set(templates)
        first: dict[str, str] = {}
        for path, record in self._records.items():
            if not names.isdisjoint(record.templates):
                first.setdefault(record.page.template, path)
        return set(first.values())

    def _render_affected(self, env: jinja2.Environment, site: Site, full: bool,
                         changed_templates: set[str], fork: bool,
                         progress: Progress | None = None) -> _Made:
        """Declare every page, and render those the pending changes affect (all if
        ``full``); the others keep their bytes."""
        previous = self._last.pages if self._last else {}
        to_render: list[OutputPage] = []
        records: dict[str, PageRecord] = {}
        declared = list(declare_pages(site, self._memo))
        kind_of = {page.output_path: kind for kind, page in declared}
        for page in with_sitemap(site, [page for _, page in declared], self._memo):
            path = page.output_path
            old = self._records.get(path)
            if old is not None and old.page is page and not changed_templates:
                record = old  # the same declaration (the page memo reused it)
            else:
                record = self._record(env, page, kind_of.get(path))
            if (full or path not in previous or old is None
                    or (changed_templates and not changed_templates.isdisjoint(
                        record.templates | old.templates))
                    or (self._stale(record, old) and not self._shows_the_same(record, old))):
                to_render.append(page)
            records[path] = record
        if self._kept is not None:  # the first build: take the last preview's pages
            previous = self._kept.preview_pages(
                env, site, [record.page for record in records.values()], self._stamps)
            to_render = [page for page in to_render if page.output_path not in previous]
        made, errors = render_pages(env, site, to_render, workers=None if fork else 1,
                                    progress=progress)
        if errors:
            raise ContentErrors(errors)
        pages = {path: made[path] if path in made else previous[path] for path in records}
        rendered = list(made)
        self._other_paths = records.keys() - {page.output_path for page in self._memo.pages}
        return pages, rendered, records

    def _render_looked_up(self, env: jinja2.Environment, site: Site, moved: bool,
                          ) -> _Made | None:
        """The most common saves: updates or pages read again in place (see
        reread_in_place). The pages a change affects are looked up in an index of which
        pages show or list each file, not searched for among thousands, and only the page
        kinds declaring them run again; unless an update ``moved`` (its date, links or
        visibility changed, or it is new or deleted): then pages that did not list it may
        now (its new neighbours), so every kind of page is declared again (of the update
        pages only those the memo did not keep), those declared differently are affected
        too, and pages may join or leave the site (its own, a year's list). None: a save
        that moved nothing declared a page more or less after all; render the usual way."""
        assert self._last is not None
        records = self._records
        index = self._index
        affected = {path for file in self._changed | self._body_only
                    for path in index.shows.get(file, ())}
        # Front matter too: the pages listing those files.
        affected.update(path for file in self._changed for path in index.lists.get(file, ()))
        if not moved:  # the sitemaps show only addresses and dates, which such saves keep
            affected = {path for path in affected if records[path].kind is not None}
        kinds = {*PAGE_KINDS, None} if moved else {records[path].kind for path in affected}
        # Of the update pages, only those the memo declared anew: it keeps the others.
        memo = self._memo
        declared: list[tuple[PageKind | None, OutputPage]] = list(declare_pages(
            site, memo, [kind for kind in PAGE_KINDS if kind in kinds], every=False))
        kept = len(memo.pages) - len(memo.fresh) if update_pages in kinds else 0
        gone: set[str] = set()
        if moved:  # every kind was declared: the sitemaps, which list every page, too
            fresh_ids = set(map(id, memo.fresh))
            others = [page for _, page in declared if id(page) not in fresh_ids]
            sitemaps = list(sitemap_file(site, others, memo))
            declared += [(None, page) for page in sitemaps]
            other_paths = {page.output_path for page in (*others, *sitemaps)}
            gone = ((self._other_paths - other_paths)
                    | ({page.output_path for page in memo.dropped}
                       - {page.output_path for page in memo.fresh}))
            self._other_paths = other_paths
            affected -= gone
            affected.update(page.output_path for _, page in declared
                            if (before := records.get(page.output_path)) is None
                            or (before.page is not page and before.page != page))
        elif len(declared) + kept != sum(index.per_kind[kind] for kind in kinds):
            return None
        fresh = {page.output_path: (kind, page) for kind, page in declared
                 if page.output_path in affected}
        if fresh.keys() != affected:
            return None
        pages = dict(self._last.pages)
        records = dict(records)
        rendered: list[str] = []
        errors: list[ContentError] = []
        redeclared: list[tuple[str, PageRecord | None, PageRecord | None]] = []
        for path in sorted(affected):
            old = records.get(path)
            kind, page = fresh[path]
            if old is None:
                records[path] = record = self._record(env, page, kind)
            else:
                records[path] = record = dataclasses.replace(old, page=page)
            redeclared.append((path, old, record))
            if old is not None and self._shows_the_same(record, old):
                continue
            try:
                pages[path] = render_page(env, site, record.page).encode("utf-8")
            except ContentErrors as exc:
                errors.extend(exc.errors)
            rendered.append(path)
        if errors:
            raise ContentErrors(errors)
        for path in gone:
            redeclared.append((path, records.pop(path), None))
            del pages[path]
        for path, before, after in redeclared:
            self._index.redeclared(path, before, after)
        return pages, rendered, records

    def _copies(self, site: Site, listed_again: bool) -> dict[str, Path]:
        """Static files and assets: listed again only when one changed (the preview
        serves their bytes from disk when asked)."""
        if listed_again or self._last is None:
            return files_to_copy(site)
        return self._last.copies

    def _assets_changed(self) -> bool:
        """Whether a file under an assets or static folder changed."""
        return any("assets" in p.parts or "static" in p.parts for p in self._changed)

    def _stale(self, record: PageRecord, old: PageRecord) -> bool:
        """Whether the pending changes affect a page (declared now as in ``record``, before
        as in ``old``: a change of front matter can change what a page lists, such as its
        neighbours, so both declarations count; after text-only changes they are alike)."""
        return (record.dependencies.affected_by(self._changed, self._body_only)
                or (bool(self._changed) and old is not record
                    and old.dependencies.affected_by(self._changed, self._body_only)))

    def _shows_the_same(self, record: PageRecord, old: PageRecord) -> bool:
        """Whether a page the pending changes affect shows what it showed: it shows none
        of the changed files whole, only their front matter (through its declaration), and
        is declared as before. Such as the sitemap after a title changed (it shows dates)."""
        changed = self._changed | self._body_only
        return (not record.dependencies.shows_in_full(changed)
                and not old.dependencies.shows_in_full(changed)
                and record.page == old.page)

    def unbuilt(self) -> set[Path]:
        """The files changed on disk since the last build read them (for the preview's
        watcher, which reports only what is saved once it has begun)."""
        return {Path(p) for p in _differing(self._stamps_on_disk(), self._stamps)}

    def _stamps_on_disk(self) -> dict[str, Stamp]:
        return {path: stamp_of_stat(st) for path, st in walk_files(
            [(self.root / "content").absolute(), (self.root / "templates").absolute()],
            self.root)}

    def _find_changes(self, reported: set[Path]) -> tuple[set[str], set[Path]]:
        """Note what changed since the last build. Returns the updates and pages among
        them that may be read in place (see reread_in_place), and the update files among
        those that are new or deleted (changed whole: noted as changed already). Loading
        classifies the others (front matter changed, or text below it only)."""
        if self._last is None and not self._stamps:
            # The first build renders every page: which files changed is not needed, and
            # working it out for thousands of files took a quarter of a second.
            self._stamps = self._cache.stamps = self._stamps_on_disk()
            return set(), set()
        named = {str(p.absolute()) for p in reported}
        old = self._stamps
        if named and all(os.path.isfile(p) or (p in old and not os.path.exists(p))
                         for p in named):
            # The watcher named the files: look at those only (proportional to the change).
            stamps = dict(old)
            for file in named:
                now = stamp_of(file)
                if now is None:
                    stamps.pop(file, None)
                else:
                    stamps[file] = now
            found = {p for p in named if stamps.get(p) != old.get(p)}
        else:
            # Nothing named, or a folder: look at everything on disk.
            stamps = self._stamps_on_disk()
            found = _differing(stamps, old)
        self._stamps = stamps
        self._cache.invalidate(named - found)  # reported, though the stamps look the same
        self._cache.stamps = stamps
        # Updates and pages still on disk are read through the cache, which says after
        # loading whether their front matter or only their body changed. Not new ones: one
        # deleted and made again as it was would look unchanged, yet pages list it again.
        cached = {str((self.root / "content" / name).absolute()) for name in ("updates", "pages")}
        classified_later = {p for p in found if p in stamps and p in old
                            and p.lower().endswith(".md") and os.path.dirname(p) in cached}
        # New and deleted updates may be read in place too, as changed whole.
        updates = str((self.root / "content" / "updates").absolute())
        made_or_deleted = {p for p in found
                           if (p in stamps) != (p in old) and os.path.dirname(p) == updates}
        self._changed |= {Path(p) for p in (found | named) - classified_later}
        return classified_later | made_or_deleted, {Path(p) for p in made_or_deleted}

    def _template_changes(self, changed: set[Path]) -> set[str]:
        """Template names (as Jinja knows them) among the changed files."""
        names = set()
        for folder in template_dirs(self.root):
            folder = folder.absolute()
            for path in changed:
                if path.is_relative_to(folder):
                    names.add(path.relative_to(folder).as_posix())
        return names

    def _environment(self, site: Site, changed_templates: set[str]) -> jinja2.Environment:
        # A new environment whenever templates or the address change: Jinja caches templates.
        base_path = site.config.site.base_path
        if self._env is None or changed_templates or self._env_base_path != base_path:
            self._env = make_environment(self.root, base_path, compiled=self._compiled)
            self._env_base_path = base_path
            self._template_deps = {}
        return self._env

    def _record(self, env: jinja2.Environment, page: OutputPage, kind: PageKind | None,
                ) -> PageRecord:
        if page.template not in self._template_deps:
            try:
                deps = self._templates.used(env, page.template)
            except (jinja2.TemplateError, OSError):
                deps = frozenset({page.template})  # rendering will report the error
            self._template_deps[page.template] = deps
        return PageRecord(page, self._template_deps[page.template], kind)


def _differing(now: dict[str, Stamp], then: dict[str, Stamp]) -> set[str]:
    """The files made, deleted or changed between two looks at the disk."""
    return {path for path in now.keys() | then.keys() if now.get(path) != then.get(path)}
