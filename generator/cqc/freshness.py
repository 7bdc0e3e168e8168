"""Warn when CQC data saved in content/cqc/ is newer than the rating the site shows.

Regulation 20A gives a provider 21 days from CQC's publication to show a new
rating on its website; a saved API response tells us when that clock started.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from generator.cqc.api import CqcRecord, read_cqc_file
from generator.errors import ContentError, ContentErrors, SourcePos, display_path
from generator.model.dates import nhs_date
from generator.model.rating import Rating

CQC_DATA_FOLDER = "cqc"  # under content/: saved API responses, kept by journey import-cqc
DAYS_TO_DISPLAY = 21


def cqc_data_files(content: Path) -> list[Path]:
    return sorted((content / CQC_DATA_FOLDER).glob("*.json"))


def freshness_warnings(content: Path, rating: Rating | None, today: dt.date,
                       files: Iterable[Path] = ()) -> list[ContentError]:
    """A warning for each saved CQC record the site's rating is behind."""
    warnings: list[ContentError] = []
    for file in [*cqc_data_files(content), *files]:
        try:
            record = read_cqc_file(file)
        except ContentErrors as exc:
            warnings.extend(exc.errors)
            continue
        warnings.extend(_compare(record, file, content, rating, today))
    return warnings


def _compare(record: CqcRecord, file: Path, content: Path, rating: Rating | None,
             today: dt.date) -> list[ContentError]:
    rating_file = content / "rating.yaml"
    command = f"journey import-cqc {display_path(file, content.parent)}"
    shown: dt.date | None = None
    pos = SourcePos(rating_file)
    if rating is not None and record.kind == "provider":
        shown, pos = rating.published, rating.pos
    elif rating is not None:
        location = next((loc for loc in rating.locations
                         if (loc.id or "").upper() == record.id.upper()), None)
        if location is not None:
            shown, pos = location.published, location.pos
    if shown is not None and shown >= record.published:
        return []
    what = f"{record.name} ({record.id})"
    showing = (f"the site shows the rating published on {nhs_date(shown)}" if shown
               else "the site does not show it")
    found = [ContentError(
        pos, f"CQC published a newer report for {what} on {nhs_date(record.published)}, "
        f"and {showing}", f"run: {command}")]
    deadline = record.published + dt.timedelta(days=DAYS_TO_DISPLAY)
    if today > deadline:
        found.append(ContentError(
            pos, f"CQC's rating of {what} was published more than {DAYS_TO_DISPLAY} days "
            f"ago: Regulation 20A required it on this website by {nhs_date(deadline)}",
            f"run: {command}, then build and publish the site today."))
    return found
