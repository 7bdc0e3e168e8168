"""Load content/journey/ and content/board.yaml, and check every id they share."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.content.files import is_scratch, read_markdown_file
from generator.content.typed import read_optional_file
from generator.errors import ContentErrors, ErrorCollector, SourcePos, display_path
from generator.model.dates import DASHES
from generator.model.journey import (
    EARLIER_FOLDER,
    Action,
    ActionLists,
    Board,
    Journey,
    JourneyIntro,
    Metric,
    Milestone,
    Priority,
    WarningNotice,
    WarningNoticeFront,
)
from generator.model.schema import Invalid, Reader
from generator.model.updates import Ref
from generator.render.markdown import Markdown, MarkdownRenderer

NewReader = Callable[[], Reader]
FOLDER_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load_journey(content: Path, renderer: MarkdownRenderer, new_reader: NewReader,
                 errors: ErrorCollector, name: str = "journey") -> Journey | None:
    """The Improvement Journey in content/``name``/, or None when there is no such folder,
    or nothing in it yet (an empty section would be published, linked from every page)."""
    folder = content / name
    if not folder.is_dir():
        return None

    unread: set[str] = set()  # files with mistakes: what they define is not there

    def read(name: str, tp: object, label: str) -> Any:
        before = len(errors.errors)
        value = read_optional_file(folder / name, tp, label, new_reader, errors)
        if len(errors.errors) > before:
            unread.add(name)
        return value

    intro = read("journey.yaml", JourneyIntro, "journey.yaml")
    priorities = read("priorities.yaml", tuple[Priority, ...], "a priority")
    lists = read("actions.yaml", ActionLists, "actions.yaml")
    metrics = read("metrics.yaml", tuple[Metric, ...], "a metric")
    timeline = read("timeline.yaml", tuple[Milestone, ...], "a milestone")
    actions: tuple[Action, ...] = ()
    if lists is not None:
        should = tuple(dataclasses.replace(a, must=False) for a in lists.should_do)
        actions = lists.must_do + should
    journey = Journey(
        intro=intro or JourneyIntro(),
        priorities=priorities or (),
        actions=actions,
        warning_notices=tuple(_load_notices(folder / "warning-notices", renderer, new_reader,
                                            errors)),
        metrics=metrics or (),
        timeline=tuple(sorted(timeline or (), key=lambda m: m.when.sort_key())),
    )
    if intro is None and not unread and not any((
            journey.priorities, journey.actions, journey.warning_notices, journey.metrics,
            journey.timeline)):
        return None
    _check_journey_refs(journey, content.parent, errors, unread)
    if name == "journey" and journey.intro.ended is not None:
        errors.add(SourcePos(folder / "journey.yaml"),
                   "ended: is only for an earlier journey, one a later report's replaced",
                   f"remove it; when the next report's journey replaces this one, move this "
                   f"folder to content/{EARLIER_FOLDER}/ (see the README).")
    return journey


def load_earlier_journeys(content: Path, renderer: MarkdownRenderer, new_reader: NewReader,
                          errors: ErrorCollector) -> tuple[Journey, ...]:
    """Each journey a later CQC report's replaced (content/earlier-journeys/NAME/, laid out
    as content/journey/ is, its journey.yaml saying when it ended), oldest first, published
    at earlier-journeys/NAME/."""
    top = content / EARLIER_FOLDER
    if not top.is_dir():
        return ()
    found: list[Journey] = []
    for entry in sorted(os.scandir(top), key=lambda e: e.name):
        if not entry.is_dir() or is_scratch(entry.name):
            continue  # a file here is not read (unread_files says so)
        if not FOLDER_NAME.fullmatch(entry.name):
            errors.add(SourcePos(Path(entry.path)),
                       f'the folder name "{entry.name}" cannot be part of a web address',
                       "rename it using only small letters, numbers and hyphens, such as "
                       "2026 (the year of the report it answered).")
            continue
        name = f"{EARLIER_FOLDER}/{entry.name}"
        journey = load_journey(content, renderer, new_reader, errors, name)
        if journey is None:
            continue
        if journey.intro.ended is None:
            errors.add(SourcePos(content / name / "journey.yaml"),
                       "this earlier journey does not say when it ended",
                       "add ended: with the date CQC published the report whose journey "
                       "replaced it, for example ended: 2027-05-12, to its journey.yaml.")
            continue
        found.append(_rooted(journey, f"{name}/", name))
    found.sort(key=lambda j: j.as_of or dt.date.min)
    for before, after in itertools.pairwise(found):
        if before.as_of == after.as_of:
            errors.add(SourcePos(content / after.folder / "journey.yaml"),
                       f"this earlier journey ended on the same day as content/{before.folder}/",
                       "each journey ends on the day the next report was published: check "
                       "the ended: dates.")
    return tuple(found)


def _rooted(journey: Journey, root: str, folder: str) -> Journey:
    """``journey`` and each item in it published at ``root`` (read from ``folder``)."""
    return dataclasses.replace(
        journey, root=root, folder=folder,
        priorities=tuple(dataclasses.replace(p, root=root) for p in journey.priorities),
        actions=tuple(dataclasses.replace(a, root=root) for a in journey.actions),
        warning_notices=tuple(dataclasses.replace(n, root=root)
                              for n in journey.warning_notices))


def load_board(content: Path, new_reader: NewReader, errors: ErrorCollector) -> Board | None:
    board: Board | None = read_optional_file(content / "board.yaml", Board, "board.yaml",
                                             new_reader, errors)
    return board


def _load_notices(folder: Path, renderer: MarkdownRenderer, new_reader: NewReader,
                  errors: ErrorCollector) -> Iterable[WarningNotice]:
    if not folder.is_dir():
        return
    for path in sorted(p for p in folder.iterdir()
                       if p.suffix == ".md" and not is_scratch(p.name) and p.is_file()):
        try:
            source = read_markdown_file(path)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        reader = new_reader()
        try:
            front = reader.read(source.front, WarningNoticeFront, "a warning notice")
        except Invalid:
            errors.extend(reader.errors)
            continue
        errors.extend(reader.errors)
        body = Markdown(source.body, renderer, SourcePos(path, source.body_line, 1))
        yield WarningNotice(front, body, SourcePos(path, 1, 1))


def journey_ids(journey: Journey | None) -> dict[str, SourcePos]:
    """Every id an update's ``related`` may name: actions, warning notices, priorities."""
    if journey is None:
        return {}
    items: list[tuple[str, SourcePos]] = [(p.id, p.pos) for p in journey.priorities]
    items += [(a.id, a.pos) for a in journey.actions]
    items += [(n.id, n.front.pos) for n in journey.warning_notices]
    return dict(items)


