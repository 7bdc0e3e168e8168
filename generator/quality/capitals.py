"""Words written in capitals: "PLEASE NOTE", "WHAT WE HAVE DONE THIS MONTH".

NHS.UK writes in sentence case: capitals are harder to read, for people with dyslexia
most of all, and read as shouting. A run of words in capitals is one note (advice that
never stops a site being published), with the words in sentence case to write; its
words are not abbreviations to explain. Abbreviations side by side ("NHS ICB") are not
such a run: it needs two words of four letters or more that are not abbreviations the
site knows, or three words with one. A word alone in capitals is an abbreviation to
explain, unless it is one of the words notices shout ("URGENT", "do NOT"), a month or a
day.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterator

from generator.errors import SourcePos
from generator.quality.findings import Finding
from generator.quality.sources import Text, Title, line_with

# Two words or more in capitals, with spaces between: a word may have digits, & or a
# hyphen or apostrophe in it (COVID-19, A&E, TRUST'S), and no small letter next to it.
# Not re.ASCII: a run ends before a word in capitals with an accent, not inside it
# ("PACJENTÓW" was shown as "PACJENT").
_RUN = re.compile(r"(?<![\w&'’-])[A-Z][A-Z0-9&'’-]*(?:[ \t]+[A-Z][A-Z0-9&'’-]*)+(?![\w&])")
_CAPITALS_AS_A = bytes(ord("A") if "A" <= chr(i) <= "Z" else ord(".") for i in range(256))
_LETTERS = re.compile(r"[^A-Z]")
_KEPT = re.compile(r"[0-9&]")  # a name's or abbreviation's: COVID-19, A&E
# Words with a capital in sentence case too: months and days.
_NAMED = frozenset(name.upper() for name in (*calendar.month_name[1:], *calendar.day_name))
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n)\W*$")
# A word alone in capitals, and the words shouted alone that no abbreviation of the NHS
# spells (not NICE, PALS or ALL, acute lymphoblastic leukaemia).
_ONE_WORD = re.compile(r"(?<![\w&'’-])[A-Z][A-Z'’]+(?![\w&'’-])", re.ASCII)
_SHOUTED = frozenset((
    "URGENT", "IMPORTANT", "NOTE", "PLEASE", "WARNING", "NOTICE", "REMINDER", "ATTENTION",
    "UPDATE", "UPDATED", "NEW", "FREE", "CLOSED", "OPEN", "NOW", "NOT", "NO", "YES", "STOP",
    "MUST", "NEVER", "ALWAYS", "ONLY", "TODAY", "CANCELLED", "POSTPONED", "DELAYED", "CHANGED",
    "REQUIRED", "IMMEDIATELY", "BREAKING", "LATEST", "ESSENTIAL", "VITAL", "DEADLINE", "FINAL",
    "CONFIDENTIAL", "WELCOME", "THANK", "THANKS", "YOU", "YOUR", "DO", "DON'T", "DON’T", "CANNOT",
    "CAN'T", "CAN’T", "WILL", "AND", "THE", "VERY",
))


class Capitals:
    """The capitals rule, if on, for the texts and titles of a file."""

    def __init__(self, on: frozenset[str], known: Collection[str]) -> None:
        self.on = "capitals" in on
        self.known = known  # abbreviations the site explains, or needs not

    def runs(self, words: str) -> list[tuple[int, int]]:
        """Where ``words`` has a run of words in capitals, or a word shouted alone (its
        abbreviation check leaves them be), whether the rule is on or not."""
        # Most texts have no two capitals side by side, as a run's long word has: said
        # in C (a regular expression finding a capital took twice as long).
        if b"AA" not in words.encode("utf-8", "replace").translate(_CAPITALS_AS_A):
            return []
        runs = [(run.start(), run.end()) for run in _RUN.finditer(words)
                if self._shouted(run.group().split())]
        alone = [(word.start(), word.end()) for word in _ONE_WORD.finditer(words)
                 if (word.group() in _SHOUTED or word.group() in _NAMED)
                 and word.group() not in self.known
                 and not any(start <= word.start() < end for start, end in runs)]
        return sorted(runs + alone)

    def in_text(self, text: Text, words: str, line: int,
                runs: list[tuple[int, int]]) -> Iterator[Finding]:
        """The findings for ``runs`` in ``words``, a paragraph or heading of ``text``
        starting on its ``line`` (0-based)."""
        if not self.on:
            return
        for start, end in runs:
            yield self._finding(words, start, end,
                                text.pos(line + words.count("\n", 0, start)))

    def in_title(self, title: Title) -> Iterator[Finding]:
        if not self.on:
            return
        for start, end in self.runs(title.words):
            written = title.words[start:end]
            yield self._finding(title.words, start, end, SourcePos(
                title.path, line_with(title.path, written, title.line), 1))

    def _shouted(self, words: list[str]) -> bool:
        long = sum(1 for word in words
                   if len(_LETTERS.sub("", word)) >= 4 and word not in self.known)
        return long >= 2 or (long >= 1 and len(words) >= 3)

    def _finding(self, words: str, start: int, end: int, pos: SourcePos) -> Finding:
        written = " ".join(words[start:end].split())
        instead = " ".join(word if word in self.known or word == "I" or _KEPT.search(word)
                           else word.capitalize() if word in _NAMED else word.lower()
                           for word in written.split())
        if _SENTENCE_START.search(words[:start]):
            instead = instead[0].upper() + instead[1:]
        return Finding("capitals", pos, f'"{written}" is written in capitals',
                       f'write "{instead}": NHS.UK writes in sentence case (a capital to start '
                       "a sentence and for names), as capitals are harder to read; for a "
                       "word that matters most, use **bold**, once.")
