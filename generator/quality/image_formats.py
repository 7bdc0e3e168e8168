"""Pictures most browsers cannot show: an iPhone saves photos as HEIC, which only Safari
shows, and a scanner often saves TIFF, which no browser but Safari shows either. Linked or
shown on a page, they are a broken picture or a download nobody can open."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from generator.errors import SourcePos
from generator.quality.findings import Finding

UNSHOWN = {".heic": "HEIC", ".heif": "HEIC", ".tif": "TIFF", ".tiff": "TIFF"}
_HOW = {
    "HEIC": "save it as JPEG: open it in Photos (Windows) or Preview (Mac) and export it "
            "as JPEG; to have an iPhone take JPEGs, choose Settings > Camera > Formats > "
            "Most Compatible.",
    "TIFF": "save it as JPEG (a photo) or PNG (a chart or a screenshot) from a picture "
            "editor such as Photos (Windows) or Preview (Mac); a scanned document is best "
            "as a PDF.",
}


def check_image_formats(content_dir: Path, assets: Iterable[str]) -> Iterator[Finding]:
    """A finding for each file in content/assets/ (``assets``: their paths in content/)
    saved in a format most browsers cannot show."""
    for rel in assets:
        kind = UNSHOWN.get(Path(rel).suffix.lower())
        if kind is not None:
            yield Finding("image_format", SourcePos(content_dir / rel),
                          f"the picture {rel} is saved as {kind}, which most browsers "
                          "cannot show", _HOW[kind])
