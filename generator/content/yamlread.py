"""Read YAML text into positioned nodes, turning YAML's errors into plain English."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.content.lookalikes import INVISIBLE_NAMES, PASTED_SPACES
from generator.content.nodes import JoinedItem, Mapping, Node, Scalar, Sequence, empty_mapping
from generator.content.simple_yaml import read_simple_mapping
from generator.errors import ContentError, ContentErrors, SourcePos

try:  # libyaml is several times faster; the pure-Python parser gives the same nodes
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

# A document that expands to more nodes than this is an alias bomb, not content.
MAX_NODES = 200_000

_TAB_HINT = "YAML does not allow tab characters here: indent with spaces instead."

# (words in YAML's own message, what to tell an editor)
_YAML_HINTS: tuple[tuple[str, str], ...] = (
    ("tab character", _TAB_HINT),
    ("'\\t'", _TAB_HINT),
    (
        "mapping values are not allowed",
        'a value that contains ": " must be in quotes, for example: '
        'title: "Update: November 2022".',
    ),
    (
        "could not find expected ':'",
        'each line here should be "name: value". Check for a missing colon, or a '
        "line indented more than the one before.",
    ),
    (
        "while scanning a quoted scalar",
        "a quote was opened but never closed: add the closing quote mark.",
    ),
    ("flow sequence", "a [ was opened but never closed with ], or an item is missing a comma."),
    ("flow mapping", "a { was opened but never closed with }, or an item is missing a comma."),
    (
        "expected <block end>",
        "check the indentation: entries at the same level must line up exactly.",
    ),
    ("did not find expected key", "check the indentation: entries at the same level must line up."),
    (
        "did not find expected '-' indicator",
        'every item of a list must start with "- " at the same indentation.',
    ),
    ("found undefined alias", "a *name refers to an &name that is not defined; remove the *."),
    ("found character '@'", 'a value starting with @ or ` must be in quotes: "@example".'),
    ("found character '`'", 'a value starting with @ or ` must be in quotes: "@example".'),
    ("found unknown escape", 'inside "double quotes" a backslash starts an escape: '
     "use 'single quotes' or write \\\\ for a backslash."),
    ("expected a single document", "only one YAML document is allowed: remove the extra ---."),
)

_GENERIC_HINT = (
    "YAML is strict about indentation, colons and quotes; the mistake is often on this "
    "line or the one just before it."
)


def decode_text(data: bytes, path: Path) -> tuple[str | None, ContentError | None]:
    """Bytes of a content file as text with LF line endings and no BOM.

    Returns the text, or a ContentError saying why the file is not readable text.
    """
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return None, ContentError(
            SourcePos(path, line, 1),
            "this file is not text (it contains binary data)",
            "content files must be plain text saved as UTF-8; move pictures and PDFs "
            "to content/assets/.",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, ContentError(
            SourcePos(path, line, col),
            "this file is not saved as UTF-8 text",
            "save it again as UTF-8 (in most editors: Save As, then choose the 'UTF-8' "
            "encoding); text pasted from Word can bring in other encodings.",
        )
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Node:
    """Parse YAML ``text`` from ``path`` into nodes.

    ``line_offset`` is the number of file lines before ``text`` starts (front
    matter), so positions are always 1-based lines of the whole file.

    Raises:
        ContentErrors: the YAML is malformed, has duplicate keys or is too large.
    """
    simple = read_simple_mapping(text, path, line_offset)
    if simple is not None:
        return simple
    return parse_with_libyaml(text, path, line_offset)


def parse_with_libyaml(text: str, path: Path, line_offset: int = 0) -> Node:
    """:func:`parse_yaml` without the shortcut for the simplest YAML."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise ContentErrors([_yaml_error(exc, path, line_offset, text.splitlines())]) from None
    except yaml.YAMLError as exc:  # errors without a position, e.g. bad characters
        err = ContentError(SourcePos(path, line_offset + 1, 1), str(exc), _GENERIC_HINT)
        raise ContentErrors([err]) from None
    if root is None:
        return empty_mapping(path)
    if "#" in text:
        _refuse_cut_values(root, text.split("\n"), path, line_offset)
    budget = [MAX_NODES]
    return _convert(root, text, path, line_offset, budget)


