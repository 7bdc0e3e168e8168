"""A line of bold text standing for a heading ("**What we did**", then what was done), as
Word users write one: it looks like a heading, but a screen reader does not list it as one
(WCAG 1.3.1), and a heading is how its users move around a page."""

from __future__ import annotations

from markdown_it.token import Token

from generator.quality.findings import Finding, shorten
from generator.quality.sources import Text

MOST_WORDS = 10  # a heading is short; a longer bold line is emphasis
# What follows a heading is more than a few words: a bold name with "Chief Executive"
# under it is a signature.
LEAST_WORDS_UNDER = 8
_CONTENT = frozenset({"bullet_list_open", "ordered_list_open", "table_open", "blockquote_open"})


def bold_heading(text: Text, tokens: list[Token], at: int, level: int) -> Finding | None:
    """A finding if ``tokens[at]``, the inline token of a paragraph outside lists and
    quotations, is all bold, short, not a sentence, and followed by content (``level``:
    the level of the heading it is under, 1 for the page's title)."""
    words = _all_bold(tokens[at].children or [])
    if not words or words.endswith((".", "!", "?")) or len(words.split()) > MOST_WORDS:
        return None
    if not _content_after(tokens, at + 2):  # past the paragraph's end
        return None
    where = tokens[at].map
    return Finding("bold_heading", text.pos(where[0] if where else 0),
                   f'"{shorten(words)}" is bold text standing for a heading: a screen reader '
                   "does not list it as one",
                   f'make it a heading: "{"#" * (level + 1)} {words.rstrip(":")}", without '
                   "the stars.")


def _all_bold(children: list[Token]) -> str | None:
    """The words of a one-line paragraph that is all one bold run, else None."""
    shown = [child for child in children if child.type != "text" or child.content.strip()]
    if len(shown) < 3 or shown[0].type != "strong_open" or shown[-1].type != "strong_close":
        return None
    depth = 0
    for child in shown[:-1]:
        depth += {"strong_open": 1, "strong_close": -1}.get(child.type, 0)
        if depth == 0 or child.type in ("softbreak", "hardbreak"):
            return None  # "**a** and **b**", or over two lines
    return "".join(child.content for child in shown
                   if child.type in ("text", "code_inline")).strip()


def _content_after(tokens: list[Token], at: int) -> bool:
    """Whether what starts at ``tokens[at]`` is what a heading has under it."""
    if at >= len(tokens):
        return False
    if tokens[at].type in _CONTENT:
        return True
    return (tokens[at].type == "paragraph_open" and at + 1 < len(tokens)
            and len(tokens[at + 1].content.split()) >= LEAST_WORDS_UNDER)
