"""The fast Markdown path: markdown-it-pyrs (markdown-it in Rust), made to give exactly
what our markdown-it-py pipeline gives, or nothing (then the page uses the reference).

Our additions are applied to its HTML: heading ids and levels, the scrolling wrapper
around tables. Links are checked afterwards with the same rule as the reference; a
text with any link that rule refuses is left to the reference, which shows it as text,
as is one with an address the two libraries write differently. Texts where they are
known to differ are left to the reference before rendering (FastMarkdown.render lists
them). tests/test_fast_markdown.py proves the two paths agree on the sample, the
benchmark corpus and fuzzed input: characters, pieces of block syntax and documents.
"""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
import string
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, cast
from urllib.parse import unquote

try:
    import markdown_it_pyrs
except ImportError:  # pragma: no cover - the wheel exists for the usual platforms
    markdown_it_pyrs = None  # type: ignore[assignment]

# commonmark without raw HTML (editors' HTML is shown as text unless allow_html is on).
_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph",
          "reference", "autolink", "backticks", "emphasis", "entity", "escape", "image",
          "link", "newline", "table"]
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_TAGS = re.compile(r"<[^>]*>")
# A code span of spaces only (`    `): Rust trims a space from each end, CommonMark not.
_BLANK_CODE_SPAN = re.compile(r"`[ \t\n]+`")
# A quote's first marker (>), in a list item too (see _quote_the_libraries_differ_on).
_QUOTE = re.compile(r"^[ \t]*(?:(?:[*+-]|[0-9]{1,9}[.)])[ \t]+)*>", re.MULTILINE)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_URL_ATTRIBUTE = re.compile(r'\s(?:href|src)="([^"]*)"')
# Control characters and Unicode spaces (Python trims these, Rust does not), and the
# characters the reference normalises before parsing.
_DIFFERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029"
                      "\u202f\u205f\u3000\ufeff]")


