"""What ``journey check`` looks for, and how seriously: the ``checks:`` part of site.yaml.

Every rule has a name editors can use to make it an error, a warning or turn it off.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields


class Severity(enum.Enum):
    """``error`` fails ``journey check``; ``warning`` fails only ``--strict`` (publishing);
    ``info`` is reported and never fails; ``off`` is not checked."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OFF = "off"


@dataclass(frozen=True)
class RuleSeverities:
    """One optional severity per rule; unset means the rule's default (see RULES)."""

    broken_link: Severity | None = None
    missing_anchor: Severity | None = None
    missing_asset: Severity | None = None
    draft_link: Severity | None = None
    image_alt: Severity | None = None
    computer_link: Severity | None = None
    heading_level: Severity | None = None
    underlined_heading: Severity | None = None
    bold_heading: Severity | None = None
    table_headers: Severity | None = None
    table_cells: Severity | None = None
    vague_link: Severity | None = None
    staff_link: Severity | None = None
    wrapped_link: Severity | None = None
    markdown_slip: Severity | None = None
    html_tags: Severity | None = None
    reading_age: Severity | None = None
    long_sentence: Severity | None = None
    abbreviation: Severity | None = None
    rating_panel: Severity | None = None
    rating_badge: Severity | None = None
    rating_date: Severity | None = None
    rating_summary: Severity | None = None
    content_warning: Severity | None = None
    stale_update: Severity | None = None
    stale_metric: Severity | None = None
    draft_due: Severity | None = None
    overdue_action: Severity | None = None
    past_milestone: Severity | None = None
    cqc_data: Severity | None = None
    accessibility_statement: Severity | None = None
    external_link: Severity | None = None
    starter_text: Severity | None = None
    image_size: Severity | None = None
    image_format: Severity | None = None
    blocked_by_policy: Severity | None = None
    video_transcript: Severity | None = None
    untranslated: Severity | None = None
    translation_outdated: Severity | None = None
    template_file: Severity | None = None
    unread_file: Severity | None = None
    same_title: Severity | None = None
    future_date: Severity | None = None
    empty_update: Severity | None = None
    page_gone: Severity | None = None
    old_address_link: Severity | None = None
    analytics_script: Severity | None = None
    pdf_accessibility: Severity | None = None
    spelling: Severity | None = None
    american_spelling: Severity | None = None
    plain_words: Severity | None = None
    date_style: Severity | None = None
    capitals: Severity | None = None
    title_case: Severity | None = None

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class CheckSettings:
    """Thresholds, with defaults from NHS and GOV.UK content guidance."""

    reading_age: int = 16  # highest SMOG reading age (grade + 5) of a file's text
    sentence_words: int = 30  # GOV.UK aims for 25; 30 and over is hard work for anyone
    update_days: int = 45  # a monthly update is late after a month and a half
    metric_days: int = 100  # a monthly or quarterly figure is stale after about 3 months
    image_kb: int = 1000  # a photo from a camera is several MB; a page-sized one a few hundred KB
    known_abbreviations: tuple[str, ...] = ("NHS", "UK", "COVID")  # need no explanation
    known_words: tuple[str, ...] = ()  # right as written, though the spelling or plain
    # words check says not
    severity: RuleSeverities = RuleSeverities()
