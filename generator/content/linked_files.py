"""Links in a text to files in content/assets/, measured so each link can say what it
leads to, NHS style: "our plan (PDF, 330KB, 12 pages)"."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from generator.model.attachments import Attachment, LinkedFile
from generator.render.file_notes import DescribedMarkdown
from generator.render.markdown import Markdown

T = TypeVar("T")

# [text](address), [text](<address>) (spaces allowed) and [name]: address or
# [name]: <address> (a reference's definition).
_WRITTEN = re.compile(r"\]\(\s*(?:<([^<>\n]+)>|([^)\s<>]+))"
                      r"|^ {0,3}\[[^\]]+\]:\s*(?:<([^<>\n]+)>|([^\s<>]+))", re.MULTILINE)


def asset_links(source: str, base_path: str) -> Iterator[tuple[str, str]]:
    """Each address in Markdown ``source`` that leads to content/assets/ (written from
    the top of the site: /assets/..., or /cqc/assets/... for a site in a folder), with
    that file's path from content/ (assets/...)."""
    if "assets/" not in source:  # most texts: no regular expression run over them
        return
    for match in _WRITTEN.finditer(source):
        href = next(group for group in match.groups() if group)
        parts = urlsplit(href)
        path = unquote(parts.path)
        if parts.scheme or parts.netloc or not path.startswith(base_path):
            continue
        file = path[len(base_path):]
        if file.startswith("assets/") and ".." not in file.split("/"):
            yield href, file


def linked_files(source: str, base_path: str, content: Path,
                 measure: Callable[[Path], tuple[int, int | None]]) -> tuple[LinkedFile, ...]:
    """The files ``source`` links to that are there, each measured (``measure``: the
    size it is published at and, for a PDF, its pages, once per version of it)."""
    found = []
    for href, file in dict(asset_links(source, base_path)).items():
        path = content / file
        if not path.is_file():
            continue  # journey check says so (missing_asset)
        size, pages = measure(path)
        measured = Attachment("", file, size=size, pages=pages)
        found.append(LinkedFile(href, file, measured.description))
    return tuple(found)


def described_texts(value: T, measure: Callable[[str], tuple[LinkedFile, ...]],
                    found: list[LinkedFile]) -> T:
    """``value`` (the journey or the rating: dataclasses, tuples of them) with each
    Markdown field that links to files (``measure`` finds and measures them) made to say
    what they are, and those files added to ``found``. Whatever has no such field is
    ``value`` itself, unchanged: nothing is copied for most texts."""
    if isinstance(value, Markdown):
        files = measure(value.source)
        found.extend(files)
        return DescribedMarkdown(value, files) if files else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = tuple(described_texts(item, measure, found) for item in value)
        same = all(new is old for new, old in zip(items, value, strict=True))
        return value if same else items  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for name in _walked_fields(type(value)):
            old = getattr(value, name)
            new = described_texts(old, measure, found)
            if new is not old:
                changed[name] = new
        return dataclasses.replace(value, **changed) if changed else value
    return value


@functools.cache
def _walked_fields(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass of the model that may hold texts: not where in a file
    it was written (``pos``), or anything written as plain text."""
    return tuple(f.name for f in dataclasses.fields(cls)
                 if f.name != "pos" and f.type not in ("str", "str | None", "int", "bool"))
