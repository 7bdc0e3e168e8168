"""Abbreviations and what they stand for: content/glossary.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.nodes import Mapping, Node, Scalar, describe
from generator.errors import SourcePos
from generator.model.schema import Invalid, Reader


@dataclass(frozen=True)
class GlossaryTerm:
    abbreviation: str
    expansion: str
    pos: SourcePos


def read_glossary(node: Node, reader: Reader) -> tuple[GlossaryTerm, ...]:
    """``FTSU: Freedom to Speak Up`` lines, sorted A to Z for the glossary page."""
    if isinstance(node, Scalar) and node.is_empty:
        return ()
    if not isinstance(node, Mapping):
        raise reader.error(node.pos,
                           f"the glossary should be a list of terms, not {describe(node)}",
                           "write one term per line: FTSU: Freedom to Speak Up")
    terms = []
    for key, value in node.entries:
        if not isinstance(value, Scalar) or value.is_empty or not key.text.strip():
            reader.error(value.pos, f'the glossary entry "{key.text}" has no expansion',
                         f"write it on one line: {key.text or 'ABC'}: what it stands for")
            continue
        terms.append(GlossaryTerm(key.text.strip(), value.text.strip(), key.pos))
    if len(terms) != len(node.entries):
        raise Invalid()
    return tuple(sorted(terms, key=lambda t: t.abbreviation.lower()))