def _yaml_error(exc: yaml.MarkedYAMLError, path: Path, line_offset: int,
                lines: list[str]) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and _opened_earlier(exc):
        mark = exc.context_mark  # point at what was left open, not where YAML gave up
    line = (mark.line + 1 + line_offset) if mark else line_offset + 1
    col = (mark.column + 1) if mark else 1
    problem = exc.problem or exc.context or "this is not valid YAML"
    full = f"{exc.context or ''} {exc.problem or ''}"
    hint = next((h for words, h in _YAML_HINTS if words in full), _GENERIC_HINT)
    if mark is not None and _indented_with_tab(lines, mark.line):
        hint = _TAB_HINT  # libyaml's message for it names no tab
    pasted = _pasted_space_line(lines, mark.line) if mark is not None else None
    if pasted is not None:  # YAML's own message would be about a later line
        return _pasted_space_error(SourcePos(path, pasted + 1 + line_offset, 1))
    after = _after_colon_line(lines, mark.line) if mark is not None else None
    if after is not None:  # "title:\u00a0November": no name and value to YAML
        found = _AFTER_COLON.match(lines[after])
        assert found is not None
        return _after_colon_error(found, SourcePos(path, after + 1 + line_offset,
                                                   found.start(2) + 1))
    if mark is not None and (dashed := _dashed_item_line(lines, mark.line)) is not None:
        return _dashed_item_error(SourcePos(path, dashed + 1 + line_offset, 1),
                                  lines[dashed].lstrip()[0])
    if "mapping values are not allowed" in full and mark is not None:
        line_text = lines[mark.line] if mark.line < len(lines) else ""
        quoted = _quoted(line_text)
        hint = f'a value that contains ": " must be in quotes: {quoted}' if quoted else hint
        if quoted and (curly := _CURLY_QUOTED.match(line_text)):
            pair = f"{curly[1][0]} {curly[1][-1]}"
            hint = ('a value that contains ": " must be in straight quotes ("), and YAML does '
                    f"not count curly ones ({pair}) as quotes: {quoted}")
        if (above := _name_above(lines, mark.line)) is not None:
            name, column = above
            hint = (f'this line starts further in than "{name}:" on the line before, so YAML '
                    "reads it as more of that value: start it in line with "
                    f'"{name}:" ({column} spaces before it).' if column else
                    f'this line starts further in than "{name}:" on the line before, so YAML '
                    "reads it as more of that value: delete the spaces at its start.")
    if mark is not None and (hint_for_start := _indicator_hint(lines, mark.line)):
        hint = hint_for_start
    if "did not find expected key" in full and mark is not None \
            and (stray := _stray_item_hint(lines, mark.line)):
        hint = stray
    if "could not find expected ':'" in full and mark is not None:
        colon = _with_colon(lines[mark.line] if mark.line < len(lines) else "")
        hint = f'each line here should be "name: value", with a colon: {colon}' if colon \
            else hint
    return ContentError(SourcePos(path, line, col), f"YAML syntax error: {problem}", hint)


# "name: value", perhaps as a list item's first line ("- name: value"): where the name
# starts, the name, and its value.
_NAME_WITH_VALUE = re.compile(r"^((?:\s*- )*\s*)([\w-]+):[ \t]+(\S.*)$")
_NAME_FIRST = re.compile(r"^\s*[\w-]+: ")


def _name_above(lines: list[str], index: int) -> tuple[str, int] | None:
    """The name, and the spaces before it, of a "name: value" line just before line
    ``index`` when line ``index`` is a "name: ..." line indented further: the Space or
    Tab key pressed by mistake at its start (YAML reads it as the value going on)."""
    if index >= len(lines) or not _NAME_FIRST.match(lines[index]):
        return None
    before = next((line for line in reversed(lines[:index]) if line.strip()), None)
    above = _NAME_WITH_VALUE.match(before) if before is not None else None
    if above is None or above[3].startswith(("|", ">", "#", "&", "*", "!", "[", "{")):
        return None
    indent = len(lines[index]) - len(lines[index].lstrip())
    return (above[2], len(above[1])) if indent > len(above[1]) else None


