"""``journey new journey``: when CQC publishes a new report, keep the Improvement Journey
that answered the old one as an earlier journey, and start a new one.

It does what the README's "When CQC inspects again" says to do by hand: moves
content/journey/ to content/earlier-journeys/NAME/, adds ``ended:`` to its journey.yaml
(and the years it ran to a title without them), and makes a new content/journey/. Links
to the kept journey's pages are changed to their new addresses: the old ones work until
the new journey has a page there (its own MD1).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click
import yaml

from generator.build import build_date
from generator.commands.common import fail_with, site_dir_argument, yaml_quoted
from generator.content.journey_loader import FOLDER_NAME
from generator.content.loader import load_site
from generator.errors import ContentErrors
from generator.model.dates import nhs_date
from generator.model.journey import EARLIER_FOLDER, JOURNEY_ROOT, Journey
from generator.model.site import BuildSettings, Site
from generator.pages.journey import list_pages
from generator.pages.urls import url_of

# A link to one of the journey's pages as editors write it, from the top of the site:
# /journey/actions/md3/ (not part of another address, such as https://example.org/journey/).
_NOT_AFTER = r"(?<![\w.:/-])"
NOTHING_CHANGED = "Nothing was changed; fix {them} and run journey new journey again."
_YEAR = re.compile(r"\b(?:19|20)[0-9]{2}\b")
_TITLE_LINE = re.compile(r"^title:[^\n]*$", re.MULTILINE)  # at the top level, on one line


@click.command("journey")
@site_dir_argument
@click.option("--ended", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              metavar="YYYY-MM-DD",
              help="The day CQC published its new report, the day the journey ends. "
                   "Default: the date of the report in rating.yaml.")
@click.option("--name", default=None,
              help="The kept journey's folder name, in its address: the year of the report "
                   "it answered (the default, from rating.yaml's history).")
def new_journey(site_dir: Path, ended: dt.datetime | None, name: str | None) -> None:
    """After CQC publishes a new report, keep content/journey/ as an earlier journey
    (content/earlier-journeys/NAME/, as it stood the day the report came out) and start
    a new content/journey/ for the new report. Import the report first: journey
    import-cqc FILE."""
    content = site_dir / "content"
    try:
        site = load_site(site_dir, BuildSettings(today=build_date(), drafts=True))
    except ContentErrors as exc:
        fail_with(exc, site_dir, NOTHING_CHANGED)
    journey = site.journey
    if journey is None:
        _stop(f"there is no journey in {content / 'journey'}/ to keep.",
              "run this in your site's folder, or name it after the command: journey new "
              "journey my-site; a journey needs a journey.yaml (see docs/content.md).")
    day = ended.date() if ended else _new_report_day(site, journey)
    name = name or _answered_year(site, day)
    target = content / EARLIER_FOLDER / name
    if not FOLDER_NAME.fullmatch(name):
        _stop(f'"{name}" cannot be part of a web address.',
              "give a name of small letters, numbers and hyphens: --name 2026")
    if target.exists():
        _stop(f"{target} already exists.", f"give the kept journey another name: --name {name}-2")
    last = max((j.as_of for j in site.earlier_journeys if j.as_of), default=None)
    if last is not None and last >= day:
        _stop(f"an earlier journey ended on {nhs_date(last)}, not before {nhs_date(day)}.",
              "check the date CQC published its new report: --ended YYYY-MM-DD")
    try:
        titled = _keep(content, journey, target, day, name if _YEAR.fullmatch(name) else None)
        moved = _relink_kept(content, journey, target, site.config.site.base_path)
        _start(content, journey, day, target.relative_to(content).as_posix())
    except OSError as exc:  # a folder open in another program, on Windows say
        click.echo(f"error: the journey could not be moved: {exc}\n  hint: close any program "
                   "or window showing content/journey/, check you can change files there, "
                   "and see what was done with git status before running this again.",
                   err=True)
        sys.exit(1)
    click.echo(f"Kept your improvement journey in {target}/, ended {nhs_date(day)}: it will "
               f"be at /{EARLIER_FOLDER}/{name}/, as it stood that day."
               + (f" Changed {moved} link{'s' if moved != 1 else ''} to its pages to their "
                  "new addresses." if moved else "")
               + (f' Called it "{titled}" (title: in its journey.yaml), to tell it apart '
                  "from the new one." if titled else ""))
    words = [f"{name}:" for name, said in (("tagline", journey.intro.tagline),
                                           ("intro", journey.intro.intro)) if said]
    if words:
        click.echo(f"Check: its {' and '.join(words)} in {target / 'journey.yaml'} were "
                   "written while it was your plan: word them for a plan that has ended, if "
                   "need be (as \"How we responded to CQC's inspection, and how far we "
                   "got\").")
    click.echo(f"Started a new {content / 'journey'}/ for CQC's report of {nhs_date(day)}: "
               "add what the report told you to do to its actions.yaml, and your warning "
               "notices, priorities, figures and timeline as you have them (see "
               "docs/content.md).")
    try:
        load_site(site_dir, BuildSettings(today=build_date(), drafts=True))
    except ContentErrors as exc:
        click.echo("Before the site builds again:", err=True)
        fail_with(exc, site_dir, "Fix {them}, then see both journeys with journey serve.")
    click.echo("See both with: journey serve")


def _new_report_day(site: Site, journey: Journey) -> dt.date:
    """The date of the report in rating.yaml, once it is the new one. Most of what is
    dated in the journey (its actions' progress, the updates about it) must be from
    before it: if as much is from on or after it, rating.yaml still shows the report the
    journey answered. (A few late ones are an update written since the new report.)"""
    if site.rating is None:
        _stop("there is no content/rating.yaml to take the new report's date from.",
              "import CQC's new report first (journey import-cqc FILE), or give the day "
              "it was published: --ended YYYY-MM-DD")
    day = site.rating.published
    dated = [(note.date, f"{action.id}'s progress of {nhs_date(note.date)}")
             for action in journey.actions for note in action.progress]
    dated += [(update.date, f'the update "{update.title}" of {nhs_date(update.date)}, about '
                            f"{', '.join(ids)}")
              for update in site.updates
              if (ids := [r.id for r in update.related if r.id in journey.items])]
    since = [found for found in dated if found[0] >= day]
    if since and len(since) * 2 >= len(dated):
        _, latest = max(since)
        _stop(f"rating.yaml's report of {nhs_date(day)} looks like the one your journey "
              f"answers: {len(since)} of its {len(dated)} progress notes and updates about "
              f"it are dated on or after it (the newest: {latest}).",
              "import CQC's new report first (journey import-cqc FILE), or give the day "
              "it was published: --ended YYYY-MM-DD")
    return day


def _answered_year(site: Site, day: dt.date) -> str:
    """The year of the newest report before ``day``: the one the journey answered."""
    reports = [r.published for r in site.rating.history] if site.rating else []
    if site.rating:
        reports.append(site.rating.published)
    before = [report for report in reports if report < day]
    if not before:
        _stop(f"rating.yaml has no report before {nhs_date(day)}, the one your journey "
              "answered, to name it by.",
              "give it a name, the year of that report: --name 2026")
    return str(max(before).year)


def _keep(content: Path, journey: Journey, target: Path, day: dt.date,
          answered: str | None) -> str | None:
    """Move the journey to ``target``, ended on ``day``; and if its title has no year in
    it, add the years it ran (from ``answered``, the year of the report it answered, if
    known): its new title, if it was given one."""
    target.parent.mkdir(exist_ok=True)
    shutil.move(content / "journey", target)
    intro = target / "journey.yaml"
    text = intro.read_text(encoding="utf-8")
    title = journey.intro.title
    years = (None if answered is None or _YEAR.search(title)
             else answered if answered == str(day.year) else f"{answered} to {day.year}")
    lines = list(_TITLE_LINE.finditer(text))
    titled = None
    if years and len(lines) == 1 and _says(lines[0][0], title):
        titled = f"{title}, {years}"
        text = (text[:lines[0].start()] + f"title: {yaml_quoted(titled)}"
                + text[lines[0].end():])
    intro.write_text(f"{text}{'' if text.endswith(chr(10)) else chr(10)}"
                     f"ended: {day.isoformat()}  # when CQC published the report the journey "
                     "now answers\n", encoding="utf-8")
    return titled


def _says(line: str, title: str) -> bool:
    """Whether ``line`` is the whole of the title: field (not the start of a longer one)."""
    try:
        return bool(yaml.safe_load(line) == {"title": title})
    except yaml.YAMLError:
        return False


def _relink_kept(content: Path, journey: Journey, target: Path, base_path: str) -> int:
    """Change links to the kept journey's pages to their new addresses: how many."""
    new_root = f"{base_path}{target.relative_to(content).as_posix()}/"
    link = re.compile(f"{_NOT_AFTER}{re.escape(base_path + JOURNEY_ROOT)}([a-z0-9/-]*)")
    items = {url_of(item).removeprefix(JOURNEY_ROOT) for item in journey.items.values()}
    lists = {path.removeprefix(JOURNEY_ROOT) for path, _ in list_pages(journey)}
    # In the journey kept, every link to a page of it; elsewhere (updates, pages), each
    # to one of its actions, warning notices or priorities, whose address the new
    # journey's MD1 will have.
    others = [path for path in content.rglob("*")
              if path.parts[len(content.parts)] not in ("journey", EARLIER_FOLDER)]
    return (_relink(target.rglob("*"), link, items | lists, new_root)
            + _relink(others, link, items, new_root))


def _relink(paths: Iterable[Path], link: re.Pattern[str], pages: set[str],
            new_root: str) -> int:
    """Change each link ``link`` finds (to /journey/PAGE, in the files of these that are
    Markdown or YAML) to ``new_root``/PAGE, for each PAGE of ``pages``; how many were
    changed."""
    changed = 0

    def moved(found: re.Match[str]) -> str:
        nonlocal changed
        if found[1] not in pages and f"{found[1]}/" not in pages:  # /journey/actions/md3
            return found[0]
        changed += 1
        return new_root + found[1]

    for path in sorted(paths):
        if path.suffix in (".md", ".yaml") and path.is_file():
            text = path.read_text(encoding="utf-8")
            new = link.sub(moved, text)
            if new != text:
                path.write_text(new, encoding="utf-8")
    return changed


def _start(content: Path, old: Journey, day: dt.date, kept: str) -> None:
    """A new content/journey/ that builds as it is: a title and a few words until the
    new plan is written."""
    folder = content / "journey"
    folder.mkdir()
    report = nhs_date(day)
    feedback = (f"feedback_email: {yaml_quoted(old.intro.feedback_email)}\n"
                if old.intro.feedback_email else "")
    (folder / "journey.yaml").write_text(
        f"# The Improvement Journey that answers CQC's report of {report}. The one before\n"
        f"# it is in content/{kept}/. docs/content.md describes each field.\n"
        f"title: {yaml_quoted(old.intro.title)}\n"
        f"tagline: What we are doing after CQC's report of {report}.\n"
        "intro: |\n"
        f"  The Care Quality Commission (CQC) published a new report on our trust on\n"
        f"  {report}. We are writing our plan to put right what it found, and will\n"
        "  show our progress here.\n"
        f"{feedback}", encoding="utf-8")
    (folder / "actions.yaml").write_text(
        f"# What CQC's report of {report} told us to do. Add each action as the report\n"
        "# words it, under must_do: or should_do:, for example:\n"
        "#   - {id: MD1, text: Make sure every ward has enough nurses on every shift.,\n"
        "#      regulation: \"Regulation 18: Staffing\", status: not_started, due: "
        f"{(day + dt.timedelta(days=182)).isoformat()}}}\n"
        "must_do: []\nshould_do: []\n", encoding="utf-8")


def _stop(message: str, hint: str) -> NoReturn:
    click.echo(f"error: {message}\n  hint: {hint}\nNothing was changed.", err=True)
    sys.exit(1)
