"""A finding of the checker, and the rules it can come from."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import ContentError, SourcePos
from generator.model.checks import CheckSettings, Severity


@dataclass(frozen=True)
class Rule:
    title: str  # the heading findings are grouped under
    default: Severity


E, W, NOTE = Severity.ERROR, Severity.WARNING, Severity.INFO
RULES: dict[str, Rule] = {
    "broken_link": Rule("Links to pages that do not exist", E),
    "missing_anchor": Rule("Links to a part of a page that does not exist", E),
    "missing_asset": Rule("Links to files that do not exist", E),
    "draft_link": Rule("Links to drafts or embargoed updates", E),
    "image_alt": Rule("Images without alt text", E),
    "computer_link": Rule("Links to your computer or your organisation's network", E),
    "heading_level": Rule("Headings that skip a level or are empty", W),
    # Text\n--- is a heading in Markdown: editors mean a dividing line under a paragraph.
    "underlined_heading": Rule("Text made a heading by a line of --- under it", W),
    "bold_heading": Rule("Bold text standing for a heading", W),
    "table_headers": Rule("Tables without headers", W),
    "table_cells": Rule("Table cells that are not shown", W),
    "vague_link": Rule("Link text that does not say where it goes", W),
    # Some SharePoint links are public ("Anyone with the link"): a warning, which site.yaml
    # can turn into a note.
    "staff_link": Rule("Links that need a staff login", W),
    "wrapped_link": Rule("Links copied from an email or a search", W),
    "markdown_slip": Rule("Markdown shown as it is typed", W),
    "html_tags": Rule("HTML tags left open or out of order", W),
    "reading_age": Rule("Pages that are hard to read", W),
    "long_sentence": Rule("Very long sentences", W),
    "abbreviation": Rule("Abbreviations not explained", W),
    "spelling": Rule("Words spelt wrongly", W),
    "american_spelling": Rule("American spellings", W),
    # Notes: advice on style (a plainer word, a date as NHS.UK writes it), never a reason
    # not to publish.
    "plain_words": Rule("Words with a plainer alternative", NOTE),
    "date_style": Rule("Dates and times not written as NHS.UK writes them", NOTE),
    "capitals": Rule("Words written in capitals", NOTE),
    "title_case": Rule("Headings and titles in title case", NOTE),
    "rating_panel": Rule("Regulation 20A: the rating on the home page", E),
    "rating_badge": Rule("Regulation 20A: the rating on every page", E),
    "rating_date": Rule("Regulation 20A: the rating's date", E),
    "rating_summary": Rule("Regulation 20A: a summary that gives another rating", W),
    "content_warning": Rule("Content warnings", W),
    # Notes: the calendar, not an edit, makes these, and a strict build failing on them
    # would stop every other change being published (an urgent statement, say) until the
    # update is written or the quarter's figures are out.
    "stale_update": Rule("Monthly updates overdue", NOTE),
    "stale_metric": Rule("Figures not updated", NOTE),
    "draft_due": Rule("Drafts past their publish date", NOTE),
    # The tracker shows overdue actions openly: a fact to report, not a mistake to fix.
    "overdue_action": Rule("Actions past their due date", NOTE),
    "past_milestone": Rule("Milestones still planned after their date", NOTE),
    "cqc_data": Rule("CQC has published something newer", W),
    "accessibility_statement": Rule("Accessibility statement", W),
    "external_link": Rule("Links to other websites that do not work", W),
    "starter_text": Rule("Example words from the starter site, not yet replaced", W),
    "image_size": Rule("Images too big for a phone", W),
    "image_format": Rule("Pictures most browsers cannot show", W),
    "blocked_by_policy": Rule(
        "Pictures, videos, fonts, scripts and styles the site's security policy stops", W),
    "video_transcript": Rule("Videos without a transcript", W),
    "untranslated": Rule("Translations still in English", W),
    "translation_outdated": Rule("Translations older than what they translate", W),
    "pdf_accessibility": Rule("PDFs not everyone can read", W),
    "analytics_script": Rule("Pages that do not count visits", W),
    "template_file": Rule("Templates with mistakes that no page uses yet", W),
    "unread_file": Rule("Files that are not read", W),
    "same_title": Rule("Updates and pages with the same title", W),
    "future_date": Rule("Updates dated after today", W),
    "empty_update": Rule("Updates with no text", W),
    # A note: the link works (the page there sends visitors on), so a strict build
    # publishing a rename must not stop on the links other files have to it.
    "old_address_link": Rule("Links to a page's old address", NOTE),
    # journey check --external or --published only: the published site's sitemap lists it.
    "page_gone": Rule("Published pages the site would no longer have", W),
}

# Never offered to be turned down, in journey check's tip or a strict build's way to
# publish before a fix: what the law asks of a public body's site (an accessibility
# statement, documents and videos everyone can use), and mistakes with one right answer.
TO_FIX = frozenset({"accessibility_statement", "pdf_accessibility", "video_transcript",
                    "starter_text", "unread_file", "template_file", "analytics_script",
                    "image_format", "untranslated"})


@dataclass(frozen=True)
class Finding:
    rule: str
    pos: SourcePos
    message: str
    hint: str = ""

    def as_error(self) -> ContentError:
        return ContentError(self.pos, self.message, self.hint)


def severity(rule: str, settings: CheckSettings) -> Severity:
    chosen: Severity | None = getattr(settings.severity, rule)
    return chosen or RULES[rule].default


def shorten(words: str, most: int = 8) -> str:
    """A text as a finding quotes it: its first ``most`` words, then "..."."""
    parts = words.split()
    return " ".join(parts[:most]) + (" ..." if len(parts) > most else "")
