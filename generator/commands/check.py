"""``journey check``: find every problem in the content and built pages (writing only to
.cache/, what it found, for the next check)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from generator.build import build_date
from generator.checking import check_site
from generator.commands.common import fail_with, now_option, site_dir_argument, to_date
from generator.errors import NOT_CHECKED, ContentErrors, counted
from generator.model.settings import BuildSettings
from generator.quality.annotations import (
    azure_command,
    error_annotations,
    finding_annotations,
    github_command,
    job_summary,
)
from generator.quality.report import count, format_findings, severity_tip


@click.command("check")
@site_dir_argument
@click.option("--drafts", is_flag=True, help="Check drafts and embargoed items too.")
@click.option("--strict", is_flag=True, help="Fail on warnings too (what publishing uses).")
@click.option("--external", is_flag=True,
              help="Also check that links to other websites work, and what --published "
                   "checks (needs the internet).")
@click.option("--published", is_flag=True,
              help="Also list the pages the published site (at base_url) has that the site "
                   "would no longer have: a file renamed or deleted (needs the internet).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds to wait for each other website, with --external or --published.")
@click.option("--cqc", "cqc_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="A provider or location saved from CQC's API, to check the site shows its "
                   "rating (files in content/cqc/ are always checked).")
@click.option("--no-cache", is_flag=True,
              help="Render and check every page again, ignoring the last build and what "
                   "earlier checks kept in .cache/.")
@click.option("--format", "output_format", type=click.Choice(["text", "github", "azure"]),
              default="text", show_default=True,
              help="github: each finding as a GitHub Actions annotation, shown on its line "
                   "in a pull request (for a workflow); azure: each as an Azure Pipelines "
                   "issue, listed with its file and line on the run's summary.")
@now_option
def check_command(site_dir: Path, drafts: bool, strict: bool, external: bool, published: bool,
                  timeout: float, cqc_files: tuple[Path, ...], no_cache: bool,
                  output_format: str, now: dt.datetime | None) -> None:
    """Check SITE_DIR (default: this folder): links, accessibility, plain English and
    Markdown, Regulation 20A, freshness, image sizes and example words left in. Exit
    status 1 if there are errors (or, with --strict, any warnings: notes never fail it)."""
    settings = BuildSettings(today=build_date(to_date(now)), drafts=drafts)
    try:
        result = check_site(site_dir, settings, use_cache=not no_cache, cqc_files=cqc_files,
                            external_timeout=timeout if external else None,
                            published_timeout=timeout if external or published else None)
    except ContentErrors as exc:
        if output_format in COMMANDS:  # and, below, the errors with their lines shown
            click.echo("\n".join(map(COMMANDS[output_format], error_annotations(exc.errors))))
        fail_with(exc, site_dir, NOT_CHECKED)
    counts = count(result.findings, result.checks)
    report = ""
    if result.findings:
        tip = severity_tip(result.findings, result.checks)
        report = (format_findings(result.findings, result.checks, site_dir.resolve())
                  + (f"\n\n{tip}" if tip else ""))
    summary = (f"Checked {counted(result.pages, 'page')}: "
               f"{counted(counts.errors, 'error')}, {counted(counts.warnings, 'warning')}, "
               f"{counted(counts.notes, 'note')}.")
    if counts.warnings and not counts.errors and not strict:
        # Netlify publishes with --strict: say so before a push finds out.
        summary += " Publishing (journey build --strict) stops on warnings: fix them first."
    if output_format in COMMANDS:
        for annotation in finding_annotations(result.findings, result.checks, strict):
            click.echo(COMMANDS[output_format](annotation))
        _summary_page(output_format, job_summary(summary, report))
    elif report:
        click.echo(report + "\n", err=True)
    click.echo(summary)
    if counts.errors or (strict and counts.warnings):
        sys.exit(1)


COMMANDS = {"github": github_command, "azure": azure_command}


def _summary_page(output_format: str, markdown: str) -> None:
    """The whole report on the run's summary page, where the service has one for it."""
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as steps:
            steps.write(markdown)  # GitHub adds each step's to the page
    elif output_format == "azure" and os.environ.get("AGENT_TEMPDIRECTORY"):
        # Azure shows a Markdown file it is given on the run's page (a tab of its own);
        # its temporary folder is emptied after each job.
        page = Path(os.environ["AGENT_TEMPDIRECTORY"]) / "journey-check.md"
        page.write_text(markdown, encoding="utf-8")
        click.echo(f"##vso[task.uploadsummary]{page}")
