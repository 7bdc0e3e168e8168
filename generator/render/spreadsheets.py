"""A journey's actions and figures as CSV files, for anyone who wants them in a
spreadsheet (a council's scrutiny committee, Healthwatch, a journalist): a row for each
action, and one for each figure of each measure, in the words the pages use."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable

from generator.model.journey import Journey
from generator.pages.urls import id_slug

# Excel reads a CSV as UTF-8 only when it starts with this ("Siân", not "SiÃ¢n").
BYTE_ORDER_MARK = "\ufeff"
# A cell starting with one of these is a formula to a spreadsheet: text is never run.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def actions_csv(journey: Journey, today: dt.date, address: Callable[[object], str]) -> str:
    """Every action, must-dos first: its status, whether it is overdue (on ``today``,
    or on the day an earlier journey ended, as its pages say), its latest progress note
    and the address of its page."""
    as_of = journey.as_of or today
    rows: list[list[str]] = [[
        "Action", "Must or should", "What needs to happen", "Regulation", "Priority",
        "Lead", "Due", "Status", "Overdue", "Latest progress", "Progress noted",
        "Web page"]]
    for action in journey.actions:
        priority = journey.priority(action.priority)
        latest = action.progress[0] if action.progress else None  # newest first
        rows.append([
            action.id, action.kind_label, action.text.text, action.regulation or "",
            priority.name if priority else "", action.lead or "",
            action.due.isoformat() if action.due else "", action.status.label,
            "Yes" if action.is_overdue(as_of) else "No",
            latest.note.text if latest else "", latest.date.isoformat() if latest else "",
            address(action)])
    return _csv(rows)


def figures_csv(journey: Journey, page_address: str) -> str:
    """Every figure of every measure, in the order the figures page shows them, with
    the measure's unit, target and which way is better."""
    rows: list[list[str]] = [[
        "Measure", "Period", "Value", "Unit", "Target", "Better", "Web page"]]
    for metric in journey.metrics:
        target = _number(metric.target) if metric.target is not None else ""
        better = metric.better.value.capitalize() if metric.better else ""
        anchor = f"{page_address}#metric-{id_slug(metric.id)}"
        rows.extend([metric.title, str(point.period), _number(point.value),
                     metric.unit or "", target, better, anchor] for point in metric.points)
    return _csv(rows)


def _csv(rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(  # as RFC 4180 and Excel write them
        [_cell(text) for text in row] for row in rows)
    return BYTE_ORDER_MARK + out.getvalue()


def _cell(text: str) -> str:
    """Text as a spreadsheet shows it: one starting like a formula is kept as text."""
    return f"'{text}" if text.startswith(_FORMULA_START) and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(value: float) -> str:
    """27 rather than 27.0, and no thousands commas: a spreadsheet reads it as a number."""
    return str(int(value)) if value == int(value) else repr(value)
