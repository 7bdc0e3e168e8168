"""Email and web addresses typed as plain text become links.

NHS.UK's style writes an email address in full and as a link; editors paste
"email pals@kvh.nhs.uk" or "see www.cqc.org.uk" from Word, where it was one. Both
Markdown paths' HTML goes through here, so they still give the same page. Web addresses
are found by linkify-it-py, and linked only if they say they are one: starting http://,
https:// or www. ("update.md" is a file's name, though .md is a country's domain). Their
class, which links written with their address as their words get too, tells the printed
page not to print the address again after them.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linkify_it import LinkifyIt

# Text inside these is not linked: it is a link already, code, or not shown. Each as its
# tags: opening (alone, or with attributes) and closing.
_LEFT_ALONE = tuple((f"<{name}>", f"<{name} ", f"</{name}>")
                    for name in ("a", "code", "pre", "script", "style"))
# An email address, as in "mailto:pals@kvh.nhs.uk" or "Email:pals@kvh.nhs.uk": a name,
# @, and a domain of at least two parts, the last of letters; not part of a longer word.
_EMAIL = re.compile(r"(?<![\w.+-])(?:mailto:)?([\w.+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})"
                    r"(?![\w@-]|\.[A-Za-z0-9])", re.ASCII)


def link_addresses(page_html: str) -> str:
    """``page_html`` (Markdown's HTML: text escaped) with its addresses linked."""
    if not _may_have_one_outside_links(page_html):
        return page_html  # most texts: no address
    # A link whose words are its address (Markdown's <https://...>) is printed once too.
    page_html = _NAMED_BY_ADDRESS.sub(r'<a class="typed-address" href="\1\2">', page_html)
    # Only the runs of text with what an address has are looked at: going through every
    # tag of a page took longer than linking its address.
    kinds: list[tuple[str, str, str]] | None = None  # of those, the page's
    out: list[str] = []
    done = 0
    for at in _maybe_addresses(page_html):
        if at < done:
            continue  # in a run of text already linked
        start = page_html.rfind(">", 0, at) + 1
        if page_html.rfind("<", 0, at) >= start:
            continue  # inside a tag: a link's address
        end = page_html.find("<", at)
        end = len(page_html) if end == -1 else end
        if kinds is None:
            kinds = [kind for kind in _LEFT_ALONE if kind[2] in page_html]
        if not any(_inside(page_html, start, kind) for kind in kinds):
            out += (page_html[done:start], _linked(page_html[start:end]))
            done = end
    return "".join(out) + page_html[done:]


_NAMED_BY_ADDRESS = re.compile(r'<a href="(mailto:)?([^"<>]+)">(?=\2</a>)')


def _maybe_addresses(page_html: str) -> list[int]:
    """Where ``page_html`` has what an address has, in order."""
    found = []
    for mark in ("@", "://", "www."):
        at = page_html.find(mark)
        while at != -1:
            found.append(at)
            at = page_html.find(mark, at + 1)
    return sorted(found)


def _inside(page_html: str, at: int, kind: tuple[str, str, str]) -> bool:
    """Whether ``at`` is inside an element of this kind: its last opening tag before it
    comes after its last closing tag."""
    opening, spaced, closing = kind
    return max(page_html.rfind(opening, 0, at), page_html.rfind(spaced, 0, at)) > \
        page_html.rfind(closing, 0, at)


def _may_have_one_outside_links(page_html: str) -> bool:
    """Whether ``page_html`` has what an address has besides in its links' addresses
    (href="https://...", "mailto:..."), which most texts with links have alone."""
    if "@" in page_html and page_html.count("@") > page_html.count('="mailto:'):
        return True
    if "://" in page_html and page_html.count("://") > page_html.count('="http'):
        return True
    return "www." in page_html and page_html.count("www.") > page_html.count("://www.")


def _linked(escaped: str) -> str:
    text = html.unescape(escaped)
    found = _addresses(text)
    if not found:
        return escaped
    out: list[str] = []
    done = 0
    for start, end, href in found:
        out += (_escape(text[done:start]),
                f'<a class="typed-address" href="{_escape(href)}">{_escape(text[start:end])}</a>')
        done = end
    return "".join(out) + _escape(text[done:])


def _addresses(text: str) -> list[tuple[int, int, str]]:
    """Where each address is in ``text``, and what its link goes to, in order."""
    web = _web_addresses(text) if "://" in text or "www." in text.lower() else []
    emails = [(found.start(), found.end(), "mailto:" + found.group(1))
              for found in (_EMAIL.finditer(text) if "@" in text else ())
              # not one in a web address's query ("...?to=pals@kvh.nhs.uk")
              if not any(start <= found.start() < end for start, end, _ in web)]
    return sorted(web + emails)


def _web_addresses(text: str) -> list[tuple[int, int, str]]:
    """Web addresses, by linkify-it-py: where one ends (before a full stop, or a bracket
    closing the sentence's) takes its rules. It takes about 0.14 ms a paragraph, so email
    addresses, which are many and simple, are found by _EMAIL instead."""
    addresses = []
    for match in _linkify().match(text) or ():
        start, end, raw = match.index, match.last_index, match.raw
        if match.schema in ("http:", "https:"):
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
