"""``journey new site``, ``update``, ``statement``, ``page`` and ``translation``: start a
site, this month's update, a public statement, a page, or a translation of one."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click

from generator.build import build_date
from generator.commands.common import yaml_quoted
from generator.commands.month_digest import MonthDigest, month_digest
from generator.commands.new_journey import new_journey
from generator.commands.starter_dates import date_starter
from generator.content.loader import RESERVED_SLUGS, load_site
from generator.errors import ContentErrors
from generator.model.dates import MONTHS
from generator.model.languages import HOW_TO_NAME, Language, code_of, meant
from generator.model.site import BuildSettings, Site
from generator.model.translations import translated_slug
from generator.model.updates import FreePage, Ref, Update

STARTER_DIR = Path(__file__).resolve().parents[1] / "starter"


@click.group("new")
def new_group() -> None:
    """Create a new site, a new monthly update, public statement, page or translation,
    or start a new Improvement Journey after a new CQC report."""


new_group.add_command(new_journey)


@new_group.command("site")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new_site(directory: Path) -> None:
    """Create a working starter site in DIRECTORY (its content/ folder). DIRECTORY may
    hold other things already, such as your copy of this tool, but not a content/ folder."""
    content = directory / "content"
    if content.exists() and (not content.is_dir() or any(content.iterdir())):
        click.echo(f"error: {content} already exists, so nothing was changed.\n"
                   "  hint: to start a site of your own in place of that one, rename or "
                   "delete that content folder first (keep a copy if it holds words you "
                   "want), or choose a new folder: journey new site my-site", err=True)
        sys.exit(1)
    shutil.copytree(STARTER_DIR / "content", content, dirs_exist_ok=True)
    _add_ignored(directory / ".gitignore", (STARTER_DIR / ".gitignore").read_text("utf-8"))
    today = build_date()
    date_starter(content, today, update_file_name(today))
    go_there = "" if directory.resolve() == Path.cwd() else f"  cd {directory}\n"
    click.echo(f"Created a new site in {content}/.\n"
               "Next: change site.yaml and rating.yaml in it to your trust's, and see it as "
               f"you write:\n{go_there}  journey serve")


def _add_ignored(gitignore: Path, starter: str) -> None:
    """The starter's .gitignore, or its lines added to the folder's own (a copy of this
    repository has one)."""
    if not gitignore.exists():
        gitignore.write_text(starter, encoding="utf-8")
        return
    kept = gitignore.read_text(encoding="utf-8")
    missing = [line for line in starter.splitlines()
               if line and not line.startswith("#") and line not in kept.splitlines()]
    if missing:
        gitignore.write_text(kept + ("" if kept.endswith("\n") or not kept else "\n")
                             + "\n".join(missing) + "\n", encoding="utf-8")


def update_file_name(when: dt.date) -> str:
    """2026-11-november-update.md: a month's update, as journey new update names it."""
    return f"{when:%Y-%m}-{MONTHS[when.month - 1].lower()}-update.md"


