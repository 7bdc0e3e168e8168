"""What ``journey check`` will ask about the files just saved, said by the preview after
each save: an editor reads it while writing, not when publishing stops on it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SourceFiles
from generator.model.checks import Severity
from generator.model.site import Site
from generator.quality.built_pages import (
    check_links_written,
    check_policy_saved,
    check_stylesheets_saved,
    check_templates_saved,
)
from generator.quality.findings import Finding, severity
from generator.quality.image_formats import check_image_formats
from generator.quality.memo import CheckMemo
from generator.quality.pdf_files import check_pdf_files
from generator.quality.prose import check_prose
from generator.quality.report import format_findings
from generator.quality.sources import (
    Locator,
    editor_texts,
    editor_titles,
    in_other_languages,
    timeline_links,
)
from generator.quality.starter_text import lines_with_placeholders
from generator.quality.timeliness import check_timeliness
from generator.quality.translated import check_translated
from generator.quality.videos import check_video_transcripts
from generator.render.template_dirs import STATIC_DIR

# More files than this at once is not an editor saving, but a checkout or a copy: their
# findings are journey check's to list (and working them out would hold up the next save).
MOST_FILES = 20
HEADING = "journey check (and so publishing) will ask about what you saved:"
STYLE = "journey check notes how NHS.UK would write these, in what you saved:"
# What the date says an editor has to do, said when the preview starts: an update due, a
# draft whose day has come, figures to bring up to date (not actions past their due date:
# the tracker shows those openly, and saying so at every start would be noise).
REMINDED = ("stale_update", "draft_due", "stale_metric")
# Notes said as the files they are in are saved, in a list of their own: advice on how
# NHS.UK writes, which publishing does not stop on.
ADVISED = frozenset({"plain_words", "date_style", "capitals", "title_case"})
# journey check leaves out what a build does not publish, unless asked to look at it.
UNPUBLISHED = ("Those in a draft, or in an update not due yet, journey check lists with "
               "--drafts: publishing stops on them once it is published.")


@dataclass(frozen=True)
class Shown:
    """The preview's pages and files, and which pages show given content files."""

    pages: Mapping[str, bytes]
    copies: Mapping[str, Path]
    pages_showing: Callable[[Iterable[Path]], set[str]]
    pages_made_with: Callable[[Iterable[str]], set[str]]  # of templates, by their names


def findings_in(site: Site, saved: set[Path], shown: Shown | None = None,
                ) -> dict[Path, list[Finding]]:
    """The errors and warnings the checks of what editors write (prose, Markdown, the
    starter's words, a translation's English words; and with ``shown``, the links and
    images they wrote on the pages showing them), of PDFs (not everyone can read),
    pictures (browsers cannot show) and videos (no transcript), and loading the site (a
    file not read, an update with no summary) find in each of the ``saved`` content files
    that is there ([] for one with none); with ``shown``, also what the site's own
    stylesheets and templates saved name that the published site would not load or the
    security policy stops, and what its own security policy saved stops its scripts doing.
    Whole pages' checks (the rating) and links written in files not saved are left to
    ``journey check``."""
    content = site.content_dir
    own = site.root / "templates"
    sheets = {path for path in saved if path.suffix == ".css"
              and path.is_relative_to(own / STATIC_DIR) and path.is_file()}
    templates = {path for path in saved if path.suffix == ".html" and path.is_relative_to(own)
                 and not path.is_relative_to(own / STATIC_DIR) and path.is_file()}
    policies = {path for path in saved if path == own / "headers.txt" and path.is_file()}
    saved = {path for path in saved if path.is_relative_to(content) and path.is_file()}
    settings = site.config.checks
    findings = [Finding(w.rule or "content_warning", w.pos, w.message, w.hint)
                for w in site.warnings if w.pos.path in saved]
    written = {path for path in saved if path.suffix in (".md", ".yaml")}
    if written:
        texts = editor_texts(site, only=written)
        findings += check_prose(texts, settings, site.glossary, CheckMemo(),
                                editor_titles(site, only=written), in_other_languages(site))
        if shown is not None:
            findings += check_links_written(site, shown.pages, shown.copies,
                                            shown.pages_showing(written),
                                            Locator(texts, timeline_links(site, written)))
    findings += [f for path in sorted(written) for f in lines_with_placeholders(path)]
    findings += check_video_transcripts(site, only=written)
    findings += check_translated(site, only=written)
    findings += check_image_formats(content, (
        rel for rel in (path.relative_to(content).as_posix() for path in saved)
        if rel.startswith("assets/")))
    if sheets and shown is not None:
        findings += check_stylesheets_saved(site, shown.pages, shown.copies, sheets)
    if templates and shown is not None:
        made_with = shown.pages_made_with(path.relative_to(own).as_posix() for path in templates)
        findings += check_templates_saved(site, shown.pages, shown.copies, made_with, templates)
    if policies and shown is not None:
        findings += check_policy_saved(site, shown.pages)
    pdfs = {path for path in saved if path.suffix.lower() == ".pdf"}
    if pdfs:
        findings += check_pdf_files(site, only=pdfs)
    by_file: dict[Path, list[Finding]] = {path: [] for path in
                                          saved | sheets | templates | policies}
    for finding in findings:
        level = severity(finding.rule, settings)
        if level in (Severity.ERROR, Severity.WARNING) or (
                finding.rule in ADVISED and level is not Severity.OFF):
            by_file.setdefault(finding.pos.path, []).append(finding)
    return by_file


