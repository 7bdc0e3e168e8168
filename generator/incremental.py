"""Rebuild only the pages a change can affect, and prove it matches a full build.

Used by the preview server. Which pages a change affects is read off the page
declarations (content files) and the templates themselves (extends, includes,
imports): nothing is tracked by hand.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.build import files_to_copy
from generator.content.cache import ParseCache
from generator.content.loader import load_site
from generator.errors import ContentError, ContentErrors
from generator.model.site import BuildSettings, Site
from generator.pages import OutputPage, collect_pages
from generator.pages.dependencies import content_dependencies, template_dependencies
from generator.render.page import render_page
from generator.render.templates import make_environment, template_dirs


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


def _scan(folders: list[Path]) -> dict[Path, tuple[int, int]]:
    """(modification time, size) of every file under ``folders``."""
    stamps: dict[Path, tuple[int, int]] = {}
    pending = [f.absolute() for f in folders]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                try:
                    st = entry.stat()
                except OSError:
                    continue
                stamps[Path(entry.path)] = (st.st_mtime_ns, st.st_size)
    return stamps


@dataclass
class _PageRecord:
    content: frozenset[Path]
    templates: frozenset[str]


@dataclass
class IncrementalBuilder:
    """Keeps the last good build and re-renders only what a change affects."""

    root: Path
    settings: BuildSettings
    base_url: str | None = None
    _cache: ParseCache = field(default_factory=ParseCache)
    _env: jinja2.Environment | None = None
    _template_deps: dict[str, frozenset[str]] = field(default_factory=dict)
    _records: dict[str, _PageRecord] = field(default_factory=dict)
    _last: Snapshot | None = None
    # Changes seen by builds that failed: they still have to reach the pages.
    _pending: set[Path] = field(default_factory=set)
    _stamps: dict[Path, tuple[int, int]] = field(default_factory=dict)

    @property
    def last_good(self) -> Snapshot | None:
        return self._last

    def rebuild(self, changed: set[Path] | None = None) -> RebuildResult:
        """Build again after ``changed`` files changed (None: everything may have).

        Raises:
            ContentErrors: the content or templates have errors; the last good
                snapshot is kept.
        """
        started = time.perf_counter()
        full = changed is None or self._last is None
        # Trust the disk, not only the watcher: events can be missed or merged.
        stamps = _scan([self.root / "content", self.root / "templates"])
        found = {p for p in stamps.keys() | self._stamps.keys()
                 if stamps.get(p) != self._stamps.get(p)}
        self._stamps = stamps
        changed = {p.absolute() for p in changed or ()} | found
        self._cache.forget(changed)
        self._pending |= changed
        site = load_site(self.root, self.settings, self.base_url, cache=self._cache)
        self._pending |= self._cache.take_reread()
        changed_content = self._pending
        changed_templates = self._template_changes(self._pending)
        env = self._environment(site, changed_templates)
        previous = self._last.pages if self._last else {}
        pages: dict[str, bytes] = {}
        rendered: list[str] = []
        records: dict[str, _PageRecord] = {}
        errors: list[ContentError] = []
        for page in collect_pages(site):
            path = page.output_path
            record = self._record(site, env, page)
            old = self._records.get(path)
            stale = (full or path not in previous or old is None
                     or not changed_content.isdisjoint(record.content | old.content)
                     or not changed_templates.isdisjoint(record.templates | old.templates))
            if stale:
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
        self._last = Snapshot(pages, files_to_copy(site), site, version)
        self._records = records
        self._pending = set()
        return RebuildResult(self._last, rendered, time.perf_counter() - started)

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
        if (self._env is None or changed_templates
                or self._env.globals.get("base_path") != base_path):
            self._env = make_environment(self.root, base_path)
            self._env.globals["base_path"] = base_path
            self._template_deps = {}
        return self._env

    def _record(self, site: Site, env: jinja2.Environment, page: OutputPage) -> _PageRecord:
        if page.template not in self._template_deps:
            try:
                deps = template_dependencies(env, page.template)
            except jinja2.TemplateError:
                deps = frozenset({page.template})  # rendering will report the error
            self._template_deps[page.template] = deps
        return _PageRecord(content_dependencies(site, page), self._template_deps[page.template])