@new_group.command("update")
@click.argument("site_dir", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--date", "date_", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="The update's date. Default: today.")
def new_update(site_dir: Path, date_: dt.datetime | None) -> None:
    """Create this month's update in SITE_DIR/content/updates/, as a draft."""
    when = date_.date() if date_ else build_date()
    _write_draft(site_dir, update_file_name(when), "pass --date for a different month",
                 lambda site: update_template(when, _signatories(site),
                                              month_digest(site, when) if site else None))


@new_group.command("statement")
@click.argument("title")
@click.argument("site_dir", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--date", "date_", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD", help="The statement's date. Default: today.")
def new_statement(title: str, site_dir: Path, date_: dt.datetime | None) -> None:
    """Create a public statement called TITLE in SITE_DIR/content/updates/, as a draft:
    journey new statement "Statement on our CQC report"."""
    when = date_.date() if date_ else build_date()
    slug = _file_name_of(title, 'journey new statement "Statement on our CQC report"')
    _write_draft(site_dir, f"{when.isoformat()}-{slug}.md", "give it another title",
                 lambda site: statement_template(when, title.strip(), _signatories(site)))


@new_group.command("page")
@click.argument("title")
@click.argument("site_dir", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
def new_page(title: str, site_dir: Path) -> None:
    """Create a page called TITLE in SITE_DIR/content/pages/, as a draft: journey new
    page "Our maternity services". The site's header links to it once it is published."""
    slug = _file_name_of(title, 'journey new page "Our maternity services"')
    if slug in RESERVED_SLUGS:
        click.echo(f'error: a page cannot be called "{slug}": that address is used by the '
                   f'site.\n  hint: give it a longer title, for example: journey new page '
                   f'"{title.strip()} information"', err=True)
        sys.exit(1)
    _write_draft(site_dir, f"{slug}.md", "give it another title",
                 lambda _: page_template(title.strip()), "pages")


def _file_name_of(title: str, example: str) -> str:
    """The name a file (and its page's address) is given from ``title``: its words in
    small letters, joined by hyphens, their accents dropped (Siân: sian), as a web
    address has none."""
    plain = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].rstrip("-")
    if not slug:
        click.echo(f"error: the title {title!r} has no letters or numbers to name its file by.\n"
                   f"  hint: give it a title in words: {example}", err=True)
        sys.exit(1)
    return slug


@new_group.command("translation")
@click.argument("original")
@click.argument("site_dir", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--language", required=True, metavar="LANGUAGE",
              help="The language it is translated into: its name in English (Polish) or "
              "its code (pl).")
def new_translation(original: str, site_dir: Path, language: str) -> None:
    """Start a translation of the update or page ORIGINAL (its file's name without .md),
    as a draft holding the original's words for the translator to replace: journey new
    translation 2026-02-18-statement-on-our-cqc-report --language Polish"""
    code = code_of(language)
    if code is None or Language(code).is_english:
        click.echo(f'error: "{language}" is not a language to translate into.\n'
                   f"  hint: {meant(language)}give "
                   f"{HOW_TO_NAME.replace('language: ', '--language ')}.",
                   err=True)
        sys.exit(1)
    if not (site_dir / "content").is_dir():
        _no_content(site_dir)
    site = _site_now(site_dir)
    if site is None:
        click.echo("error: the site has errors, so the update or page to translate cannot "
                   "be read.\n  hint: run journey check, fix what it says, then run this "
                   "again.", err=True)
        sys.exit(1)
    slug = translated_slug(Ref(original))
    item = next((i for i in (*site.updates, *site.pages, *site.hidden) if i.slug == slug),
                None)
    if item is None:
        click.echo(f'error: there is no update or page called "{slug}" in '
                   f"{site_dir / 'content'}.\n  hint: give the file name of the one to "
                   "translate, without .md, as in: journey new translation "
                   "2026-02-18-statement-on-our-cqc-report --language Polish", err=True)
        sys.exit(1)
    translated = Language(code)
    folder = "updates" if isinstance(item, Update) else "pages"
    name = f"{slug}-{re.sub(r'[^a-z0-9]+', '-', translated.english_name.lower()).strip('-')}.md"
    _write_draft(site_dir, name, "edit the translation there",
                 lambda _: translation_template(item, translated), folder)
    click.echo(f"It holds the words of {slug}: replace them with the "
               f"{translated.english_name} translation, keeping each ## and - at the start "
               "of a line. Publish it with the one it translates: each links to the other.")


def translation_template(item: Update | FreePage, language: Language) -> str:
    """A draft translation of ``item``: its front matter, with its language and what it
    translates, and its text, for the translator to replace."""
    lines = ["---", f"title: {_plain_or_quoted(item.title)}"]
    if isinstance(item, Update):
        lines += [f"date: {item.date.isoformat()}", f"kind: {item.kind.value}"]
        if item.summary:
            lines.append(f"summary: {yaml_quoted(item.summary.source.strip())}")
        lines += _signed_by([(p.name, p.role) for p in item.signed_by])
    # Its English name ("Polish"), or the code as given when journey has no name for it.
    lines += [f"language: {language.english_name}", f"translation_of: {item.slug}",
              "draft: true", "---"]
    return "\n".join(lines) + "\n" + item.body.source.strip() + "\n"


def _write_draft(site_dir: Path, name: str, otherwise: str,
                 text: Callable[[Site | None], str], folder_name: str = "updates") -> None:
    """Write ``text`` (given the site as it is, None if it has errors) to
    content/``folder_name``/``name``, unless it is there already (``otherwise``: what to
    do instead)."""
    folder = site_dir / "content" / folder_name
    if not (site_dir / "content").is_dir():
        _no_content(site_dir)
    path = folder / name
    if path.exists():
        click.echo(f"error: {path} already exists; nothing was changed.\n"
                   f"  hint: edit that file, or {otherwise}.", err=True)
        sys.exit(1)
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text(_site_now(site_dir)), encoding="utf-8")
    click.echo(f"Created {path}.\nIt is a draft: write it, then change draft: true to "
               "draft: false to publish it.")