def advice_text(by_file: Mapping[Path, Sequence[Finding]], site: Site,
                advised: bool = False) -> str:
    """The findings publishing stops on (``advised``: the notes of ``ADVISED`` instead),
    as ``journey check`` shows them, in file and line order; '' if none."""
    shown = sorted((f for found in by_file.values() for f in found
                    if (f.rule in ADVISED and severity(f.rule, site.config.checks)
                        is Severity.INFO) is advised),
                   key=lambda f: (str(f.pos.path), f.pos.line))
    if not shown:
        return ""
    text = format_findings(shown, site.config.checks, site.root)
    if not advised and not {f.pos.path for f in shown}.isdisjoint(_unpublished(site)):
        text += "\n\n" + UNPUBLISHED
    return text


def _unpublished(site: Site) -> set[Path]:
    """The files of the updates and pages a build leaves out: drafts, and updates whose
    publish_date has not come."""
    today = site.settings.today
    return ({update.source.path for update in site.updates
             if not update.is_visible(today, drafts=False)}
            | {page.source.path for page in site.pages if page.draft})


class Outstanding:
    """What the files saved since the preview started still have to fix. Each save looks
    again at its files and at those with something to fix (a save of another file, such
    as the glossary, may have fixed it); a file fixed, or gone, has nothing."""

    def __init__(self) -> None:
        self._by_file: dict[Path, list[Finding]] = {}

    def saved(self, site: Site, files: Iterable[Path], shown: Shown | None = None,
              ) -> tuple[str, str]:
        """Note what ``files`` and the files with something to fix have now; what
        journey check will ask about ``files`` and its notes on how NHS.UK would write
        them (each '' if nothing, or if there were too many to look at)."""
        files = set(files)
        if len(files) > MOST_FILES:  # a checkout: the files it brought are journey check's
            found = findings_in(site, self._by_file.keys() - files, shown)
            files = set()
        else:
            found = findings_in(site, files | self._by_file.keys(), shown)
        self._by_file = {path: f for path, f in found.items() if f}
        in_files = {path: found.get(path, []) for path in files}
        return advice_text(in_files, site), advice_text(in_files, site, advised=True)

    def text(self, site: Site, advised: bool = False) -> str:
        """What the files saved still have to fix (``advised``: NHS.UK would write)."""
        return advice_text(self._by_file, site, advised)


def reminders(site: Site) -> str:
    """What the date says is to do (``REMINDED``), each with its file and how to do it;
    '' if nothing."""
    settings = site.config.checks
    due = [f for f in check_timeliness(site)
           if f.rule in REMINDED and severity(f.rule, settings) is not Severity.OFF]
    if not due:
        return ""
    files = SourceFiles(site.root)
    lines = ["To do, by the date (journey check lists it too):"]
    for finding in due:
        lines += [f"  {finding.as_error().location(files=files)}: {finding.message}",
                  f"    hint: {finding.hint}"]
    return "\n".join(lines)
