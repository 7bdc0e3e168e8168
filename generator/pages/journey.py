"""The Improvement Journey's pages: overview, tracker, notices, priorities, metrics, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from markupsafe import Markup

from generator.model.attachments import Attachment
from generator.model.dates import nhs_date
from generator.model.journey import (
    STATUS_ORDER,
    Journey,
    Milestone,
    MilestoneStatus,
    WarningNotice,
)
from generator.model.site import JourneyItem, Site
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.core import HOME
from generator.pages.progress import progress
from generator.pages.urls import BOARD, JOURNEY, url_of
from generator.render.metadata import site_origin
from generator.render.spreadsheets import actions_csv, figures_csv

JOURNEY_CRUMB = Breadcrumb("Improvement journey", JOURNEY)
# Named for what they are on a reader's computer, where they are downloaded to.
ACTIONS_CSV = "improvement-journey-actions.csv"
FIGURES_CSV = "improvement-journey-figures.csv"


def next_milestones(journey: Journey, today: dt.date, limit: int = 3) -> tuple[Milestone, ...]:
    """The next planned milestones that are not yet in the past."""
    upcoming = [m for m in journey.timeline
                if m.status is MilestoneStatus.PLANNED and m.when.relation_to(today) != "past"]
    return tuple(upcoming[:limit])


def journey_pages(site: Site) -> Iterator[OutputPage]:
    """The Improvement Journey's pages, and each earlier journey's."""
    if site.journey is not None:
        yield from _pages_of(site, site.journey, (HOME,), JOURNEY_CRUMB)
    for earlier in site.earlier_journeys:
        yield from _pages_of(site, earlier, (HOME, JOURNEY_CRUMB) if site.journey else (HOME,),
                             Breadcrumb(earlier_title(earlier), earlier.root))


def earlier_title(journey: Journey) -> str:
    """What an earlier journey is called where it is listed and in breadcrumbs."""
    return f"{journey.intro.title} (ended {nhs_date(journey.as_of)})" if journey.as_of else (
        journey.intro.title)


def list_pages(journey: Journey) -> list[tuple[str, str]]:
    """The address and title of each of a journey's pages but its items' (the overview's
    title is the journey's)."""
    root = journey.root
    return [(root, journey.intro.title), (f"{root}actions/", "Actions"),
            *([(f"{root}metrics/", "Measuring our progress")] if journey.metrics else []),
            *([(f"{root}timeline/", "Timeline")] if journey.timeline else [])]


def _pages_of(site: Site, journey: Journey, trail: tuple[Breadcrumb, ...],
              crumb: Breadcrumb) -> Iterator[OutputPage]:
    """One journey's pages: its overview's breadcrumbs are ``trail``, and the others'
    lead to the overview by ``crumb``."""
    root = journey.root
    sources = site.sources_of(journey)
    # An earlier journey's pages show it as it ended: nothing is coming up in it.
    current = not journey.is_earlier
    inside = (*trail, crumb)
    section = "" if current else earlier_title(journey)
    actions_crumb = Breadcrumb("Actions", f"{root}actions/")
    listed = site.earlier_journeys[::-1] if current else tuple(
        j for j in site.earlier_journeys[::-1] if j is not journey)
    before = _earlier_items_at(site) if current else {}
    yield OutputPage(
        url=root, template="journey/overview.html", title=section or journey.intro.title,
        # It lists the other earlier journeys: their titles and when they ended.
        sources=(*sources, *map(site.intro_file, listed)),
        context={"journey": journey,
                 "summaries": (progress(journey.must_dos, "must-dos"),
                               progress(journey.should_dos, "should-dos")),
                 "upcoming": next_milestones(journey, site.settings.today) if current else (),
                 "earlier": listed},
        description=journey.intro.tagline or "", breadcrumbs=trail, dated=current)
    address = _addresses_in(site)
    actions = None  # a new journey's plan, not yet written, has none: nor a spreadsheet
    if journey.actions:
        actions = _download(f"{root}{ACTIONS_CSV}", "Every action and its status", actions_csv(
            journey, site.settings.today, lambda item: address(url_of(item))), sources, current)
        yield actions
    yield OutputPage(
        url=f"{root}actions/", template="journey/actions.html",
        title="Actions we must and should take",
        sources=sources, context={"journey": journey, "statuses": STATUS_ORDER,
                                  "download": actions and actions.context["file"]},
        description="Every action CQC told us we must or should take, and its progress.",
        breadcrumbs=inside, section=section, dated=current)  # its file's size may change
    for action in journey.actions:
        earlier_here = before.get(url_of(action).removeprefix(root))
        yield OutputPage(
            url=url_of(action), template="journey/action.html",
            title=f"{action.id}: {action.headline}",
            sources=_with_earlier(site, sources, earlier_here),
            listed=site.files_mentioning(action),
            context={"journey": journey, "action": action, "earlier_here": earlier_here,
                     "mentions": site.updates_mentioning(action)},
            description=action.text.text[:300], breadcrumbs=(*inside, actions_crumb),
            section=section)
    for notice in journey.warning_notices:
        earlier_here = before.get(url_of(notice).removeprefix(root))
        yield OutputPage(
            url=url_of(notice), template="journey/warning_notice.html",
            title=f"Warning notice {notice.id}: {notice.title}",
            sources=_with_earlier(site, sources, earlier_here),
            listed=site.files_mentioning(notice),
            context={"journey": journey, "notice": notice, "earlier_here": earlier_here,
                     "metrics": [m for r in notice.front.metrics if (m := journey.metric(r.id))],
                     "mentions": site.updates_mentioning(notice)},
            description=notice.front.finding.text[:300] if notice.front.finding else "",
            breadcrumbs=inside, section=section)
    for priority in journey.priorities:
        earlier_here = before.get(url_of(priority).removeprefix(root))
        yield OutputPage(
            url=url_of(priority), template="journey/priority.html",
            title=f"Priority {priority.id}: {priority.name}",
            sources=_with_earlier(site, sources, earlier_here),
            listed=site.files_mentioning(priority),
            context={"journey": journey, "priority": priority, "earlier_here": earlier_here,
                     "actions": journey.actions_for(priority),
                     "notices": journey.notices_for(priority),
                     "mentions": site.updates_mentioning(priority)},
            description=priority.aim.text[:300] if priority.aim else "",
            breadcrumbs=inside, section=section)
    if journey.metrics:
        figures = _download(f"{root}{FIGURES_CSV}", "Every figure", figures_csv(
            journey, address(f"{root}metrics/")), sources, dated=False)
        yield figures
        yield OutputPage(
            url=f"{root}metrics/", template="journey/metrics.html",
            title="Measuring our progress",
            sources=sources, context={"journey": journey, "download": figures.context["file"]},
            description="The figures that show whether care is improving.",
            breadcrumbs=inside, section=section)
    if journey.timeline:
        yield OutputPage(
            url=f"{root}timeline/", template="journey/timeline.html", title="Timeline",
            sources=sources, context={"journey": journey},
            description="What we have done and what is planned, in date order.",
            breadcrumbs=inside, section=section)


def _addresses_in(site: Site) -> Callable[[str], str]:
    """The address a spreadsheet gives a page at a site path: the full one when
    base_url is a full address (a file downloaded has no site to be relative to)."""
    prefix = site_origin(site) + site.config.site.base_path
    return lambda path: prefix + path


def _download(url: str, title: str, text: str, sources: tuple[Path, ...],
              dated: bool) -> OutputPage:
    """A CSV file of the journey; its context's ``file`` is what a page links to it by."""
    file = Attachment(title=title, file=url, size=len(text.encode()))
    return OutputPage(url=url, template="download.csv", title=title, sources=sources,
                      context={"text": Markup(text), "file": file}, dated=dated)


def _earlier_items_at(site: Site) -> dict[str, tuple[Journey, JourneyItem]]:
    """By its address under the journey's (actions/md1/), the earlier journey's item that
    had each address last, while its journey was the journey: the journey now's item
    there says where it went (a link from a news story to the old MD1, say)."""
    found = {}
    for earlier in site.earlier_journeys:  # oldest first: a newer one's item wins
        for item in earlier.items.values():
            found[url_of(item).removeprefix(earlier.root)] = (earlier, item)
    return found


def _with_earlier(site: Site, sources: tuple[Path, ...],
                  earlier_here: tuple[Journey, JourneyItem] | None,
                  ) -> tuple[Path, ...]:
    """A page's sources, with the files of the earlier item it names: the file it is in,
    and its journey's journey.yaml (when it ended)."""
    if earlier_here is None:
        return sources
    journey, item = earlier_here
    where = item.source if isinstance(item, WarningNotice) else item.pos
    return (*sources, site.intro_file(journey), where.path)


def board_page(site: Site) -> Iterator[OutputPage]:
    if site.board is None:
        return
    yield OutputPage(
        url=BOARD, template="board.html", title="Our board",
        sources=(site.content_dir / "board.yaml",), context={"board": site.board},
        description=f"The board of {site.trust.name}, who are accountable for our improvement.",
        breadcrumbs=(HOME,))
