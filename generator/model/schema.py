"""Turn positioned YAML nodes into the typed model, collecting every error.

The model's dataclasses are the schema: each field's type says how to read it
(text, date, rating, list of signatories...). Unknown fields are rejected with
the list of allowed ones, so a typo never silently drops content.

Field options (``dataclasses.field(metadata=...)``):
    ``key``: the name editors type, when it is not a Python name (``from``).
    ``computed``: filled in by the generator, not accepted from editors.
Hooks on a dataclass:
    ``from_scalar(scalar, reader)``: accept a one-word shorthand (``safe: good``); with
    ``scalar_only = True``, the only way it is written (its fields are never typed).
    ``validate(reader)``: checks across fields, after they are read.
A field named ``pos`` of type SourcePos receives where the value starts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable
from typing import Any, get_args, get_origin, get_type_hints

from generator.content.lookalikes import INVISIBLE_NAMES
from generator.content.nodes import Mapping, Node, Scalar, Sequence, describe
from generator.errors import ContentError, SourcePos, choices_hint, did_you_mean
from generator.model.dates import DateProblem, parse_date
from generator.model.periods import Period, parse_period

_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}
_INT = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^\d{3}(\.\d+)?$")  # what follows the comma in 1,234
# A number with its unit after it: "90%", "12 days".
_WITH_UNIT = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)\s*(%|[A-Za-z][A-Za-z ]*)$")
_INVISIBLE = re.compile(f"[{''.join(INVISIBLE_NAMES)}]")
# What editors write for a figure not known yet: the figure is left out instead.
_NO_FIGURE = re.compile(r"^(n/?a|tbc|tbd|tba|none|nil|null|unknown|pending|awaited|-+|\?+|"
                        r"not (yet )?(known|available|reported|measured))$", re.IGNORECASE)


class Invalid(Exception):
    """Internal: this value had an error, already recorded; skip it."""


class Reader:
    """Reads nodes into model types; errors go to ``errors`` and reading carries on.

    ``text_types`` maps extra str-like types (such as Markdown) to a factory
    called with the scalar, so the model can hold richer text values.
    """

    def __init__(self, text_types: dict[type, Callable[[Scalar], Any]] | None = None):
        self.errors: list[ContentError] = []
        self.text_types = text_types or {}
        self.fields: dict[str, SourcePos] = {}  # where each value of the one validated is

    def at(self, name: str, otherwise: SourcePos) -> SourcePos:
        """Where the value of field ``name`` of the object being validated is (for a
        validate method's errors), or ``otherwise``."""
        return self.fields.get(name, otherwise)

    def error(self, pos: SourcePos, message: str, hint: str = "") -> Invalid:
        """Record an error and return the exception that skips the value."""
        self.errors.append(ContentError(pos, message, hint))
        return Invalid()

    def read(self, node: Node, tp: Any, label: str) -> Any:
        """Read ``node`` as type ``tp``; ``label`` names it in messages ("date")."""
        origin = get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in get_args(tp) if a is not type(None)]
            if _is_missing(node):
                return None
            return self.read(node, inner[0], label)
        if origin in (list, tuple):
            return tuple(self._read_list(node, get_args(tp)[0], label))
        reader = _SCALAR_READERS.get(tp)
        if reader is not None:
            return reader(self, self._word(node, label) if reader is not _read_text
                          else self._scalar(node, label), label)
        if tp in self.text_types:
            scalar = self._scalar(node, label)
            if scalar.plain and "\n" in scalar.text:  # from a blank line: paragraphs joined
                key = label.replace(" ", "_")
                raise self.error(scalar.pos, f'{label} has paragraphs, but without "|" after '
                                 f'"{key}:" YAML joins them into one',
                                 f'write "{key}: |" on its first line, and keep the lines under '
                                 "it as they are.")
            return self.text_types[tp](scalar)
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            return self._read_dataclass(node, tp, label)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._read_enum(self._word(node, label), tp, label)
        raise TypeError(f"no reader for {tp!r}")  # a bug in the model, not content

    def _scalar(self, node: Node, label: str) -> Scalar:
        if isinstance(node, Scalar):
            return node
        raise self.error(node.pos, f"{label} should be a single value, not {describe(node)}",
                         "put the value on the same line, after the colon.")

    def _word(self, node: Node, label: str) -> Scalar:
        """A value the site reads as a word (a date, a number, a status, an id), refused
        with an invisible character in it: pasted with it, it is not the word it shows."""
        scalar = self._scalar(node, label)
        if (hidden := _INVISIBLE.search(scalar.text)) is not None:
            shown = _INVISIBLE.sub("", scalar.text).strip()
            raise self.error(scalar.pos, f'{label}: "{shown}" has an invisible character in it '
                             f"(a {INVISIBLE_NAMES[hidden.group()]}, copied with the text), "
                             f'so it is not read as "{shown}"',
                             f'delete the value and type it again: {label.replace(" ", "_")}: '
                             f"{shown}")
        return scalar

    def _read_list(self, node: Node, item_tp: Any, label: str) -> list[Any]:
        if isinstance(node, Scalar):
            if node.is_empty:
                return []
            if (joined := node.joined) is not None:  # "One thing" then "- Another"
                raise self.error(joined.pos, f'"{joined.line}" is read as more of '
                                 f'"{joined.first}", not as an item of the list: '
                                 f'"{joined.first}" has no "- " before it',
                                 f'start every item with "- ", the first one too: '
                                 f"- {joined.first}")
            if not dataclasses.is_dataclass(item_tp) or hasattr(item_tp, "from_scalar"):
                return [self.read(node, item_tp, label)]  # "related: MD1" means a list of one
        # A list of records (signatories, attachments): its hint shows one, written out.
        record = item_tp if dataclasses.is_dataclass(item_tp) and isinstance(item_tp, type) \
            and not hasattr(item_tp, "from_scalar") else None
        if not isinstance(node, Sequence):
            raise self.error(node.pos, f"{label} should be a list, not {describe(node)}",
                             _item_hint(record, node) if record else
                             'start each item on its own line with "- ", or write [a, b].')
        items, failed = [], False
        for item in node.items:
            try:
                if record and isinstance(item, Scalar):
                    raise self.error(item.pos, f"{label} should be a set of fields, not "
                                     f"{describe(item)}", _fields_hint(record, item.text))
                items.append(self.read(item, item_tp, label))
            except Invalid:
                failed = True
        if failed:
            raise Invalid()
        return items

    def _read_dataclass(self, node: Node, cls: type[Any], label: str) -> Any:
        one_id = hasattr(cls, "from_scalar") and len(_shape(cls)[1]) == 1
        if one_id and isinstance(node, Sequence):  # priority: [P1]
            named = [item.text.strip() for item in node.items if isinstance(item, Scalar)]
            key = label.replace(" ", "_")
            raise self.error(node.pos, f"{label} should be a single value, not {describe(node)}",
                             f"write one only, on the same line after the colon: "
                             f"{key}: {named[0] if named else '...'}")
        if hasattr(cls, "from_scalar") and (getattr(cls, "scalar_only", False)
                                            or (isinstance(node, Scalar) and not node.is_empty)):
            return cls.from_scalar(self._word(node, label), self)
        if not isinstance(node, Mapping):
            raise self.error(node.pos, f"{label} should be a set of fields, not {describe(node)}",
                             _fields_hint(cls))
        hints, keys, has_pos = _shape(cls)
        failed = False
        split = None  # the field before, whose number a comma may have split
        misnamed = set()  # fields written otherwise ("Status"): said once, not as missing
        for key_node, value in node.entries:
            if key_node.text not in keys:
                failed = True
                suggestion = did_you_mean(key_node.text, keys)
                meant = _enum_word(key_node.text)
                if meant in keys and node.get(meant) is None:
                    misnamed.add(meant)
                    self.error(key_node.pos, f'"{key_node.text}" should be written "{meant}"',
                               "a field's name is in small letters, with _ between words "
                               f"(as in docs/content.md): {meant}: ...")
                elif _THOUSANDS.match(key_node.text) and split and _NUMBER.match(split[1].text):
                    # {value: 1,234}: in { }, the comma started a field called "234".
                    self.error(key_node.pos, f'"{key_node.text}" is not a field {label} can '
                               f"have: the comma in {split[0].text}: {split[1].text},"
                               f"{key_node.text} starts a new one",
                               "inside { }, a comma separates fields: write the number "
                               f"without it, {split[0].text}: {split[1].text}{key_node.text}")
                else:
                    self.error(key_node.pos, f'"{key_node.text}" is not a field {label} can '
                               "have", (suggestion + " " if suggestion else "")
                               + "Allowed fields: " + ", ".join(keys) + ".")
            split = (key_node, value) if isinstance(value, Scalar) else None
        values: dict[str, Any] = {}
        for key, f in keys.items():
            child = node.get(key)
            if child is None or _is_missing(child):
                if _required(f) and key not in misnamed:
                    failed = True
                    self.error(node.pos, f'{label} is missing "{key}"',
                               f'add a line "{key}: ..." to it.')
                continue
            try:
                if key == "id":  # named by other files: a hidden character breaks the link
                    self._word(child, "id")
                values[f.name] = self.read(child, hints[f.name], _label(key))
            except Invalid:
                failed = True
        if has_pos:
            values["pos"] = node.pos
        if failed:
            raise Invalid()
        obj = cls(**values)
        if hasattr(obj, "validate"):
            self.fields = {key.text: value.pos for key, value in node.entries}
            obj.validate(self)
        return obj

    def _read_enum(self, scalar: Scalar, tp: type[enum.Enum], label: str) -> Any:
        word = _enum_word(scalar.text)
        for member in tp:
            # Accept the value (requires_improvement) or the words shown on pages.
            if word in (member.value, _enum_word(str(getattr(member, "label", "")))):
                return member
        allowed = [str(m.value) for m in tp]
        meant = [value for value in _SAME_MEANING.get(word, ()) if value in allowed]
        raise self.error(scalar.pos, f'"{scalar.text}" is not a valid {label}',
                         f'did you mean "{meant[0]}"? (use one of: {", ".join(allowed)})'
                         if meant else choices_hint(word, allowed))


