"""Every piece of Markdown an editor wrote, and where in its file each line is."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from generator.errors import SourcePos, written_at
from generator.model.site import Site
from generator.render.markdown import Markdown


@dataclass(frozen=True)
class Text:
    """One Markdown field and the file line its first line is on."""

    markdown: Markdown
    path: Path
    first_line: int
    quoted: bool = False  # CQC's words (an action's text, a warning notice's finding)

    def pos(self, line_in_text: int = 0) -> SourcePos:
        return SourcePos(self.path, self.first_line + line_in_text, 1)

    def find(self, needle: str) -> SourcePos | None:
        """Where ``needle`` first appears in this text, or None."""
        at = self.markdown.source.find(needle)
        return None if at < 0 else self.pos(self.markdown.source.count("\n", 0, at))


def editor_texts(site: Site, only: set[Path] | None = None) -> list[Text]:
    """Every Markdown field of the visible content, in file order; ``only``: of these
    files alone (the updates and pages of others are not walked)."""
    updates, pages = site.updates, site.pages
    if only is not None:
        updates = tuple(u for u in updates if u.source.path in only)
        pages = tuple(p for p in pages if p.source.path in only)
    cqcs = {id(words) for journey in site.journeys for words in (
        *(action.text for action in journey.actions),
        *(notice.front.finding for notice in journey.warning_notices if notice.front.finding))}
    found = [Text(markdown, markdown.pos.path, markdown.pos.line, id(markdown) in cqcs)
             for markdown in _markdown_in((site.rating, updates, pages, site.journey,
                                           site.earlier_journeys, site.board))
             if markdown.pos is not None and markdown.pos.line
             and (only is None or markdown.pos.path in only)]
    return sorted(found, key=lambda t: (str(t.path), t.first_line))


@dataclass(frozen=True)
class Title:
    """A title an editor wrote (plain words, not Markdown), and the line of its file the
    item it names starts on: the title is on that line or soon after."""

    words: str
    path: Path
    line: int
    heading: bool = True  # shown as one (not a document's name or a board member's role)


def editor_titles(site: Site, only: set[Path] | None = None) -> list[Title]:
    """The titles of the visible content (updates, their videos and attachments, pages,
    the journeys' items) and the board's roles, in file order; ``only``: of these files
    alone."""
    # The updates of the file saved alone, in the preview: there may be thousands.
    found = [Title(item.title, item.source.path, 1) for items in (site.updates, site.pages)
             for item in items if only is None or item.source.path in only]
    for update in site.updates:
        if only is None or update.source.path in only:
            if update.video is not None:
                found.append(Title(update.video.title, update.source.path, 1, False))
            found += [Title(a.title, a.pos.path, a.pos.line, False) for a in update.attachments]
    if site.board is not None:
        found += [Title(member.role, member.pos.path, member.pos.line, False)
                  for member in (*site.board.executive, *site.board.non_executive)]
    for journey in site.journeys:
        intro = site.intro_file(journey)
        found += [Title(words, intro, 1, heading) for words, heading in (
            (journey.intro.title, True), (journey.intro.tagline, False)) if words]
        found += [Title(n.title, n.source.path, 1) for n in journey.warning_notices]
        found += [Title(p.name, p.pos.path, p.pos.line) for p in journey.priorities]
        found += [Title(a.title, a.pos.path, a.pos.line) for a in journey.actions if a.title]
        found += [Title(m.title, m.pos.path, m.pos.line) for m in journey.metrics]
        found += [Title(m.title, m.pos.path, m.pos.line) for m in journey.timeline]
    return sorted((t for t in found if t.line and (only is None or t.path in only)),
                  key=lambda t: (str(t.path), t.line))


def in_other_languages(site: Site) -> frozenset[Path]:
    """The updates and pages written in a language other than English (``language:``)."""
    return frozenset(item.source.path for items in (site.updates, site.pages, site.hidden)
                     for item in items
                     if getattr(item, "language", None) and not item.language.is_english)


def line_with(path: Path, words: str, start: int) -> int:
    """The first line from ``start`` on that has ``words`` (found in a title, found again
    in its file), or ``start``."""
    return written_at(path, words, start).line


def _markdown_in(model: object) -> list[Markdown]:
    """Every Markdown field in the model's dataclasses, lists and tuples, in the order
    they are declared (with a stack: recursion was slow on thousands of updates)."""
    found: list[Markdown] = []
    seen: set[int] = set()
    pending = [model]
    while pending:
        value = pending.pop()
        if isinstance(value, Markdown):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            pending.extend(reversed(value))
        elif (names := _field_names(type(value))) and id(value) not in seen:
            seen.add(id(value))
            pending.extend(getattr(value, name) for name in reversed(names))
    return found


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's fields (none for other types): asked for every value of the model."""
    if kind not in _FIELD_NAMES:
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) \
            if dataclasses.is_dataclass(kind) else ()
    return _FIELD_NAMES[kind]


def timeline_links(site: Site, only: set[Path] | None = None) -> list[tuple[str, SourcePos]]:
    """Each milestone's ``link:`` (an address as it is, not Markdown) and where it was
    written; ``only``: in these files alone."""
    return [(m.link, m.pos) for journey in site.journeys for m in journey.timeline
            if m.link and m.pos.line and (only is None or m.pos.path in only)]


class Locator:
    """Finds where an editor wrote a link, for findings made on built pages.

    Answers are remembered: the same link is on many pages, and the texts are many.
    """

    def __init__(self, texts: list[Text], links: list[tuple[str, SourcePos]] | None = None):
        self.texts = texts
        self.links = links or []  # addresses written as they are (see timeline_links)
        self.found: dict[str, SourcePos | None] = {}

    def find(self, needle: str) -> SourcePos | None:
        """The first place the address ``needle`` was written, or None: as a Markdown
        link first (a short address, such as "y", is in many words), then anywhere;
        decoded too (a file named with spaces is linked as </assets/a b.pdf>)."""
        if needle not in self.found:
            addresses = dict.fromkeys([needle, unquote(needle)])
            self.found[needle] = next(
                (pos for address in addresses
                 for written in (f"](<{address}>", f"]({address}", f"<{address}>", address)
                 for pos in (t.find(written) for t in self.texts) if pos is not None),
                next((pos for link, pos in self.links if link in addresses), None))
        return self.found[needle]
