"""Check a whole site, for `journey check` and a strict build.

Both check every page, but neither need work out again what has not changed: pages
the last build left in the output as they were are not rendered again (and are read
from there only if they must be scanned again), and what earlier checks found in pages
and texts that are still the same is taken from ``.cache/`` (see quality/memo.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from generator.build_cache import BuildCache
from generator.errors import ContentError, ContentErrors, SourcePos
from generator.model.settings import BuildSettings
from generator.model.site import Site
from generator.quality import Finding, run_checks
from generator.quality.built_pages import scan_key
from generator.quality.memo import CheckMemo
from generator.rendering import Reuse, render_site


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


def check_site(root: Path, settings: BuildSettings, *, use_cache: bool = True,
               cqc_files: Iterable[Path] = (), external_timeout: float | None = None,
               ) -> tuple[Site, BuiltPages, list[Finding]]:
    """Render ``root`` in memory, taking what it can from the last build in ``site/``,
    and check it. Returns the model, every page and file made (output path -> bytes)
    and the findings (see :func:`run_checks`); writes only to ``.cache/``.

    Raises:
        ContentErrors: the content or templates could not be rendered.
    """
    root = root.absolute()  # as builds name files (see build.py)
    cache = BuildCache(root, use=use_cache)
    cache.scan()
    memo = CheckMemo(cache.check_results())
    # A page whose scan an earlier check kept is not rendered (only scans are checked):
    # with no build in site/ (an editor who previews, checks and lets Netlify build),
    # every check rendered every page.
    reuse = Reuse(cache, root / "site", cache.parse_cache(), unneeded=lambda path, key: (
        path.endswith(".html") and scan_key(key) in memo.earlier))
    try:
        site, files, copies = render_site(root, settings, reuse=reuse)
        every = BuiltPages(files, reuse)
        findings = check_rendered(site, every, copies, reuse, cqc_files=cqc_files,
                                  external_timeout=external_timeout, memo=memo)
    finally:
        cache.settle()  # a child writing the content read, if any
    cache.save_content(reuse.parsed)
    return site, every, findings


def check_rendered(site: Site, files: BuiltPages, copies: dict[str, Path], reuse: Reuse, *,
                   cqc_files: Iterable[Path] = (), external_timeout: float | None = None,
                   memo: CheckMemo | None = None) -> list[Finding]:
    """Every finding in a site rendered (``reuse``: as render_site left it, with every
    page and its key), with what earlier checks worked out (``memo``, if already read
    from the cache); keeps what this one did for the next."""
    memo = memo if memo is not None else CheckMemo(reuse.cache.check_results())
    findings = run_checks(site, reuse.pages, files, copies, cqc_files=cqc_files,
                          external_timeout=external_timeout, memo=memo, page_keys=reuse.keys)
    if memo.changed:
        reuse.cache.save_check_results(memo.now)
    return findings
