"""The Markdown files of content/updates/ and content/pages/: their addresses, and each
made into a model object (an update, a page) through the parse cache."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator.content.cache import ParseCache
from generator.content.files import (
    LINKED_OUTSIDE,
    LINKED_OUTSIDE_HINT,
    is_scratch,
    linked_outside,
    read_markdown_file,
)
from generator.content.typed import read_typed
from generator.errors import ContentError, ContentErrors, ErrorCollector, SourcePos
from generator.model.schema import Reader
from generator.render.markdown import Markdown, MarkdownRenderer

_SLUG = re.compile(r"[^a-z0-9]+")
# Update addresses kept for the lists of each year's updates ("updates/2026/").
YEAR_ADDRESS = re.compile(r"[0-9]{4}")

R = TypeVar("R")
Make = Callable[[str, Any, Markdown, SourcePos], R]


def cached_markdown(file: str, make: Make[R], front_type: type, label: str, cache: ParseCache,
                    renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                    ) -> tuple[R | None, list[ContentError]]:
    """One update or page, read through the cache: the object, or the errors in it."""
    result: tuple[R | None, list[ContentError]] = cache.get(
        file, (front_type, renderer.settings),
        functools.partial(_read_markdown, file, make, front_type, label, renderer, new_reader),
        front=_front_part)
    return result


@functools.lru_cache(maxsize=65536)  # a pure function of a name: safe to remember
def slug_for(path: Path | str) -> str:
    """The URL name of a content file: ``2022-11 November.md`` -> ``2022-11-november``."""
    stem = os.path.splitext(os.path.basename(path))[0]
    return _SLUG.sub("-", stem.lower()).strip("-")


def markdown_files(folder: Path) -> list[str]:
    """Paths (as text: there can be thousands) of the .md files in ``folder``, sorted."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(e.path for e in entries if e.name.lower().endswith(".md")
                  and not is_scratch(e.name) and e.is_file())


def _read_markdown(file: str, make: Make[R], front_type: type, label: str,
                   renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                   ) -> tuple[R | None, list[ContentError]]:
    """One Markdown file made into a model object (``make``), or its errors."""
    path = Path(file)
    try:
        source = read_markdown_file(path)
    except ContentErrors as exc:
        return None, exc.errors
    collector = ErrorCollector()
    front = read_typed(source.front, front_type, label, new_reader(), collector)
    if front is None:
        return None, collector.errors
    body = Markdown(source.body, renderer, SourcePos(path, source.body_line, 1))
    return make(slug_for(file), front, body, SourcePos(path, 1, 1)), collector.errors


def _front_part(result: tuple[Any, list[ContentError]]) -> object:
    """What lists of pages show of a Markdown file: its front matter (or its errors)."""
    item, errors = result
    return item.front if item is not None else tuple(errors)


def load_markdown(folder: Path, make: Make[R], front_type: type, label: str,
                  renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                  errors: ErrorCollector, cache: ParseCache) -> list[R]:
    """Every Markdown file in ``folder`` made into a model object, the errors of the
    others added to ``errors``; two files with one address are an error at the second."""
    loaded: list[R] = []
    seen: dict[str, str] = {}
    site_folder = folder.parent.parent
    how = (front_type, renderer.settings)  # as cached_markdown reads them
    for file in cache.listing(str(folder), functools.partial(markdown_files, folder)):
        slug = slug_for(file)
        if not slug or slug in seen:
            other = os.path.basename(seen[slug]) if slug else ""
            problem = (f"this file would have the same web address as {other}" if slug
                       else "this file name has no letters or numbers")
            errors.add(SourcePos(Path(file)), problem,
                       "rename it, for example 2022-11-november-update.md")
            continue
        seen[slug] = file
        # A file the preview read and has seen unchanged since was checked then (one system
        # call less for each of thousands of files at each save).
        known = cache.seen_unchanged(file, how)
        if known is None:
            if linked_outside(site_folder, file):
                errors.add(SourcePos(Path(file)), LINKED_OUTSIDE, LINKED_OUTSIDE_HINT)
                continue
            known = cached_markdown(file, make, front_type, label, cache, renderer, new_reader)
        item, file_errors = known
        errors.extend(file_errors)
        if item is not None:
            loaded.append(item)
    return loaded
