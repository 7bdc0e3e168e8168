"""Words with a plainer one to say the same: "utilise" (use), "prior to" (before).

NHS.UK writes in plain English, for readers who may be ill, worried or reading in a
second language. Only words and phrases whose plainer form says the same in a trust's
writing are listed (not "deliver" or "key", which often mean just what they say), and
they are notes: advice that never stops a site being published. CQC's own words (an
action's text, a warning notice's finding, a quotation in an update) are left as CQC
wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.errors import SourcePos
from generator.model.checks import CheckSettings
from generator.quality.findings import Finding
from generator.quality.sources import Text, Title, line_with
from generator.quality.spelling import LETTERS_ONLY


def _forms(stem: str, endings: str) -> list[str]:
    """"utilis", "e es ed" -> utilise, utilises, utilised ("-" is no ending)."""
    return [stem + ending.strip("-") for ending in endings.split()]


# What to write instead of each word (each form of it) and phrase, in lower case.
_INSTEAD: dict[str, tuple[str, ...] | list[str]] = {
    "use": (*_forms("utilis", "e es ed ing ation"), *_forms("utiliz", "e es ed ing ation"),
            *_forms("leverag", "e es ed ing")),
    "help, or make possible": _forms("facilitat", "e es ed ing"),
    "start": (*_forms("commenc", "e es ed ing ement"), *_forms("initiat", "e es ed ing")),
    "speed up": _forms("expedit", "e es ed ing"),
    "try": (*_forms("endeavour", "- s ed ing"), *_forms("endeavor", "- s ed ing")),
    "find out": _forms("ascertain", "- s ed ing"),
    "get": _forms("obtain", "- s ed ing"),
    "buy": _forms("purchas", "e es ed ing"),
    "help": _forms("assist", "- s ing ance"),
    "affect (affected, affecting)": ["impacted", "impacting"],
    "about": ["with regard to", "with regards to", "in regard to", "in regards to",
              "in relation to", "regarding", "approximately"],
    "to": ["in order to"],
    "before": ["prior to"],
    "after": ["subsequent to"],
    "from now on, or in future": ["going forward", "going forwards"],
    "now": ["at this point in time", "at this moment in time"],
    "if": ["in the event that"],
    "because": ["due to the fact that"],
    "more than": ["in excess of"],
    "with": ["in conjunction with"],
    "now, or from today": ["with immediate effect"],
    "most": ["the majority of"],
    "some (or say how many)": ["a number of"],
    "many": ["numerous"],
    "enough": ["sufficient", "sufficiently"],
    "more, or extra": ["additional"],
    "while": ["whilst"],
    "among": ["amongst"],
    "by which, or where": ["whereby"],
    "after that": ["thereafter"],
    "every day": ["on a daily basis"],
    "every week": ["on a weekly basis"],
    "every month": ["on a monthly basis"],
    "regularly": ["on a regular basis"],
    "the people you mean (patients, staff, partners)": ["stakeholder", "stakeholders"],
    # Latin, which not everyone reads (and screen readers read oddly)
    "for example": ["e.g.", "eg."],
    "that is, or that means": ["i.e."],
    "and so on, or name them all": ["etc.", "etc"],
    "a year": ["per annum"],
}
_PLAINER = {written: plainer for plainer, words in _INSTEAD.items() for written in words}
# One expression for them all, as whole words; a phrase may break across a text's lines.
_FIND = re.compile(r"(?<![\w'’-])(?:" + "|".join(
    re.escape(written).replace(r"\ ", r"\s+")
    for written in sorted(_PLAINER, key=len, reverse=True))
    + r")(?![\w'’-])", re.IGNORECASE | re.ASCII)  # ASCII: "ſ" is not an "s" here
# The longest word of each (the one least often in other texts): most texts have none,
# which their runs of letters (split out in C, as for spelling) say at once; the
# expression alone took a third as long as every other prose check together.
_KEYS = frozenset(max(re.findall("[a-z]+", written), key=len).encode()
                  for written in _PLAINER)


class PlainWords:
    """The plain_words rule, if on, for the texts and titles of a file."""

    def __init__(self, settings: CheckSettings, on: frozenset[str]) -> None:
        self.on = "plain_words" in on
        self.known = frozenset(word.lower() for word in settings.known_words)

    def in_text(self, text: Text, words: str, line: int) -> Iterator[Finding]:
        """The findings in ``words``, a paragraph or heading of ``text`` starting on its
        ``line`` (0-based)."""
        for at, found in self._found(words):
            yield _finding(found, text.pos(line + words.count("\n", 0, at)))

    def in_title(self, title: Title) -> Iterator[Finding]:
        for _, found in self._found(title.words):
            yield _finding(found, SourcePos(title.path, line_with(title.path, found,
                                                                  title.line), 1))

    def _found(self, words: str) -> Iterator[tuple[int, str]]:
        if not self.on or _KEYS.isdisjoint(
                words.lower().encode().translate(LETTERS_ONLY).split()):
            return
        for match in _FIND.finditer(words):
            found = " ".join(match.group().split())  # as one line
            if found.lower() not in self.known:
                yield match.start(), found


def plainer(found: str) -> str:
    """What to write instead of ``found`` (as written, in any case)."""
    return _PLAINER[" ".join(found.lower().split())]


def _finding(found: str, pos: SourcePos) -> Finding:
    return Finding("plain_words", pos, f'"{found}" has a plainer word: {plainer(found)}',
                   "NHS.UK writes in plain English, so more people understand it first "
                   "time. If it is right here, add it under known_words: in checks: in "
                   "site.yaml.")
