"""Photos are published fit for the web: no wider than 1,600 pixels, turned the way the
camera was held, without where they were taken; the files in content/ never change."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import parse, run_journey
from PIL import Image, ImageFilter

from generator import web_photos
from generator.build import build
from generator.model.attachments import file_size

UPDATE = ("---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n---\n"
          "![Our new ward, with six beds](/assets/ward.jpg)\n\n"
          "![The ward's nurses](/assets/team.jpg)\n")


def jpeg(size: tuple[int, int], exif: Image.Exif | None = None, **options: object) -> bytes:
    """A photo-like JPEG (soft noise: it compresses as a photo does)."""
    picture = Image.effect_noise(size, 40).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    out = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    picture.save(out, "JPEG", quality=95, **options)
    return out.getvalue()


def from_a_phone() -> Image.Exif:
    """What a phone records: where, on which phone, held on its side."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turned 90 degrees
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (52.0, 30.0, 0.0), 3: "W", 4: (1.0, 15.0, 0.0)}  # GPS
    return exif


@pytest.fixture
def photo_site(write_site: Callable[[dict[str, str]], Path]) -> Path:
    root = write_site({"content/updates/2023-01.md": UPDATE})
    assets = root / "content/assets"
    assets.mkdir()
    (assets / "ward.jpg").write_bytes(jpeg((3000, 2250), from_a_phone(), comment=b"Ward 7"))
    (assets / "team.jpg").write_bytes(jpeg((800, 600), from_a_phone()))
    (assets / "small.jpg").write_bytes(jpeg((800, 600)))
    (assets / "chart.png").write_bytes(_png((3000, 600)))
    (assets / "broken.jpg").write_bytes(b"\xff\xd8 not really a photo")
    return root


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(out, "PNG")
    return out.getvalue()


def test_photos_are_published_fit_for_the_web_and_the_originals_kept(photo_site: Path) -> None:
    assets = photo_site / "content/assets"
    before = {path.name: path.read_bytes() for path in assets.iterdir()}
    result = run_journey("build", str(photo_site), "--now", "2023-02-01")
    assert result.returncode == 0, result.stderr
    built = photo_site / "site/assets"
    with Image.open(built / "ward.jpg") as ward:
        assert ward.size == (1600, 2133)  # upright (it was taken on its side), 1,600 wide
        assert dict(ward.getexif()) == {} and "comment" not in ward.info
    ward_bytes = (built / "ward.jpg").read_bytes()
    assert b"PhoneMaker" not in ward_bytes and len(ward_bytes) < len(before["ward.jpg"]) / 3
    with Image.open(built / "team.jpg") as team:  # narrow enough, but it says where it was
        assert team.size == (600, 800) and dict(team.getexif()) == {}
    # Fit already, not a JPEG, or not one that can be read: published as they are.
    for name in ("small.jpg", "chart.png", "broken.jpg"):
        assert (built / name).read_bytes() == before[name], name
    # Nothing in content/ changed; the page shows the photo at its address.
    assert {path.name: path.read_bytes() for path in assets.iterdir()} == before
    page = parse(photo_site / "site/updates/2023-01/index.html")
    assert page.find("img", alt="Our new ward, with six beds")["src"] == "/assets/ward.jpg"


def test_a_photo_is_made_once_and_again_only_when_it_changes(
        photo_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    today = dt.date(2023, 2, 1)
    build(photo_site, today=today)
    first = (photo_site / "site/assets/ward.jpg").read_bytes()
    made: list[int] = []
    real = web_photos._fit_for_web
    monkeypatch.setattr(web_photos, "_fit_for_web", lambda data: made.append(1) or real(data))
    read: list[str] = []  # and the photo itself is not read again: the build's scan has
    real_read = Path.read_bytes  # its digest
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or
                        real_read(path))
    update = photo_site / "content/updates/2023-01.md"
    update.write_text(update.read_text() + "\nMore news.\n")
    build(photo_site, today=today)
    assert made == [] and (photo_site / "site/assets/ward.jpg").read_bytes() == first
    assert "ward.jpg" not in read[:-1], read  # (the last is this test's)
    kept = photo_site / ".cache/photos"
    before = set(kept.iterdir())
    assert len(before) == 4  # the four JPEGs': two made, two to publish as they are
    (photo_site / "content/assets/ward.jpg").write_bytes(jpeg((2000, 1000)))
    build(photo_site, today=today)
    assert made == [1]
    after = set(kept.iterdir())  # the old photo's made one is gone, the new one's kept
    assert len(after) == 4 and len(before - after) == 1
    with Image.open(photo_site / "site/assets/ward.jpg") as ward:
        assert ward.size == (1600, 800)


def test_the_size_checked_is_the_size_published(write_site: Callable[[dict[str, str]], Path],
                                                ) -> None:
    """A camera's 2.5MB photo is published at about half a megabyte: nothing to say. A GIF
    as heavy is published as it is, and said."""
    root = write_site({"content/updates/2023-01.md": UPDATE})
    assets = root / "content/assets"
    assets.mkdir()
    (assets / "ward.jpg").write_bytes(jpeg((3000, 2250)))
    assert (assets / "ward.jpg").stat().st_size > 2 * 1024 * 1024
    (assets / "team.gif").write_bytes(b"GIF89a" + bytes(1100 * 1024))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert "ward.jpg is" not in result.stderr
    assert "content/assets/team.gif: the image assets/team.gif is 1.1MB" in result.stderr


def test_a_link_to_a_photo_says_the_size_published(write_site: Callable[[dict[str, str]], Path],
                                                   ) -> None:
    """Linked to as a file, or attached, a camera's photo is described by the size a
    reader downloads, not the original's."""
    update = ("---\ntitle: January\ndate: 2023-01-31\nsummary: News.\nattachments:\n"
              "  - title: The ward, full size\n    file: assets/ward.jpg\n---\n"
              "See [the ward](/assets/ward.jpg).\n")
    root = write_site({"content/updates/2023-01.md": update})
    (root / "content/assets").mkdir()
    (root / "content/assets/ward.jpg").write_bytes(jpeg((3000, 2250), from_a_phone()))
    build(root, today=dt.date(2023, 2, 1))
    published = (root / "site/assets/ward.jpg").stat().st_size
    assert published < (root / "content/assets/ward.jpg").stat().st_size / 3
    text = parse(root / "site/updates/2023-01/index.html").get_text(" ", strip=True)
    size = file_size(published)
    assert f"the ward (JPEG image, {size})" in text, text
    assert f"The ward, full size (JPEG image, {size})" in text, text
