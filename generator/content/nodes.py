"""A YAML document as a small tree of positioned nodes.

We never let YAML guess types: every scalar stays the text the editor typed
(``NO`` stays "NO", ``1.10`` stays "1.10"), and the model decides what a field
means. Each node remembers its line and column so every later error can point
at the exact place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.errors import SourcePos


@dataclass(frozen=True)
class Node:
    """Base of the tree: where the value starts in its file."""

    pos: SourcePos


class JoinedItem(NamedTuple):
    """A line starting "- " that YAML read as more of the value above it, which has no
    "- " ("One thing" then "- Another": "One thing - Another"): a list's first item
    written without its "- ", when a list is wanted."""

    pos: SourcePos
    line: str  # "- Another", as written
    first: str  # the value's first line: "One thing"


@dataclass(frozen=True)
class Scalar(Node):
    """A single value, always text. ``plain`` is False when the editor quoted it;
    ``block`` is True when its text starts on the next line (``summary: |``)."""

    text: str
    plain: bool = True
    block: bool = False
    joined: JoinedItem | None = None

    @property
    def is_empty(self) -> bool:
        """True for a key with nothing after it (``title:``), which means 'not given'."""
        return self.plain and self.text == ""


@dataclass(frozen=True)
class Sequence(Node):
    """A YAML list."""

    items: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Mapping(Node):
    """A YAML mapping, in file order, with keys already checked to be unique."""

    entries: tuple[tuple[Scalar, Node], ...] = ()
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def get(self, key: str) -> Node | None:
        i = self._index.get(key)
        return None if i is None else self.entries[i][1]

    def key_nodes(self) -> list[Scalar]:
        return [k for k, _ in self.entries]


def describe(node: Node) -> str:
    """How a node reads in an error message ("a list", "the text 'abc'")."""
    if isinstance(node, Sequence):
        return "a list"
    if isinstance(node, Mapping):
        return "a set of named fields"
    if isinstance(node, Scalar):
        return "nothing" if node.is_empty else f'"{_opening(node.text)}"'
    return "a value"


def _opening(text: str, most: int = 60) -> str:
    """A text as a message quotes it: a paragraph (a block written with |) by its first
    words, not in full."""
    text = text.strip()
    first = text.split("\n", 1)[0].strip()
    if first == text and len(text) <= most:
        return text
    if len(first) > most:
        first = first[:most].rsplit(" ", 1)[0]
    return first + " …"


def empty_mapping(path: Path) -> Mapping:
    """The tree of an empty file."""
    return Mapping(SourcePos(path, 1, 1))
