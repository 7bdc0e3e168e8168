"""``journey check``: find every content problem without writing anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.build import build_date, count_pages, render_site
from generator.commands.common import (
    fail_with,
    now_option,
    show_warnings,
    site_dir_argument,
    to_date,
)
from generator.cqc.freshness import freshness_warnings
from generator.errors import ContentErrors
from generator.model.site import BuildSettings


@click.command("check")
@site_dir_argument
@click.option("--drafts", is_flag=True, help="Check drafts and embargoed items too.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--cqc", "cqc_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="A provider or location saved from CQC's API, to check the site shows its "
                   "rating (files in content/cqc/ are always checked).")
@now_option
def check_command(site_dir: Path, drafts: bool, strict: bool, cqc_files: tuple[Path, ...],
                  now: dt.datetime | None) -> None:
    """Check the content of SITE_DIR (default: this folder) without building it."""
    settings = BuildSettings(today=build_date(to_date(now)), drafts=drafts)
    try:
        site, pages, _ = render_site(site_dir, settings, strict=strict)
    except ContentErrors as exc:
        fail_with(exc, site_dir)
    found = (*site.warnings, *freshness_warnings(site_dir / "content", site.rating,
                                                 settings.today, cqc_files))
    if strict and len(found) > len(site.warnings):
        fail_with(ContentErrors(found), site_dir)
    show_warnings(found, site_dir)
    warnings = f", {len(found)} warning(s)" if found else ""
    click.echo(f"Checked {count_pages(pages)} pages: no errors{warnings}.")
