"""Mark the first use of each glossary abbreviation in a page's main content."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from generator.model.glossary import GlossaryTerm

_MAIN = re.compile(r"(<main\b[^>]*>)(.*?)(</main>)", re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")
# Text inside these is left alone: it is already marked, code, or not prose.
_SKIP = ("abbr", "code", "pre", "script", "style", "svg", "title")
_OPEN = re.compile(r"<(" + "|".join(_SKIP) + r")\b", re.IGNORECASE)
_CLOSE = re.compile(r"</(" + "|".join(_SKIP) + r")\s*>", re.IGNORECASE)


def mark_abbreviations(page_html: str, terms: Sequence[GlossaryTerm]) -> str:
    """Wrap the first use of each term inside <main> in ``<abbr title="...">``.

    Whole words only, case as written in the glossary. The page's HTML is
    ours (text is escaped), so splitting on tags is safe.
    """
    if not terms:
        return page_html
    match = _MAIN.search(page_html)
    if not match:
        return page_html
    expansions = {html.escape(t.abbreviation, quote=False): t.expansion for t in terms}
    words = sorted(expansions, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")
    used: set[str] = set()

    def mark(found: re.Match[str]) -> str:
        word = found.group(1)
        if word in used:
            return word
        used.add(word)
        title = html.escape(expansions[word], quote=True)
        return f'<abbr title="{title}">{word}</abbr>'

    parts = _TAG.split(match.group(2))
    depth = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            if _OPEN.match(part) and not part.endswith("/>"):
                depth += 1
            elif _CLOSE.match(part):
                depth = max(0, depth - 1)
        elif depth == 0 and part:
            parts[i] = pattern.sub(mark, part)
    body = "".join(parts)
    return page_html[: match.start(2)] + body + page_html[match.end(2) :]
