"""Email and web addresses typed as plain text become links.

NHS.UK's style writes an email address in full and as a link; editors paste
"email pals@kvh.nhs.uk" or "see www.cqc.org.uk" from Word, where it was one. Both
Markdown paths' HTML goes through here, so they still give the same page. Addresses
are found by linkify-it-py; only those that say they are one are linked: an email
address, or one starting http://, https:// or www. ("update.md" is a file's name).
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkify_it import LinkifyIt

_TAG = re.compile(r"(<[^>]*>)")
# Text inside these is not linked: it is a link already, code, or not shown.
_LEFT_ALONE = re.compile(r"<(/?)(a|code|pre|script|style)\b", re.IGNORECASE)
_SCHEMES = ("http:", "https:", "mailto:")


def link_addresses(page_html: str) -> str:
    """``page_html`` (Markdown's HTML: text escaped) with its addresses linked."""
    if not _may_have_one_outside_links(page_html):
        return page_html  # most texts: no address
    parts = _TAG.split(page_html)
    inside = 0  # how many elements left alone the text is in
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            element = _LEFT_ALONE.match(part)
            if element and not part.endswith("/>"):
                inside = max(0, inside + (-1 if element.group(1) else 1))
        elif not inside and _may_have_one(part):
            parts[i] = _linked(part)
    return "".join(parts)


def _may_have_one_outside_links(page_html: str) -> bool:
    """Whether ``page_html`` has what an address has besides in its links' addresses
    (href="https://...", "mailto:..."): splitting a text with links at its tags to find
    out took a third as long as rendering it."""
    if "@" in page_html and page_html.count("@") > page_html.count('="mailto:'):
        return True
    if "://" in page_html and page_html.count("://") > page_html.count('="http'):
        return True
    return "www." in page_html and page_html.count("www.") > page_html.count("://www.")


def _may_have_one(text: str) -> bool:
    """Whether ``text`` has what an address has (``in``: a regular expression finding any
    of them took half as long as rendering the text)."""
    return "@" in text or "://" in text or "www." in text


def _linked(escaped: str) -> str:
    text = html.unescape(escaped)
    found = _addresses(text)
    if not found:
        return escaped
    out: list[str] = []
    done = 0
    for start, end, href in found:
        out += (_escape(text[done:start]),
                f'<a href="{_escape(href)}">{_escape(text[start:end])}</a>')
        done = end
    return "".join(out) + _escape(text[done:])


def _addresses(text: str) -> list[tuple[int, int, str]]:
    """Where each address is in ``text``, and what its link goes to."""
    addresses = []
    for match in _linkify().match(text) or ():
        start, end, raw = match.index, match.last_index, match.raw
        if match.schema == "mailto:" and not raw.lower().startswith("mailto:"):
            # "Email:pals@kvh.nhs.uk": linkify-it takes the word before the colon in.
            at = raw.rfind(":") + 1
            start, raw = start + at, raw[at:]
            addresses.append((start, end, "mailto:" + raw))
        elif match.schema in _SCHEMES:
            addresses.append((start, end, match.url))
        elif not match.schema and raw.lower().startswith("www."):
            addresses.append((start, end, "https://" + raw))
    return addresses


@functools.cache
def _linkify() -> LinkifyIt:
    """Made when first needed (its patterns take 15 ms to build)."""
    from linkify_it import LinkifyIt
    return LinkifyIt(options={"fuzzy_ip": False})


def _escape(text: str) -> str:
    """As markdown-it escapes text (not ', which html.escape would change)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
