"""What the checker needs from a built page: its ids, classes, links and images, and what
it fetches or runs (for the security policy's check).

A regular expression over start tags, not a full parser: the pages are ours (every
value escaped, attributes quoted), and this is several times faster on big sites.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_COMMENT_OR_SCRIPT = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>",
                                re.DOTALL | re.IGNORECASE)
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^<>]*?)?/?>")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_LINKING_TAGS = frozenset({"a", "img", "link", "script", "source", "iframe"})
_MEDIA_TAGS = frozenset({"video", "audio", "source", "track"})
# A script element of these types runs (others, such as JSON-LD, are data).
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href and src values, unescaped
    images_without_alt: list[str] = field(default_factory=list)  # their src
    # What the page fetches or runs, as (kind, address): the kinds of security_policy's
    # DIRECTIVES; an inline script or style's address is its first words.
    fetched: list[tuple[str, str]] = field(default_factory=list)


def scan_page(page_html: str) -> PageScan:
    scan = PageScan()

    def start_tag_only(element: re.Match[str]) -> str:
        # Scripts with a src still link somewhere: keep their start tags, drop their bodies
        # (an inline one's first words are kept: the security policy may stop it).
        if not element.group(1):
            return ""  # a comment
        start, _, rest = element.group(0).partition(">")
        body = rest[:rest.rfind("<")].strip()
        if body and (element.group(1).lower() == "style" or _runs(start)):
            scan.fetched.append((f"inline {element.group(1).lower()}", _first_words(body)))
        return start + ">"

    text = _COMMENT_OR_SCRIPT.sub(start_tag_only, page_html)
    for tag_match in _START_TAG.finditer(text):
        tag = tag_match.group(1).lower()
        values = _attributes(tag_match.group(2) or "")
        if "id" in values:
            scan.ids.add(values["id"])
        if tag == "a" and "name" in values:
            scan.ids.add(values["name"])
        if "class" in values:
            scan.classes.update(values["class"].split())
        if tag in _LINKING_TAGS:
            scan.links += [values[name] for name in ("href", "src") if name in values]
        scan.fetched += _fetches(tag, values)
        if tag == "img" and "alt" not in values:
            scan.images_without_alt.append(values.get("src", ""))
    return scan


def _attributes(text: str) -> dict[str, str]:
    """A start tag's attributes (the text after its name), by lower-case name, unescaped."""
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
            for m in _ATTRIBUTE.finditer(text)}


def _fetches(tag: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """What an element fetches or runs, as (kind, address)."""
    found = []
    if values.get("src"):
        if tag in ("img", "iframe", "script"):
            found.append((tag, values["src"]))
        elif tag in _MEDIA_TAGS:
            found.append(("media", values["src"]))
        elif tag == "embed":
            found.append(("object", values["src"]))
    if tag == "object" and values.get("data"):
        found.append(("object", values["data"]))
    if tag == "form" and values.get("action"):
        found.append(("form", values["action"]))
    if tag == "link" and values.get("href") and "stylesheet" in values.get("rel", "").split():
        found.append(("stylesheet", values["href"]))
    if tag == "video" and values.get("poster"):
        found.append(("img", values["poster"]))
    if values.get("srcset"):  # "a.png 1x, b.png 2x"
        found += [("img", words[0]) for candidate in values["srcset"].split(",")
                  if (words := candidate.split())]
    if values.get("style", "").strip():
        found.append(("inline style", _first_words(values["style"])))
    found += [("inline script", _first_words(value)) for name, value in values.items()
              if name.startswith("on") and len(name) > 2 and value.strip()]  # onclick=
    return found


def _runs(script_start_tag: str) -> bool:
    """Whether a script element with this start tag, and no src, runs as a script."""
    values = _attributes(script_start_tag[len("<script"):])
    return "src" not in values and values.get("type", "").strip().lower() in _SCRIPT_TYPES


def _first_words(code: str) -> str:
    """An inline script or style's first line, to say which it is and to find where it
    was written."""
    return code.strip().split("\n", 1)[0].strip()
