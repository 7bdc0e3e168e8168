"""The one Markdown pipeline: page bodies and every Markdown field go through it.

CommonMark plus tables, with raw HTML escaped unless the site allows it, links
with unsafe schemes refused, heading ids prefixed (``h-``) so a heading
called "Main content" can never clash with the page's own ids, and email and web
addresses typed as text made links (autolinks.py).
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from markupsafe import Markup

from generator.content.nodes import Scalar
from generator.errors import SourcePos
from generator.render.autolinks import link_addresses
from generator.render.fast_markdown import FastMarkdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

HEADING_ID_PREFIX = "h-"
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_TAGS = re.compile(r"<[^>]*>")
# A tag between blocks (paragraphs, items, cells, lines) parts words; one inside a
# line ("[our report](...).", "**bold**,") does not.
_BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|br|hr|tr|td|th|table|thead|tbody|"
                        r"blockquote|pre|img)\b[^>]*>")
# Where a sentence ends in plain text: ., ! or ?, maybe a closing quote or bracket, space,
# then what starts one (a capital or a digit, maybe after an opening quote or bracket).
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
# Where the inline rules of CommonMark (markdown-it's preset) may begin, what it
# normalises (NUL, CR), and what it escapes besides '"': a text with none of them is
# only escaped. (Its text rule stops at more, such as "-" and ":", which only plugins
# we do not use act upon: "ward-level" need not load markdown-it-py.)
_INLINE_SYNTAX = re.compile(r"[\n\r\0!&*<>\[\\\]_`]")
# One line with none of that, and not starting as a block would (a heading, quote, list,
# rule, fence or indented code): its plain text is itself, with no need to render it.
_PLAIN_LINE = re.compile(r"[^\s#>+\-=~|\d\0!&*<>\[\\\]_`][^\n\r\0!&*<>\[\\\]_`]*\Z")
# A table's column aligned in Markdown (|--:|) comes out as style="text-align:right",
# which the site's security policy stops (no inline styles): a class of the stylesheet.
_ALIGNED_CELL = re.compile(r'<(t[hd]) style="text-align:(left|center|right)">')


class MarkdownRenderer:
    """Renders Markdown to HTML with the site's settings; stateless between calls."""

    def __init__(self, allow_html: bool = False, fast: bool | None = None):
        if fast is None:  # JOURNEY_FAST_MARKDOWN=0: the reference alone (for benchmarks)
            fast = os.environ.get("JOURNEY_FAST_MARKDOWN", "1") != "0"
        self.settings = (allow_html,)  # what output depends on: part of cache keys
        self._reference: MarkdownIt | None = None
        self._fast: FastMarkdown | None = None
        if fast and not allow_html:  # raw HTML is the reference's alone
            with contextlib.suppress(ImportError):
                self._fast = FastMarkdown(_slug, HEADING_ID_PREFIX, _is_safe_link,
                                          TABLE_OPEN, TABLE_CLOSE)

    @property
    def _md(self) -> MarkdownIt:
        """markdown-it-py, made when first needed: with the fast path, many builds never
        need it, and importing it took 0.03 s of each."""
        if self._reference is None:
            from markdown_it import MarkdownIt
            md = MarkdownIt("commonmark", {"html": self.settings[0]}).enable("table")
            md.validateLink = _is_safe_link  # type: ignore[method-assign]
            md.core.ruler.push("heading_ids", _heading_ids)
            md.add_render_rule("table_open", _table_open)
            md.add_render_rule("table_close", _table_close)
            self._reference = md
        return self._reference

    def render(self, source: str, heading_offset: int = 0) -> str:
        """HTML for ``source``; ``heading_offset`` demotes headings (## becomes ### at 1)."""
        rendered = self._fast.render(source, heading_offset) if self._fast else None
        if rendered is None:
            rendered = self.reference_render(source, heading_offset)
        if 'style="text-align:' in rendered:
            rendered = _ALIGNED_CELL.sub(r'<\1 class="table__cell--\2">', rendered)
        return link_addresses(rendered)

    def reference_render(self, source: str, heading_offset: int = 0) -> str:
        """The markdown-it-py pipeline: the reference the fast path must equal."""
        return str(self._md.render(source, {"heading_offset": heading_offset}))

    def parse(self, source: str) -> list[Token]:
        """The tokens ``render`` would turn into HTML (for the checker)."""
        return list(self._md.parse(source, {"heading_offset": 0}))

    def render_inline(self, source: str) -> str:
        if not _INLINE_SYNTAX.search(source):  # most titles and summaries: nothing to parse
            return source.replace('"', "&quot;")
        return str(self._md.renderInline(source))