def _stray_item_hint(lines: list[str], index: int) -> str | None:
    """How to mend line ``index``, a list item ("- id: MD2") among "name: value" lines:
    start it in line with the items of the list above it, further out, or, with no list
    there (in the glossary, or under "trust:"), write it without its "- "."""
    if index >= len(lines) or not lines[index].lstrip().startswith("- "):
        return None
    indent = len(lines[index]) - len(lines[index].lstrip())
    for above in reversed(lines[:index]):
        spaces = len(above) - len(above.lstrip())
        if above.lstrip().startswith("- ") and spaces < indent:
            return ('this item starts further in than the list it belongs to: start its "- " '
                    f"in line with the items above it ({spaces} spaces before it).")
        if above.strip() and not above.lstrip().startswith("#") and spaces < indent:
            break  # the "name:" whose fields it is among
    return ('this line starts with "- ", as an item of a list, but the lines around it are '
            '"name: value": delete its "- ".')


# What follows a plain value on its line when YAML took a "#" typed in it (" #3",
# " #proud") for the start of a comment. A comment of ours has a space after its "#".
_CUT_BY_COMMENT = re.compile(r"[ \t]*#(?=\S)")


def _refuse_cut_values(node: yaml.Node, lines: list[str], path: Path,
                       line_offset: int) -> None:
    """Refuse a value YAML cut short at a " #" typed in it ("title: Ward #3 reopens"
    would be "Ward" on the site, and no one would be told).

    Raises:
        ContentErrors: the first value cut so.
    """
    if isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            _refuse_cut_values(value, lines, path, line_offset)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_cut_values(item, lines, path, line_offset)
    elif isinstance(node, yaml.ScalarNode) and not node.style:  # quoted ones keep their "#"
        end = node.end_mark
        line = lines[end.line] if end.line < len(lines) else ""
        cut = _CUT_BY_COMMENT.match(line, end.column)
        if cut is None:
            return
        left_out = line[cut.end() - 1:].rstrip()
        whole = line[node.start_mark.column:].strip() if end.line == node.start_mark.line \
            else f"{node.value} {left_out}"
        quoted = _in_quotes(whole)
        raise _fail(SourcePos(path, end.line + 1 + line_offset, cut.end()),
                    f'"{left_out}" would be left out: YAML reads a "#" after a space as the '
                    "start of a comment, which is not shown",
                    f"put the whole value in quotes: {quoted} (or, if it is a comment, "
                    'put a space after the "#").')


def _joined_item(node: yaml.ScalarNode, text: str, path: Path,
                 line_offset: int) -> JoinedItem | None:
    """The first line starting "- " in a plain value of several lines, if any."""
    start, lines = node.start_mark, text.split("\n")
    for index in range(start.line + 1, min(node.end_mark.line + 1, len(lines))):
        if lines[index].lstrip().startswith("- "):
            column = len(lines[index]) - len(lines[index].lstrip()) + 1
            return JoinedItem(SourcePos(path, index + 1 + line_offset, column),
                              lines[index].strip(), lines[start.line][start.column:].strip())
    return None


# "name: value" (perhaps a list item's), where the value starts with a character that
# means something to YAML: a quote, [ or {, > or |, * & ! % @ or `.
_INDICATOR_VALUE = re.compile(r"^\s*(?:- )?([\w-]+): +(['\"\[{>|*&!%@`].*?)\s*$")


def _indicator_hint(lines: list[str], index: int) -> str:
    """How to write line ``index``'s value, when YAML gave up on it because it starts
    with one of YAML's own characters ("summary: 'It's great'", "[Draft] plan",
    "> 90% seen", "@ourtrust"): in quotes. '' for any other line, or a value such a
    start suits (a list in [ ], a block after | or >, a whole quoted value)."""
    match = _INDICATOR_VALUE.match(lines[index]) if index < len(lines) else None
    if match is None:
        return ""
    name, value = match.groups()
    first = value[0]
    if first in "[{" and not re.match(r"^(\[[^\]]*\]|\{[^}]*\})\s*[^\s#]", value):
        return ""  # a list or mapping (left open, perhaps: the hints above say so)
    if first in ">|" and re.match(r"^[>|][-+0-9]*\s*(#.*)?$", value):
        return ""  # a block of text starts on the next line
    if first in "'\"":
        if value.find(first, 1) in (-1, len(value) - 1):
            return ""  # never closed, or closed at the end: not a quote inside
        inner = value[1:-1] if value[-1] == first else value
        other = "\"" if first == "'" else "'"
        written = _in_quotes(inner, prefer=other)
        kind = "single" if first == "'" else "double"
        return (f"a value in {kind} quotes cannot have "
                f"that quote mark inside it: write it as {name}: {written}")
    return f"a value starting with {first} must be in quotes: {name}: {_in_quotes(value)}"