# Words editors use for a status that is called otherwise here: an action is complete, a
# milestone done; either is on track while it is going.
_SAME_MEANING = {
    "complete": ("done",), "completed": ("done", "complete"), "done": ("complete",),
    "finished": ("complete", "done"), "achieved": ("complete", "done"),
    "closed": ("complete",), "met": ("complete",), "delivered": ("complete", "done"),
    "future": ("planned",), "upcoming": ("planned",), "due": ("planned",),
    "in_progress": ("on_track",), "ongoing": ("on_track",), "started": ("on_track",),
    "green": ("on_track",), "amber": ("at_risk",), "red": ("off_track",), "blue": ("complete",),
    "delayed": ("at_risk",), "late": ("off_track",), "overdue": ("off_track",),
    "not_yet_started": ("not_started",), "to_do": ("not_started",),
    "ri": ("requires_improvement",),  # as CQC's ratings are said in the NHS
}


def _enum_word(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


Shape = tuple[dict[str, Any], dict[str, "dataclasses.Field[Any]"], bool]
_SHAPES: dict[type, Shape] = {}  # a model class's fields never change


def _shape(cls: type) -> Shape:
    """A model class's type hints, its fields by the name editors type, and whether it
    has a ``pos``; remembered, since reading thousands of files asks again each time."""
    if cls not in _SHAPES:
        fields = [f for f in dataclasses.fields(cls) if f.init]
        _SHAPES[cls] = (get_type_hints(cls),
                        {f.metadata.get("key", f.name): f for f in fields if _editable(f)},
                        any(f.name == "pos" for f in fields))
    return _SHAPES[cls]


def _is_missing(node: Node) -> bool:
    return isinstance(node, Scalar) and node.is_empty


def _editable(f: dataclasses.Field[Any]) -> bool:
    """Fields the generator fills in itself (pos, measured sizes) are not for editors."""
    return f.name != "pos" and not f.metadata.get("computed")


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _label(key: str) -> str:
    return key.replace("_", " ")


def _fields_hint(cls: type, in_list: str | None = None) -> str:
    """How to write one of ``cls``; ``in_list``: as an item of a list, with the text the
    editor wrote in its first field (for "signed_by: Jo Bloggs" or "[Jo Bloggs, Chair]")."""
    fields = [f for f in dataclasses.fields(cls) if _editable(f)]
    names = [f.metadata.get("key", f.name) for f in sorted(fields, key=lambda f: not _required(f))]
    if in_list is None:
        return "write it as fields on the lines below, such as: " + ", ".join(names) + "."
    names = names[:4]
    if "\n" in in_list.strip() or len(in_list) > 80:  # a paragraph: not one field's value
        in_list = ""
    parts = [part.strip() for part in in_list.split(",")]  # "Jo Bloggs, Chair": two fields
    given = parts if 1 < len(parts) <= len(names) else [in_list]
    lines = [f"{name}: {given[i] if i < len(given) and given[i] else '...'}"
             for i, name in enumerate(names)]
    example = "\n".join(["- " + lines[0], *("  " + line for line in lines[1:])])
    return ("write each on its own line, starting \"- \", with its fields under it "
            "(those you need), for example:\n" + example)


def _item_hint(record: type, node: Node) -> str:
    """How to write ``node``, given where a list of ``record`` goes: its fields as an item
    ("title: Our plan" without its "- "), or its words as an item's ("Jo Bloggs: Chief
    Executive" under executive:, or "signed_by: Jo Bloggs")."""
    if isinstance(node, Scalar):
        return _fields_hint(record, node.text)
    if not isinstance(node, Mapping) or not node.entries:  # an empty file
        return _fields_hint(record, "")
    keys = _shape(record)[1]
    if all(key.text in keys for key, _ in node.entries):
        lines = [f"{key.text}: {value.text if isinstance(value, Scalar) else '...'}"
                 for key, value in node.entries]
        return ('start the item with "- " before its first field, and two more spaces '
                "before each of the others, for example:\n"
                + "\n".join(["- " + lines[0], *("  " + line for line in lines[1:])]))
    key, value = node.entries[0]
    return _fields_hint(record, f"{key.text}, {value.text}" if isinstance(value, Scalar)
                        and key.text not in keys else "")


def _read_text(reader: Reader, scalar: Scalar, label: str) -> str:
    return scalar.text


def _read_int(reader: Reader, scalar: Scalar, label: str) -> int:
    if not _INT.match(scalar.text.strip()):
        raise reader.error(scalar.pos, f'{label} should be a whole number, not "{scalar.text}"',
                           "write digits only, for example 12.")
    return int(scalar.text)


def _read_number(reader: Reader, scalar: Scalar, label: str) -> float:
    text = scalar.text.strip().replace(",", "")
    if not _NUMBER.match(text):
        unit = _WITH_UNIT.match(scalar.text.strip())
        raise reader.error(scalar.pos, f'{label} should be a number, not "{scalar.text}"',
                           f"write {unit[1].replace(',', '')} alone: the unit "
                           f'("{unit[2]}") is written once, in the figure\'s unit: line.'
                           if unit else
                           "with no figure yet, leave this line out until there is one."
                           if _NO_FIGURE.match(text) else
                           "write digits only, for example 27 or 4.5, with no units.")
    return float(text)


def _read_bool(reader: Reader, scalar: Scalar, label: str) -> bool:
    word = scalar.text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise reader.error(scalar.pos, f'{label} should be true or false, not "{scalar.text}"',
                       "write true or false.")


def _read_date(reader: Reader, scalar: Scalar, label: str) -> dt.date:
    try:
        return parse_date(scalar.text)
    except DateProblem as problem:
        raise reader.error(scalar.pos, f"{label}: {problem.message}", problem.hint) from None


def _read_period(reader: Reader, scalar: Scalar, label: str) -> Period:
    try:
        return parse_period(scalar.text)
    except DateProblem as problem:
        raise reader.error(scalar.pos, f"{label}: {problem.message}", problem.hint) from None


_SCALAR_READERS: dict[Any, Callable[[Reader, Scalar, str], Any]] = {
    str: _read_text,
    int: _read_int,
    float: _read_number,
    bool: _read_bool,
    dt.date: _read_date,
    Period: _read_period,
}