def _is_safe_link(url: str) -> bool:
    # markdown-it has already percent-decoded and trimmed; strip what browsers ignore.
    compact = re.sub(r"[\x00-\x20]", "", unquote(html.unescape(url)))
    scheme = _SCHEME.match(compact)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _slug(text: str) -> str:
    return _NOT_IN_SLUG.sub("-", text.lower()).strip("-") or "section"


_NOT_IN_SLUG = re.compile(r"[^a-z0-9]+")


def _heading_ids(state: StateCore) -> None:
    seen: dict[str, int] = {}
    offset = int(state.env.get("heading_offset", 0))
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        if offset:
            token.tag = f"h{min(6, int(token.tag[1]) + offset)}"
        if token.type == "heading_close":
            continue
        inline = tokens[i + 1]
        children = inline.children or []
        # A line break inside a heading separates words, as it does on the page.
        text = "".join(c.content if c.type in ("text", "code_inline") else " "
                       for c in children if c.type in ("text", "code_inline", "softbreak",
                                                       "hardbreak"))
        slug = _slug(text)
        seen[slug] = seen.get(slug, 0) + 1
        if seen[slug] > 1:
            slug = f"{slug}-{seen[slug]}"
        token.attrSet("id", HEADING_ID_PREFIX + slug)


# A wrapper lets wide tables scroll on their own at 320px instead of the page; it is
# focusable so keyboard users can scroll it too (WCAG 2.1.1).
TABLE_OPEN = '<div class="table-container" role="region" aria-label="Table" tabindex="0">\n'
TABLE_CLOSE = "</div>\n"


def _table_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    tag = str(self.renderToken(tokens, idx, options, env))
    # After a tight list item's text, the tag starts with a line break: it goes before
    # the wrapper (as the fast path has it), not between the wrapper and the table.
    return "\n" + TABLE_OPEN + tag[1:] if tag.startswith("\n") else TABLE_OPEN + tag


def _table_close(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    return str(self.renderToken(tokens, idx, options, env)) + TABLE_CLOSE


class Markdown:
    """A Markdown field of the model; shows as HTML in templates (``{{ x.body }}``).

    Rendering is done once, on first use, with the site's renderer.
    """

    __slots__ = ("_html", "_inline", "_renderer", "_text", "pos", "source")

    def __init__(self, source: str, renderer: MarkdownRenderer, pos: SourcePos | None = None):
        self.source = source
        self.pos = pos
        self._renderer = renderer
        self._html: str | None = None
        self._inline: str | None = None
        self._text: str | None = None

    @classmethod
    def from_scalar(cls, scalar: Scalar, renderer: MarkdownRenderer) -> Markdown:
        """``pos``: where its text starts, the line after the ``|`` of a block."""
        pos = scalar.pos
        if scalar.block:
            pos = SourcePos(pos.path, pos.line + 1, 1)
        return cls(scalar.text, renderer, pos)

    def __reduce__(self) -> tuple[Any, ...]:
        # Kept in the build cache: the renderer is found again by its settings.
        return (_restore_markdown, (self.source, self.pos, self._renderer.settings, self._html))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Markdown):
            return NotImplemented
        return (self.source, self.pos) == (other.source, other.pos)

    def __hash__(self) -> int:
        return hash((self.source, self.pos))

    @property
    def settings(self) -> tuple[object, ...]:
        """What its rendering depends on besides its source (part of cache keys)."""
        return self._renderer.settings

    def __html__(self) -> str:
        if self._html is None:
            self._html = self._renderer.render(self.source)
        return self._html

    @property
    def html(self) -> Markup:
        return Markup(self.__html__())

    def tokens(self) -> list[Token]:
        return self._renderer.parse(self.source)

    def nested(self, offset: int = 1) -> Markup:
        """HTML with headings demoted, for a body shown under a heading of its own."""
        return Markup(self._renderer.render(self.source, heading_offset=offset))

    @property
    def inline(self) -> Markup:
        """For one-line fields shown inside a sentence or a list item: no <p>."""
        if self._inline is None:
            self._inline = self._renderer.render_inline(self.source)
        return Markup(self._inline)

    @property
    def text(self) -> str:
        """Plain text, for page descriptions and summaries."""
        if self._text is None:
            plain = _PLAIN_LINE.match(self.source)  # most summaries: nothing to render
            self._text = " ".join((self.source if plain else html.unescape(
                _TAGS.sub("", _BLOCK_TAG.sub(" ", self.__html__())))).split())
        return self._text

    def __bool__(self) -> bool:
        return bool(self.source.strip())


@functools.cache
def renderer_for(settings: tuple[bool]) -> MarkdownRenderer:
    return MarkdownRenderer(allow_html=settings[0])


def _restore_markdown(source: str, pos: SourcePos | None, settings: tuple[bool],
                      html: str | None) -> Markdown:
    markdown = Markdown(source, renderer_for(settings), pos)
    markdown._html = html
    return markdown
