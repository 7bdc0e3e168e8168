"""PDFs not everyone can read. Public bodies must publish documents people using screen
readers can read (the Public Sector Bodies Accessibility Regulations 2018): a PDF saved
without tags reads as one run of words, headings, lists and tables lost, and a scanned
letter is a picture of words, with none a screen reader can read."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from generator.digests import key_of
from generator.errors import SourcePos
from generator.model.site import Site
from generator.pages.core import is_accessibility_statement
from generator.quality.findings import Finding
from generator.quality.memo import CheckMemo

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

PAGES_READ = 3  # for fonts: a scan has none on its first pages, a document has some
HINT = ("make it again from the original document: in Word, give it a title (File > Info > "
        "Title), then File > Save a Copy, choose PDF, and under More options > Options "
        "tick \"Document structure tags for accessibility\". A scanned letter cannot be "
        "fixed: put its words on the page instead, or ask its sender for the original. "
        "If it cannot be fixed yet, name the file in your accessibility statement (under "
        "accessibility: problems: in site.yaml, or in your own statement's page): the "
        "public is told, and this check lets it be.")


def check_pdf_files(site: Site, memo: CheckMemo | None = None,
                    only: set[Path] | None = None) -> list[Finding]:
    """What makes each PDF in content/assets/ (``only`` those of them) hard or impossible
    to read with a screen reader; each is opened again only when it changed (``memo``)."""
    files = [(rel, site.content_dir / rel) for rel in site.assets if rel.lower().endswith(".pdf")]
    if only is not None:
        files = [(rel, path) for rel, path in files if path in only]
    stamps = []
    for rel, path in files:
        try:
            stat = path.stat()
        except OSError:
            continue  # gone since the content was read: the next build says so
        stamps.append((rel, path, key_of(b"pdf", str(path), stat.st_mtime_ns, stat.st_size)))
    memo = memo if memo is not None else CheckMemo()
    found = memo.results([key for _, _, key in stamps], [path for _, path, _ in stamps],
                         _problems)
    told = _statement_text(site)
    return [Finding("pdf_accessibility", SourcePos(path),
                    f"the PDF {rel} {_and(problems)}, so not everyone can read it", HINT)
            for (rel, path, _), problems in zip(stamps, found, strict=True)
            if problems and path.name.casefold() not in told]


def _statement_text(site: Site) -> str:
    """What the accessibility statement says of content that is not accessible (a
    document an editor cannot fix yet, named there, is the public's to know of)."""
    said = [*site.config.accessibility.problems,
            *(page.body.source for page in site.pages if is_accessibility_statement(page))]
    return "\n".join(said).casefold()


def _problems(path: Path) -> tuple[str, ...]:
    """What a screen reader would miss in the PDF at ``path``, in words."""
    # Imported here: pypdf takes a tenth of a second to import (see pdf_pages.py).
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged PDFs are said below
    try:
        reader = PdfReader(os.fspath(path))
        if reader.is_encrypted and not reader.decrypt(""):
            return ("is protected by a password",)
        return tuple(_missing(reader))
    except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return ("cannot be opened as a PDF",)


def _missing(reader: PdfReader) -> Iterator[str]:
    catalog = reader.root_object
    marked = bool(_dictionary(catalog.get("/MarkInfo")).get("/Marked"))
    pages = reader.pages
    if not any(_has_fonts(pages[i]) for i in range(min(PAGES_READ, len(pages)))):
        yield "has no words a screen reader can read (a scan, or a picture of text)"
    elif not (marked and "/StructTreeRoot" in catalog):
        yield "is not tagged (its headings, lists and tables are read as one run of words)"
    if not str(catalog.get("/Lang") or "").strip():
        yield "does not say what language it is in"
    if not (reader.metadata and (reader.metadata.title or "").strip()):
        yield "has no title"


def _has_fonts(page: PageObject) -> bool:
    """Whether the page draws text (a scan draws only a picture): it has fonts, itself or
    in a drawing it uses. Far quicker than reading its text (tenths of a second)."""
    resources = _dictionary(page.get("/Resources"))
    if _dictionary(resources.get("/Font")):
        return True
    drawings = _dictionary(resources.get("/XObject")).values()
    return any(_dictionary(_dictionary(_dictionary(drawing).get("/Resources")).get("/Font"))
               for drawing in drawings)


def _dictionary(value: object) -> dict[str, object]:
    """``value`` as a PDF dictionary ({} if it is not one)."""
    from pypdf.generic import DictionaryObject, IndirectObject

    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value if isinstance(value, DictionaryObject) else {}


def _and(parts: tuple[str, ...]) -> str:
    """"a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
