"""Run every check on a rendered site and return the findings, in file order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.cqc.freshness import freshness_warnings
from generator.errors import SourcePos
from generator.model.checks import CheckSettings, Severity
from generator.model.site import Site
from generator.pages import OutputPage, has_own_accessibility_statement
from generator.quality.built_pages import check_built_pages
from generator.quality.external import check_external
from generator.quality.findings import Finding, severity
from generator.quality.image_formats import check_image_formats
from generator.quality.image_sizes import check_image_sizes
from generator.quality.live_site import check_live_site
from generator.quality.memo import CheckMemo
from generator.quality.pdf_files import check_pdf_files
from generator.quality.prose import check_prose
from generator.quality.sources import (
    Locator,
    editor_texts,
    editor_titles,
    in_other_languages,
    timeline_links,
)
from generator.quality.spelling import SPELLING_RULES, lists_installed
from generator.quality.starter_text import check_starter_text
from generator.quality.template_files import check_template_files
from generator.quality.timeliness import check_timeliness
from generator.quality.translated import check_translated
from generator.quality.videos import check_video_transcripts

__all__ = ["Finding", "failing", "run_checks"]


def run_checks(site: Site, pages: list[OutputPage], files: Mapping[str, bytes],
               copies: Mapping[str, Path], *, cqc_files: Iterable[Path] = (),
               external_timeout: float | None = None, published_timeout: float | None = None,
               memo: CheckMemo | None = None, page_keys: Mapping[str, bytes] | None = None,
               ) -> list[Finding]:
    """Every finding that is not turned off in site.yaml, once each, in file order.

    ``external_timeout``: check links to other websites too, waiting this long for each.
    ``published_timeout``: list pages the published site's sitemap has that this site
    would not, waiting this long for each sitemap.
    ``memo``: what earlier checks worked out, to take instead of working it out again;
    it is given what this check worked out. ``page_keys``: see check_built_pages.
    """
    memo = memo if memo is not None else CheckMemo()
    texts = editor_texts(site)
    locator = Locator(texts, timeline_links(site))
    built = check_built_pages(site, pages, files, copies, locator, memo, page_keys or {})
    findings = [
        *(Finding(w.rule or "content_warning", w.pos, w.message, w.hint)
          for w in site.warnings),
        *built.findings,
        *check_prose(texts, site.config.checks, site.glossary, memo, editor_titles(site),
                     in_other_languages(site)),
        *check_timeliness(site),
        *(Finding("cqc_data", w.pos, w.message, w.hint) for w in freshness_warnings(
            site.content_dir, site.rating, site.settings.today, cqc_files)),
        *_accessibility_statement(site),
        *_spelling_unchecked(site),
        *check_starter_text(site),
        *check_image_sizes(site),
        *check_image_formats(site.content_dir, site.assets),
        *check_video_transcripts(site),
        *check_translated(site),
        *check_template_files(site, memo),
        *check_pdf_files(site, memo),
    ]
    if external_timeout is not None:
        findings += check_external({link: locator.find(link) or first for link, first
                                    in built.external.items()}, external_timeout)
    if published_timeout is not None:
        findings += check_live_site(site, pages, published_timeout)
    checks = site.config.checks
    kept = {f for f in findings if severity(f.rule, checks) is not Severity.OFF}
    return sorted(kept, key=lambda f: (str(f.pos.path), f.pos.line, f.rule, f.message))


def _accessibility_statement(site: Site) -> list[Finding]:
    """The generated statement must say when it was prepared and last reviewed."""
    if has_own_accessibility_statement(site):
        return []
    settings = site.config.accessibility
    if settings.prepared and settings.last_reviewed:
        return []
    return [Finding("accessibility_statement", SourcePos(site.content_dir / "site.yaml"),
                    "the accessibility statement does not say when it was prepared and "
                    "last reviewed",
                    "add under accessibility: in site.yaml, for example\n"
                    "accessibility:\n  prepared: 2026-11-01\n  last_reviewed: 2026-11-01")]


def _spelling_unchecked(site: Site) -> list[Finding]:
    """codespell not installed (a copy of the tool updated without installing it again):
    said, not skipped without a word."""
    checks = site.config.checks
    if lists_installed() or all(severity(rule, checks) is Severity.OFF
                                for rule in SPELLING_RULES):
        return []
    return [Finding("spelling", SourcePos(site.content_dir / "site.yaml"),
                    "the spelling could not be checked: codespell, which the check needs, "
                    "is not installed",
                    'install the tool again, as the README says: pip install -e . in its '
                    "folder.")]


def failing(findings: list[Finding], checks: CheckSettings) -> list[Finding]:
    """The findings that stop a strict build: errors and warnings, not notes."""
    return [f for f in findings
            if severity(f.rule, checks) in (Severity.ERROR, Severity.WARNING)]
