"""Warnings about updates and pages one by one, and about their titles side by side.

Worked out when the site loads, and again by the preview's fast path after each save of
an update or page (reread.py), which loads nothing else: what they say follows the
update's date, text and title as the editor writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from generator.errors import ContentError, written_at
from generator.model.dates import nhs_date
from generator.model.updates import FreePage, Update

RULES = frozenset({"future_date", "empty_update", "same_title"})

# A copy's name says so ("x - Copy.md", "x copy.md", "x (1).md").
_COPY = re.compile(r"\bcopy\b|\(\d+\)$", re.IGNORECASE)


def item_warnings(updates: Sequence[Update], pages: Sequence[FreePage], today: dt.date,
                  content: Path) -> list[ContentError]:
    """The warnings of these rules about the ``updates`` and ``pages`` the site shows, in
    file order (the same whatever order they are given in)."""
    found = []
    # A day's grace: Netlify builds on UTC, an hour behind an editor in summer. Drafts and
    # embargoed updates (shown only by --drafts) are meant to be out later.
    latest = today + dt.timedelta(days=1)
    for update in updates:
        front = update.front  # (each save of the preview asks of thousands)
        if front.date > latest and not front.draft and front.publish_date is None:
            found.append(ContentError(
                written_at(update.source.path, f"date: {update.date.isoformat()}", 1),
                f'the update "{update.title}" is dated {nhs_date(update.date)}, after today, '
                "and is published now with that date",
                "check the year; to publish it on that day and not before, add "
                f"publish_date: {update.date.isoformat()}.", rule="future_date"))
        body = update.body.source
        if (not body or body.isspace()) and not front.video and not front.attachments:
            found.append(ContentError(
                update.body.pos or update.source, f'the update "{update.title}" has no text '
                "after its front matter, so its page has only its title and summary",
                "write the update under the second --- line (or, if it is only to share a "
                "file or a video, add it under attachments: or video:).", rule="empty_update"))
    found += _same_titles([*updates, *pages], content)
    return sorted(found, key=lambda warning: (str(warning.pos.path), warning.pos.line))


def _same_titles(items: list[Update | FreePage], content: Path) -> list[ContentError]:
    """A warning for each update or page titled as another in the same language: most
    often a file copied (to start the next month's update) and left as it was, so the site
    shows it twice. The copy is named, whichever name sorts first."""
    titled: dict[tuple[str, str], list[Update | FreePage]] = {}
    for item in items:
        language = item.language.code if item.language else ""
        titled.setdefault((" ".join(item.title.casefold().split()), language), []).append(item)
    found = []
    for same in titled.values():
        if len(same) < 2:
            continue
        first, *others = sorted(same, key=lambda item: (
            bool(_COPY.search(item.source.path.stem)), str(item.source.path)))
        found += [ContentError(
            written_at(item.source.path, "title:", 1),
            f'"{item.title}" is also the title of '
            f"{first.source.path.relative_to(content.parent).as_posix()}",
            "if this file is a copy, delete it; if not, give each its own title: a page's "
            "title is how people (and search engines) tell it from the others.",
            rule="same_title") for item in others]
    return found
