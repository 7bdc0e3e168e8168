"""``journey check``: find every content problem without writing anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.build import build_date, render_site
from generator.commands.common import (
    fail_with,
    now_option,
    show_warnings,
    site_dir_argument,
    to_date,
)
from generator.errors import ContentErrors
from generator.model.site import BuildSettings


@click.command("check")
@site_dir_argument
@click.option("--drafts", is_flag=True, help="Check drafts and embargoed items too.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@now_option
def check_command(site_dir: Path, drafts: bool, strict: bool, now: dt.datetime | None) -> None:
    """Check the content of SITE_DIR (default: this folder) without building it."""
    settings = BuildSettings(today=build_date(to_date(now)), drafts=drafts)
    try:
        site, pages, _ = render_site(site_dir, settings, strict=strict)
    except ContentErrors as exc:
        fail_with(exc, site_dir)
    show_warnings(site.warnings, site_dir)
    warnings = f", {len(site.warnings)} warning(s)" if site.warnings else ""
    click.echo(f"Checked {len(pages)} pages: no errors{warnings}.")
