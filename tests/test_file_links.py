"""A link in an update's or page's text to a file in content/assets/ says the file's type
and size (and a PDF's pages), as attachments do: in the update's page, the home page, a
free page and the feed; kept up to date when the file changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SMALL_TODAY, parse

from generator.build import build
from generator.incremental import IncrementalBuilder
from generator.model.attachments import file_size
from generator.model.site import BuildSettings

NOVEMBER = "content/updates/2022-11-update.md"


def linked(root: Path, file: str, text: str) -> None:
    path = root / file
    path.write_text(path.read_text() + f"\n{text}\n")


def links(page: Path) -> dict[str, str]:
    """Each link in the page's main part, by address: its words."""
    return {a["href"]: " ".join(a.get_text().split()) for a in parse(page).main.find_all("a")}


def test_links_to_files_say_what_the_file_is(small_site: Path) -> None:
    (small_site / "content/assets/figures.csv").write_text("month,value\n2022-11,4\n")
    linked(small_site, NOVEMBER, "Read [our response](/assets/response.pdf), [the same "
           "(PDF, 6KB)](/assets/response.pdf#page=1) and the [figures][data].\n\n"
           "[data]: /assets/figures.csv")
    linked(small_site, "content/pages/about.md", "See [our response](/assets/response.pdf).")
    build(small_site, today=SMALL_TODAY)
    site = small_site / "site"
    for page in (site / "updates/2022-11-update/index.html", site / "index.html"):
        said = links(page)
        assert said["/assets/response.pdf"] == "our response (PDF, 6KB, 1 page)"
        assert said["/assets/response.pdf#page=1"] == "the same (PDF, 6KB)"  # said already
        assert said["/assets/figures.csv"] == "figures (CSV, 1KB)"
    assert links(site / "about/index.html")["/assets/response.pdf"] == (
        "our response (PDF, 6KB, 1 page)")
    assert "our response (PDF, 6KB, 1 page)&lt;/a&gt;" in (site / "feed.xml").read_text()


def test_the_size_said_follows_the_file(small_site: Path) -> None:
    """A build after the file changed, and the preview after a save of it or of a text
    that now links to one."""
    linked(small_site, NOVEMBER, "Read [our response](/assets/response.pdf).")
    build(small_site, today=SMALL_TODAY)
    page = small_site / "site/updates/2022-11-update/index.html"
    pdf = small_site / "content/assets/response.pdf"
    small = pdf.read_bytes()
    pdf.write_bytes(small + b"\n%" + b"x" * 40_000 + b"\n")  # a comment after the end
    build(small_site, today=SMALL_TODAY)
    bigger = f"our response (PDF, {file_size(pdf.stat().st_size)}, 1 page)"
    assert bigger != "our response (PDF, 6KB, 1 page)"
    assert links(page)["/assets/response.pdf"] == bigger

    builder = IncrementalBuilder(small_site, BuildSettings(today=dt.date(2022, 12, 31)))
    shown = builder.rebuild().snapshot.pages
    path = "updates/2022-11-update/index.html"
    assert bigger in shown[path].decode()
    pdf.write_bytes(small)
    shown = builder.rebuild({pdf}).snapshot.pages
    assert "our response (PDF, 6KB, 1 page)" in shown[path].decode()
    october = small_site / "content/updates/2022-10-update.md"
    linked(small_site, "content/updates/2022-10-update.md",
           "And [again](/assets/response.pdf).")
    shown = builder.rebuild({october}).snapshot.pages
    assert "again (PDF, 6KB, 1 page)" in shown["updates/2022-10-update/index.html"].decode()


def test_a_site_in_a_folder_links_to_its_files_from_its_folder(small_site: Path) -> None:
    yaml = small_site / "content/site.yaml"
    yaml.write_text(yaml.read_text().replace("https://rating.fenwold.example/",
                                             "https://www.fenwold.example/cqc/"))
    linked(small_site, NOVEMBER, "Read [our response](/cqc/assets/response.pdf) or "
           "[not ours](https://www.cqc.org.uk/assets/response.pdf).")
    build(small_site, today=SMALL_TODAY)
    said = links(small_site / "site/updates/2022-11-update/index.html")
    assert said["/cqc/assets/response.pdf"] == "our response (PDF, 6KB, 1 page)"
    assert said["https://www.cqc.org.uk/assets/response.pdf"] == "not ours"
