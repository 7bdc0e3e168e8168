"""Dates and times written otherwise than NHS.UK writes them: "1 December 2026", not "1st
December", "December 1, 2026" or "01/12/2026" (which a reader from the US takes for 12
January); "1 to 5 December", not "1-5 December"; "9am", "5:30pm", "midday" and "9am to
5pm", not "09:00", "5.30 PM", "12pm" or "9am-5pm".

Notes, like plain words: advice that never stops a site being published. CQC's own words
are left as CQC wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.errors import SourcePos
from generator.quality.findings import Finding
from generator.quality.sources import Text, Title, line_with

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MONTH = "(" + "|".join(_MONTHS) + ")"
_DAY = r"([1-9]|[12][0-9]|3[01])"
_ENDS = r"(?![\w/])"
_DIGIT = re.compile("[0-9]")
_ANY_MONTH = re.compile(_MONTH)
# 01/12/2026, 1/12/26: read as the UK writes it, day first.
_NUMBERS = re.compile(r"(?<![\w/.])(0?[1-9]|[12][0-9]|3[01])/(0?[1-9]|1[0-2])/"
                      r"([0-9]{4}|[0-9]{2})" + _ENDS)
# Each way of writing a date, and the groups that hold its day, month and year.
_WAYS = (
    # 1st December, 1st of December (2026)
    (re.compile(rf"(?<![\w/]){_DAY}(?:st|nd|rd|th)(?:\s+of)?\s+{_MONTH}(?:\s+([0-9]{{4}}))?"
                + _ENDS), (1, 2, 3)),
    # December 1st (2026), December 1, 2026
    (re.compile(rf"(?<![\w/]){_MONTH}\s+{_DAY}(?:(?:st|nd|rd|th)(?:,?\s+([0-9]{{4}}))?|,\s*"
                rf"([0-9]{{4}}))" + _ENDS), (2, 1, (3, 4))),
    (_NUMBERS, (1, 2, 3)),
)
# 1-5 December (2026), 1st - 5th December: "1 to 5 December", said once, as a whole.
_DAYS = re.compile(rf"(?<![\w/]){_DAY}(?:st|nd|rd|th)?\s?[-–—]\s?{_DAY}(?:st|nd|rd|th)?"
                   rf"(?:\s+of)?\s+{_MONTH}(?:\s+([0-9]{{4}}))?" + _ENDS)
# 9.30am, 9:00 AM, 9 a.m., 12pm; and 09:00 or 17:30 (the 24-hour clock), not followed
# by am or pm.
_TWELVE_HOUR = re.compile(r"(?<![\w:./])(1[0-2]|0?[1-9])(?:[:.]([0-5][0-9]))?\s?([ap])"
                          r"(?:\.m\.?|m)(?!\w)", re.IGNORECASE | re.ASCII)
_TWENTY_FOUR_HOUR = re.compile(r"(?<![\w:./])([01][0-9]|2[0-3]):([0-5][0-9])(?![\w:])"
                               r"(?!\s?[apAP]\.?[mM]\b)")
_DASH = re.compile(r"\s?[-–—]\s?")  # between two times: "9am-5pm" is "9am to 5pm"


class DateStyle:
    """The date_style rule, if on, for the texts and titles of a file."""

    def __init__(self, on: frozenset[str]) -> None:
        self.on = "date_style" in on

    def in_text(self, text: Text, words: str, line: int) -> Iterator[Finding]:
        """The findings in ``words``, a paragraph or heading of ``text`` starting on its
        ``line`` (0-based)."""
        for at, written, instead in self._found(words):
            yield _finding(written, instead, text.pos(line + words.count("\n", 0, at)))

    def in_title(self, title: Title) -> Iterator[Finding]:
        for _, written, instead in self._found(title.words):
            yield _finding(written, instead, SourcePos(
                title.path, line_with(title.path, written, title.line), 1))

    def _found(self, words: str) -> Iterator[tuple[int, str, str]]:
        if not self.on or _DIGIT.search(words) is None:  # most texts: no date to look at
            return
        # Each way needs a month's name or a slash: a text with neither is not read again.
        month, slash = _ANY_MONTH.search(words) is not None, "/" in words
        ranges = list(_DAYS.finditer(words)) if month else []
        for days in ranges:
            first, last, month_name, year = days.groups()
            yield days.start(), " ".join(days.group().split()), (
                f"{int(first)} to {int(last)} {month_name}" + (f" {year}" if year else ""))
        for way, groups in _WAYS:
            if not (slash if way is _NUMBERS else month):
                continue
            for match in way.finditer(words):
                if not any(days.start() <= match.start() < days.end() for days in ranges):
                    yield match.start(), " ".join(match.group().split()), _as_nhs_writes(
                        match, groups)
        times = sorted((match.start(), match.end(), _time_of(match, clock is _TWELVE_HOUR))
                       for clock in (_TWELVE_HOUR, _TWENTY_FOUR_HOUR)
                       for match in clock.finditer(words))
        at = 0
        while at < len(times):
            start, end, instead = times[at]
            if at + 1 < len(times) and _DASH.fullmatch(words, end, times[at + 1][0]):
                end, instead = times[at + 1][1], f"{instead} to {times[at + 1][2]}"
                at += 1  # a range: said once, as a whole
            at += 1
            written = " ".join(words[start:end].split())  # as one line
            if written != instead:
                yield start, written, instead


def _as_nhs_writes(match: re.Match[str], groups: tuple[int, int, int | tuple[int, int]],
                   ) -> str:
    day_group, month_group, year_groups = groups
    day = int(match.group(day_group))
    month = match.group(month_group)
    month = _MONTHS[int(month) - 1] if month.isdigit() else month
    years = year_groups if isinstance(year_groups, tuple) else (year_groups,)
    year = next((match.group(g) for g in years if match.group(g)), None)
    if year is not None and len(year) == 2:  # "26" is 2026 and "99" 1999
        year = ("20" if int(year) < 70 else "19") + year
    return f"{day} {month}" + (f" {year}" if year else "")


def _time_of(match: re.Match[str], twelve_hour: bool) -> str:
    """The time ``match`` found, as NHS.UK writes it."""
    hour, minutes = int(match.group(1)), match.group(2) or "00"
    if twelve_hour:
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    return _time_as_nhs_writes(hour, minutes)


def _time_as_nhs_writes(hour: int, minutes: str) -> str:
    """9am, 5:30pm, midday, midnight: from the 24-hour clock's hour and minutes."""
    if minutes == "00" and hour in (0, 12):
        return "midnight" if hour == 0 else "midday"
    shown = (hour % 12 or 12, "" if minutes == "00" else f":{minutes}")
    return f"{shown[0]}{shown[1]}{'pm' if hour >= 12 else 'am'}"


def _finding(written: str, instead: str, pos: SourcePos) -> Finding:
    if instead.endswith(("am", "pm", "midday", "midnight")):
        hint = ("NHS.UK writes a time with am or pm, and minutes only when they are not "
                "00: 9am, 5:30pm; midday and midnight, not 12pm and 12am; and \"to\" "
                "between two times, not a dash.")
    else:
        hint = ("NHS.UK writes a date as day, month in words, then year: no st, nd, rd or "
                "th, no commas, no numbers alone, which people in different countries "
                "read differently, and \"to\" between two days, not a dash.")
    return Finding("date_style", pos, f'"{written}" is written "{instead}" on NHS.UK', hint)
