"""Options and error reporting shared by the command modules."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from generator.errors import (
    NOT_PUBLISHED,
    ContentError,
    ContentErrors,
    format_error,
    format_errors,
)

F = Callable[..., Any]


def yaml_quoted(text: str) -> str:
    """``text`` in double quotes for a YAML file an editor will read: letters such as
    the â of Siân or curly quotes as they are, not as \\u escapes (JSON's double quotes
    are YAML's). What YAML reads as a line break or refuses is escaped."""
    return _NOT_AS_IS.sub(lambda found: f"\\u{ord(found[0]):04x}",
                          json.dumps(text, ensure_ascii=False))


# Control characters JSON leaves as they are, YAML's line breaks, half characters.
_NOT_AS_IS = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def site_dir_argument(f: F) -> F:
    return click.argument(
        "site_dir", required=False, default=".",
        type=click.Path(file_okay=False, path_type=Path),
    )(f)


def now_option(f: F) -> F:
    return click.option(
        "--now", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
        help="Build as if today were this date (decides which embargoed items show). "
             "Default: SOURCE_DATE_EPOCH if set, else today.",
    )(f)


def to_date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def fail_with(exc: ContentErrors, root: Path, outcome: str = NOT_PUBLISHED) -> NoReturn:
    """Print every content error the way editors read them, and exit 1."""
    click.echo(format_errors(exc.errors, root.resolve(), outcome)
               + (f"\n{exc.afterword}" if exc.afterword else ""), err=True)
    sys.exit(1)


def show_warnings(warnings: tuple[ContentError, ...], root: Path) -> None:
    for warning in warnings:
        text = format_error(warning, root.resolve()).replace(": error: ", ": warning: ", 1)
        click.echo(text + "\n", err=True)
