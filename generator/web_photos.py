"""Photos made fit for the web as they are published: no wider than any screen needs,
turned the way the camera was held, and without what the camera recorded in the file
(where it was taken, on which phone, when). A photo from a phone is several megabytes
and says where it was taken: published as it is, a page showing it loads slowly on a
phone, and anyone can read where it was taken.

Only JPEG photos in content/assets/ are changed, and only those wider than MAX_WIDTH
or with such details; the file in content/ never is. Other images (PNG charts and
screenshots, where every pixel may matter) are published as they are. What is made is
kept in .cache/photos/, under a digest of the photo (the build cache's), so a photo is
made once.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from generator.build_cache import CACHE_FOLDER
from generator.render.template_dirs import STATIC_DIR

MAX_WIDTH = 1600  # pixels: twice the width of the page's text, for sharp screens
QUALITY = 85  # JPEG quality: no difference anyone sees, a fraction of a camera's size
PHOTO_SUFFIXES = (".jpg", ".jpeg")
_FOLDER = "photos"
_VERSION = 1  # change when what is made changes: the photos kept are made again
_AS_IT_IS = b""  # kept for a photo that is published as it is


def is_photo(output_path: str) -> bool:
    """Whether the file published at ``output_path`` is a photo this module may change:
    a JPEG among the site's own files (content/assets/), not a static file of the tool's."""
    return output_path.lower().endswith(PHOTO_SUFFIXES) and not output_path.startswith(
        f"{STATIC_DIR}/")


def web_photos(root: Path, copies: Mapping[str, Path],
               digests: Callable[[str], bytes | None] = lambda path: None,
               ) -> dict[str, bytes]:
    """The photos among ``copies`` (output path -> source: the whole site's) made fit for
    the web, by output path; the rest are published as they are. ``digests``: a source's
    digest, if known (the build's scan has them: a photo kept is then taken without
    reading the original). What was kept for photos the site no longer has is deleted."""
    made: dict[str, bytes] = {}
    used: set[str] = set()
    for output_path, source in copies.items():
        if is_photo(output_path):
            data = published_photo(root, source, used, digests(str(source)))
            if data is not None:
                made[output_path] = data
    with contextlib.suppress(OSError), os.scandir(root / CACHE_FOLDER / _FOLDER) as kept:
        for entry in kept:
            if entry.name not in used and not entry.name.endswith(".partial"):
                os.unlink(entry.path)
    return made


def published_photo(root: Path, source: Path, used: set[str] | None = None,
                    digest: bytes | None = None) -> bytes | None:
    """What to publish for the photo at ``source`` (in the site at ``root``): made fit
    for the web, or None to publish it as it is (fit already, or not a JPEG Pillow can
    read: a browser shows what it can of it). ``used``: add the name it is kept under;
    ``digest``: the photo's (blake2b, 20 bytes), if known."""
    data = None
    if digest is None:
        try:
            data = source.read_bytes()
        except OSError:
            return None  # gone since the site was read: the build copying it says so
        digest = hashlib.blake2b(data, digest_size=20).digest()
    name = f"{digest.hex()}-{_VERSION}"
    if used is not None:
        used.add(name)
    kept = root / CACHE_FOLDER / _FOLDER / name
    with contextlib.suppress(OSError):
        earlier = kept.read_bytes()
        return earlier if earlier != _AS_IT_IS else None
    if data is None:
        try:
            data = source.read_bytes()
        except OSError:
            return None
    made = _fit_for_web(data)
    _keep(kept, made if made is not None else _AS_IT_IS)
    return made


def published_size(root: Path, source: Path, digest: bytes | None = None) -> int:
    """The size of what is published for the file at ``source`` in content/assets/ (a
    photo's made fit for the web), so a link to it says what a reader downloads.
    ``digest``: the photo's, if known. OSError if it is not there."""
    size = source.stat().st_size
    if not source.name.lower().endswith(PHOTO_SUFFIXES):
        return size
    photo = published_photo(root, source, digest=digest)
    return len(photo) if photo is not None else size


def _fit_for_web(data: bytes) -> bytes | None:
    from PIL import Image, ImageOps  # imported only when a photo is first seen

    try:
        with Image.open(io.BytesIO(data)) as photo:
            if photo.format != "JPEG":
                return None
            turned = photo.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # held on its side
            width = photo.height if turned else photo.width
            details = [marker for marker, _ in getattr(photo, "applist", [])
                       if marker in ("APP1", "APP13")]  # EXIF and XMP; IPTC
            if width <= MAX_WIDTH and not details and "comment" not in photo.info:
                return None
            if width > MAX_WIDTH:  # decode at a half, a quarter...: faster, same result
                photo.draft(photo.mode, (1, MAX_WIDTH) if turned else (MAX_WIDTH, 1))
            upright = ImageOps.exif_transpose(photo)
            if upright.width > MAX_WIDTH:
                height = round(upright.height * MAX_WIDTH / upright.width)
                upright = upright.resize((MAX_WIDTH, height), Image.Resampling.LANCZOS)
            profile = photo.info.get("icc_profile")  # its colours: the one detail kept
            upright.info = {}  # else Pillow saves its comment and XMP again
            out = io.BytesIO()
            upright.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True,
                         icc_profile=profile)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None  # not a photo Pillow can read


def _keep(path: Path, data: bytes) -> None:
    """Keep what was made; a preview and a build may make the same photo at once."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(data)
        os.replace(partial, path)
