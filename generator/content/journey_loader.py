"""Load content/journey/ and content/board.yaml, and check every id they share."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.content.files import is_scratch, read_markdown_file
from generator.content.typed import read_optional_file
from generator.errors import ContentErrors, ErrorCollector, SourcePos, display_path
from generator.model.journey import (
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


def load_journey(content: Path, renderer: MarkdownRenderer, new_reader: NewReader,
                 errors: ErrorCollector) -> Journey | None:
    """The Improvement Journey, or None when the site has no content/journey/ folder, or
    nothing in it yet (an empty section would be published, linked from every page)."""
    folder = content / "journey"
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
    return journey


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
    """'did you mean "MD1"? ' for "md1": two ids may not differ only in capitals (see
    _check_unique), so this is the one meant."""
    same = [item for item in known if item.lower() == written.lower()]
    return f'did you mean "{same[0]}"? ' if same else ""
