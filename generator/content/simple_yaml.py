"""Read the simplest YAML (one ``name: value`` per line) without libyaml.

An update's front matter is usually a few lines such as ``title: May update`` and
``related: [MD1, SD3]``; handing each one to libyaml and converting its nodes was a
third of loading it. This reader makes exactly the nodes ``parse_yaml`` makes from such
lines, and answers None for anything else (nesting, comments, blank lines, quotes with
escapes, a repeated name), which libyaml then reads, and reports if it is wrong.
tests/test_simple_yaml.py checks both give the same nodes.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.content.nodes import Mapping, Node, Scalar, Sequence
from generator.errors import SourcePos

_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}): +(\S.*)")
# What may not start a plain value: YAML's indicators (and "-", "?", ":", which only
# sometimes are; left to libyaml).
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What may not appear in an item of a [flow, list], beyond a plain value's rules.
_NOT_IN_ITEM = frozenset(",[]{}:#'\"")


def read_simple_mapping(text: str, path: Path, line_offset: int) -> Mapping | None:
    """The mapping ``parse_yaml`` would give for ``text``, or None if ``text`` is not
    only lines of ``name: value`` (a plain or simply quoted value, or a [list])."""
    entries: list[tuple[Scalar, Node]] = []
    index: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=line_offset + 1):
        match = _LINE.fullmatch(line)
        if match is None or not line.isprintable():  # also no tabs, no odd line breaks
            return None
        key, value = match.group(1), match.group(2).rstrip(" ")
        column = match.start(2) + 1
        node = _value(value, path, number, column)
        if node is None or key in index:
            return None
        index[key] = len(entries)
        entries.append((Scalar(SourcePos(path, number, 1), key), node))
    if not entries:
        return None
    return Mapping(entries[0][0].pos, tuple(entries), index)


def _value(value: str, path: Path, line: int, column: int) -> Node | None:
    first, last = value[0], value[-1]
    if first == "[":
        return _flow_list(value, path, line, column) if last == "]" else None
    if first in "\"'":
        inner = value[1:-1]
        if len(value) < 2 or last != first or first in inner or "\\" in inner:
            return None
        return Scalar(SourcePos(path, line, column), inner, plain=False)
    if first in _NOT_FIRST or not _plain(value):
        return None
    return Scalar(SourcePos(path, line, column), value)


def _flow_list(value: str, path: Path, line: int, column: int) -> Sequence | None:
    items: list[Node] = []
    inner = value[1:-1]
    at = column + 1  # the column just after "["
    if inner.strip(" "):
        for part in inner.split(","):
            item = part.strip(" ")
            if (not item or item[0] in _NOT_FIRST or not _NOT_IN_ITEM.isdisjoint(item)
                    or not _plain(item)):
                return None
            items.append(Scalar(SourcePos(path, line, at + len(part) - len(part.lstrip(" "))),
                                item))
            at += len(part) + 1
    elif inner:
        return None  # "[ ]": rare enough to leave to libyaml
    return Sequence(SourcePos(path, line, column), tuple(items))


def _plain(value: str) -> bool:
    """A plain value as YAML reads it whole: no ": " or " #" (which would end it)."""
    return ": " not in value and " #" not in value and not value.endswith(":")