def _no_content(site_dir: Path) -> NoReturn:
    click.echo(f"error: {site_dir} has no content/ folder.\n"
               "  hint: run this in your site's folder, or name it after the command, "
               "as in: journey new update my-site", err=True)
    sys.exit(1)


def update_template(when: dt.date, signatories: list[tuple[str, str | None]],
                    digest: MonthDigest | None = None) -> str:
    """The front matter and outline of a new monthly update: under its headings, what the
    Improvement Journey recorded since the last update, and what is due next."""
    # With nothing recorded, what to write under each heading, as the starter's update
    # says (example words journey check asks to be replaced, not an empty section).
    done = ([f"- {line}" for line in digest.done] if digest and digest.done else
            ["What you did this month, in short paragraphs or a list."])
    coming = ([f"- {line}" for line in digest.next] if digest and digest.next else
              ["What you will do next month."])
    return _draft(f"{MONTHS[when.month - 1]} {when.year} update", when, "update",
                  "One sentence on the most important progress this month.", signatories,
                  ["Write this month's update here. Say what has changed since last month, "
                   "in plain English.", "", "## What we have done", "", *done, "",
                   "## What we will do next", "", *coming],
                  related=digest.related if digest else ())


def statement_template(when: dt.date, title: str,
                       signatories: list[tuple[str, str | None]]) -> str:
    """The front matter and outline of a new public statement."""
    return _draft(title, when, "statement",
                  "One sentence saying what this statement is about.", signatories,
                  ["Write your statement here. Say what has happened, what it means for "
                   "patients, and what you are doing about it."])


def page_template(title: str) -> str:
    """The front matter and outline of a new page."""
    return "\n".join(["---", f"title: {_plain_or_quoted(title)}",
                      "summary: One sentence saying what this page is about.", "draft: true",
                      "---", "Write this page here, in plain English. Use ## for each "
                      "heading.", ""])


def _draft(title: str, when: dt.date, kind: str, summary: str,
           signatories: list[tuple[str, str | None]], body: list[str],
           related: tuple[str, ...] = ()) -> str:
    # Quoted wherever an editor's words go: they may hold ": " or start with a quote.
    lines = ["---", f"title: {_plain_or_quoted(title)}", f"date: {when.isoformat()}",
             f"kind: {kind}", f"summary: {summary}"]
    lines += _signed_by(signatories)
    if related:
        lines.append(f"related: [{', '.join(related)}]")
    return "\n".join([*lines, "draft: true", "---", *body, ""])


def _signed_by(signatories: list[tuple[str, str | None]]) -> list[str]:
    lines = ["signed_by:"] if signatories else []
    for name, role in signatories:
        lines.append(f"  - name: {yaml_quoted(name)}")
        if role:
            lines.append(f"    role: {yaml_quoted(role)}")
    return lines


def _plain_or_quoted(text: str) -> str:
    """``text`` as it is when plain words, else quoted (it may hold ": " or a quote)."""
    return text if re.fullmatch(r"[A-Za-z0-9][\w ,.()'-]*", text) else yaml_quoted(text)


def _site_now(site_dir: Path) -> Site | None:
    """The site as it is, drafts and all; None if it has errors (the draft is written
    anyway, without what it would have taken from the site)."""
    try:
        return load_site(site_dir, BuildSettings(today=build_date(), drafts=True))
    except ContentErrors:
        return None


def _signatories(site: Site | None) -> list[tuple[str, str | None]]:
    """Who signed the latest update, so the new one starts with the same names."""
    latest = site.latest_update if site else None
    return [(p.name, p.role) for p in latest.signed_by] if latest else []