def _in_quotes(value: str, prefer: str = '"') -> str:
    """``value`` in quotes YAML reads as the value itself: ``prefer``'s if it has none."""
    if prefer not in value and not (prefer == '"' and "\\" in value):
        return prefer + value + prefer
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _indented_with_tab(lines: list[str], index: int) -> bool:
    """Whether line ``index`` starts with a tab among its spaces: an editor's Tab key,
    which the line quoted in the error shows as a space."""
    line = lines[index] if index < len(lines) else ""
    return "\t" in line[:len(line) - len(line.lstrip())]


# Spaces that look like the space bar's but are not YAML's: no-break, figure,
# narrow no-break, ideographic.
_PASTED_SPACES = frozenset(PASTED_SPACES)


def _pasted_space_error(pos: SourcePos) -> ContentError:
    return ContentError(
        pos, "YAML syntax error: this line starts with a non-breaking space, which looks "
        "like a space but is not one to YAML",
        "delete the spaces at the start of this line and type them again with the space "
        "bar (text copied from Word, an email or a web page brings these in).")


def _pasted_space_line(lines: list[str], index: int) -> int | None:
    """The line near ``index`` (see _nearest) that starts with a space YAML does not count
    as one (pasted from a word processor), if any."""
    return _nearest(lines, index, lambda line: not _PASTED_SPACES.isdisjoint(
        line[:len(line) - len(line.lstrip())]))


# A name, then a colon followed by a character YAML does not count as a space: one
# pasted in, or typed with Option (Mac) or AltGr, or an invisible one.
_AFTER_COLON = re.compile(f"^\\s*(?:- )?([\\w-]+):([{PASTED_SPACES}{''.join(INVISIBLE_NAMES)}])")


def _after_colon_line(lines: list[str], index: int) -> int | None:
    return _nearest(lines, index, lambda line: bool(_AFTER_COLON.match(line)))


def _after_colon_error(found: re.Match[str], pos: SourcePos) -> ContentError:
    """``found``: _AFTER_COLON's match; ``pos``: where its odd character is."""
    name, character = found.groups()
    what = ("a non-breaking space, which looks like a space but is not one to YAML"
            if character in _PASTED_SPACES else
            "an invisible character, not a space, so YAML sees no name and value")
    fix = (f'delete what is between "{name}:" and its value and type a space with the space '
           "bar" if found.string[found.end():].strip() else f'delete what comes after "{name}:"')
    return ContentError(
        pos, f'YAML syntax error: after "{name}:" on this line comes {what}',
        f"{fix} (text copied from Word, an email or a web page brings these in).")


def _nearest(lines: list[str], index: int, found: Callable[[str], bool]) -> int | None:
    """Line ``index`` or one of the two before it (libyaml gives up a line or two after
    the mistake), the nearest that is ``found``, if any."""
    return next((i for i in range(min(index, len(lines) - 1), max(index - 3, -1), -1)
                 if found(lines[i])), None)


_NAME_AND_VALUE = re.compile(r"^\s*((?:- )?[\w-]+): (.*: .*)$")


# A value in curly quotes, as Word and Outlook type them: "title: \u201cUpdate: May\u201d".
_CURLY_QUOTED = re.compile(
    r"^\s*(?:- )?[\w-]+: *(\u201c[^\u201c\u201d]*\u201d|\u2018[^\u2018\u2019]*\u2019) *$")
# A list item started with a dash or bullet typed in place of the hyphen.
_DASHED_ITEM = re.compile(r"^\s*[\u2010-\u2015\u2212\u2022] ")


def _dashed_item_error(pos: SourcePos, dash: str) -> ContentError:
    return ContentError(
        pos, f'YAML syntax error: this line starts a list item with "{dash}", not a hyphen',
        'start each item of a list with a hyphen and a space ("- "), typed with the hyphen '
        "key (Word and Outlook turn a hyphen into a dash, and lists into bullets).")


