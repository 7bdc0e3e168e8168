"""journey check on pictures: alt text that does not say what a picture shows, and
pictures saved in a format most browsers cannot show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import run_journey
from test_check import reported

BODY = """\
![IMG_1234](/assets/IMG_1234.jpg)

![photo](/assets/ward.jpg)

![ward.jpg](/assets/ward.jpg)

![Nurses at the new handover board on Ward 7](/assets/ward.jpg)

![A chart: falls each month, fewer since May](/assets/chart.png)
"""


def test_alt_text_that_says_nothing_of_the_picture_is_found(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    root = write_site({"content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\n"
                                                     "summary: News.\n---\n" + BODY})
    assets = root / "content/assets"
    assets.mkdir()
    for name in ("IMG_1234.jpg", "ward.jpg", "chart.png"):
        (assets / name).write_bytes(b"\xff\xd8 a small picture")
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert [(w, m) for t, w, m in reported(result.stderr) if t == "Images without alt text"] == [
        ("content/updates/2023-01.md:6",
         'the alt text "IMG_1234" does not say what the image /assets/IMG_1234.jpg shows'),
        ("content/updates/2023-01.md:8",
         'the alt text "photo" does not say what the image /assets/ward.jpg shows'),
        ("content/updates/2023-01.md:10",
         'the alt text "ward.jpg" does not say what the image /assets/ward.jpg shows'),
    ], result.stderr
    assert ("hint: write what it shows, as you would to someone on the phone: ![Nurses at "
            "the new handover board on Ward 7](...)") in result.stderr
    assert result.returncode == 1  # an error: WCAG's first rule, as a missing alt text is


def test_pictures_most_browsers_cannot_show_are_found(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    root = write_site({})
    assets = root / "content/assets"
    (assets / "updates").mkdir(parents=True)
    for name in ("IMG_0001.HEIC", "updates/scan.tif", "ward.jpg", "chart.png"):
        (assets / name).write_bytes(b"a picture")
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert [(w, m) for t, w, m in reported(result.stderr)
            if t == "Pictures most browsers cannot show"] == [
        ("content/assets/IMG_0001.HEIC", "the picture assets/IMG_0001.HEIC is saved as HEIC, "
         "which most browsers cannot show"),
        ("content/assets/updates/scan.tif", "the picture assets/updates/scan.tif is saved as "
         "TIFF, which most browsers cannot show"),
    ], result.stderr
    assert "Settings > Camera > Formats > Most Compatible" in result.stderr
