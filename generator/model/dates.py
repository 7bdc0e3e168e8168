"""Dates as editors write them (ISO) and as NHS.UK shows them ("30 November 2022").

Less precise periods (months, seasons, quarters) are in periods.py."""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = tuple(calendar.month_name)[1:]  # English whatever the machine's locale

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DateProblem(ValueError):
    """A date that cannot be read, with a message and hint for the editor."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint


def nhs_date(value: dt.date) -> str:
    """30 November 2022 (no leading zero, full month name, as the NHS style guide asks)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def parse_date(text: str) -> dt.date:
    """Read an ISO date (2022-11-30), or raise DateProblem saying what is wrong."""
    text = text.strip()
    match = _DATE.match(text)
    if not match:
        raise DateProblem(
            f'"{text}" is not a date in the form YYYY-MM-DD',
            "write dates as year-month-day with leading zeros, for example 2022-11-30.",
        )
    year, month, day = (int(g) for g in match.groups())
    return _checked_date(year, month, day)


def _checked_date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= month <= 12:
        raise DateProblem(
            f"{year}-{month:02d}-{day:02d} has month {month}, and there are only 12",
            "the month comes second: YYYY-MM-DD, for example 2022-11-30.",
        )
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= days or year < 1:
        raise DateProblem(
            f"{year}-{month:02d}-{day:02d} is not a real date",
            f"{MONTHS[month - 1]} {year} has {days} days.",
        )
    return dt.date(year, month, day)