def _dashed_item_line(lines: list[str], index: int) -> int | None:
    """The line near ``index`` (see _nearest) that starts a list item with a dash or
    bullet in place of the hyphen, if any."""
    return _nearest(lines, index, lambda line: bool(_DASHED_ITEM.match(line)))


def _quoted(line: str) -> str:
    """``title: "Update: November"`` for the line ``title: Update: November``; '' for a
    line that is not a name and a value with ": " in it."""
    match = _NAME_AND_VALUE.match(line)
    if not match:
        return ""
    value = match[2].strip()
    if _CURLY_QUOTED.match(line):  # typed as quotes, but curly: make them straight
        value = value[1:-1]
    return f"{match[1]}: {_in_quotes(value)}"


# "ICB - Integrated Care Board", "PALS = ...": a name and a value, a dash or = between.
_DASHED = re.compile(r"^(\s*)([A-Za-z][\w&' ]*?)\s+[-–—=]\s+(\S.*)$")


def _with_colon(line: str) -> str:
    """``ICB: Integrated Care Board`` for the line ``ICB - Integrated Care Board``; ''
    for a line that is not a name and a value written so."""
    match = _DASHED.match(line)
    return f"{match[2]}: {match[3].strip()}" if match else ""


def _opened_earlier(exc: yaml.MarkedYAMLError) -> bool:
    """YAML noticed the mistake further on: at the file's end, or on a later line."""
    context, problem = exc.context_mark, exc.problem_mark
    if context is None:
        return False
    if exc.problem and "end of stream" in exc.problem:
        return True  # a quote or bracket never closed
    later = problem is not None and problem.line > context.line
    # A line without its colon, or a [ or { not closed on its line.
    context_words = exc.context or ""
    return later and ("simple key" in context_words or "flow" in context_words)


def _pos(node: yaml.Node, path: Path, line_offset: int) -> SourcePos:
    mark = node.start_mark
    return SourcePos(path, mark.line + 1 + line_offset, mark.column + 1)


def _convert(node: yaml.Node, text: str, path: Path, line_offset: int,
             budget: list[int]) -> Node:
    budget[0] -= 1
    pos = _pos(node, path, line_offset)
    if budget[0] < 0:
        raise _fail(pos, "this file expands to too much data", "remove & and * aliases.")
    if isinstance(node, yaml.ScalarNode):
        # libyaml reports plain scalars with style "", the pure-Python parser with None.
        joined = _joined_item(node, text, path, line_offset) \
            if not node.style and node.end_mark.line > node.start_mark.line else None  # rare
        return Scalar(pos, str(node.value), plain=not node.style,
                      block=node.style in ("|", ">"), joined=joined)
    if isinstance(node, yaml.SequenceNode):
        items = tuple(_convert(item, text, path, line_offset, budget) for item in node.value)
        return Sequence(pos, items)
    assert isinstance(node, yaml.MappingNode)
    entries: list[tuple[Scalar, Node]] = []
    index: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, text, path, line_offset, budget)
        if not isinstance(key, Scalar):
            raise _fail(key.pos, "a field name must be a single word, not a list or group",
                               'write field names as "name: value".')
        if key.plain and key.text[:1] in _PASTED_SPACES:  # YAML reads it as a name's letter
            raise ContentErrors([_pasted_space_error(SourcePos(path, key.pos.line, 1))])
        if key.plain and (found := _AFTER_COLON.match(key.text)):  # {value:\u00a065}
            raise ContentErrors([_after_colon_error(found, SourcePos(
                path, key.pos.line, key.pos.col + found.start(2)))])
        if key.plain and _DASHED_ITEM.match(key.text):  # "\u2013 id: MD1", read as a name
            raise ContentErrors([_dashed_item_error(key.pos, key.text[0])])
        if key.text == "<<":
            raise _fail(key.pos, "YAML merge keys (<<) are not supported",
                               "write the fields out in full.")
        if key.text in index:
            first = entries[index[key.text]][0].pos.line
            raise _fail(
                key.pos,
                f'"{key.text}" appears twice in the same section',
                f"keep only one of them (the first is on line {first}).",
            )
        index[key.text] = len(entries)
        entries.append((key, _convert(value_node, text, path, line_offset, budget)))
    return Mapping(pos, tuple(entries), index)


def _fail(pos: SourcePos, message: str, hint: str) -> ContentErrors:
    return ContentErrors([ContentError(pos, message, hint)])
