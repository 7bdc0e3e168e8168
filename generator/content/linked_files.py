"""Links in an update's or page's text to files in content/assets/, measured so each link
can say what it leads to, NHS style: "our plan (PDF, 330KB, 12 pages)"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.model.attachments import Attachment, LinkedFile

# [text](address), [text](<address>) and [name]: address (a reference's definition).
_WRITTEN = re.compile(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)",
                      re.MULTILINE)


def asset_links(source: str, base_path: str) -> Iterator[tuple[str, str]]:
    """Each address in Markdown ``source`` that leads to content/assets/ (written from
    the top of the site: /assets/..., or /cqc/assets/... for a site in a folder), with
    that file's path from content/ (assets/...)."""
    if "assets/" not in source:  # most texts: no regular expression run over them
        return
    for match in _WRITTEN.finditer(source):
        href = match.group(1) or match.group(2)
        parts = urlsplit(href)
        path = unquote(parts.path)
        if parts.scheme or parts.netloc or not path.startswith(base_path):
            continue
        file = path[len(base_path):]
        if file.startswith("assets/") and ".." not in file.split("/"):
            yield href, file


def linked_files(source: str, base_path: str, content: Path,
                 pdf_pages: Callable[[Path], int | None]) -> tuple[LinkedFile, ...]:
    """The files ``source`` links to that are there, each measured (``pdf_pages``
    counts a PDF's pages, once per version of it)."""
    found = []
    for href, file in dict(asset_links(source, base_path)).items():
        path = content / file
        if not path.is_file():
            continue  # journey check says so (missing_asset)
        pages = pdf_pages(path) if path.suffix.lower() == ".pdf" else None
        measured = Attachment("", file, size=path.stat().st_size, pages=pages)
        found.append(LinkedFile(href, file, measured.description))
    return tuple(found)
