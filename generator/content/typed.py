"""Read nodes and optional YAML files into model types, collecting errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.content.files import read_yaml_file
from generator.content.nodes import Node
from generator.errors import ContentErrors, ErrorCollector
from generator.model.schema import Invalid, Reader


def read_typed(node: Node, tp: Any, label: str, reader: Reader, errors: ErrorCollector) -> Any:
    """``node`` as ``tp``, or None with the reasons added to ``errors``."""
    try:
        value = reader.read(node, tp, label)
    except Invalid:
        value = None
    errors.extend(reader.errors)
    return None if reader.errors else value


def optional_node(path: Path, errors: ErrorCollector) -> Node | None:
    """The YAML file at ``path`` as nodes; None if it does not exist or cannot be read."""
    if not path.exists():
        return None
    try:
        return read_yaml_file(path)
    except ContentErrors as exc:
        errors.extend(exc.errors)
        return None


def read_optional_file(path: Path, tp: Any, label: str, new_reader: Callable[[], Reader],
                       errors: ErrorCollector) -> Any:
    """The YAML file at ``path`` as ``tp``; None if absent or wrong (errors say why)."""
    node = optional_node(path, errors)
    return None if node is None else read_typed(node, tp, label, new_reader(), errors)
