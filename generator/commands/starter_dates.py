"""Date a new site's starter content as of the month it is made.

The starter is written as of September 2022 (its update is that month's, its rating was
published the month before, its actions fall due months later). Moving every date by the
same number of months keeps it a site that is up to date and nothing overdue, whenever it
is started.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from generator.model.dates import MONTHS

WRITTEN_AS_OF = (2022, 9)

_ISO = re.compile(r"\b(20\d\d)-(\d\d)(?:-(\d\d))?\b")  # 2022-08-25 or 2022-08
_NAMED = re.compile(rf"\b({'|'.join(MONTHS)}) (20\d\d)\b")  # September 2022


def date_starter(content: Path, today: dt.date, update_name: str) -> None:
    """Move every date in ``content``'s text files on to ``today``'s month; the update is
    dated ``today``, in a file named ``update_name``."""
    months = (today.year - WRITTEN_AS_OF[0]) * 12 + today.month - WRITTEN_AS_OF[1]
    for path in content.rglob("*"):
        if path.suffix in (".md", ".yaml"):
            text = shift_dates(path.read_text(encoding="utf-8"), months)
            path.write_text(text, encoding="utf-8")
    (update,) = (content / "updates").glob("*.md")
    text = re.sub(r"^date: .*$", f"date: {today.isoformat()}", update.read_text("utf-8"),
                  count=1, flags=re.MULTILINE)
    update.unlink()
    (update.parent / update_name).write_text(text, encoding="utf-8")


def shift_dates(text: str, months: int) -> str:
    """``text`` with each date and month moved on by ``months`` (a day past the end of its
    new month becomes the last day: 31 March and one month is 30 April)."""
    def iso(match: re.Match[str]) -> str:
        year, month = _moved(int(match[1]), int(match[2]), months)
        if match[3] is None:
            return f"{year:04d}-{month:02d}"
        day = min(int(match[3]), calendar.monthrange(year, month)[1])
        return f"{year:04d}-{month:02d}-{day:02d}"

    def named(match: re.Match[str]) -> str:
        year, month = _moved(int(match[2]), MONTHS.index(match[1]) + 1, months)
        return f"{MONTHS[month - 1]} {year}"

    return _NAMED.sub(named, _ISO.sub(iso, text))


def _moved(year: int, month: int, months: int) -> tuple[int, int]:
    year, index = divmod(year * 12 + month - 1 + months, 12)
    return year, index + 1
