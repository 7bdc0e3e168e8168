"""Markdown that is shown as typed, though the editor meant it to do something: a
heading without its space, a list pasted from Word, HTML from another website, a link
with a space in its address, GitHub's crossed-out words and tick boxes (rule
``markdown_slip``, and each finding says what to write instead)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from generator.content.lookalikes import PASTED_SPACES
from generator.quality.findings import Finding, shorten
from generator.quality.private_links import on_the_computer, typed_private_links
from generator.quality.sources import Text

# Markdown that shows as typed, though it looks meant to do something: "#Heading" (no
# space), "-item" lines, and ** left from "**bold **" (a space inside the stars).
# Or with a space Markdown does not count as one after the # or the -: a non-breaking
# space, pasted from Word or Outlook ("##\u00a0What we did").
_NOT_A_HEADING = re.compile(f"^#{{1,6}}(?:[A-Za-z]\\S*\\s+\\S|[{PASTED_SPACES}]\\s*\\S)")
_NOT_A_LIST_ITEM = re.compile(f"^(?:[-*+]|\\d{{1,2}}[.)])(?=[A-Za-z{PASTED_SPACES}])")
# A list pasted from Word or a web page: its bullets come as characters (those of the
# Symbol and Wingdings fonts in Unicode's private area too), or its hyphens as dashes.
_BULLET = re.compile("^[\u2022\u25cf\u25cb\u25e6\u25aa\u25a0\u25a1\u27a2\u25ba\u2023"
                     "\u2043\u00b7\uf0a7\uf0b7\uf0d8\uf0fc]")
_DASH_ITEM = re.compile("^[\u2013\u2014\u2212]\\s")
_LINK_START = re.compile(r"!?\[[^\]\n]+\]\(")
# A picture pasted into the text as data (some Markdown editors do): Markdown refuses it.
_PASTED_PICTURE = re.compile(r"(!?\[[^\]\n]*\])\(\s*<?data:", re.IGNORECASE)
# A link's title in curly quotes, after its address: Markdown takes only straight ones.
_CURLY_TITLE = re.compile("\\s+(\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019)\\s*$")
# A link with a space between its words and its address: "[our report] (/assets/a.pdf)".
# Only an address in the brackets: "[sic] (as written)" is not a link.
_SPACE_BEFORE_ADDRESS = re.compile(
    r"(!?\[[^\]\n]+\])[ \t]+(\((?:(?:https?://|mailto:|/|#|\.\.?/|assets/)[^)\s]*"
    r"|[^)\s]+\.[A-Za-z]{2,4})\))")
# A line Markdown reads as the address of links written "[Correction]", and does not
# show: "[Correction]: 12%".
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(\S.*)$")
# A web address typed as text, not as a link's address ("](https://...") nor between
# < and > (which Markdown keeps whole).
_TYPED_ADDRESS = re.compile(r"(?<![(<\w])(?:https?://|www\.)[^\s<>`]+", re.IGNORECASE)
# A quotation's first words, when they are a figure: "> 95%", ">= 90%", "> £2m".
_FIGURE = re.compile(r"(=?)\s*[£$]?\d")
# One star each side of words, with a space inside one ("*very *", "* very*"): shown as
# typed, like "**bold **". Not a lone star ("Figures marked * are provisional").
_LOOSE_STARS = re.compile(r"(?<![\w*])\*(?:[^\s*][^*]*\s|\s[^*]*[^\s*])\*(?![\w*])")
# What GitHub's Markdown (and Teams, and some editors) makes and this site's does not:
# ~~crossed out~~ words, a "[x]" tick box starting a list item, a footnote "[^1]".
_CROSSED_OUT = re.compile(r"~~[^~\s](?:[^~]*[^~\s])?~~")
_TICK_BOX = re.compile(r"^\[[ xX]\]\s")
_TICK_BOX_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\]\s")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
# A phone number written as a link's address: "01632 960123", "+44 (0)1632 960123".
_PHONE = re.compile(r"(?:tel:)?\+?[\d ()-]{10,}")
# Lines of an address or of opening times, typed one under another: Markdown joins the
# lines of a paragraph into one. Pasted text (from a PDF or an email) has long lines.
_SHORT_LINE = 40
_LINE_ENDS_SENTENCE = re.compile(r"[.!?][\"\u201d\u2019)]*$")
_STARTS_A_LIST = re.compile(r"^(?:[-*+\u2022\u2013\u2014|]|\d{1,2}[.)])")


def typed_slips(text: Text, line: int, words: str) -> Iterator[Finding]:
    """What a text (between a paragraph's links and line breaks) shows as typed, though
    it looks meant to be HTML, a link or a picture."""
    if "<" in words:
        yield from _typed_html(text, line, words)
    if "] " in words and "(" in words:
        for found in _SPACE_BEFORE_ADDRESS.finditer(words):
            what = "an image" if found.group(1).startswith("!") else "a link"
            yield Finding("markdown_slip", text.pos(line),
                          f'"{shorten(found.group())}" is shown as it is typed, not as '
                          f"{what}: there is a space between ] and (",
                          f"write them together: {found.group(1)}{found.group(2)}")
    if "](" in words:
        yield from typed_private_links(words, text.pos(line))
        yield from _unmade_links(text, line, words)


def _unmade_links(text: Text, line: int, words: str) -> Iterator[Finding]:
    """Links and pictures Markdown left as typed: a picture pasted as data, an address
    with a space in it (a title in curly quotes, a phone number, a file's name)."""
    for pasted in _PASTED_PICTURE.finditer(words):
        yield Finding("markdown_slip", text.pos(line),
                      f'"{shorten(pasted[1])}(data:...)" is shown as it is typed, '
                      "not as a picture: a picture pasted into the text is not shown",
                      "save the picture as a file in content/assets/ (chart.png, say) "
                      f"and write its address: {pasted[1]}(/assets/chart.png)")
    for typed, address in _spaced_links(words):
        if on_the_computer(address):
            continue  # said by typed_private_links
        what = "an image" if typed.startswith("!") else "a link"
        if curly := _CURLY_TITLE.search(address):  # [x](address \u201ctitle\u201d)
            yield Finding("markdown_slip", text.pos(line),
                          f'"{shorten(typed)}" is shown as it is typed, not as {what}: '
                          f"its title {curly[0].strip()} is in curly quotes",
                          "leave the title out (the link's words say where it goes): "
                          f"{typed[:typed.index('](') + 2]}{address[:curly.start()]})")
        elif _PHONE.fullmatch(address):  # [call us](01632 960123)
            # "+44 (0)1632": the 0 is dialled only from within the country.
            digits = re.sub(r"[^\d+]", "", address.replace("(0)", ""))
            yield Finding("markdown_slip", text.pos(line),
                          f'"{shorten(typed)}" is shown as it is typed, not as {what}: '
                          "a phone number's link is tel: and its digits",
                          f"write it as {typed[:typed.index('](') + 2]}tel:{digits}).")
        else:
            yield Finding("markdown_slip", text.pos(line),
                          f'"{shorten(typed)}" is shown as it is typed, not as {what}: '
                          "its address has a space in it",
                          "put an address with spaces between < and >: "
                          f"{typed[:typed.index('](') + 2]}<{address}>), or rename the "
                          "file without spaces.")


def _typed_html(text: Text, line: int, words: str) -> Iterator[Finding]:
    """HTML in a text, shown as typed (raw HTML is off unless allow_html is on): copied
    from another website or the old content system, its tags show on the page."""
    tags = list(dict.fromkeys(match[1].lower() for match in HTML_TAG.finditer(words)))
    if tags:
        yield Finding("markdown_slip", text.pos(line),
                      f'"{shorten(words)}" shows HTML tags as they are typed: '
                      + " and ".join(f"<{tag}>" for tag in tags),
                      "write it in Markdown: " + "; ".join(dict.fromkeys(
                          _IN_MARKDOWN.get(tag, _NO_TAG) for tag in tags)) + ".")


# What to write for each HTML tag an editor might paste, in Markdown.
_NO_TAG = "take the tags out (the site's style does the rest)"
_IN_MARKDOWN = {
    "strong": "**bold words** for <strong>", "b": "**bold words** for <b>",
    "em": "*words in italics* for <em>", "i": "*words in italics* for <i>",
    "br": "a blank line between paragraphs for <br>",
    "p": "a blank line between paragraphs for <p>",
    "a": "[the link's words](its address) for <a>",
    "img": "![what it shows](/assets/photo.jpg) for <img>",
    "ul": '"- " to start each item of a list', "ol": '"1. " to start each item of a list',
    "li": '"- " to start each item of a list',
    **{f"h{n}": f'"{"#" * n} " to start a heading for <h{n}>' for n in range(2, 7)},
    "h1": "no <h1>: the title is the page's heading",
}
HTML_TAG = re.compile(r"</?(" + "|".join([*_IN_MARKDOWN, "div", "span", "font", "u", "sup",
                                           "sub", "table", "tr", "td", "th", "hr"])
                       + r")\b[^<>]*>", re.IGNORECASE)


def paragraph_slips(text: Text, line: int, children: list[Token]) -> Iterator[Finding]:
    """Markdown in a paragraph that is shown as typed, though it looks meant to be a
    heading, a list or bold text."""
    starts: list[tuple[int, str]] = []  # (line in the paragraph, the text it starts with)
    breaks, at_start = 0, True
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            breaks, at_start = breaks + 1, True
            continue
        if child.type == "text":
            if at_start:
                starts.append((breaks, child.content))
            if "**" in child.content:
                yield Finding("markdown_slip", text.pos(line + breaks),
                              f'"{shorten(child.content)}" shows its stars as they are typed',
                              "bold text is written with no space inside the stars: "
                              "**like this**.")
            elif "*" in child.content and _LOOSE_STARS.search(child.content):
                yield Finding("markdown_slip", text.pos(line + breaks),
                              f'"{shorten(child.content)}" shows its stars as they are typed',
                              "words in italics are written with no space inside the stars: "
                              "*like this*.")
            if "~~" in child.content and (crossed := _CROSSED_OUT.search(child.content)):
                yield Finding("markdown_slip", text.pos(line + breaks),
                              f'"{shorten(crossed.group())}" shows its ~~ as they are typed: '
                              "this site does not cross words out",
                              "say in words what changed (a screen reader would not say the "
                              'words were crossed out): "the clinic moved from Tuesday to '
                              'Thursday".')
            if "[^" in child.content and (mark := _FOOTNOTE.search(child.content)):
                yield Finding("markdown_slip", text.pos(line + breaks),
                              f'"{shorten(child.content)}" shows the footnote {mark.group()} '
                              "as it is typed: this site does not make footnotes",
                              "put what the note says in the sentence itself, in brackets, "
                              f"and delete the {mark.group()} and the note's own line.")
        at_start = False
    if starts and starts[0][0] == 0 and _NOT_A_HEADING.match(starts[0][1]):
        marks = starts[0][1][:len(starts[0][1]) - len(starts[0][1].lstrip("#"))]
        words = starts[0][1][len(marks):]
        yield Finding("markdown_slip", text.pos(line),
                      f'"{shorten(starts[0][1])}" is shown as it is typed, not as a heading',
                      _pasted_space_hint(marks, "") if words[0] in PASTED_SPACES else
                      f'put a space after the #: "## {shorten(words)}".')
    bullets = [(n, words) for n, words in starts if _BULLET.match(words)]
    dashes = [(n, words) for n, words in starts if _DASH_ITEM.match(words)]
    if bullets or len(dashes) >= 2:  # one line starting with a dash is a dash
        n, words = (bullets or dashes)[0]
        yield Finding("markdown_slip", text.pos(line + n),
                      f'"{shorten(words)}" is shown as text with a {words[0]} in it, not as a '
                      "list: a screen reader does not read it out as one",
                      f"start each item with a hyphen and a space in place of the {words[0]}, "
                      'on a line of its own: "- '
                      + shorten(words[1:].strip()) + '".')
    items = [(n, words) for n, words in starts if _NOT_A_LIST_ITEM.match(words)]
    pasted = [(n, words) for n, words in items
              if words[len(_list_marker(words))] in PASTED_SPACES]
    if len(items) >= 2 or pasted:  # one "-\u00a0item" too: no one means it as typed
        n, words = (pasted or items)[0]
        many = len(pasted or items) > 1
        yield Finding("markdown_slip", text.pos(line + n),
                      f'the line{"s" if many else ""} starting "{shorten(words)}" '
                      f'{"are shown as they are" if many else "is shown as it is"} typed, '
                      "not as a list",
                      _pasted_space_hint(_list_marker(words), " on each line" * many) if pasted else
                      'put a space after the - (or the number and full stop) that starts each '
                      f'item: "{_list_marker(words)} '
                      + shorten(_NOT_A_LIST_ITEM.sub("", words)) + '".')


def _pasted_space_hint(marks: str, where: str) -> str:
    return (f"the space after {marks} is a non-breaking space, which Markdown does not count "
            "as one (text copied from Word, an email or a web page brings these in): delete "
            f"it and type a space with the space bar{where}.")


def joined_lines(text: Text, line: int, inline: Token) -> Iterator[Finding]:
    """Three or more short lines, typed one under another as an address is, which the
    page shows run together on one line (a single line break is not kept)."""
    lines = [part.strip() for part in inline.content.split("\n")]
    if (all(len(part) <= _SHORT_LINE for part in lines)
            and not any(_LINE_ENDS_SENTENCE.search(part) for part in lines[:-1])
            and not any(_STARTS_A_LIST.match(part) for part in lines)
            and not any(child.type == "hardbreak" for child in inline.children or ())):
        yield Finding("markdown_slip", text.pos(line),
                      f'"{shorten(lines[0])}" and the {len(lines) - 1} lines under it are '
                      "shown run together on one line: a single line break is not kept",
                      "to keep each line, end every line but the last with a backslash (\\); "
                      "for a list, start each line with \"- \"; for paragraphs, leave a "
                      "blank line between them.")


def cut_addresses(text: Text, line: int, inline: Token) -> Iterator[Finding]:
    """Web addresses typed in a paragraph that Markdown cut short, reading a _ or * in
    them as the start of italics or bold ("www.example.org/_ward_/visiting" links to
    www.example.org/ and shows "ward" in italics)."""
    shown = [""]  # the runs of text the page shows
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            shown[-1] += child.content
        else:
            shown.append("")
    for typed in _TYPED_ADDRESS.finditer(inline.content):
        address = typed.group().rstrip(".,;:!?)")
        if ("_" in address or "*" in address) and not any(address in run for run in shown):
            full = address if "://" in address else "https://" + address
            yield Finding("markdown_slip", text.pos(line + inline.content.count(
                "\n", 0, typed.start())), f'the address "{shorten(address)}" is cut short: '
                "Markdown reads the _ or * in it as the start of italics or bold",
                f"write the address between < and >: <{full}>.")


def quoted_figure(text: Text, tokens: list[Token], start: int) -> Iterator[Finding]:
    """A quotation opened at ``tokens[start]`` that starts with a figure: "> 95% of
    patients" meant as "more than 95%", which Markdown shows as a quotation."""
    inline = next((t for t in tokens[start + 1:start + 4] if t.type == "inline"), None)
    figure = _FIGURE.match(inline.content) if inline is not None else None
    where = tokens[start].map
    if figure is None or inline is None or where is None:
        return
    line = where[0]
    typed = text.markdown.source.split("\n")[line].strip()
    rest = inline.content.split("\n", 1)[0][figure.end(1):].strip()
    words = "at least" if figure[1] else "more than"
    yield Finding("markdown_slip", text.pos(line),
                  f'"{shorten(typed)}" is shown as a quotation: a line starting with > is one',
                  f'write it in words: "{words} {shorten(rest)}" (as NHS.UK does).')


def renumbered_item(text: Text, tokens: list[Token], start: int) -> Iterator[Finding]:
    """The first item of the numbered list opened at ``tokens[start]`` that the page shows
    with a number other than the one typed: Markdown numbers a list on from its first
    number, so "2022. ..." then "2024. ..." shows 2022 and 2023. Items typed with the
    first item's number ("1." each) are numbered so on purpose."""
    level = tokens[start].level + 1
    typed: list[Token] = []
    for token in tokens[start + 1:]:
        if token.type == "ordered_list_close" and token.level == level - 1:
            break
        if token.type == "list_item_open" and token.level == level:
            typed.append(token)
    first = typed[0].info
    for shown, item in enumerate(typed, start=int(first)):
        if item.info != first and int(item.info) != shown:
            yield Finding("markdown_slip", text.pos(item.map[0] if item.map else 0),
                          f'the item typed as "{item.info}{item.markup}" is shown numbered '
                          f"{shown}: a numbered list counts on from its first number, "
                          "whatever the others say",
                          "number the items in order; " + (
                              "for years or figures that are not a count, start each line "
                              f'with "- " instead: "- {item.info}: ...".' if int(item.info) >= 100
                              else "a blank line between two numbered lists does not part "
                              "them: write a line of words between them."))
            return


def hidden_definitions(text: Text, tokens: list[Token]) -> Iterator[Finding]:
    """Lines the page leaves out because Markdown reads them as the address of links
    written with their words in brackets ("[Correction]: 12%", "[Narrator]: Welcome"),
    when no link uses them."""
    lines = text.markdown.source.split("\n")
    shown = {line for token in tokens if token.map and token.level == 0
             for line in range(*token.map)}
    for line, typed in enumerate(lines):
        definition = _DEFINITION.match(typed)
        if definition is None or line in shown:
            continue
        label = re.escape(definition[1])
        if re.search(rf"\[{label}\](?!:)", text.markdown.source, re.IGNORECASE):
            continue  # a link uses it: "[our plan][plan]", "[plan]"
        yield Finding("markdown_slip", text.pos(line),
                      f'"{shorten(typed.strip())}" is not shown: Markdown reads a line '
                      'starting "[words]:" as the address of links written [words]',
                      f'to show it, take out the brackets: "{definition[1]}: '
                      f'{shorten(definition[2])}".')


def starts_with_a_tick_box(item: str) -> bool:
    """Whether a list item's text starts with a tick box, "[x]" or "[ ]"."""
    return bool(_TICK_BOX.match(item))


def first_tick_box(text: Text, line: int, item: str, source: list[str]) -> Iterator[Finding]:
    """The finding for a list item that starts with a tick box, if it is the list's first
    (``source``: the text's lines, for the item above)."""
    if line and _TICK_BOX_ITEM.match(source[line - 1]):
        return  # said of the first
    first = item.split("\n", 1)[0]
    yield Finding("markdown_slip", text.pos(line),
                  f'"{shorten(first)}" shows its tick box as it is typed: this site does '
                  "not make tick boxes",
                  "say where each item stands in words, without the [ ]: "
                  f'"- {shorten(_TICK_BOX.sub("", first))}: done", "- ...: to do".')


def _list_marker(item: str) -> str:
    """How the item was meant to start: "-", or its number ("1." for "1.First")."""
    marker = _NOT_A_LIST_ITEM.match(item)
    return marker.group() if marker and marker.group()[0].isdigit() else "-"


def _spaced_links(words: str) -> Iterator[tuple[str, str]]:
    """Each ``[text](address)`` (or image) in text Markdown left as typed whose address
    has a space: (as typed, the address). Brackets in the address are matched, as in
    "Board report (final).pdf"."""
    for found in _LINK_START.finditer(words):
        depth, start = 0, found.end()
        for end in range(start, len(words)):
            depth += {"(": 1, ")": -1}.get(words[end], 0)
            if depth < 0:
                address = words[start:end]
                if " " in address.strip() and not address.startswith("<"):
                    yield words[found.start():end + 1], address.strip()
                break
