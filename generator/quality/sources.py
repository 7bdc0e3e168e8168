"""Every piece of Markdown an editor wrote, and where in its file each line is."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SourcePos, source_line
from generator.model.site import Site
from generator.render.markdown import Markdown

_BLOCK_SCALAR = re.compile(r"^[|>][+-]?\d*[+-]?\s*(#.*)?$")


@dataclass(frozen=True)
class Text:
    """One Markdown field and the file line its first line is on."""

    markdown: Markdown
    path: Path
    first_line: int

    def pos(self, line_in_text: int = 0) -> SourcePos:
        return SourcePos(self.path, self.first_line + line_in_text, 1)

    def find(self, needle: str) -> SourcePos | None:
        """Where ``needle`` first appears in this text, or None."""
        at = self.markdown.source.find(needle)
        return None if at < 0 else self.pos(self.markdown.source.count("\n", 0, at))


def editor_texts(site: Site) -> list[Text]:
    """Every Markdown field of the visible content, in file order."""
    found: list[Text] = []
    seen: set[int] = set()
    for markdown in _walk((site.rating, site.updates, site.pages, site.journey, site.board),
                          seen):
        if markdown.pos is None or not markdown.pos.line:
            continue
        found.append(Text(markdown, markdown.pos.path, _first_line(markdown.pos)))
    return sorted(found, key=lambda t: (str(t.path), t.first_line))


def _first_line(pos: SourcePos) -> int:
    """``summary: |`` starts on the line after the ``|``; other values where they are."""
    line = source_line(pos.path, pos.line) or ""
    return pos.line + 1 if _BLOCK_SCALAR.match(line[max(pos.col - 1, 0):].strip()) else pos.line


def _walk(value: object, seen: set[int]) -> Iterator[Markdown]:
    if isinstance(value, Markdown):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _walk(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return
        seen.add(id(value))
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name), seen)


class Locator:
    """Finds where an editor wrote a link, for findings made on built pages.

    Answers are remembered: the same link is on many pages, and the texts are many.
    """

    def __init__(self, texts: list[Text]):
        self.texts = texts
        self.found: dict[str, SourcePos | None] = {}

    def find(self, needle: str) -> SourcePos | None:
        """The first place ``needle`` was written, or None."""
        if needle not in self.found:
            self.found[needle] = next(
                (pos for pos in (t.find(needle) for t in self.texts) if pos is not None), None)
        return self.found[needle]
