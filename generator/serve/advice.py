"""What ``journey check`` will ask about the files just saved, said by the preview after
each save: an editor reads it while writing, not when publishing stops on it."""

from __future__ import annotations

from pathlib import Path

from generator.model.checks import Severity
from generator.model.site import Site
from generator.quality.findings import severity
from generator.quality.memo import CheckMemo
from generator.quality.prose import check_prose
from generator.quality.report import format_findings
from generator.quality.sources import editor_texts
from generator.quality.starter_text import lines_with_placeholders

# More files than this at once is not an editor saving, but a checkout or a copy: their
# findings are journey check's to list (and working them out would hold up the next save).
MOST_FILES = 20


def advice(site: Site, saved: set[Path]) -> str:
    """The errors and warnings the checks of what editors write (prose, Markdown, the
    starter's words) find in the ``saved`` content files, as ``journey check`` shows
    them; '' if none. Checks of whole pages (links, the rating) are left to it."""
    content = site.content_dir
    saved = {path for path in saved if path.suffix in (".md", ".yaml")
             and path.is_relative_to(content) and path.is_file()}
    if not saved or len(saved) > MOST_FILES:
        return ""
    settings = site.config.checks
    findings = check_prose(editor_texts(site, only=saved), settings, site.glossary,
                           CheckMemo())
    findings += [f for path in sorted(saved) for f in lines_with_placeholders(path)]
    shown = sorted((f for f in findings
                    if severity(f.rule, settings) in (Severity.ERROR, Severity.WARNING)),
                   key=lambda f: (str(f.pos.path), f.pos.line))
    if not shown:
        return ""
    return ("\njourney check (and so publishing) will ask about what you saved:\n"
            + format_findings(shown, settings, site.root) + "\n")
