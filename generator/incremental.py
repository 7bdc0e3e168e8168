"""Rebuild only the pages a change can affect, and prove it matches a full build.

Used by the preview server. Which pages a change affects is read off the page
declarations (content files) and the templates themselves (extends, includes,
imports): nothing is tracked by hand. When the file watcher names the changed
files only those are looked at; otherwise every file's stamp is compared.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import collector
from generator.content.cache import (
    BODY,
    ParseCache,
    Stamp,
    stamp_of,
    stamp_of_stat,
    walk_files,
)
from generator.content.loader import load_site, reread_bodies
from generator.errors import ContentError, ContentErrors
from generator.model.site import BuildSettings, Site
from generator.pages import OutputPage, PageMemo, collect_pages
from generator.pages.dependencies import (
    page_dependencies,
    shared_dependencies,
    template_dependencies,
)
from generator.render.page import render_page
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


@dataclass
class _Record:
    page: OutputPage
    templates: frozenset[str]


@dataclass
class IncrementalBuilder:
    """Keeps the last good build and re-renders only what a change affects."""

    root: Path
    settings: BuildSettings
    base_url: str | None = None
    _cache: ParseCache = field(default_factory=ParseCache)
    _env: jinja2.Environment | None = None
    _env_base_path: str = ""
    _template_deps: dict[str, frozenset[str]] = field(default_factory=dict)
    _records: dict[str, _Record] = field(default_factory=dict)
    _last: Snapshot | None = None
    _memo: PageMemo = field(default_factory=PageMemo)
    _stamps: dict[str, Stamp] = field(default_factory=dict)
    # Changes not yet rendered (kept across failed builds so none is lost): files that
    # changed in any way, and files whose body alone changed.
    _changed: set[Path] = field(default_factory=set)
    _body_only: set[Path] = field(default_factory=set)

    @property
    def last_good(self) -> Snapshot | None:
        return self._last

    def rebuild(self, changed: set[Path] | None = None) -> RebuildResult:
        """Build again after ``changed`` files changed (None: render everything).

        Raises:
            ContentErrors: the content or templates have errors; the last good
                snapshot is kept.
        """
        started = time.perf_counter()
        full = changed is None or self._last is None
        candidates = self._find_changes(changed or set())
        site = None
        # The fast path for the most common save (only the text of updates or pages
        # changed), safe only when no earlier failed build left changes to catch up on.
        if (not full and candidates and not self._changed and not self._body_only
                and not self._cache.reread):
            assert self._last is not None
            site = reread_bodies(self._last.site, candidates, self._cache)
        if site is None:
            with collector.paused():
                site = load_site(self.root, self.settings, self.base_url, cache=self._cache)
        for file, part in self._cache.take_reread().items():
            (self._body_only if part == BODY else self._changed).add(Path(file))
        self._body_only -= self._changed
        changed_templates = self._template_changes(self._changed)
        env = self._environment(site, changed_templates)
        shared = shared_dependencies(site)
        full = full or shared.affected_by(self._changed, self._body_only)
        previous = self._last.pages if self._last else {}
        pages: dict[str, bytes] = {}
        rendered: list[str] = []
        records: dict[str, _Record] = {}
        errors: list[ContentError] = []
        for page in collect_pages(site, self._memo):
            path = page.output_path
            record = self._record(env, page)
            old = self._records.get(path)
            if (full or path not in previous or old is None
                    or self._stale(page, old.page)
                    or (changed_templates and not changed_templates.isdisjoint(
                        record.templates | old.templates))):
                try:
                    pages[path] = render_page(env, site, page).encode("utf-8")
                except ContentErrors as exc:
                    errors.extend(exc.errors)
                    continue
                rendered.append(path)
            else:
                pages[path] = previous[path]
            records[path] = record
        if errors:
            raise ContentErrors(errors)
        version = self._last.version + 1 if self._last else 1
        self._last = Snapshot(pages, self._copies(site, full), site, version)
        self._records = records
        self._changed, self._body_only = set(), set()
        return RebuildResult(self._last, rendered, time.perf_counter() - started)

    def _copies(self, site: Site, full: bool) -> dict[str, Path]:
        """Static files and assets: listed again only when something under an assets or
        static folder changed (the preview serves their bytes from disk when asked)."""
        if full or self._last is None or any(
                "assets" in p.parts or "static" in p.parts for p in self._changed):
            return files_to_copy(site)
        return self._last.copies

    def _stale(self, page: OutputPage, old: OutputPage) -> bool:
        """Whether the pending changes affect ``page`` (declared now as ``page``, before as
        ``old``: a change of front matter can change what a page lists, such as its
        neighbours, so both declarations count)."""
        if self._changed:
            return (page_dependencies(page).affected_by(self._changed, self._body_only)
                    or page_dependencies(old).affected_by(self._changed, self._body_only))
        # Only text below front matter changed: declarations are as before, and only
        # pages showing those files in full are affected. The most common save.
        return bool(self._body_only) and not self._body_only.isdisjoint(page.sources)

    def _find_changes(self, reported: set[Path]) -> set[str]:
        """Note what changed since the last build. Returns the updates and pages among
        them, which loading classifies (front matter, or text below it only)."""
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
            stamps = {path: stamp_of_stat(st) for path, st in walk_files(
                [(self.root / "content").absolute(), (self.root / "templates").absolute()],
                self.root)}
            found = {p for p in stamps.keys() | old.keys() if stamps.get(p) != old.get(p)}
        self._stamps = stamps
        self._cache.invalidate(named - found)  # reported, though the stamps look the same
        self._cache.stamps = stamps
        # Updates and pages still on disk are read through the cache, which says after
        # loading whether their front matter or only their body changed.
        cached = {str((self.root / "content" / name).absolute()) for name in ("updates", "pages")}
        classified_later = {p for p in found if p in stamps and p.lower().endswith(".md")
                            and os.path.dirname(p) in cached}
        self._changed |= {Path(p) for p in (found | named) - classified_later}
        return classified_later

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
            self._env = make_environment(self.root, base_path)
            self._env_base_path = base_path
            self._template_deps = {}
        return self._env

    def _record(self, env: jinja2.Environment, page: OutputPage) -> _Record:
        if page.template not in self._template_deps:
            try:
                deps = template_dependencies(env, page.template)
            except jinja2.TemplateError:
                deps = frozenset({page.template})  # rendering will report the error
            self._template_deps[page.template] = deps
        return _Record(page, self._template_deps[page.template])
