"""The files of content/assets/, published as they are: listing them, what is wrong with
one a content file names, and measuring those the text links to or attaches (the size
each is published at, a PDF's pages)."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generator.content.cache import ParseCache
from generator.content.files import is_scratch
from generator.content.linked_files import described_texts, linked_files
from generator.content.pdf_pages import pdf_pages
from generator.errors import ErrorCollector, SourcePos, did_you_mean, written_at
from generator.forked import Child
from generator.model.attachments import LinkedFile
from generator.model.config import SiteConfig
from generator.model.journey import Board, Journey
from generator.model.rating import Rating
from generator.model.updates import FreePage, Update
from generator.web_photos import PHOTO_SUFFIXES, published_size

PDF_PAGES = "pdf pages"  # how the parse cache knows page counts
PHOTO_SIZE = "photo size"  # and the size a photo is published at
Measure = Callable[[Path], tuple[int, int | None]]  # a file's size published, a PDF's pages
M = TypeVar("M", Update, FreePage)
D = TypeVar("D", Journey | None, Rating | None)


def list_assets(content: Path, errors: ErrorCollector) -> tuple[str, ...]:
    """Files under content/assets/, which are published as they are."""
    assets = content / "assets"
    if not assets.is_dir():
        return ()
    inside = assets.resolve()
    found = []
    for path in sorted(assets.rglob("*")):
        if is_scratch(path.name) or not path.is_file():
            continue
        if not path.resolve().is_relative_to(inside):
            errors.add(SourcePos(path), "this file is a link to a file outside content/assets/",
                       "copy the file itself into content/assets/ instead of linking to it.")
            continue
        found.append(path.relative_to(content).as_posix())
    return tuple(found)


def asset_problem(content: Path, file: str) -> str | None:
    """Why ``file`` (a path from content/) is not a usable asset, or None if it is."""
    if file.startswith(("/", "\\")) or ".." in Path(file).parts or "\\" in file:
        return "must be a path inside content/assets/, like assets/updates/report.pdf"
    target = content / file
    if file.startswith("content/assets/"):
        return (f'starts with "content/": paths are written from inside the content folder, '
                f'so write it as {file.removeprefix("content/")}')
    if not file.startswith("assets/"):
        if (content / "assets" / file).is_file():
            return f"is missing assets/ at its start: write it as assets/{file}"
        return "must be inside content/assets/ (start the path with assets/)"
    try:
        resolved = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return "does not exist: check the spelling and that the file is in content/assets/"
    if not resolved.is_relative_to((content / "assets").resolve()) or not resolved.is_file():
        return "must be a file inside content/assets/"
    return None


def _asset_error(errors: ErrorCollector, content: Path, pos: SourcePos, file: str,
                 message: str, hint: str) -> None:
    """An error of a file named in a data file, found after reading it: said where the
    name is written (at or after ``pos``, the item's start), with the file it may mean."""
    meant = did_you_mean(file, _asset_paths(content))
    errors.add(written_at(pos.path, file, pos.line) if file else pos, message,
               f"{meant} If not, {hint}" if meant else hint)


def _asset_paths(content: Path) -> list[str]:
    """Every file under content/assets/, as a path from content/ (for a suggestion), but
    the starter's .keep and other hidden or scratch files, which none means."""
    assets = content / "assets"
    return [path.relative_to(content).as_posix() for path in assets.rglob("*")
            if path.is_file() and not is_scratch(path.name)] if assets.is_dir() else []


def pdfs_to_count(content: Path, cache: ParseCache) -> list[str]:
    """The PDFs among the assets not counted yet, when a build or the preview has just
    listed every content file (a clean build: all of them)."""
    if cache.stamps is None:  # nothing listed them: each is counted as it is needed
        return []
    assets = str(content / "assets") + os.sep
    return [path for path in cache.stamps if path.startswith(assets)
            and path.lower().endswith(".pdf") and not cache.is_current(path, PDF_PAGES)]


def with_attachment_sizes(update: Update, content: Path, errors: ErrorCollector,
                          measure: Measure, base_path: str) -> Update:
    """``update`` with its attachments and the files its text links to measured; an
    attachment that is not a file of content/assets/ is an error."""
    update = with_linked_files(update, content, measure, base_path)
    if not update.attachments:
        return update
    measured = []
    for attachment in update.attachments:
        problem = asset_problem(content, attachment.file)
        if problem:
            _asset_error(errors, content, attachment.pos, attachment.file,
                         f'attachment "{attachment.file}" {problem}',
                         "copy the file into content/assets/ and write its path from the "
                         "content folder, for example: file: assets/updates/2022-11.pdf")
            measured.append(attachment)
            continue
        size, pages = measure(content / attachment.file)
        measured.append(dataclasses.replace(attachment, size=size, pages=pages))
    front = dataclasses.replace(update.front, attachments=tuple(measured))
    return dataclasses.replace(update, front=front)


def with_linked_files(item: M, content: Path, measure: Measure, base_path: str) -> M:
    """``item`` with the files in content/assets/ its text links to, measured."""
    found = linked_files(item.body.source, base_path, content, measure)
    return dataclasses.replace(item, linked_files=found) if found else item


def with_described_texts(model: D, content: Path, measure: Measure, base_path: str) -> D:
    """The journey or the rating with the links in its texts to files in content/assets/
    saying what each file is, and those files (measured) as its ``linked_files``."""
    if model is None:
        return model
    found: list[LinkedFile] = []
    model = described_texts(model, lambda text: linked_files(text, base_path, content, measure),
                            found)
    if not found:
        return model
    return dataclasses.replace(model, linked_files=tuple(dict.fromkeys(found)))


def measurer(content: Path, cache: ParseCache, counting: Child[dict[str, int | None]] | None,
             ) -> Measure:
    """Measures a file in content/assets/: the size it is published at and, for a PDF, its
    pages. A PDF's pages and a photo's size (it is made fit for the web to know it) are
    found once per version of the file: both take a while."""
    def measure(path: Path) -> tuple[int, int | None]:
        name = path.name.lower()
        pages: int | None = (cache.get(str(path), PDF_PAGES,
                                       functools.partial(_pdf_pages, path, counting))
                             if name.endswith(".pdf") else None)
        if not name.endswith(PHOTO_SUFFIXES):
            return path.stat().st_size, pages
        known = cache.stamps.get(str(path)) if cache.stamps is not None else None
        digest = known if isinstance(known, bytes) else None  # the build's scan read it
        size: int = cache.get(str(path), PHOTO_SIZE, functools.partial(
            published_size, content.parent, path, digest))
        return size, pages
    return measure


def _pdf_pages(path: Path, counting: Child[dict[str, int | None]] | None) -> int | None:
    counted = (counting.result() if counting is not None else None) or {}
    return counted[str(path)] if str(path) in counted else pdf_pages(path)



def check_photos(board: Board | None, content: Path, errors: ErrorCollector) -> None:
    """Each photo board.yaml names is a file of content/assets/."""
    members = (board.executive + board.non_executive) if board else ()
    for member in members:
        if member.photo and (problem := asset_problem(content, member.photo)):
            _asset_error(errors, content, member.pos, member.photo,
                         f'the photo "{member.photo}" {problem}', "put photos in "
                         "content/assets/ (for example assets/board/name.jpg), or leave "
                         "photo: out to show a placeholder.")


def check_site_images(config: SiteConfig, site_file: Path, errors: ErrorCollector) -> None:
    """The logo and share image site.yaml names are files of content/assets/."""
    content = site_file.parent
    for name, image in (("logo", config.trust.logo), ("share image", config.site.share_image)):
        if image and (problem := asset_problem(content, image)):
            _asset_error(errors, content, SourcePos(site_file), image,
                         f'the {name} "{image}" {problem}', "put it in content/assets/ and "
                         "write its path from the content folder, for example assets/logo.svg")
