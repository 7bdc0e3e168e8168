"""Mark the first use of each glossary abbreviation in a page's main content."""

from __future__ import annotations

import bisect
import functools
import html
import re

from generator.model.glossary import GlossaryTerm
from generator.render.memo import last_by_identity

_MAIN_OPEN = re.compile(r"<main\b[^>]*>")
# Text inside these is left alone: it is already marked, code, or not prose.
_SKIP = ("abbr", "code", "pre", "script", "style", "svg", "title")
_SKIP_TAG = re.compile(r"<(?:(" + "|".join(_SKIP) + r")\b[^>]*|/(?:" + "|".join(_SKIP)
                       + r")\s*)>", re.IGNORECASE)
_JOINED = re.compile(r"[\w&-]")  # a term after one of these is part of a longer word


def mark_abbreviations(page_html: str, terms: tuple[GlossaryTerm, ...]) -> str:
    """Wrap the first use of each term inside <main> in ``<abbr title="...">``.

    Whole words only, case as written in the glossary. The page's HTML is
    ours (text is escaped), so a term's uses are found by pattern, and those inside
    a tag or a skipped element left alone: walking every tag of a list of hundreds
    of updates took as long as rendering it.
    """
    if not terms:
        return page_html
    span = _main_span(page_html)
    if span is None:
        return page_html
    start, end = span
    expansions, candidates, pattern = _matcher_for(terms)
    if not candidates.search(page_html, start, end):
        return page_html  # most pages: no term anywhere, so no need to look closer
    skipped = _skipped_spans(page_html, start, end)
    first: dict[str, re.Match[str]] = {}
    found = pattern.search(page_html, start, end)
    while found and len(first) < len(expansions):
        word, at = found.group(1), found.start()
        if _JOINED.match(page_html, at - 1):  # part of a longer word: look from the next letter
            found = pattern.search(page_html, at + 1, end)
            continue
        if (word not in first
                and page_html.rfind("<", start, at) <= page_html.rfind(">", start, at)
                and not _inside(skipped, at)):
            first[word] = found
        found = pattern.search(page_html, found.end(), end)
    parts: list[str] = []
    done = 0
    for found in sorted(first.values(), key=re.Match.start):
        word = found.group(1)
        title = html.escape(expansions[word], quote=True)
        parts += (page_html[done:found.start()], f'<abbr title="{title}">{word}</abbr>')
        done = found.end()
    return "".join(parts) + page_html[done:]


def _skipped_spans(page_html: str, start: int, end: int) -> list[int]:
    """Where text inside skipped elements (nested ones counted) starts and ends, in
    turn: a position is inside one when an odd number of these are at or before it."""
    bounds: list[int] = []
    depth = 0
    for tag in _SKIP_TAG.finditer(page_html, start, end):
        if tag.group(1):  # an opening tag
            if not tag.group().endswith("/>"):
                depth += 1
                if depth == 1:
                    bounds.append(tag.end())
        elif depth:
            depth -= 1
            if depth == 0:
                bounds.append(tag.start())
    return bounds


def _inside(bounds: list[int], at: int) -> bool:
    return bisect.bisect_right(bounds, at) % 2 == 1


def _main_span(page_html: str) -> tuple[int, int] | None:
    """Where the content of <main> starts and ends (str.find: a regex took 0.1 ms a page)."""
    at = page_html.find("<main")
    while at != -1:
        opening = _MAIN_OPEN.match(page_html, at)
        if opening:
            end = page_html.find("</main>", opening.end())
            return (opening.end(), end) if end != -1 else None
        at = page_html.find("<main", at + 1)
    return None


Matcher = tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]


@last_by_identity  # looking the glossary up by value hashed every term, for every page
@functools.lru_cache(maxsize=8)  # one glossary a build: made once, not for every page
def _matcher_for(terms: tuple[GlossaryTerm, ...]) -> Matcher:
    """Each abbreviation (as HTML) with its expansion; a quick pattern finding any of them
    anywhere (in a word too); and the pattern finding them not followed by more of a word
    (not preceded by any is checked after: a look-behind made the search four times
    slower)."""
    expansions = {html.escape(t.abbreviation, quote=False): t.expansion for t in terms}
    words = "|".join(re.escape(w) for w in sorted(expansions, key=len, reverse=True))
    return expansions, re.compile(words), re.compile(r"(" + words + r")(?![\w-])")