class FastMarkdown:
    def __init__(self, slug: Callable[[str], str], prefix: str,
                 link_is_safe: Callable[[str], bool], table_open: str, table_close: str):
        if markdown_it_pyrs is None:
            raise ImportError("markdown-it-pyrs is not installed")
        self._md = markdown_it_pyrs.MarkdownIt("zero").enable_many(cast(Any, _RULES))
        self._slug, self._prefix, self._safe = slug, prefix, link_is_safe
        self._table_open, self._table_close = table_open, table_close

    def render(self, source: str, heading_offset: int = 0) -> str | None:
        """HTML as the reference would give it, or None to use the reference."""
        # Which characters a text has, tested one at a time: finding one character is
        # many times quicker than finding two or three ("![" took a twentieth of a render).
        bracket, backtick, tilde = "]" in source, "`" in source, "~" in source
        if (_differs(source) or _unicode_punctuation_by_emphasis(source)
                or _emphasis_the_libraries_differ_on(source)
                # An escaped | straight before a |: the libraries split table rows apart.
                or ("\\" in source and "\\||" in source)
                or _table_the_libraries_differ_on(source)
                or (">" in source and _quote_the_libraries_differ_on(source))
                # A link definition: Rust keeps some the reference refuses.
                or (bracket and "]:" in source)
                # An image's alt text with an escape, entity or hard break: Rust drops them.
                or (bracket and "![" in source and ("\\" in source or "  \n" in source
                                                    or _ENTITY.search(source)))
                or (backtick and _BLANK_CODE_SPAN.search(source))
                or (((backtick and "```" in source) or (tilde and "~~~" in source))
                    and (not source.endswith("\n")
                         or ("|" in source and _fence_with_pipe(source))))):
            return None  # where the two libraries are known to differ: rare in content
        out = self._rust_render(source)
        if out is None:
            return None
        if ((bracket or "<" in source)  # links and images need one or the other
                and ('href="' in out or 'src="' in out)
                and (' title=""' in out  # an empty title, which the reference leaves out
                     or any(not self._safe(html.unescape(url)) or _written_otherwise(url)
                            for url in _URL_ATTRIBUTE.findall(out)))):
            return None
        seen: dict[str, int] = {}

        def heading(match: re.Match[str]) -> str:
            level = min(6, int(match.group(1)) + heading_offset)
            inner = match.group(2)
            if "<" in inner or "&" in inner:  # markup or entities: most headings have none
                inner = html.unescape(_TAGS.sub("", _without_images(inner)))
            slug = self._slug(inner)
            seen[slug] = seen.get(slug, 0) + 1
            if seen[slug] > 1:
                slug = f"{slug}-{seen[slug]}"
            return f'<h{level} id="{self._prefix}{slug}">{match.group(2)}</h{level}>'

        out = _replace_headings(out, heading)
        if ">" in source:  # a quote
            out = out.replace("<blockquote>\n</blockquote>", "<blockquote></blockquote>")
        if "|" in source:  # a table
            out = out.replace("<table>\n", self._table_open + "<table>\n").replace(
                "</table>\n", "</table>\n" + self._table_close)
        return out

    def _rust_render(self, source: str) -> str | None:
        """The Rust library's HTML, or None if it panicked (fuzzing finds such inputs).

        Rust prints a panic to the process's stderr; it is silenced, because the
        reference then renders the text and there is nothing for an editor to do.
        """
        with _quiet_stderr():
            try:
                return str(self._md.render(source))
            except BaseException as exc:  # a Rust panic is a BaseException
                if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                    raise
                return None


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    try:
        saved = os.dup(2)
    except OSError:  # no stderr to silence
        yield
        return
    try:
        os.dup2(_devnull(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.cache
def _devnull() -> int:
    """Opened once a process: opening it for every text was a few percent of a page."""
    return os.open(os.devnull, os.O_WRONLY)


def _written_otherwise(url: str) -> bool:
    """Whether the reference writes this address (as Rust wrote it) otherwise: it trims
    white space at either end (from an entity, such as &nbsp;), which Rust keeps
    percent-encoded, and writes a host with letters outside ASCII (café.org) in punycode
    (xn--caf-dma.org), which Rust percent-encodes."""
    address = unquote(html.unescape(url))
    host = _HOST.match(url)
    return address != address.strip() or (host is not None and "%" in host.group(1))


_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*:)?(?://)?([^/?#]*)")


def _differs(source: str) -> bool:
    """Whether ``source`` has a character where the two libraries differ (_DIFFERS).
    An ASCII text is tested as bytes: the regular expression took a tenth of a render."""
    if source.isascii():
        data = source.encode("ascii")
        return len(data.translate(None, _ASCII_DIFFERS)) != len(data)
    if "\xa0" in source:  # pasted text has many; within a line of words the two agree
        source = _NO_BREAK_SPACE_BETWEEN_WORDS.sub("", source)
    return _DIFFERS.search(source) is not None


_ASCII_DIFFERS = bytes([*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f])
# A no-break space between letters, digits or a few marks (Dr Smith, £5 million, 10 am):
# never at a line's, cell's or heading's end (which the reference trims) nor beside * or _.
_NO_BREAK_SPACE_BETWEEN_WORDS = re.compile(r"(?<=[A-Za-z0-9.,;:%)])\xa0(?=[A-Za-z0-9£(])")


def _replace_headings(out: str, heading: Callable[[re.Match[str]], str]) -> str:
    """``_HEADING.sub(heading, out)``, trying the expression only where a tag starts
    with <h (scanning the whole page with it was a tenth of a render)."""
    parts: list[str] = []
    done, at = 0, out.find("<h")
    while at != -1:
        match = _HEADING.match(out, at)
        if match is None:
            at = out.find("<h", at + 2)
            continue
        parts += (out[done:at], heading(match))
        done = match.end()
        at = out.find("<h", done)
    parts.append(out[done:])
    return "".join(parts)


def _unicode_punctuation_by_emphasis(source: str) -> bool:
    """A run of * or _ between non-ASCII punctuation or a symbol (£, ’) and anything but
    white space: the libraries follow different CommonMark versions on which characters
    are punctuation, which decides there whether the run can open or close emphasis.
    Beside white space (or the text's start or end) they agree, as in **£5m**."""
    if source.isascii():
        return False
    for match in _EMPHASIS_RUN.finditer(source):
        start, end = match.span()
        before = source[start - 1] if start else " "
        after = source[end] if end < len(source) else " "
        if ((_unicode_punctuation(before) and after not in " \t\n")
                or (_unicode_punctuation(after) and before not in " \t\n")):
            return True
    return False


def _unicode_punctuation(char: str) -> bool:
    return ord(char) > 127 and unicodedata.category(char)[0] in "PS"


_EMPHASIS_RUN = re.compile(r"\*+|_+")


def _emphasis_the_libraries_differ_on(source: str) -> bool:
    """Where the libraries pair * and _ differently (found by fuzzing; common texts such
    as **bold**, (*see*), **_both_** have neither):

    - a run that can both open and close emphasis (* between two letters, or either
      between two punctuation marks: 5*3*2, !***)): where part of it closes one, Rust
      does not let the rest open another;
    - three changes between * and _ among the marks that can act (x_y's _ cannot): one
      kind's emphasis around the other's marks, then more of them (_a*_*b*).

    Runs beside punctuation outside ASCII are left to the reference already (see
    _unicode_punctuation_by_emphasis), so such punctuation counts as a letter here.
    """
    stars, underscores = "*" in source, "_" in source
    if ((stars and _STARS_BOTH_FLANKING.search(source))
            or (underscores and _UNDERSCORES_BOTH_FLANKING.search(source))):
        return True
    if not (stars and underscores):
        return False
    marks = _NOT_A_MARK.sub("", _UNDERSCORES_IN_A_WORD.sub("", source))
    return len(_CHANGE_OF_MARK.findall(marks)) >= 3


def _punctuation_but(mark: str) -> str:
    return re.escape(string.punctuation.replace(mark, ""))


# Each starts with its mark, which the expression engine skips to quickly (a look-behind
# or a choice of marks first made it try every character: as long as the rendering);
# what is before the run is looked at from there.
_LETTER = rf"[^\s{re.escape(string.punctuation)}]"
_STARS_BOTH_FLANKING = re.compile(
    rf"\*(?:(?<=[{_punctuation_but('*')}]\*)\**(?=[{_punctuation_but('*')}])"
    rf"|(?<={_LETTER}\*)\**(?={_LETTER}))")
_UNDERSCORES_BOTH_FLANKING = re.compile(
    rf"_(?<=[{_punctuation_but('_')}]_)_*(?=[{_punctuation_but('_')}])")
_UNDERSCORES_IN_A_WORD = re.compile(r"(?<=[^\W_])_+(?=[^\W_])")
_NOT_A_MARK = re.compile(r"[^*_]+")
_CHANGE_OF_MARK = re.compile(r"\*(?=_)|_(?=\*)")


def _fence_with_pipe(source: str) -> bool:
    """A line with a | after ``` or ~~~ (```a|b): over a delimiter row, only the reference
    sees a table (its table rule comes before fences). Each line is looked at once."""
    for marker in ("```", "~~~"):
        at = source.find(marker)
        while at != -1:
            end = source.find("\n", at)
            end = len(source) if end == -1 else end
            if source.find("|", at, end) != -1:
                return True
            at = source.find(marker, end)
    return False


def _quote_the_libraries_differ_on(source: str) -> bool:
    """Whether a quote (>) has a line with a | (a table in a quote: the libraries see
    where it ends differently), a tab (they count its width differently) or a
    delimiter row (-- under text: Rust sees a table), or a line of text (or a list item,
    empty ones too) under one of its lines of text in fewer quotes (CommonMark carries the
    quote's paragraph on over such "lazy" lines, and the libraries differ on where that
    ends)."""
    for match in _QUOTE.finditer(source):
        markers = _QUOTE_MARKERS.match(source, match.start())
        assert markers is not None  # it matches the empty string
        end = _line_end(source, markers.end())
        text = source[markers.end():end]
        if ("|" in text or "\t" in source[match.start():end]
                or _DELIMITER_ROW.match(text)):
            return True
        if text.strip() and end < len(source):
            below = _QUOTE_MARKERS.match(source, end + 1)
            assert below is not None
            # Text, or an empty list item ("* " alone: Rust reads it as lazy text).
            if ((source[below.end():_line_end(source, below.end())].strip()
                 or below.group().strip(" \t>"))
                    and below.group().count(">") < markers.group().count(">")):
                return True
    return False


def _line_end(source: str, at: int) -> int:
    end = source.find("\n", at)
    return len(source) if end == -1 else end


def _table_the_libraries_differ_on(source: str) -> bool:
    """Whether a delimiter row (|---|) is where the two libraries see a table differently:
    under a line with no | at all (only Rust sees a table), or itself without one under a
    line with one (a | b: only the reference sees a table of one column, Rust a heading);
    under a list item (- a | b: Rust ends the list there for a table); or with a list item
    among the rows under it, up to a blank line (the reference ends the table at any list
    item, Rust only at one that could interrupt a paragraph: not at "2. x" or an empty
    "*"). Only lines with a - can be delimiter rows, so only those are tried, and the
    rows under them are searched once (a table of thousands of rows like |-|-| took
    seconds when each row's were)."""
    searched = -1  # the rows up to here have no list item
    at = source.find("-")
    while at != -1:
        start = source.rfind("\n", 0, at) + 1
        end = source.find("\n", at)
        end = len(source) if end == -1 else end
        if start and _DELIMITER_ROW.match(source, start, end):
            above = source[source.rfind("\n", 0, start - 1) + 1:start - 1]
            if "|" not in above or "|" not in source[start:end] or _LIST_ITEM.match(above):
                return True
            if end > searched:  # not a row of the table searched last
                blank = _BLANK_LINE.search(source, end)
                searched = blank.start() if blank else len(source)
                if _LIST_ITEM.search(source, end + 1, searched):
                    return True
        at = source.find("-", end)
    return False


# Spaces and tabs only: \s around the optional | made lines of many spaces take time in
# the square of their length (other white space never gets this far: see _differs).
_DELIMITER_ROW = re.compile(r"[ \t]*(?:\|[ \t]*)?:?-+:?[ \t]*"
                            r"(?:\|[ \t]*:?-+:?[ \t]*)*(?:\|[ \t]*)?$")
# A line's quote markers (>) and the list markers among them.
_QUOTE_MARKERS = re.compile(r"(?:[ \t]*(?:>|(?:[*+-]|[0-9]{1,9}[.)])[ \t]))*")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|\Z)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[*+-]|[0-9]{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)


def _without_images(inner: str) -> str:
    return re.sub(r"<img [^>]*>", "", inner)
