"""Monthly updates and public statements (content/updates/*.md), and free pages."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.content.nodes import Scalar
from generator.errors import NOWHERE, SourcePos
from generator.model.addresses import OldAddress
from generator.model.attachments import Attachment, LinkedFile
from generator.model.languages import Language
from generator.model.schema import Reader
from generator.model.videos import Video
from generator.render.markdown import Markdown
from generator.slotted import Slotted


class UpdateKind(enum.Enum):
    UPDATE = "update"
    STATEMENT = "statement"

    @property
    def label(self) -> str:
        return "Monthly update" if self is UpdateKind.UPDATE else "Public statement"


@dataclass(frozen=True, slots=True)
class Signatory(Slotted):
    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Ref(Slotted):
    """An id that names something else (an action, a warning notice, a priority)."""

    id: str
    pos: SourcePos = NOWHERE

    @classmethod
    def from_scalar(cls, scalar: Scalar, reader: Reader) -> Ref:
        return cls(scalar.text.strip(), scalar.pos)


@dataclass(frozen=True, slots=True)
class FileName(Ref):
    """Another update or page, by its file's name (``translation_of:``)."""

    scalar_only = True  # never read from fields: "translation_of: 2026-02-18-statement"


@dataclass(frozen=True, slots=True)
class PageChange(Slotted):
    """A dated note of what changed on a published page (GOV.UK's "page history")."""

    date: dt.date
    note: str


def last_changed(changes: tuple[PageChange, ...]) -> dt.date | None:
    # Most have no changes: the sitemap asks this of every update at every save.
    return max(c.date for c in changes) if changes else None


@dataclass(frozen=True, slots=True)
class UpdateFront(Slotted):
    """The front matter of an update or statement, as editors write it."""

    title: str
    date: dt.date
    kind: UpdateKind = UpdateKind.UPDATE
    summary: Markdown | None = None
    signed_by: tuple[Signatory, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    video: Video | None = None  # our extension: a link to it, and its transcript
    related: tuple[Ref, ...] = ()
    draft: bool = False
    publish_date: dt.date | None = None
    changes: tuple[PageChange, ...] = ()
    old_addresses: tuple[OldAddress, ...] = ()  # where it was before its file was renamed
    language: Language | None = None  # our extension: when not the site's (a translation)
    translation_of: FileName | None = None  # our extension: the update this one translates


@dataclass(frozen=True, slots=True)
class Update(Slotted):
    """A monthly update or public statement, ready to show."""

    slug: str
    front: UpdateFront
    body: Markdown
    source: SourcePos
    linked_files: tuple[LinkedFile, ...] = ()  # measured when the site loads

    # Shortcuts so templates read naturally: update.title, update.date...
    title = property(lambda self: self.front.title)
    date = property(lambda self: self.front.date)
    changes = property(lambda self: tuple(sorted(self.front.changes, key=lambda c: c.date,
                                                 reverse=True)))
    updated = property(lambda self: last_changed(self.front.changes))
    kind = property(lambda self: self.front.kind)
    summary = property(lambda self: self.front.summary)
    signed_by = property(lambda self: self.front.signed_by)
    attachments = property(lambda self: self.front.attachments)
    video = property(lambda self: self.front.video)
    related = property(lambda self: self.front.related)
    draft = property(lambda self: self.front.draft)
    old_addresses = property(lambda self: self.front.old_addresses)
    language = property(lambda self: self.front.language)
    translation_of = property(lambda self: self.front.translation_of)

    def embargoed_until(self, today: dt.date) -> dt.date | None:
        """The publish date, if it is still in the future."""
        publish = self.front.publish_date
        return publish if publish is not None and publish > today else None

    def draft_due(self, today: dt.date) -> dt.date | None:
        """The publish date of a draft, once it has come (the draft was due then)."""
        publish = self.front.publish_date
        return publish if self.front.draft and publish is not None and publish <= today else None

    def is_visible(self, today: dt.date, drafts: bool) -> bool:
        """Drafts and embargoed updates are hidden unless drafts are being previewed."""
        if drafts:
            return True
        return not self.front.draft and self.embargoed_until(today) is None

    def sort_key(self) -> tuple[dt.date, str]:
        return (self.front.date, self.slug)


@dataclass(frozen=True, slots=True)
class FreePageFront(Slotted):
    title: str
    order: int = 100
    summary: str | None = None
    draft: bool = False
    published: dt.date | None = None
    changes: tuple[PageChange, ...] = ()
    old_addresses: tuple[OldAddress, ...] = ()
    language: Language | None = None
    translation_of: FileName | None = None


@dataclass(frozen=True, slots=True)
class FreePage(Slotted):
    """A page from content/pages/ (about, accessibility statement, contact)."""

    slug: str
    front: FreePageFront
    body: Markdown
    source: SourcePos = field(default=NOWHERE)
    linked_files: tuple[LinkedFile, ...] = ()  # measured when the site loads

    title = property(lambda self: self.front.title)
    published = property(lambda self: self.front.published)
    changes = property(lambda self: tuple(sorted(self.front.changes, key=lambda c: c.date,
                                                 reverse=True)))
    updated = property(lambda self: last_changed(self.front.changes))
    order = property(lambda self: self.front.order)
    old_addresses = property(lambda self: self.front.old_addresses)
    draft = property(lambda self: self.front.draft)
    language = property(lambda self: self.front.language)
    translation_of = property(lambda self: self.front.translation_of)


def insert_newest_first(updates: list[Update], update: Update) -> None:
    """Put ``update`` where sorting ``updates`` (newest first) would."""
    updates.insert(_newest_first_at(updates, update.sort_key()), update)


def index_newest_first(updates: Sequence[Update], update: Update) -> int:
    """Where ``update`` is in ``updates`` (sorted newest first, ``update`` among them)."""
    return _newest_first_at(updates, update.sort_key())


def _newest_first_at(updates: Sequence[Update], key: tuple[dt.date, str]) -> int:
    """The first place in ``updates`` (newest first) whose key is ``key`` or older: found
    by halving, not by sorting or searching thousands."""
    low, high = 0, len(updates)
    while low < high:
        middle = (low + high) // 2
        if updates[middle].sort_key() > key:
            low = middle + 1
        else:
            high = middle
    return low
