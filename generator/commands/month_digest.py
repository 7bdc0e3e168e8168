"""What a new monthly update starts from: what the Improvement Journey has recorded since
the last update (progress notes, milestones done, new figures) and what is coming next, so
an editor turns the tracker's facts into words rather than copying them over by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.dates import nhs_date
from generator.model.journey import Journey, MilestoneStatus
from generator.model.site import Site
from generator.model.updates import Update, UpdateKind
from generator.render.charts import with_unit

# How far ahead "what we will do next" looks: actions due within two months, milestones
# starting within three (a season or a quarter begins within that).
_ACTIONS_AHEAD = dt.timedelta(days=62)
_MILESTONES_AHEAD = dt.timedelta(days=92)


@dataclass(frozen=True)
class MonthDigest:
    related: tuple[str, ...]  # the actions with progress since, or due soon
    done: tuple[str, ...]  # Markdown list items
    next: tuple[str, ...]


def month_digest(site: Site, when: dt.date) -> MonthDigest:
    """What the journey recorded after the last monthly update before ``when`` (drafts
    count: they cover their month) up to ``when``, and what is due soon after it."""
    earlier = [u.date for u in (*site.updates, *site.hidden) if isinstance(u, Update)
               and u.kind is UpdateKind.UPDATE and u.date < when]
    if site.journey is None:
        return MonthDigest((), (), ())
    since = max(earlier, default=when - dt.timedelta(days=31))
    mentioned, done = _done(site.journey, since, when)
    due, coming = _next(site.journey, when)
    return MonthDigest(tuple(dict.fromkeys((*mentioned, *due))), done, coming)


def _done(journey: Journey, after: dt.date, until: dt.date) -> tuple[tuple[str, ...],
                                                                      tuple[str, ...]]:
    mentioned, done = [], []
    for action in journey.actions:
        notes = [p for p in action.progress if after < p.date <= until]
        if notes:
            mentioned.append(action.id)
        done += [f"{action.id}: {_in_item(p.note.source)}" for p in notes]
    done += [f"{m.title} ({m.when})" for m in journey.timeline
             if m.status is MilestoneStatus.DONE and after < m.when.end and m.when.start <= until]
    for metric in journey.metrics:
        new = [p for p in metric.points if after < p.period.end <= until]
        if new:
            latest = new[-1]
            target = (f" (target: {with_unit(metric.target, metric.unit)})"
                      if metric.target is not None else "")
            done.append(f"{metric.title}: {with_unit(latest.value, metric.unit)} in "
                        f"{latest.period}{target}")
    return tuple(mentioned), tuple(done)


def _next(journey: Journey, when: dt.date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The actions due soon after ``when``, and lines on them and the milestones coming."""
    soon = sorted((a.due, a.id, a.text.source) for a in journey.actions
                  if not a.status.is_done and a.due is not None
                  and when < a.due <= when + _ACTIONS_AHEAD)
    lines = [f"{action}, due {nhs_date(day)}: {_in_item(text)}" for day, action, text in soon]
    lines += [f"{m.title} ({m.when})" for m in journey.timeline
              if m.status is MilestoneStatus.PLANNED and m.when.end > when
              and m.when.start <= when + _MILESTONES_AHEAD
              and m.when.end - m.when.start <= _MILESTONES_AHEAD]  # not "2027"
    return tuple(action for _, action, _ in soon), tuple(lines)


def _in_item(markdown: str) -> str:
    """A note's text as the rest of a list item ("- MD1: ..."): its lines after the first
    indented to stay in the item, so a note of several paragraphs (or with a list) keeps
    them."""
    first, *rest = markdown.strip().splitlines() or [""]
    return "\n".join([first, *(f"  {line}" if line.strip() else "" for line in rest)])
