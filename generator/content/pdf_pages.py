"""How many pages a PDF attachment has, for "Annual report (PDF, 2MB, 48 pages)"."""

from __future__ import annotations

import functools
import io
import logging
import os
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError


def pdf_pages_of(data: bytes) -> int | None:
    """The page count of a PDF held in memory (the booklet), or None."""
    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except (PdfReadError, ValueError, KeyError, TypeError):
        return None


def pdf_pages(path: Path) -> int | None:
    """The page count, or None if the file cannot be read as a PDF (then none is shown)."""
    stat = os.stat(path)
    return _count(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)  # keyed by file and its stamps: a preview counts once
def _count(path: str, mtime_ns: int, size: int) -> int | None:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are not our news
    try:
        return len(PdfReader(path).pages)
    except (PdfReadError, OSError, ValueError, KeyError, TypeError):
        return None
