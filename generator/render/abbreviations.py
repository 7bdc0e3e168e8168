"""Mark the first use of each glossary abbreviation in a page's main content."""

from __future__ import annotations

import functools
import html
import re

from generator.model.glossary import GlossaryTerm
from generator.render.memo import last_by_identity

_MAIN_OPEN = re.compile(r"<main\b[^>]*>")
_TAG = re.compile(r"(<[^>]*>)")
# Text inside these is left alone: it is already marked, code, or not prose.
_SKIP = ("abbr", "code", "pre", "script", "style", "svg", "title")
_OPEN = re.compile(r"<(" + "|".join(_SKIP) + r")\b", re.IGNORECASE)
_CLOSE = re.compile(r"</(" + "|".join(_SKIP) + r")\s*>", re.IGNORECASE)


def mark_abbreviations(page_html: str, terms: tuple[GlossaryTerm, ...]) -> str:
    """Wrap the first use of each term inside <main> in ``<abbr title="...">``.

    Whole words only, case as written in the glossary. The page's HTML is
    ours (text is escaped), so splitting on tags is safe.
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
    used: set[str] = set()

    def mark(found: re.Match[str]) -> str:
        word = found.group(1)
        if word in used:
            return word
        used.add(word)
        title = html.escape(expansions[word], quote=True)
        return f'<abbr title="{title}">{word}</abbr>'

    parts = _TAG.split(page_html[start:end])
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if _OPEN.match(part) and not part.endswith("/>"):
                depth += 1
            elif _CLOSE.match(part):
                depth = max(0, depth - 1)
        elif depth == 0 and part:
            parts[i] = pattern.sub(mark, part)
    return page_html[:start] + "".join(parts) + page_html[end:]


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
    anywhere (in a word too); and the pattern finding them as whole words."""
    expansions = {html.escape(t.abbreviation, quote=False): t.expansion for t in terms}
    words = "|".join(re.escape(w) for w in sorted(expansions, key=len, reverse=True))
    return (expansions, re.compile(words),
            re.compile(r"(?<![\w&-])(" + words + r")(?![\w-])"))
