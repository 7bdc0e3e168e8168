"""Split a Markdown file into its YAML front matter and its body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.content.nodes import Mapping, Scalar, Sequence
from generator.content.yamlread import parse_yaml
from generator.errors import ContentError, ContentErrors, SourcePos
from generator.model.dates import DASHES

_FENCE = "---"
# A fence Word or Outlook made a dash of as it was typed ("---" to "—"), or part of one.
_DASHED_FENCE = re.compile(f"^[-{DASHES}]+$")


@dataclass(frozen=True)
class MarkdownSource:
    """A Markdown file's front matter (as nodes) and body text."""

    path: Path
    front: Mapping
    body: str
    body_line: int  # 1-based line of the file where the body starts


def split_front_matter(text: str, path: Path) -> MarkdownSource:
    """Parse ``---`` fenced front matter at the top of ``text``.

    Raises:
        ContentErrors: no front matter, an unclosed fence, or bad YAML inside.
    """
    lines = text.split("\n")
    if lines and (dashed := _typed_dash(lines[0])):
        raise _error(SourcePos(path, 1, 1), *dashed)
    if not lines or lines[0].rstrip() != _FENCE:
        raise _error(
            SourcePos(path, 1, 1),
            "this file does not start with front matter",
            "the first line must be --- followed by fields such as title: and date:, "
            "then a line with only ---, then the text of the page.",
        )
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), None)
    if close is None:
        for number, line in enumerate(lines[1:], start=2):
            if dashed := _typed_dash(line):
                raise _error(SourcePos(path, number, 1), *dashed)
        raise _error(
            SourcePos(path, 1, 1),
            "the front matter that starts on line 1 is never closed",
            "add a line with only --- after the last field, before the text of the page.",
        )
    front_text = "\n".join(lines[1:close])
    node = parse_yaml(front_text, path, line_offset=1)
    if isinstance(node, Scalar) and node.is_empty:
        node = Mapping(SourcePos(path, 2, 1))
    if not isinstance(node, Mapping):
        kind = "a list" if isinstance(node, Sequence) else "plain text"
        raise _error(
            node.pos,
            f"the front matter is {kind}, not a set of fields",
            'write each field on its own line as "name: value".',
        )
    body = "\n".join(lines[close + 1 :])
    return MarkdownSource(path, node, body, close + 2)


def _error(pos: SourcePos, message: str, hint: str) -> ContentErrors:
    return ContentErrors([ContentError(pos, message, hint)])


def _typed_dash(line: str) -> tuple[str, str] | None:
    """The error for a line meant as ---, made a dash as it was typed; None for another
    (an indented one too: a list item with nothing after its dash, say)."""
    line = line.rstrip()
    if line == _FENCE or not _DASHED_FENCE.match(line):
        return None
    if set(line) == {"-"}:
        return (f'this line is "{line}", not three hyphens (---)',
                "write --- in its place: three hyphens, no more, no fewer.")
    return (f'this line is "{line}", not three hyphens (---): Word and Outlook turn --- '
            "into a long dash as it is typed",
            "type --- in its place, with the hyphen key, in a text editor such as Notepad "
            "(which leaves it as typed).")
