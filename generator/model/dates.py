"""Dates as editors write them (ISO) and as NHS.UK shows them ("30 November 2022").

Less precise periods (months, seasons, quarters) are in periods.py."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

MONTHS = tuple(calendar.month_name)[1:]  # English whatever the machine's locale

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Dashes that look like a hyphen (Word's autocorrect types an en dash), for a regular
# expression's [ ]: a date typed with them looks right but is not one.
DASHES = "\u2010-\u2015\u2212\ufe63\uff0d"
_NOT_HYPHENS = re.compile(f"[{DASHES}]")


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
            dash_hint(text, parse_date) or date_hint(
                _END_OF.sub("", text), "write dates as year-month-day with leading zeros, "
                                       "for example 2022-11-30."),
        )
    year, month, day = (int(g) for g in match.groups())
    return _checked_date(year, month, day)


_SEPARATOR = f"[/.\\-{DASHES}]"
# 30/11/2022, and 30/11/22
_DAY_FIRST = re.compile(rf"^(\d{{1,2}}){_SEPARATOR}(\d{{1,2}}){_SEPARATOR}(\d{{4}}|\d{{2}})$")
_YEAR_FIRST = re.compile(rf"^(\d{{4}}){_SEPARATOR}(\d{{1,2}}){_SEPARATOR}(\d{{1,2}})$")  # 2022-11-5
_IN_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+),? (\d{4})$", re.IGNORECASE)
_MONTH_FIRST = re.compile(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? +", re.IGNORECASE)


MONTH_IN_WORDS = re.compile(r"^([a-z]{3,})\.?,?\s+(\d{4})$", re.I)  # June 2022, Jun 2022
_END_OF = re.compile(r"^(?:by\s+)?(?:the\s+)?end\s+of\s+", re.I)  # "end of June 2027"
_YEAR_MONTH = re.compile(rf"^(\d{{4}}){_SEPARATOR}(\d{{1,2}})$")  # 2027-06


def dash_hint(text: str, read: Callable[[str], object]) -> str | None:
    """For a date or period typed with dashes that only look like hyphens: the hint to
    type it again, if ``read`` takes it with hyphens."""
    dash = _NOT_HYPHENS.search(text)
    if dash is None:
        return None
    hyphens = _NOT_HYPHENS.sub("-", text)
    try:
        read(hyphens)
    except DateProblem:
        return None
    return (f"its dashes ({dash[0]}) look like hyphens but are not: type it again with the "
            f"hyphen key, as {hyphens}.")


def date_hint(text: str, otherwise: str) -> str:
    """"write it as 2022-11-30" for a date written another common way, else ``otherwise``."""
    meant = _date_meant(text)
    if meant:
        return f"write it as {meant.isoformat()} (year-month-day)."
    month = _month_meant(text)
    if month:
        end = dt.date(month[0], month[1], calendar.monthrange(*month)[1])
        return (f"a date needs its day too: for the end of {MONTHS[month[1] - 1]} "
                f"{month[0]}, write {end.isoformat()} (year-month-day).")
    return otherwise


def _month_meant(text: str) -> tuple[int, int] | None:
    """(year, month) for a month written without its day ("June 2027", "2027-06")."""
    if (match := MONTH_IN_WORDS.match(text)) and (month := month_named(match[1])):
        return int(match[2]), month
    if (match := _YEAR_MONTH.match(text)) and 1 <= int(match[2]) <= 12:
        return int(match[1]), int(match[2])
    return None


def _date_meant(text: str) -> dt.date | None:
    """The date a text written another common way stands for (30/11/2022, 30 November
    2022, 30th Nov 2022, 2022/11/30, November 30, 2022, Wednesday 30 November 2022), if it
    is a real one."""
    text = _WEEKDAY.sub("", text)  # as Outlook writes a date
    numbers: tuple[int, int, int] | None = None
    if match := _DAY_FIRST.match(text):  # a year of two digits is this century's
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        numbers = (year, int(match[2]), int(match[1]))
    elif match := _YEAR_FIRST.match(text):
        numbers = (int(match[1]), int(match[2]), int(match[3]))
    elif (match := _IN_WORDS.match(text)) and (month := month_named(match[2])):
        numbers = (int(match[3]), month, int(match[1]))
    elif (match := _MONTH_FIRST.match(text)) and (month := month_named(match[1])):
        numbers = (int(match[3]), month, int(match[2]))  # the month named: no guessing
    try:
        return _checked_date(*numbers) if numbers else None
    except DateProblem:
        return None


def month_named(word: str) -> int | None:
    """1 to 12 for a month's name or its first three letters or more (Sept, Jun)."""
    named = [i for i, month in enumerate(MONTHS, 1)
             if len(word) >= 3 and month.lower().startswith(word.lower())]
    return named[0] if len(named) == 1 else None


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
