"""``journey import-cqc``: turn a rating saved from CQC's API into content/rating.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from generator.commands.common import fail_with, site_dir_argument
from generator.content.typed import read_optional_file
from generator.cqc.api import read_cqc_file
from generator.cqc.freshness import CQC_DATA_FOLDER
from generator.cqc.rating_file import import_record
from generator.errors import ContentErrors, ErrorCollector, display_path
from generator.model.dates import nhs_date
from generator.model.rating import Rating
from generator.model.schema import Reader
from generator.render.markdown import Markdown, MarkdownRenderer


@click.command("import-cqc")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@site_dir_argument
def import_cqc_command(file: Path, site_dir: Path) -> None:
    """Update content/rating.yaml from FILE, a provider or location saved from CQC's API.

    CQC's ratings, dates, services and history replace what rating.yaml says; your
    summary, note and comments are kept. A copy of FILE is kept in content/cqc/ so
    that journey check can tell you when CQC publishes something newer.
    """
    content = site_dir / "content"
    rating_file = content / "rating.yaml"
    try:
        record = read_cqc_file(file)
        _check_existing(rating_file)
        result = import_record(record, rating_file)
    except ContentErrors as exc:
        fail_with(exc, site_dir, "rating.yaml was not changed; fix {them} and import again.")
    shown = display_path(rating_file, Path.cwd())
    name = f"{record.name} ({record.kind} {record.id})"
    if result.changes:
        click.echo(f"Imported CQC's rating of {name} into {shown}:")
        for change in result.changes:
            click.echo(f"  {change}")
    else:
        click.echo(f"{shown} already shows CQC's rating of {name}: nothing changed.")
    for reminder in result.reminders:
        click.echo(f"Check: {reminder}")
    if result.replaced and (content / "journey").is_dir():
        click.echo(f"Check: this report replaces the one of {nhs_date(result.replaced)}. If "
                   "your Improvement Journey answered that one and a new plan answers this, "
                   "keep it as an earlier journey and start a new one: journey new journey "
                   f"(it moves content/journey/ to content/earlier-journeys/"
                   f"{result.replaced.year}/, ended {nhs_date(record.published)}; see "
                   '"When CQC inspects again" in the README).')
    kept = _keep_copy(file, content / CQC_DATA_FOLDER / f"{record.id}.json")
    if kept:
        click.echo(f"Kept a copy of the data in {display_path(kept, Path.cwd())}.")


def _check_existing(rating_file: Path) -> None:
    """Refuse to touch a rating.yaml with errors: the editor fixes it first."""
    errors = ErrorCollector()
    renderer = MarkdownRenderer()
    read_optional_file(rating_file, Rating, "the rating",
                       lambda: Reader({Markdown: lambda s: Markdown.from_scalar(s, renderer)}),
                       errors)
    errors.raise_if_any()


def _keep_copy(file: Path, copy: Path) -> Path | None:
    if copy.exists() and copy.resolve() == file.resolve():
        return None
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, copy)
    return copy
