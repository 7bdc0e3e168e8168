"""A link in an update's or page's text to a file in content/assets/ says the file's type
and size (and a PDF's pages), as attachments do: in the update's page, the home page, a
free page and the feed; in the journey's texts and the rating's, on every page showing
them; kept up to date when the file changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import SITES, SMALL_TODAY, parse

from generator.build import build
from generator.incremental import IncrementalBuilder
from generator.model.attachments import file_size
from generator.model.site import BuildSettings

NOVEMBER = "content/updates/2022-11-update.md"
JOURNEY_TODAY = dt.date(2022, 10, 15)
SURVEY = "our survey (PDF, 6KB, 1 page)"


def linked(root: Path, file: str, text: str) -> None:
    path = root / file
    path.write_text(path.read_text() + f"\n{text}\n")


def links(page: Path) -> dict[str, str]:
    """Each link in the page's main part, by address: its words."""
    return {a["href"]: " ".join(a.get_text().split()) for a in parse(page).main.find_all("a")}


def test_links_to_files_say_what_the_file_is(small_site: Path) -> None:
    (small_site / "content/assets/figures.csv").write_text("month,value\n2022-11,4\n")
    (small_site / "content/assets/board papers.csv").write_text("month,value\n")
    linked(small_site, NOVEMBER, "Read [our response](/assets/response.pdf), [the same "
           "(PDF, 6KB)](/assets/response.pdf#page=1), the [figures][data] and the "
           "[board's](</assets/board papers.csv>).\n\n"
           "[data]: /assets/figures.csv")
    linked(small_site, "content/pages/about.md", "See [our response](/assets/response.pdf).")
    build(small_site, today=SMALL_TODAY)
    site = small_site / "site"
    for page in (site / "updates/2022-11-update/index.html", site / "index.html"):
        said = links(page)
        assert said["/assets/response.pdf"] == "our response (PDF, 6KB, 1 page)"
        assert said["/assets/response.pdf#page=1"] == "the same (PDF, 6KB)"  # said already
        assert said["/assets/figures.csv"] == "figures (CSV, 1KB)"
        assert said["/assets/board%20papers.csv"] == "board's (CSV, 1KB)"  # a name with spaces
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


def journey_links_to_a_file(root: Path) -> Path:
    """The journey site with a PDF linked from a progress note, a warning notice's list
    of what was done and its text, and a priority's aim; the PDF."""
    pdf = root / "content/assets/plans/survey.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes((SITES / "small/content/assets/response.pdf").read_bytes())
    link = "[our survey](/assets/plans/survey.pdf)"
    journey = root / "content/journey"
    actions = journey / "actions.yaml"
    actions.write_text(actions.read_text().replace("note: Survey done.}",
                                                   f'note: "Read {link}."}}'))
    notice = journey / "warning-notices/wn1.md"
    notice.write_text(notice.read_text().replace("- Daily staffing huddle.",
                                                 f"- Daily staffing huddle, as {link} asked.")
                      + f"\nThe detail is in {link}.\n")
    priorities = journey / "priorities.yaml"
    priorities.write_text(priorities.read_text().replace(
        "aim: Every ward is safely staffed.", f'aim: "Every ward is safely staffed ({link})."'))
    return pdf


def test_links_in_the_journey_say_what_the_file_is(journey_site: Path) -> None:
    journey_links_to_a_file(journey_site)
    build(journey_site, today=JOURNEY_TODAY)
    site = journey_site / "site/journey"
    said = [" ".join(a.get_text().split())
            for page in ("actions/md3", "warning-notices/wn1", "priorities/p1")
            for a in parse(site / page / "index.html").main.find_all("a")
            if a["href"] == "/assets/plans/survey.pdf"]
    assert said == [SURVEY] * 4  # the notice's list and its text


def test_links_in_the_rating_say_what_the_file_is(small_site: Path) -> None:
    rating = small_site / "content/rating.yaml"
    rating.write_text(rating.read_text().replace(
        "summary: Inspectors found **serious problems** with staffing.",
        "summary: Inspectors found **serious problems**, see [our response]"
        "(/assets/response.pdf)."))
    build(small_site, today=SMALL_TODAY)
    assert links(small_site / "site/index.html")["/assets/response.pdf"] == (
        "our response (PDF, 6KB, 1 page)")


def test_the_size_the_journey_says_follows_the_file(journey_site: Path,
                                                    small_site: Path) -> None:
    """A build after the file changed, and the preview after a save of it: every page
    showing a text that links to it (the rating's: every page) is made again."""
    pdf = journey_links_to_a_file(journey_site)
    build(journey_site, today=JOURNEY_TODAY)
    small = pdf.read_bytes()
    pdf.write_bytes(small + b"\n%" + b"x" * 40_000 + b"\n")
    build(journey_site, today=JOURNEY_TODAY)
    bigger = f"our survey (PDF, {file_size(pdf.stat().st_size)}, 1 page)"
    page = journey_site / "site/journey/actions/md3/index.html"
    assert links(page)["/assets/plans/survey.pdf"] == bigger

    builder = IncrementalBuilder(journey_site, BuildSettings(today=JOURNEY_TODAY))
    builder.rebuild()
    pdf.write_bytes(small)
    shown = builder.rebuild({pdf}).snapshot.pages
    for path in ("journey/actions/md3/index.html", "journey/warning-notices/wn1/index.html",
                 "journey/priorities/p1/index.html"):
        assert SURVEY in shown[path].decode(), path

    rating = small_site / "content/rating.yaml"
    rating.write_text(rating.read_text().replace(
        "note: We have asked CQC to review this rating.",
        "note: Read [our response](/assets/response.pdf)."))
    builder = IncrementalBuilder(small_site, BuildSettings(today=SMALL_TODAY))
    builder.rebuild()
    response = small_site / "content/assets/response.pdf"
    response.write_bytes(response.read_bytes() + b"\n%" + b"x" * 40_000 + b"\n")
    shown = builder.rebuild({response}).snapshot.pages
    bigger = f"our response (PDF, {file_size(response.stat().st_size)}, 1 page)"
    assert bigger in shown["index.html"].decode()
