"""The Improvement Journey: content/journey/ and content/board.yaml."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import html
import itertools
import re
from dataclasses import dataclass, field

from generator.errors import NOWHERE, SourcePos
from generator.model.attachments import LinkedFile
from generator.model.periods import Period
from generator.model.schema import Reader
from generator.model.updates import Ref
from generator.model.web_address import check_email_address
from generator.render.markdown import SENTENCE_END, Markdown

# Where the Improvement Journey is published; an earlier one's is earlier-journeys/NAME/.
JOURNEY_ROOT = "journey/"
EARLIER_FOLDER = "earlier-journeys"


class Status(enum.Enum):
    """Progress of an action or warning notice. The same words are used everywhere."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    COMPLETE = "complete"
    EMBEDDED = "embedded"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def css(self) -> str:
        return self.value.replace("_", "-")

    @property
    def is_done(self) -> bool:
        return self in (Status.COMPLETE, Status.EMBEDDED)


# Order used in summaries and groupings: finished first, then by how worried to be.
STATUS_ORDER = (Status.COMPLETE, Status.EMBEDDED, Status.ON_TRACK, Status.AT_RISK,
                Status.OFF_TRACK, Status.NOT_STARTED)


class Better(enum.Enum):
    LOWER = "lower"
    HIGHER = "higher"


class MilestoneStatus(enum.Enum):
    DONE = "done"
    PLANNED = "planned"

    @property
    def label(self) -> str:
        return "Done" if self is MilestoneStatus.DONE else "Planned"


@dataclass(frozen=True)
class Deadline:
    label: str
    date: dt.date


@dataclass(frozen=True)
class JourneyIntro:
    """journey.yaml: the front page of the journey."""

    title: str = "Our improvement journey"
    tagline: str | None = None
    edition: str | None = None
    intro: Markdown | None = None
    deadlines: tuple[Deadline, ...] = ()
    feedback_email: str | None = None
    ended: dt.date | None = None  # an earlier journey's: when the next report replaced it

    def validate(self, reader: Reader) -> None:
        check_email_address(reader, "feedback_email", self.feedback_email, NOWHERE)


@dataclass(frozen=True)
class Priority:
    """A workstream the trust set itself (priorities.yaml)."""

    id: str
    name: str
    executive_lead: str | None = None
    secondary_lead: str | None = None
    aim: Markdown | None = None
    commitments: tuple[Markdown, ...] = ()
    pos: SourcePos = NOWHERE
    root: str = field(default=JOURNEY_ROOT, metadata={"computed": True})  # its journey's address


@dataclass(frozen=True)
class ProgressNote:
    date: dt.date
    note: Markdown


@dataclass(frozen=True)
class Action:
    """A must-do or should-do action from the CQC report (actions.yaml)."""

    id: str
    text: Markdown
    status: Status
    title: str | None = None  # our extension: a few words for its page and links to it
    priority: Ref | None = None
    regulation: str | None = None
    due: dt.date | None = None
    lead: str | None = None
    progress: tuple[ProgressNote, ...] = ()
    pos: SourcePos = NOWHERE
    must: bool = field(default=True, metadata={"computed": True})
    root: str = field(default=JOURNEY_ROOT, metadata={"computed": True})  # its journey's address

    @property
    def kind_label(self) -> str:
        return "Must do" if self.must else "Should do"

    @property
    def headline(self) -> str:
        """What the action is, in a line (its page's heading, links to it): its title:,
        else its text's first sentence, which a page's title and a link can hold."""
        return self.title or _first_sentence(self.text.inline)

    @property
    def says_more(self) -> bool:
        """Whether its text says more than :attr:`headline` (then its page shows it too)."""
        return bool(self.title) or _first_sentence(self.text.inline) != \
            _plain(self.text.inline).rstrip(".")

    def is_overdue(self, today: dt.date) -> bool:
        """Due before the build date and not complete or embedded."""
        return self.due is not None and self.due < today and not self.status.is_done

    def validate(self, reader: Reader) -> None:
        ordered = tuple(sorted(self.progress, key=lambda p: p.date, reverse=True))
        object.__setattr__(self, "progress", ordered)


_TAG = re.compile(r"<[^>]+>")
_LONGEST = 150  # characters: a first sentence longer than this is cut (at a word's end)


