"""``journey build``: build the site into site/ (or --out), replacing it only on success."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.build import build
from generator.commands.common import (
    fail_with,
    now_option,
    show_warnings,
    site_dir_argument,
    to_date,
)
from generator.errors import ContentErrors, counted, display_path
from generator.progress import ProgressLine


@click.command("build")
@site_dir_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to build into. Default: site/ in the site folder.")
@click.option("--drafts", is_flag=True,
              help="Include drafts and embargoed items (for previews only).")
@click.option("--unlisted", is_flag=True,
              help="Ask search engines not to list this copy of the site: for a preview "
                   "of changes, which anyone with its address can open. A build with "
                   "--drafts is always unlisted.")
@click.option("--strict", is_flag=True,
              help="Treat warnings as errors (use this in CI and Netlify).")
@click.option("--base-url", default=None, metavar="URL",
              help="The address the site will be published at, overriding site.yaml.")
@click.option("--pdf", is_flag=True,
              help="Also make the Improvement Journey as a PDF booklet "
                   "(improvement-journey.pdf), linked from the journey page.")
@click.option("--no-cache", is_flag=True,
              help="Build every page again, ignoring what the last build kept in .cache/.")
@now_option
def build_command(site_dir: Path, out: Path | None, drafts: bool, unlisted: bool, strict: bool,
                  base_url: str | None, pdf: bool, no_cache: bool,
                  now: dt.datetime | None) -> None:
    """Build the website from SITE_DIR (default: this folder)."""
    progress = ProgressLine()
    try:
        result = build(site_dir, out, drafts=drafts, unlisted=unlisted, strict=strict,
                       today=to_date(now), base_url=base_url, pdf=pdf, progress=progress,
                       use_cache=not no_cache)
    except ContentErrors as exc:
        progress.close()
        fail_with(exc, site_dir)
    progress.close()
    show_warnings(result.warnings, site_dir)
    assert result.out is not None
    where = display_path(result.out, Path.cwd())
    click.echo(f"Built {counted(result.pages, 'page')} into {where}/ in {result.seconds:.2f}s "
               f"({counted(result.files - result.unchanged, 'file')} written, "
               f"{result.unchanged:,} unchanged).")
    if result.notes:  # they never stop publishing, so a strict build is where it is told
        click.echo("Notes, which do not stop publishing (journey check lists them):\n  "
                   + "\n  ".join(result.notes))
