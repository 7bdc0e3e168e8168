"""The Improvement Journey's pages: overview, tracker, notices, priorities, metrics, timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.model.journey import (
    STATUS_ORDER,
    Journey,
    Milestone,
    MilestoneStatus,
)
from generator.model.site import Site
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.core import HOME
from generator.pages.progress import progress
from generator.pages.urls import ACTIONS, BOARD, JOURNEY, METRICS, TIMELINE, url_of

JOURNEY_CRUMB = Breadcrumb("Improvement journey", JOURNEY)
ACTIONS_CRUMB = Breadcrumb("Actions", ACTIONS)


def next_milestones(journey: Journey, today: dt.date, limit: int = 3) -> tuple[Milestone, ...]:
    """The next planned milestones that are not yet in the past."""
    upcoming = [m for m in journey.timeline
                if m.status is MilestoneStatus.PLANNED and m.when.relation_to(today) != "past"]
    return tuple(upcoming[:limit])


def journey_pages(site: Site) -> Iterator[OutputPage]:
    journey = site.journey
    if journey is None:
        return
    sources = site.journey_sources
    today = site.settings.today
    yield OutputPage(
        url=JOURNEY, template="journey/overview.html", title=journey.intro.title,
        sources=sources,
        context={"journey": journey,
                 "summaries": (progress(journey.must_dos, "must-dos"),
                               progress(journey.should_dos, "should-dos")),
                 "upcoming": next_milestones(journey, today)},
        description=journey.intro.tagline or "", breadcrumbs=(HOME,), dated=True)
    yield OutputPage(
        url=ACTIONS, template="journey/actions.html", title="Actions we must and should take",
        sources=sources, context={"journey": journey, "statuses": STATUS_ORDER},
        description="Every action CQC told us we must or should take, and its progress.",
        breadcrumbs=(HOME, JOURNEY_CRUMB))
    for action in journey.actions:
        yield OutputPage(
            url=url_of(action), template="journey/action.html",
            title=f"{action.id}: {action.kind_label} action",
            sources=sources, listed=site.files_mentioning(action.id),
            context={"journey": journey, "action": action,
                     "mentions": site.updates_mentioning(action.id)},
            description=action.text.text[:300], breadcrumbs=(HOME, JOURNEY_CRUMB, ACTIONS_CRUMB))
    for notice in journey.warning_notices:
        yield OutputPage(
            url=url_of(notice), template="journey/warning_notice.html",
            title=f"Warning notice {notice.id}: {notice.title}",
            sources=sources, listed=site.files_mentioning(notice.id),
            context={"journey": journey, "notice": notice,
                     "metrics": [m for r in notice.front.metrics if (m := journey.metric(r.id))],
                     "mentions": site.updates_mentioning(notice.id)},
            description=notice.front.finding.text[:300] if notice.front.finding else "",
            breadcrumbs=(HOME, JOURNEY_CRUMB))
    for priority in journey.priorities:
        yield OutputPage(
            url=url_of(priority), template="journey/priority.html",
            title=f"Priority {priority.id}: {priority.name}",
            sources=sources, listed=site.files_mentioning(priority.id),
            context={"journey": journey, "priority": priority,
                     "actions": journey.actions_for(priority),
                     "notices": journey.notices_for(priority),
                     "mentions": site.updates_mentioning(priority.id)},
            description=priority.aim.text[:300] if priority.aim else "",
            breadcrumbs=(HOME, JOURNEY_CRUMB))
    if journey.metrics:
        yield OutputPage(
            url=METRICS, template="journey/metrics.html", title="Measuring our progress",
            sources=sources, context={"journey": journey},
            description="The figures that show whether care is improving.",
            breadcrumbs=(HOME, JOURNEY_CRUMB))
    if journey.timeline:
        yield OutputPage(
            url=TIMELINE, template="journey/timeline.html", title="Timeline",
            sources=sources, context={"journey": journey},
            description="What we have done and what is planned, in date order.",
            breadcrumbs=(HOME, JOURNEY_CRUMB))


def board_page(site: Site) -> Iterator[OutputPage]:
    if site.board is None:
        return
    yield OutputPage(
        url=BOARD, template="board.html", title="Our board",
        sources=(site.content_dir / "board.yaml",), context={"board": site.board},
        description=f"The board of {site.trust.name}, who are accountable for our improvement.",
        breadcrumbs=(HOME,))
