"""The ``.cache/`` folder: what the last build read and wrote, so the next one skips it.

It keeps a digest of every content file and template, the content files already read
into the model, and for every page of the site a key made of everything the page is
made from (see pages/dependencies.py) with the page's file in the output. A page
whose key is unchanged, and whose file in the output is as the last build left it,
is taken from there instead of being rendered again. When nothing at all changed,
nothing is loaded, rendered or written.

It also keeps, in files of their own, what the last checks worked out (quality/memo.py),
what the last check found, with a key of everything it read (checking.py), the pages
the last preview started with, each under its key (incremental.py), and the PDF
booklets last printed (booklet.py).

The folder is safe to delete at any time (the next build is a clean one), is never
published, and is ignored whenever it was written by another version of journey or
its libraries, or cannot be read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from generator import collector, forked
from generator.content.cache import ParseCache, Stamp, stamp_of, stamp_of_stat, walk_files
from generator.digests import (
    code_fingerprint,
    digest_file,
    key_of,
    stamp_of_path,
    stamps_under,
)
from generator.errors import ContentError
from generator.model.settings import BuildSettings
from generator.render.references import References, TemplateReferences
from generator.render.template_dirs import STATIC_DIR, template_dirs

# Jinja and the page model are imported where pages are keyed: a build that finds
# nothing changed needs neither (importing them was half of its time).
if TYPE_CHECKING:
    import jinja2

    from generator.model.site import Site
    from generator.pages import OutputPage

CACHE_FOLDER = ".cache"
CACHE_FILE = "journey-build.pickle"
CHECKS_FILE = "checks.pickle"
LAST_CHECK_FILE = "last-check.pickle"
PREVIEW_FILE = "preview-pages.pickle"
BOOKLETS_FILE = "booklets.pickle"
_SHARDS = 16  # files the content already read is kept in
_AHEAD_FROM = 1000  # entries to write before a child writing them is worth its start
# A file changed this recently may change again within its timestamp's resolution
# without its stamp changing (as git's index knows): its digest is not trusted later.
_RACY_SECONDS = 2.0


class FileDigest(NamedTuple):
    stamp: Stamp | None  # None: read again next time
    full: bytes
    front: bytes  # a Markdown file's front matter; the whole file for others


class _TemplateKey(NamedTuple):
    key: bytes  # of the template's source and of every template it uses
    dated: bool  # whether any of them may show the build date


@dataclass
class Written:
    """What the last successful build wrote, to be trusted only while it is still there."""

    out: str
    key: bytes  # of the whole build: every input file and setting
    pages: dict[str, bytes]  # output path -> the page's key
    stamps: dict[str, Stamp]  # every file of the output, as the build left it
    page_count: int
    file_count: int
    warnings: tuple[ContentError, ...]
    checked: bool = False  # by a strict build, which found nothing that stops one
    notes: tuple[str, ...] = ()  # what its checks noted, counted (report.notes_summary)


@dataclass
class _State:
    fingerprint: bytes
    files: dict[str, FileDigest] = field(default_factory=dict)
    written: Written | None = None
    # Templates each template names, by the digest of its source (None: a name only
    # known when rendering). Parsing templates to find out is slow.
    references: References = field(default_factory=dict)


@dataclass
class _Parsed:
    """A share of the content already read (ParseCache entries), in a file of its own:
    only a build that loads the content reads them, and only shares that changed are
    written again."""

    fingerprint: bytes
    entries: dict[Any, Any]


@dataclass
class _Checked:
    """What the last check worked out, in a file of its own: only checks read it."""

    fingerprint: bytes
    results: dict[bytes, Any]


class BuildCache:
    """One build's view of ``.cache/``: open it, ask it, and save it after success."""

    def __init__(self, root: Path, use: bool = True):
        self.path = root / CACHE_FOLDER / CACHE_FILE
        self.root = root
        self._fingerprint = fingerprint = code_fingerprint()
        self._use = use
        state = _read(self.path, fingerprint) if use else None
        self._state = state if isinstance(state, _State) else _State(fingerprint)
        self._parsed: list[dict[Any, Any]] | None = None  # the shares, once read
        self.inputs: dict[str, FileDigest] = {}
        self._scanned: dict[str, Stamp] = {}  # every file's stamp when scanned
        self._forgotten = False  # see forget()
        self._template_keys: dict[str, _TemplateKey] = {}
        self._inputs_key = b""  # of the files as scanned
        # The key of the preview's first build and of each of its pages, once worked out.
        self._preview_keys: tuple[bytes, dict[str, bytes]] | None = None
        self.templates = TemplateReferences(self._state.references)
        self._content_written: forked.Child[bool] | None = None  # writing the content

    # Inputs ------------------------------------------------------------------

    def scan(self) -> bytes:
        """Digest every content file and template (reading only those whose stamp
        changed); returns a key for all of them together."""
        known = self._state.files
        folders = [self.root / "content", *template_dirs(self.root)]
        now = time.time()
        digests: dict[str, FileDigest] = {}
        for path, stat in walk_files(folders, self.root):
            self._scanned[path] = stamp = stamp_of_stat(stat)
            old = known.get(path)
            if old is not None and old.stamp == stamp:
                digests[path] = old
                continue
            digest = digest_file(path)
            if digest is None:
                continue
            trusted = now - stat.st_mtime_ns / 1e9 > _RACY_SECONDS
            digests[path] = FileDigest(stamp if trusted else None, *digest)
        self.inputs = digests
        whole = hashlib.blake2b(digest_size=20)
        for path in sorted(digests):
            whole.update(path.encode("utf-8", "surrogateescape") + b"\0" + digests[path].full)
        return whole.digest()

    def digest_of(self, path: str) -> bytes | None:
        """A content file's digest (blake2b, 20 bytes) as :meth:`scan` found it, if it did."""
        found = self.inputs.get(path)
        return found.full if found is not None else None

    def read_as_scanned(self, parsed: ParseCache) -> bool:
        """Whether every file read since :meth:`scan` is still as the scan found it.

        What is read is kept under the scan's digests: a file saved in between may have
        been read either way, and if that save were undone, the next build would find
        nothing changed and keep the text in between. The updates and pages (most of the
        files) are read only through ``parsed``, which names those it read; every other
        file is looked at.
        """
        bulk = tuple(str(self.root / "content" / folder) + os.sep
                     for folder in ("updates", "pages"))
        read = parsed.reread.keys() | {p for p in self._scanned if not p.startswith(bulk)}
        return all(stamp_of(path) == self._scanned.get(path) for path in read)

    def forget(self) -> None:
        """Delete what is kept and keep nothing more from this build or check: the next
        is a clean one."""
        self._forgotten = True
        with contextlib.suppress(OSError):
            for kept in self.path.parent.glob("*.pickle"):
                kept.unlink()

    def build_key(self, inputs_key: bytes, settings: BuildSettings, out: Path,
                  base_url: str | None, pdf: bool) -> bytes:
        return key_of(b"build", inputs_key, settings, str(out.absolute()), base_url, pdf)

    def parse_cache(self) -> ParseCache:
        """Content already read, reused for files whose digest is unchanged."""
        self._parsed = []
        cache = ParseCache()
        for shard in range(_SHARDS):
            found = _read(self._shard_path(shard), self._fingerprint) if self._use else None
            self._parsed.append(found.entries if isinstance(found, _Parsed) else {})
        entries = {k: v for shard in self._parsed for k, v in shard.items() if k != _GROUPS}
        groups = {k: v for shard in self._parsed for k, v in shard.get(_GROUPS, {}).items()}
        cache.restore(entries, groups)
        cache.stamps = {path: digest.full for path, digest in self.inputs.items()}
        return cache

    def content_for_preview(self) -> ParseCache:
        """The content the last build or preview read, of files unchanged since, as the
        preview's cache keeps it: its first build need read only what changed."""
        self._inputs_key = self.scan()
        parsed = self.parse_cache()
        return parsed.restamped({path: (digest.full, digest.stamp)
                                 for path, digest in self.inputs.items()
                                 if digest.stamp is not None})

    def preview_pages(self, env: jinja2.Environment, site: Site, pages: list[OutputPage],
                      stamps: dict[str, Stamp]) -> dict[str, bytes]:
        """Of the preview's ``pages``, those the last preview made under the same key (see
        :meth:`page_keys`): output path -> bytes. Every one, without keying each, if it
        was made from the very same files and settings. The keys are kept for
        :meth:`save_for_preview`. ``stamps``: the content files and the site's templates
        as the preview found them; if any was saved since the scan, whose digests make
        the keys, none is taken (the preview's watcher compares with those stamps, so it
        would never report that save)."""
        own = tuple(str(self.root / folder) + os.sep for folder in ("content", "templates"))
        if {path: stamp for path, stamp in self._scanned.items()
                if path.startswith(own)} != stamps:
            return {}
        whole = key_of(b"preview", self._inputs_key, site.settings, site.config.site.base_url)
        kept = self._read_after(PREVIEW_FILE, self._fingerprint)
        last_whole, made = kept if isinstance(kept, tuple) and len(kept) == 2 else (None, {})
        if last_whole == whole and all(page.output_path in made for page in pages):
            return {path: page for path, (_, page) in made.items()}
        # "preview": its pages have no fingerprinted names and no booklet.
        keys = self.page_keys(env, site, pages, "preview")
        self._preview_keys = whole, keys
        return {path: page for path, (key, page) in made.items() if keys.get(path) == key}

    def save_for_preview(self, parsed: ParseCache, pages: dict[str, bytes] | None) -> None:
        """Keep what the preview's first build read (``parsed``, its cache), as a build
        keeps what it reads: most editors preview and never build, and each preview
        started again read every file. Only the files still as :meth:`content_for_preview`
        scanned them, under its digests; the record of the last build's output is kept.
        And the ``pages`` it made (output path -> bytes; None: the ones kept are still
        right), under their keys from :meth:`preview_pages`, if no file changed since the
        scan those keys were made from."""
        versions = {path: (digest.stamp, digest.full) for path, digest in self.inputs.items()
                    if digest.stamp is not None and stamp_of(path) == digest.stamp}
        self.save(parsed.rekeyed(versions), self._state.written)
        folders = [self.root / "content", *template_dirs(self.root)]
        if self._preview_keys is not None and pages is not None and self._scanned == {
                path: stamp_of_stat(stat) for path, stat in walk_files(folders, self.root)}:
            whole, keys = self._preview_keys
            self._keep(self.path.parent / PREVIEW_FILE, self._fingerprint,
                       (whole, {path: (keys[path], page) for path, page in pages.items()}))

    def _shard_path(self, shard: int) -> Path:
        return self.path.parent / f"content-{shard:02d}.pickle"

    # The whole build ---------------------------------------------------------

    def unchanged_build(self, key: bytes, out: Path) -> Written | None:
        """The last build, if it had this key and its output is exactly as it left it."""
        written = self._state.written
        if written is None or written.key != key or written.out != str(out.absolute()):
            return None
        return written if stamps_under(out) == written.stamps else None

    # Pages -------------------------------------------------------------------

    def page_keys(self, env: jinja2.Environment, site: Site, pages: list[OutputPage],
                  extra: object) -> dict[str, bytes]:
        """A key for each page: everything its bytes are made from. ``extra``: anything
        else every page shows (the static files' fingerprints, the booklet)."""
        from generator.pages import site_links
        from generator.pages.dependencies import shared_dependencies
        shared = shared_dependencies(site)
        # The build date only in the keys of pages that show it: a build the next day
        # renders the journey's pages again, not thousands of updates.
        today = site.settings.today.isoformat().encode()
        common = key_of(b"pages", dataclasses.replace(site.settings, today=dt.date.min),
                      site.config.site.base_url, extra, site_links(site),
                      [self._digest(p).full for p in shared.full],
                      [self._digest(p).front for p in shared.listed])
        keys = {}
        for page in pages:
            key = hashlib.blake2b(common, digest_size=20)
            template = self._template_key(env, page.template)
            key.update(template.key)
            if page.dated or template.dated:
                key.update(b"\3" + today)
            key.update(repr((page.url, page.template, page.title, page.section,
                             page.description, page.breadcrumbs, page.draft, page.embargo,
                             page.draft_due)).encode(
                "utf-8", "surrogateescape"))
            for path in page.sources:
                key.update(b"\1" + str(path).encode("utf-8", "surrogateescape") + b"\0")
                key.update(self._digest(path).full)
            for path in page.listed:
                key.update(b"\2" + str(path).encode("utf-8", "surrogateescape") + b"\0")
                key.update(self._digest(path).front)
            keys[page.output_path] = key.digest()
        return keys

    def reusable(self, keys: dict[str, bytes], out: Path) -> frozenset[str]:
        """The pages whose key is unchanged and whose file in ``out`` is as the last build
        left it: they can be kept as they are."""
        written = self._state.written
        if written is None or written.out != str(out.absolute()):
            return frozenset()
        kept = []
        folder = str(out)  # joined as text: a Path for each of thousands of pages was slow
        for path, key in keys.items():
            recorded = written.stamps.get(path)
            if recorded is None or written.pages.get(path) != key:
                continue
            with contextlib.suppress(OSError):
                if stamp_of_path(os.path.join(folder, path)) == recorded:
                    kept.append(path)
        return frozenset(kept)

    def compiled_templates(self) -> jinja2.BytecodeCache | None:
        """Jinja's own cache of compiled templates (keyed by their source and Jinja's
        version), in .cache/templates/: compiling takes longer than rendering a page."""
        from generator.render.templates import QuietBytecodeCache
        folder = self.path.parent / "templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return QuietBytecodeCache(str(folder))

    def templates_changed(self) -> bool:
        """Whether a template is new or changed since the last build: then compiling
        them all ahead (render/precompile.py) is worth it."""
        folders = tuple(str(folder) + os.sep for folder in template_dirs(self.root))
        static = tuple(folder + STATIC_DIR + os.sep for folder in folders)
        known = self._state.references
        return any(path.startswith(folders) and not path.startswith(static)
                   and digest.full not in known for path, digest in self.inputs.items())

    def prepare_templates(self, env: jinja2.Environment) -> References:
        """Compile every template into ``env``'s bytecode cache, and find the templates
        each uses (for :meth:`page_keys`); returns what was found, for
        :meth:`add_references`. Templates that fail are left for rendering to report."""
        import jinja2
        for name in env.list_templates(
                filter_func=lambda name: not name.startswith(STATIC_DIR + "/")):
            with contextlib.suppress(jinja2.TemplateError, OSError, UnicodeError):
                self.templates.sources(env, name)  # parses: env keeps the tree to compile
                env.get_template(name)
        return self.templates.found

    def add_references(self, references: References) -> None:
        self.templates.found.update(references)

    # Saving ------------------------------------------------------------------

    def save_content_ahead(self, parsed: ParseCache) -> None:
        """Start writing the content read (the shares of it that changed) in a forked
        child, when there is much of it: the build lists and keys its pages meanwhile on
        one core (0.09 s of a clean build at 4,000 updates). :meth:`save` waits for it."""
        changed = self._changed_shards(parsed)
        if sum(len(content) for _, content in changed) < _AHEAD_FROM:
            return
        folder = self.path.parent

        def write() -> bool:
            folder.mkdir(exist_ok=True)
            self._write_shards(changed)
            return True

        self._content_written = forked.Child(write)

    def save(self, parsed: ParseCache, written: Written | None) -> None:
        """Write the cache (each file atomically). A cache that cannot be written is no
        error: the next build is then a clean one."""
        state = _State(self._fingerprint, self.inputs, written, self.templates.found)
        with contextlib.suppress(OSError):
            for leftover in self.path.parent.glob(".writing-*"):  # of builds that were killed
                leftover.unlink()
        self.save_content(parsed)
        if state != self._state:  # as read (a preview started again with nothing changed)
            self._state = state
            self._keep(self.path, state)

    def save_content(self, parsed: ParseCache) -> None:
        """Write the content read (the shares of it that changed), unless a child started
        by :meth:`save_content_ahead` did."""
        content_written = self.settle()
        self._make_folder()
        if not content_written:
            self._write_shards(self._changed_shards(parsed))

    def check_results(self) -> dict[bytes, Any]:
        """What the last check worked out (see quality/memo.py)."""
        found = _read(self._checks_path, self._fingerprint) if self._use else None
        return found.results if isinstance(found, _Checked) else {}

    def save_check_results(self, results: dict[bytes, Any]) -> None:
        self._make_folder()
        self._keep(self._checks_path, _Checked(self._fingerprint, results))

    @property
    def _checks_path(self) -> Path:
        return self.path.parent / CHECKS_FILE

    def last_check(self, key: bytes) -> Any | None:
        """What the last check found, if it had this key."""
        return self._read_after(LAST_CHECK_FILE, (self._fingerprint, key))

    def printed_booklets(self) -> dict[bytes, Any]:
        """The booklets the last ``--pdf`` build printed, by key (see booklet.py)."""
        return self._read_after(BOOKLETS_FILE, self._fingerprint) or {}

    def save_booklets(self, printed: dict[bytes, Any]) -> None:
        self._make_folder()
        self._keep(self.path.parent / BOOKLETS_FILE, self._fingerprint, printed)

    def _read_after(self, name: str, header: object) -> Any | None:
        """What was kept in ``name`` after ``header``, if that is the header there. The
        header is read first: when it differs, nothing more is."""
        if not self._use:
            return None
        try:
            with open(self.path.parent / name, "rb") as file, collector.paused():
                return pickle.load(file) if pickle.load(file) == header else None
        except Exception:  # missing, cut short, or from another version: do without
            return None

    def save_last_check(self, key: bytes, result: Any) -> None:
        self._make_folder()
        self._keep(self.path.parent / LAST_CHECK_FILE, (self._fingerprint, key), result)

    def _keep(self, path: Path, *states: object) -> None:
        if not self._forgotten:  # see forget()
            _write(path, *states)

    def _make_folder(self) -> None:
        folder = self.path.parent
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
            _write_readme(folder)

    def settle(self) -> bool:
        """Wait for the child :meth:`save_content_ahead` started, if any (a build that
        fails calls this too); whether it wrote the content."""
        return self._content_written is not None and self._content_written.result() is True

    def _changed_shards(self, parsed: ParseCache) -> list[tuple[int, dict[Any, Any]]]:
        entries, groups = parsed.persistent()
        shards: list[dict[Any, Any]] = [{} for _ in range(_SHARDS)]
        for key, entry in entries.items():
            shards[_shard_of(key[0])][key] = entry
        shards[0][_GROUPS] = groups
        return [(shard, content) for shard, content in enumerate(shards)
                if self._parsed is None or _changed(self._parsed[shard], content)]

    def _write_shards(self, changed: list[tuple[int, dict[Any, Any]]]) -> None:
        for shard, content in changed:
            self._keep(self._shard_path(shard), _Parsed(self._fingerprint, content))

    def record(self, key: bytes, out: Path, page_keys: dict[str, bytes], page_count: int,
               file_count: int, warnings: Iterable[ContentError], checked: bool,
               notes: tuple[str, ...] = ()) -> Written:
        """What this build wrote into ``out``, read back now that it is there."""
        return Written(str(out.absolute()), key, page_keys, stamps_under(out), page_count,
                       file_count, tuple(warnings), checked, notes)

    # -------------------------------------------------------------------------

    def _digest(self, path: Path) -> FileDigest:
        found = self.inputs.get(str(path))
        if found is not None:
            return found
        digest = digest_file(str(path))  # outside the scanned folders, or gone
        return FileDigest(None, *(digest or (b"missing", b"missing")))

    def _template_key(self, env: jinja2.Environment, name: str) -> _TemplateKey:
        """The template and all it extends, includes and imports; all templates when
        one of them names another only when rendering."""
        if name not in self._template_keys:
            import jinja2
            try:
                sources = self.templates.sources(env, name)
            except (jinja2.TemplateError, OSError):
                sources = None  # rendering will report it
            if sources is None:
                folders = tuple(str(folder) + os.sep for folder in template_dirs(self.root))
                self._template_keys[name] = _TemplateKey(key_of(b"templates", "".join(
                    f"{p}\0{d.full.hex()}" for p, d in sorted(self.inputs.items())
                    if p.startswith(folders))), dated=True)
            else:
                # Templates reach the build date only through site.settings.
                self._template_keys[name] = _TemplateKey(
                    key_of(b"template", sorted(sources.items())),
                    dated=any("settings" in source for source in sources.values()))
        return self._template_keys[name]


