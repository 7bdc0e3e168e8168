"""Periods of time as trusts write them: a date, a month, a season, a quarter or a year.

Timelines and metrics mix precisions ("2022-06-14", "2022-06", "Winter 2022",
"Q3 2022/23"); each becomes a span of days so they sort in time order and can be
placed before, around or after the build date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from generator.model.dates import (
    DASHES,
    MONTH_IN_WORDS,
    MONTHS,
    DateProblem,
    dash_hint,
    date_hint,
    month_named,
    nhs_date,
    parse_date,
)

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SEASON = re.compile(r"^(spring|summer|autumn|winter)\s+(\d{4})(?:/(\d{2}|\d{4}))?$", re.I)
_QUARTER = re.compile(r"^q([1-4])\s+(\d{4})(?:/(\d{2}|\d{4}))?$", re.I)
_YEAR = re.compile(r"^(\d{4})$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2}|\d{4})$")

# Meteorological seasons, as the Met Office uses them; winter starts in December.
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}

PERIOD_HINT = (
    "write a date (2022-06-14), a month (2022-06), a season (Winter 2022), a quarter of the "
    "financial year (Q3 2022/23), a calendar quarter (Q3 2022) or a year (2023)."
)


@dataclass(frozen=True)
class Period:
    """A span of days with the words editors used for it."""

    start: dt.date
    end: dt.date
    label: str
    precision: str  # day, month, season, quarter, year

    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    def relation_to(self, today: dt.date) -> str:
        """'past', 'current' or 'future' relative to ``today``."""
        if self.end < today:
            return "past"
        if self.start > today:
            return "future"
        return "current"

    @property
    def iso(self) -> str:
        """For <time datetime>: the most precise form HTML allows."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.start.year)
        return self.start.strftime("%Y-%m")

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> Period:
    """Read any of the forms in PERIOD_HINT, or raise DateProblem."""
    raw = " ".join(text.split())
    if re.match(r"^\d{4}-\d{2}-\d{2}$", raw):
        day = parse_date(raw)
        return Period(day, day, nhs_date(day), "day")
    if match := _MONTH.match(raw):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise DateProblem(f"{raw} has month {month}, and there are only 12",
                              _year_slash_hint(raw)
                              or "write a month as YYYY-MM, for example 2022-06.")
        return _month(year, month)
    if (match := MONTH_IN_WORDS.match(raw)) and (named := month_named(match[1])):
        return _month(int(match[2]), named)
    if match := _SEASON.match(raw):
        return _season(match[1].lower(), int(match[2]), match[3], raw)
    if match := _QUARTER.match(raw):
        return _quarter(int(match[1]), int(match[2]), match[3], raw)
    if match := _YEAR.match(raw):
        year = int(match[1])
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), raw, "year")
    if match := _FINANCIAL_YEAR.match(raw):
        year = _checked_next_year(int(match[1]), match[2], raw)
        return Period(dt.date(year, 4, 1), dt.date(year + 1, 3, 31), raw, "year")
    raise DateProblem(f'"{text}" is not a date or period the generator understands',
                      dash_hint(raw, parse_period) or _year_slash_hint(raw)
                      or date_hint(raw, PERIOD_HINT))


# 2025-26 or 2025–26 at the end: a financial year, written with a dash in place of "/".
_YEARS_DASHED = re.compile(rf"(\d{{4}})[-{DASHES}](\d{{2}}|\d{{4}})$")


def _year_slash_hint(raw: str) -> str | None:
    """For a financial year written with a dash (2025-26, Q3 2025-26): the hint to write
    it with a slash, if it is then right."""
    slashed = _YEARS_DASHED.sub(r"\1/\2", raw)
    if slashed == raw:
        return None
    try:
        parse_period(slashed)
    except DateProblem:
        return None
    return f"write a financial year with a slash: {slashed}."


def _month(year: int, month: int) -> Period:
    return Period(dt.date(year, month, 1), _month_end(year, month),
                  f"{MONTHS[month - 1]} {year}", "month")


def _season(name: str, year: int, second: str | None, raw: str) -> Period:
    if second is not None:  # "Winter 2022/23"
        _checked_next_year(year, second, raw)
        if name != "winter":
            raise DateProblem(f'"{raw}": only winter spans two years',
                              f"write {name.title()} {year}.")
    first = _SEASON_START[name]
    start = dt.date(year, first, 1)
    last_month = (first + 1) % 12 + 1
    end_year = year + 1 if name == "winter" else year
    label = f"{name.title()} {year}" + (f"/{second}" if second else "")
    return Period(start, _month_end(end_year, last_month), label, "season")


def _quarter(number: int, year: int, second: str | None, raw: str) -> Period:
    if second is None:  # calendar quarter: Q1 is January to March
        first = 3 * (number - 1) + 1
        start = dt.date(year, first, 1)
        return Period(start, _month_end(year, first + 2), f"Q{number} {year}", "quarter")
    _checked_next_year(year, second, raw)
    # NHS financial year: Q1 is April to June, Q4 is January to March of the next year.
    first = 3 * (number - 1) + 4
    start_year = year if first <= 12 else year + 1
    first = first if first <= 12 else first - 12
    start = dt.date(start_year, first, 1)
    label = f"Q{number} {year}/{second}"
    return Period(start, _month_end(start_year, first + 2), label, "quarter")


def _checked_next_year(year: int, second: str, raw: str) -> int:
    expected = year + 1
    if int(second) not in (expected % 100, expected):
        raise DateProblem(f'"{raw}" is not a pair of consecutive years',
                          f"write it as {year}/{expected % 100:02d}.")
    return year


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
