"""Headings and titles in title case ("What We Did In October"). NHS.UK writes them in
sentence case: a capital for the first word and for names only, which is easier to read.

A name has capitals too ("Kestrel Valley General Hospital"), so a heading is in title
case only when small words that are never a name's capitalised ones ("In", "Our", "For")
are capitalised too, after its first word, beside another capitalised word. A note:
advice that never stops a site being published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.errors import SourcePos
from generator.quality.findings import Finding, shorten
from generator.quality.sources import Title, line_with

# Words after the first, and not after a colon or dash (a subtitle may start with a
# capital): each a run of letters with its apostrophes and hyphens.
_WORD = re.compile(r"(?<![:–—-] )(?<![:–—-])\b[A-Za-z][A-Za-z'’-]*")
_SMALL = frozenset((
    "A", "About", "After", "An", "And", "Are", "As", "At", "Be", "Before", "But", "By",
    "Can", "Did", "Do", "For", "From", "Has", "Have", "How", "If", "In", "Into", "Is", "It",
    "Its", "Not", "Of", "On", "Or", "Our", "Over", "So", "Than", "That", "The", "Their",
    "This", "To", "Up", "Us", "Was", "We", "What", "When", "Where", "Who", "Why", "Will",
    "With", "You", "Your",
))


def in_title_case(words: str) -> bool:
    """Whether ``words``, a heading or title, is written in title case."""
    after_first = [found.group() for found in _WORD.finditer(words)][1:]
    capitalised = [word for word in after_first if word[0].isupper() and not word.isupper()]
    return len(capitalised) >= 2 and any(word in _SMALL for word in capitalised)


def heading_finding(words: str, pos: SourcePos) -> Iterator[Finding]:
    """A note if the heading ``words`` is in title case."""
    if in_title_case(words):
        yield _finding(words, pos)


def title_finding(title: Title) -> Iterator[Finding]:
    """A note if the title is in title case."""
    if in_title_case(title.words):
        yield _finding(title.words, SourcePos(title.path,
                                              line_with(title.path, title.words, title.line), 1))


def _finding(words: str, pos: SourcePos) -> Finding:
    return Finding("title_case", pos, f'"{shorten(words)}" is written in title case',
                   "NHS.UK writes headings and titles in sentence case, with a capital for "
                   'the first word and for names only: "What we did at Kestrel Valley '
                   'Hospital", not "What We Did At Kestrel Valley Hospital".')