def _plain(inline_html: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", inline_html)).split())


@functools.lru_cache(maxsize=4096)
def _first_sentence(inline_html: str) -> str:
    """The first sentence of a text rendered inline, as plain text, without its full stop."""
    sentence = SENTENCE_END.split(_plain(inline_html), maxsplit=1)[0].rstrip(".")
    if len(sentence) <= _LONGEST:
        return sentence
    cut = sentence.rfind(" ", 0, _LONGEST)
    return sentence[:cut if cut > 0 else _LONGEST].rstrip(",;:") + "…"


@dataclass(frozen=True)
class ActionLists:
    must_do: tuple[Action, ...] = ()
    should_do: tuple[Action, ...] = ()


@dataclass(frozen=True)
class WarningNoticeFront:
    """Front matter of content/journey/warning-notices/*.md."""

    id: str
    title: str
    status: Status
    finding: Markdown | None = None
    due: dt.date | None = None
    priority: Ref | None = None
    done: tuple[Markdown, ...] = ()
    next: tuple[Markdown, ...] = ()
    metrics: tuple[Ref, ...] = ()
    pos: SourcePos = NOWHERE


@dataclass(frozen=True)
class WarningNotice:
    front: WarningNoticeFront
    body: Markdown
    source: SourcePos
    root: str = JOURNEY_ROOT  # its journey's address

    id = property(lambda self: self.front.id)
    title = property(lambda self: self.front.title)
    status = property(lambda self: self.front.status)
    due = property(lambda self: self.front.due)

    def is_overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today and not self.status.is_done


@dataclass(frozen=True)
class MetricPoint:
    period: Period
    value: float
    pos: SourcePos = NOWHERE


@dataclass(frozen=True)
class Metric:
    """A measure of progress with its values over time (metrics.yaml)."""

    id: str
    title: str
    points: tuple[MetricPoint, ...]
    unit: str | None = None
    better: Better | None = None
    target: float | None = None
    pos: SourcePos = NOWHERE

    def validate(self, reader: Reader) -> None:
        if len(self.points) < 1:
            raise reader.error(self.pos, f'metric "{self.id}" has no points',
                               "add at least one {period, value} under points:")
        ordered = tuple(sorted(self.points, key=lambda p: p.period.sort_key()))
        for before, point in itertools.pairwise(ordered):
            if point.period.sort_key() == before.period.sort_key():
                first, again = sorted((before, point), key=lambda p: p.pos.line)
                raise reader.error(again.pos, f'metric "{self.id}" has two figures for '
                                   f"{again.period} (the first on line {first.pos.line})",
                                   "keep only the right one: the chart and table would show "
                                   "both, one after the other.")
        object.__setattr__(self, "points", ordered)


@dataclass(frozen=True)
class Milestone:
    """One entry of timeline.yaml."""

    when: Period
    title: str
    status: MilestoneStatus = MilestoneStatus.PLANNED
    link: str | None = None
    pos: SourcePos = NOWHERE


@dataclass(frozen=True)
class BoardMember:
    name: str
    role: str
    photo: str | None = None
    interim: bool = False
    pos: SourcePos = NOWHERE


@dataclass(frozen=True)
class Board:
    """board.yaml: who is accountable for the improvement."""

    executive: tuple[BoardMember, ...] = ()
    non_executive: tuple[BoardMember, ...] = ()


@dataclass(frozen=True)
class Journey:
    """Everything under content/journey/, loaded and cross-checked."""

    intro: JourneyIntro
    priorities: tuple[Priority, ...] = ()
    actions: tuple[Action, ...] = ()  # must-dos first, in file order
    warning_notices: tuple[WarningNotice, ...] = ()
    metrics: tuple[Metric, ...] = ()
    timeline: tuple[Milestone, ...] = ()  # in time order
    linked_files: tuple[LinkedFile, ...] = ()  # what its texts link to, measured as it loads
    root: str = JOURNEY_ROOT  # where it is published
    folder: str = "journey"  # where in content/ it is read from

    @property
    def is_earlier(self) -> bool:
        """Whether a later report's journey replaced it (content/earlier-journeys/)."""
        return self.intro.ended is not None

    @property
    def as_of(self) -> dt.date | None:
        """The day its items' statuses are shown as of (overdue or not): the day it
        ended, for an earlier journey; None: the build date."""
        return self.intro.ended

    @functools.cached_property
    def items(self) -> dict[str, Action | WarningNotice | Priority]:
        """Everything an update's ``related`` can name, by id."""
        found: dict[str, Action | WarningNotice | Priority] = {a.id: a for a in self.actions}
        found |= {n.id: n for n in self.warning_notices}
        found |= {p.id: p for p in self.priorities}
        return found

    @property
    def must_dos(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.must)

    @property
    def should_dos(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if not a.must)

    def priority(self, ref: Ref | None) -> Priority | None:
        if ref is None:
            return None
        return next((p for p in self.priorities if p.id == ref.id), None)

    def metric(self, metric_id: str) -> Metric | None:
        return next((m for m in self.metrics if m.id == metric_id), None)

    def actions_for(self, priority: Priority) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.priority and a.priority.id == priority.id)

    def notices_for(self, priority: Priority) -> tuple[WarningNotice, ...]:
        return tuple(n for n in self.warning_notices
                     if n.front.priority and n.front.priority.id == priority.id)


def referred_to(ref_id: str, day: dt.date, journey: Journey | None,
                earlier: tuple[Journey, ...]) -> tuple[Journey | None, str]:
    """The journey an id in an update's ``related`` names an item of, and that item's id:
    the journey on the update's ``day``, or, for "2026/MD1", the earlier journey in
    content/earlier-journeys/2026/ (None if there is none)."""
    if "/" not in ref_id:
        return journey_on(day, journey, earlier), ref_id
    name, item_id = ref_id.split("/", 1)
    folder = f"{EARLIER_FOLDER}/{name}"
    return next((j for j in earlier if j.folder == folder), None), item_id


def journey_on(day: dt.date, journey: Journey | None,
               earlier: tuple[Journey, ...]) -> Journey | None:
    """The journey in force on ``day``, which an update of that date is about: the first
    earlier one (oldest first) that had not ended by then, else the current one. A
    journey ends on the day the next report is published: that day is the next one's."""
    for before in earlier:
        if before.as_of is not None and day < before.as_of:
            return before
    return journey
