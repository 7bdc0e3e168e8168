"""Is the site up to date? Monthly updates, figures, actions and milestones against the
build date."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.dates import nhs_date
from generator.model.journey import MilestoneStatus
from generator.model.site import Site
from generator.model.updates import Update, UpdateKind
from generator.quality.findings import Finding


def check_timeliness(site: Site) -> Iterator[Finding]:
    today, settings = site.settings.today, site.config.checks
    # Published ones only: a draft (shown by the preview, or check --drafts) is not out yet.
    monthly = [u for u in site.updates if u.kind is UpdateKind.UPDATE
               and u.is_visible(today, drafts=False)]
    if monthly:
        latest = monthly[0]  # newest first
        age = (today - latest.date).days
        if age > settings.update_days:
            yield Finding("stale_update", latest.source,
                          f"the latest monthly update is {age} days old "
                          f"({nhs_date(latest.date)})",
                          "publish this month's update: journey new update. "
                          f"(site.yaml checks: update_days: is {settings.update_days}.)")
    for update in (*site.updates, *site.hidden):
        due = update.draft_due(today) if isinstance(update, Update) else None
        if due is not None:
            yield Finding("draft_due", update.source,
                          f'the update "{update.title}" is still a draft, though it was due '
                          f"to be published on {nhs_date(due)}",
                          "to publish it, change draft: true to draft: false at the top of "
                          "its file; if it is not ready, change its publish_date:.")
    if site.journey is None:
        return
    for metric in site.journey.metrics:
        last = metric.points[-1].period
        age = (today - last.end).days
        if age > settings.metric_days:
            yield Finding("stale_metric", metric.pos,
                          f'the latest figure for "{metric.title}" is for {last}, '
                          f"{age} days ago", "add the latest figure under its points:.")
    for action in site.journey.actions:
        if action.is_overdue(today) and action.due is not None:
            yield Finding("overdue_action", action.pos,
                          f"action {action.id} was due on {nhs_date(action.due)} and is "
                          f"{action.status.label.lower()}",
                          "update its status:, or agree a new due: date and say why in "
                          "its progress:.")
    if site.journey.as_of is not None:  # an ended journey's timeline stands as it was
        return
    for milestone in site.journey.timeline:
        if milestone.status is MilestoneStatus.PLANNED and milestone.when.end < today:
            # The timeline lists it under "So far", as planned: it happened or it moved.
            yield Finding("past_milestone", milestone.pos,
                          f'the milestone "{milestone.title}" ({milestone.when}) is still '
                          "planned, though its date has passed",
                          "if it happened, change its status: to done; if it moved, change "
                          "its when: (and say why in this month's update).")