def _read(path: Path, fingerprint: bytes) -> _State | _Parsed | _Checked | None:
    try:
        with open(path, "rb") as file, collector.paused():
            state = pickle.load(file)
    except Exception:  # missing, cut short, or from another version: build without it
        return None
    if not isinstance(state, _State | _Parsed | _Checked) or state.fingerprint != fingerprint:
        return None
    return state


def _write(path: Path, *states: object) -> None:
    """Pickle ``states`` one after another into ``path`` (whole or not at all)."""
    with (contextlib.suppress(OSError, pickle.PicklingError, RecursionError),
          tempfile.NamedTemporaryFile(dir=path.parent, delete=False, prefix=".writing-") as temp):
        try:
            for state in states:
                pickle.dump(state, temp, protocol=pickle.HIGHEST_PROTOCOL)
            temp.close()
            os.replace(temp.name, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp.name)


_GROUPS = "groups"  # the key, in the first share, of results read from several files


def _shard_of(path: str) -> int:
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=1).digest()[0] \
        % _SHARDS


def _changed(old: dict[Any, Any], new: dict[Any, Any]) -> bool:
    """Whether a share differs from what was read: other keys or other versions (the
    values follow from the versions, except groups, compared by their stamps)."""
    if old.keys() != new.keys():
        return True
    for key, entry in new.items():
        if key == _GROUPS:
            if {how: g[0] for how, g in old[key].items()} != {how: g[0] for how, g in
                                                              entry.items()}:
                return True
        elif old[key][0] != entry[0]:
            return True
    return False


def _write_readme(folder: Path) -> None:
    readme = folder / "README.txt"
    if not readme.exists():
        readme.write_text("journey keeps what it needs to build faster here. You can delete "
                          "this folder at any time;\nthe next build will then take longer. "
                          "Never publish or commit it.\n", encoding="utf-8")
