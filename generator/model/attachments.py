"""Files attached to updates, shown NHS style: "Full report (PDF, 330KB)"."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from generator.errors import NOWHERE, SourcePos

_TYPES = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "OpenDocument text",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ods": "OpenDocument spreadsheet",
    ".csv": "CSV",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
    ".txt": "Text",
    ".zip": "ZIP",
    ".png": "PNG image",
    ".jpg": "JPEG image",
    ".jpeg": "JPEG image",
    ".svg": "SVG image",
}


@dataclass(frozen=True)
class Attachment:
    """``{title, file}`` in front matter; ``size`` is measured when the site loads."""

    title: str
    file: str
    pos: SourcePos = NOWHERE
    size: int | None = field(default=None, metadata={"computed": True})
    pages: int | None = field(default=None, metadata={"computed": True})  # PDFs only

    @property
    def file_type(self) -> str:
        suffix = PurePosixPath(self.file).suffix.lower()
        return _TYPES.get(suffix, suffix.lstrip(".").upper() or "File")

    @property
    def description(self) -> str:
        """ "PDF, 330KB": type and size, as the NHS style guide writes them."""
        if self.size is None:
            return self.file_type
        pages = f", {self.pages} page{'s' if self.pages != 1 else ''}" if self.pages else ""
        return f"{self.file_type}, {file_size(self.size)}{pages}"


def file_size(size: int) -> str:
    """330KB (rounded up, under 1MB) or 1.2MB (one decimal place)."""
    kb = 1024
    if size < kb * kb:
        return f"{max(1, math.ceil(size / kb))}KB"
    return f"{size / (kb * kb):.1f}MB"


@dataclass(frozen=True)
class LinkedFile:
    """A file in content/assets/ that a text links to (an update's, a journey field's):
    its link is shown with the file's type and size, as attachments are (measured when the
    site loads). ``href`` as written, ``file`` from content/ (assets/...)."""

    href: str
    file: str
    description: str
