"""How many pages a PDF attachment has, for "Annual report (PDF, 2MB, 48 pages)"."""

from __future__ import annotations

import functools
import io
import logging
import os
from pathlib import Path
from typing import IO

from generator import forked


def pdf_pages_of(data: bytes) -> int | None:
    """The page count of a PDF held in memory (the booklet), or None."""
    return _page_count(io.BytesIO(data))


def count_ahead(paths: list[str]) -> forked.Child[dict[str, int | None]]:
    """Start counting the pages of these PDFs in a forked child (see forked.py): the
    build reads the content meanwhile, and importing pypdf alone took 0.1 s."""
    return forked.Child(lambda: {path: pdf_pages(Path(path)) for path in paths})


def pdf_pages(path: Path) -> int | None:
    """The page count, or None if the file cannot be read as a PDF (then none is shown)."""
    stat = os.stat(path)
    return _count(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)  # keyed by file and its stamps: a preview counts once
def _count(path: str, mtime_ns: int, size: int) -> int | None:
    return _page_count(path)


def _page_count(source: str | IO[bytes]) -> int | None:
    # Imported here: pypdf takes a tenth of a second to import, and most builds
    # (a warm one above all) have no PDF to count.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are not our news
    try:
        return len(PdfReader(source).pages)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return None
