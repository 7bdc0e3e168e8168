"""Images too heavy for a phone: a photo straight from a camera is several megabytes, and
every page that shows it waits for all of them (on a slow connection, for seconds)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.errors import SourcePos
from generator.model.attachments import file_size
from generator.model.site import Site
from generator.quality.findings import Finding
from generator.web_photos import MAX_WIDTH, is_photo, published_photo

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


def check_image_sizes(site: Site) -> Iterator[Finding]:
    limit_kb = site.config.checks.image_kb
    for rel in site.assets:
        if not rel.lower().endswith(IMAGE_SUFFIXES):
            continue
        path = site.content_dir / rel
        # A photo is published made fit for the web: that is what a phone loads.
        photo = published_photo(site.root, path) if is_photo(rel) else None
        try:
            size = len(photo) if photo is not None else path.stat().st_size
        except OSError:
            continue  # gone since the content was read: the next build says so
        if size > limit_kb * 1024 and photo is not None:
            yield Finding("image_size", SourcePos(path),
                          f"the photo {rel} is {file_size(size)} even as it is published "
                          f"(at most {MAX_WIDTH:,} pixels wide), so a page showing it loads "
                          "slowly on a phone",
                          "crop it to what matters, or save it from a picture editor with "
                          "more compression (a lower quality). "
                          f"(site.yaml checks: image_kb: is {limit_kb}.)")
        elif size > limit_kb * 1024:
            yield Finding("image_size", SourcePos(path),
                          f"the image {rel} is {file_size(size)}, so a page showing it "
                          "loads slowly on a phone",
                          f"make it smaller: {MAX_WIDTH:,} pixels wide is enough for any "
                          "screen, and photos are smallest saved as JPEG (a picture editor "
                          "such as Photos on Windows or Preview on a Mac can do both; a JPEG "
                          f"is made {MAX_WIDTH:,} pixels wide as it is published). "
                          f"(site.yaml checks: image_kb: is {limit_kb}.)")