def _check_journey_refs(journey: Journey, root: Path, errors: ErrorCollector,
                        unread: set[str]) -> None:
    """Ids are unique, and each id named is defined: unless the file that defines that
    kind has a mistake (its error is enough: "not the id of any metric" would mislead)."""
    shared = [(p.id, p.pos) for p in journey.priorities]
    shared += [(a.id, a.pos) for a in journey.actions]
    shared += [(n.id, n.front.pos) for n in journey.warning_notices]
    _check_unique(shared, "an action, warning notice or priority", root, errors)
    _check_unique([(m.id, m.pos) for m in journey.metrics], "a metric", root, errors)
    priorities = {p.id for p in journey.priorities}
    metrics = {m.id for m in journey.metrics}
    refs: list[tuple[Ref | None, set[str], str]] = []
    if "priorities.yaml" not in unread:
        refs += [(a.priority, priorities, "priority") for a in journey.actions]
        refs += [(n.front.priority, priorities, "priority") for n in journey.warning_notices]
    if "metrics.yaml" not in unread:
        refs += [(m, metrics, "metric") for n in journey.warning_notices
                 for m in n.front.metrics]
    for ref, known, kind in refs:
        if ref is not None and ref.id not in known:
            _dangling(ref, kind, known, errors)


def _check_unique(items: list[tuple[str, SourcePos]], what: str, root: Path,
                  errors: ErrorCollector) -> None:
    seen: dict[str, SourcePos] = {}
    for item_id, pos in items:
        key = item_id.lower()
        if key in seen:
            first = seen[key]
            where = f"{display_path(first.path, root)} line {first.line}"
            errors.add(pos, f'the id "{item_id}" is already used by {what} ({where})',
                       "every id must be different: rename one of them.")
        else:
            seen[key] = pos


def _dangling(ref: Ref, kind: str, known: set[str], errors: ErrorCollector) -> None:
    listing = ", ".join(sorted(known)) or "none are defined yet"
    errors.add(ref.pos, f'"{ref.id}" is not the id of any {kind}',
               same_id_hint(ref.id, known) + f"use one of: {listing}.")


def same_id_hint(written: str, known: Iterable[str]) -> str:
    """'did you mean "MD1"? ' for "md1", "MD 1", "MD-1" or "MD\u20131" (a dash Word typed):
    the one id written so, if only one is."""
    same = [item for item in known if _id_key(item) == _id_key(written)]
    return f'did you mean "{same[0]}"? ' if len(same) == 1 else ""


def _id_key(item_id: str) -> str:
    return _ID_SPACING.sub("", item_id.lower())


# What may come between an id's letters and number as editors write it: a space, a
# hyphen, or a dash that looks like one.
_ID_SPACING = re.compile(f"[\\s\\-{DASHES}]")
