"""Check a whole site, for `journey check` and a strict build.

Both check every page, but neither need work out again what has not changed: pages
the last build left in the output as they were are not rendered again (and are read
from there only if they must be scanned again), and what earlier checks found in pages
and texts that are still the same is taken from ``.cache/`` (see quality/memo.py). A
check that would read nothing changed since the last check (or strict build) takes what
that one found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build import count_pages
from generator.build_cache import BuildCache
from generator.content.folder import require_content
from generator.digests import key_of
from generator.errors import ContentError, ContentErrors, SourcePos
from generator.model.checks import CheckSettings
from generator.model.settings import BuildSettings
from generator.quality.findings import Finding

# The model, rendering and the checks are imported where they are used: a check that
# finds nothing changed needs none of them (importing them was half of its time).
if TYPE_CHECKING:
    from generator.model.site import Site
    from generator.quality.memo import CheckMemo
    from generator.rendering import Reuse


class BuiltPages(Mapping[str, bytes]):
    """Every file of a site: those rendered now, the pages taken from the last build, read
    from its output only when asked for, and those whose scan the checks already have
    (``reuse.skipped``: they are never asked for)."""

    def __init__(self, rendered: Mapping[str, bytes], reuse: Reuse):
        self._rendered = rendered
        self._kept = reuse.reused  # none of these three sets of pages overlap
        self._skipped = reuse.skipped
        self._out = reuse.out

    def __getitem__(self, path: str) -> bytes:
        if path in self._rendered:
            return self._rendered[path]
        if path in self._skipped:
            raise AssertionError(f"{path} was not rendered: its scan was kept")
        if path not in self._kept:
            raise KeyError(path)
        try:
            return (self._out / path).read_bytes()
        except OSError as exc:
            raise ContentErrors([ContentError(
                SourcePos(self._out / path),
                f"this page of the last build could not be read: {exc.strerror}",
                "run the command again (was another build running?).")]) from None

    def __contains__(self, path: object) -> bool:
        return path in self._rendered or path in self._kept or path in self._skipped

    def __iter__(self) -> Iterator[str]:
        yield from self._rendered
        yield from self._kept
        yield from self._skipped

    def __len__(self) -> int:
        return len(self._rendered) + len(self._kept) + len(self._skipped)


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding]  # see run_checks
    checks: CheckSettings  # the site's, which say how severe each finding is
    pages: int  # web pages checked


def check_site(root: Path, settings: BuildSettings, *, use_cache: bool = True,
               cqc_files: Iterable[Path] = (), external_timeout: float | None = None,
               published_timeout: float | None = None) -> CheckResult:
    """Render ``root`` in memory, taking what it can from the last build in ``site/``,
    and check it; writes only to ``.cache/``.

    Raises:
        ContentErrors: the content or templates could not be rendered.
    """
    root = root.absolute()  # as builds name files (see build.py)
    require_content(root)
    cache = BuildCache(root, use=use_cache)
    key = check_key(cache.scan(), settings, cqc_files=cqc_files,
                    external=external_timeout is not None or published_timeout is not None)
    return remembered(cache, key, lambda: _check_afresh(root, settings, cache, cqc_files,
                                                         external_timeout, published_timeout))


def check_key(inputs: bytes, settings: BuildSettings, *, cqc_files: Iterable[Path] = (),
              external: bool = False, base_url: str | None = None,
              pdf: bool = False) -> bytes | None:
    """A key of everything a check reads (``inputs``: BuildCache.scan's key of the content
    and templates; the build's settings and options), or None if it reads more: other
    websites (they may answer otherwise at any time) or a CQC file that cannot be read."""
    if external:
        return None
    try:
        cqc = [(str(path.absolute()), path.read_bytes()) for path in cqc_files]
    except OSError:
        return None
    return key_of(b"check", inputs, settings, cqc, base_url, pdf)


def remembered(cache: BuildCache, key: bytes | None,
               check: Callable[[], CheckResult]) -> CheckResult:
    """What the last check (or strict build) found, if it read what ``key`` says,
    else what ``check()`` finds, kept for the next."""
    last = cache.last_check(key) if key else None
    if isinstance(last, CheckResult):
        return last
    result = check()
    if key:
        cache.save_last_check(key, result)
    return result


def _check_afresh(root: Path, settings: BuildSettings, cache: BuildCache,
                  cqc_files: Iterable[Path], external_timeout: float | None,
                  published_timeout: float | None) -> CheckResult:
    from generator.render.precompile import compile_ahead
    templates_ready = compile_ahead(root, cache)  # while the rest is imported (see build)
    from generator.quality.built_pages import scan_key
    from generator.quality.memo import CheckMemo
    from generator.rendering import Reuse, render_site
    memo = CheckMemo(cache.check_results())
    # A page whose scan an earlier check kept is not rendered (only scans are checked):
    # with no build in site/ (an editor who previews, checks and lets Netlify build),
    # every check rendered every page.
    reuse = Reuse(cache, root / "site", cache.parse_cache(), unneeded=lambda path, key: (
        path.endswith(".html") and scan_key(key) in memo.earlier),
        templates_ready=templates_ready)
    try:
        site, files, copies = render_site(root, settings, reuse=reuse)
        result = check_rendered(site, BuiltPages(files, reuse), copies, reuse,
                                cqc_files=cqc_files, external_timeout=external_timeout,
                                published_timeout=published_timeout, memo=memo)
    finally:
        templates_ready()  # waited for already, unless the check failed before loading
        cache.settle()  # a child writing the content read, if any
        if not cache.read_as_scanned(reuse.parsed):  # a file was saved meanwhile
            cache.forget()
    cache.save_content(reuse.parsed)
    return result


def check_rendered(site: Site, files: BuiltPages, copies: dict[str, Path], reuse: Reuse, *,
                   cqc_files: Iterable[Path] = (), external_timeout: float | None = None,
                   published_timeout: float | None = None,
                   memo: CheckMemo | None = None) -> CheckResult:
    """Every finding in a site rendered (``reuse``: as render_site left it, with every
    page and its key), with what earlier checks worked out (``memo``, if already read
    from the cache); keeps what this one did for the next."""
    from generator.quality.memo import CheckMemo
    from generator.quality.run import run_checks
    memo = memo if memo is not None else CheckMemo(reuse.cache.check_results())
    findings = run_checks(site, reuse.pages, files, copies, cqc_files=cqc_files,
                          external_timeout=external_timeout,
                          published_timeout=published_timeout, memo=memo, page_keys=reuse.keys)
    if memo.changed:
        reuse.cache.save_check_results(memo.now)
    return CheckResult(findings, site.config.checks, count_pages(files))
