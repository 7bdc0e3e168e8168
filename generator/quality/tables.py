"""Tables Markdown does not show as they were written: one left as lines of | (the line
of --- under its heading row has another number of columns, or there is none), one
pasted from Word or Excel (its cells apart by tabs), and a row with more cells than the
table has columns (Markdown leaves the rest out)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.rules_block.table import escapedSplit

from generator.quality.findings import Finding, shorten
from generator.quality.sources import Text

# The line of --- under a table's heading row (markdown-it's test, as one expression).
_UNDER_HEADINGS = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")
# What starts a line inside quotations (> ) and lists' indents, before a table's row.
_CONTAINER = re.compile(r"^(?:\s*>)*")


def not_a_table(text: Text, line: int, lines: list[str]) -> Iterator[Finding]:
    """A paragraph written as a table that Markdown did not make one: the line of ---
    under its heading row has another number of columns, or there is no such line."""
    rows = [row.strip() for row in lines]
    for n in range(1, len(rows)):
        if "|" in rows[n - 1] and _UNDER_HEADINGS.fullmatch(rows[n]) and "|" in rows[n]:
            headings = len(_cells(rows[n - 1]))
            dashes = len(_cells(rows[n]))
            yield Finding("markdown_slip", text.pos(line + n - 1),
                          f'the lines starting "{shorten(rows[n - 1])}" are shown as they are '
                          f"typed, not as a table: its heading row has {_columns(headings)} "
                          f"and the line of --- under it has {dashes}",
                          "write one --- for each column in the line under the heading row: "
                          + _dashes(headings))
            return
    if len(rows) >= 2 and all(row.startswith("|") and row.endswith("|") for row in rows[:2]):
        yield Finding("markdown_slip", text.pos(line),
                      f'the lines starting "{shorten(rows[0])}" are shown as they are typed, '
                      "not as a table: there is no line of --- under its heading row",
                      "add one under the first row, with a --- for each column: "
                      + _dashes(len(_cells(rows[0]))))


def pasted_table(text: Text, line: int, lines: list[str]) -> Iterator[Finding]:
    """A paragraph of rows whose cells are apart by tabs, as a table copied from Word or
    Excel pastes into a text editor: it shows as one paragraph, its cells run together."""
    rows = [[cell.strip() for cell in row.strip().split("\t") if cell.strip()]
            for row in lines]
    tabbed = [n for n, cells in enumerate(rows) if len(cells) >= 2]
    if len(tabbed) < 2:
        return
    first, second = rows[tabbed[0]], rows[tabbed[1]]
    yield Finding("markdown_slip", text.pos(line + tabbed[0]),
                  f'the lines starting "{shorten("  ".join(first))}" are a table pasted from '
                  "Word or Excel: they are shown as one paragraph, the cells run together",
                  "write it as a Markdown table, a row a line, with a line of --- under the "
                  f'heading row: "{_row(first)}", then "{_dashes(len(first))}", then '
                  f'"{_row(second)}" and the other rows.')


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(shorten(cell) for cell in cells) + " |"


def cells_not_shown(text: Text, line: int, columns: int,
                     source: list[str]) -> Iterator[Finding]:
    """A table's row with more cells than the table has columns: Markdown drops the
    rest, and the reader never sees them."""
    row = _CONTAINER.sub("", source[line]).strip() if line < len(source) else ""
    extra = [cell.strip() for cell in _cells(row)[columns:] if cell.strip()]
    if columns and extra:
        yield Finding("table_cells", text.pos(line),
                      f"a row of the table has {len(_cells(row))} cells but the table has "
                      f'{_columns(columns)}, so "{shorten(" | ".join(extra))}" is not shown',
                      "give them a column of their own (a heading in the heading row, and a "
                      "--- for it in the line under it), or move them into the row's other "
                      "cells.")


def _cells(row: str) -> list[str]:
    """A table row's cells, split as markdown-it splits them (\\| is not a new cell)."""
    cells = escapedSplit(row)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _columns(count: int) -> str:
    return "1 column" if count == 1 else f"{count} columns"


def _dashes(count: int) -> str:
    return "| " + " | ".join(["---"] * max(count, 1)) + " |"
