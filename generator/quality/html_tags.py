"""HTML written in a text (``allow_html: true``) with a tag left open, or closed with none
open: the rest of the page (the update's signature, the footer) would be inside the tag,
or a part of the page closed early. Browsers then each guess the page's structure, and a
screen reader reads what they guessed.

Only HTML itself is looked at: the tags Markdown writes always close. Tags whose end
HTML lets be left out (``<p>``, ``<li>``, a table's ``<tr>`` and cells) and tags that
never have one (``<br>``, ``<img>``) are not asked to close.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from markdown_it.token import Token

from generator.quality.findings import Finding
from generator.quality.sources import Text

NEVER_CLOSED = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                          "meta", "source", "track", "wbr"})
END_OPTIONAL = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot",
                          "option", "optgroup", "colgroup", "rb", "rt", "rp"})


def unclosed_tags(text: Text, tokens: list[Token]) -> Iterator[Finding]:
    """A finding for each tag of the text's HTML left open, or closed with none open."""
    open_tags: list[tuple[str, int]] = []  # (tag, line), innermost last
    closed_early: list[str] = []  # tags said to be left open inside another that closed
    for line, html in _html_in(tokens):
        for kind, tag, at in _tags(html):
            if kind == "start":
                if tag not in NEVER_CLOSED:
                    open_tags.append((tag, line + at))
            elif any(t == tag for t, _ in open_tags):
                while open_tags:  # the tags inside it, left open, close with it
                    inner, opened = open_tags.pop()
                    if inner == tag:
                        break
                    if inner not in END_OPTIONAL:
                        closed_early.append(inner)
                        yield Finding("html_tags", text.pos(opened),
                                      f"<{inner}> is not closed before </{tag}>",
                                      f"write </{inner}> before </{tag}>: tags close in "
                                      "the order opposite to the one they opened in.")
            elif tag in closed_early:
                closed_early.remove(tag)  # its end, after the tag it was inside: said
            elif tag not in NEVER_CLOSED | END_OPTIONAL:  # browsers let </br>, </p> be
                yield Finding("html_tags", text.pos(line + at),
                              f"</{tag}> closes a <{tag}> that is not open",
                              f"delete the </{tag}>, or write the <{tag}> it closes before "
                              "it.")
    for tag, opened in open_tags:
        if tag not in END_OPTIONAL:
            yield Finding("html_tags", text.pos(opened),
                          f"<{tag}> is not closed, so what comes after it on the page is "
                          "inside it", f"write </{tag}> where it should end.")


def _html_in(tokens: Iterable[Token]) -> Iterator[tuple[int, str]]:
    """(line in the text, HTML) for each piece of HTML Markdown left as written."""
    for token in tokens:
        if token.type == "html_block" and token.map:
            yield token.map[0], token.content
        elif token.type == "inline" and token.children and token.map:
            breaks = 0
            for child in token.children:
                if child.type in ("softbreak", "hardbreak"):
                    breaks += 1
                elif child.type == "html_inline":
                    yield token.map[0] + breaks, child.content


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str, int]] = []  # (start or end, tag, line from 0)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(("start", tag, self.getpos()[0] - 1))

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        pass  # <br/>, <img ... />: nothing left open

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("end", tag, self.getpos()[0] - 1))


def _tags(html: str) -> list[tuple[str, str, int]]:
    reader = _TagReader()
    try:
        reader.feed(html)
        reader.close()
    except AssertionError:  # html.parser's, on a declaration it cannot read ("<![;")
        return []  # not the tags before it alone: their ends may be after it
    return reader.tags
