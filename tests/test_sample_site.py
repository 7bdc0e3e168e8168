"""The sample trust in content/ is complete, builds strictly and reads like a real site."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, parse

from generator.build import build
from generator.content.loader import load_site
from generator.model.rating import RatingValue
from generator.model.site import BuildSettings
from generator.model.updates import UpdateKind
from generator.pages.core import HOME_EARLIER

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "site"
    result = build(REPO, out, strict=True, today=TODAY)
    assert result.warnings == ()
    return out


def test_sample_content_is_complete() -> None:
    model = load_site(REPO, BuildSettings(today=TODAY))
    assert model.rating is not None
    assert model.rating.overall is RatingValue.INADEQUATE
    assert model.rating.services and model.rating.history
    monthly = [u for u in model.updates if u.kind is UpdateKind.UPDATE]
    statements = [u for u in model.updates if u.kind is UpdateKind.STATEMENT]
    assert len(monthly) >= 6
    assert statements and statements[0].signed_by
    assert any(a.file.endswith(".pdf") for a in statements[0].attachments)
    assert "accessibility-statement" in [p.slug for p in model.pages]
    assert len(model.glossary) >= 5


def test_sample_pages(sample: Path) -> None:
    home = parse(sample / "index.html")
    assert home.select_one("section.rating-panel") is not None
    assert home.select_one("table.table--services") is not None
    updates = parse(sample / "updates/index.html")
    assert len(updates.select(".update-list__item")) >= 6
    statement = parse(sample / "updates/2026-02-18-statement-on-our-cqc-report/index.html")
    assert "(PDF, 11KB, 1 page)" in statement.get_text()
    assert (sample / "accessibility-statement/index.html").is_file()
    # The November update is an embargoed draft: not there on 23 November 2026.
    assert not (sample / "updates/2026-11-27-november-update").exists()


def test_every_internal_link_in_the_sample_resolves(sample: Path) -> None:
    for page in sample.rglob("*.html"):
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src")):
            for element in parse(page).find_all(tag):
                target = str(element.get(attr, ""))
                if not target.startswith("/"):
                    continue
                path = sample / target.lstrip("/").split("#")[0]
                assert path.is_file() or (path / "index.html").is_file(), (page, target)


def test_each_page_has_its_own_header_and_the_sites_metadata(sample: Path) -> None:
    """The header and the site's metadata are rendered once a build and reused: each
    page must still mark its own navigation link, and only the search page has no
    search form in its header."""
    nav = {a["href"] for a in parse(sample / "index.html").select("nav.navigation a")}
    for page in sample.rglob("*.html"):
        html = parse(page)
        address = "/" + str(page.relative_to(sample)).removesuffix("index.html")
        current = [a["href"] for a in html.select('nav.navigation a[aria-current="page"]')]
        assert current == ([address] if address in nav else []), page
        assert (html.select_one("form.header__search") is None) == (address == "/search/"), page
        assert html.select_one('meta[property="og:site_name"]') is not None, page
        assert html.select_one('meta[name="twitter:image"]') is not None, page


def test_no_two_links_on_a_page_say_the_same_and_go_to_different_places(
        sample: Path) -> None:
    """A screen reader lists a page's links by what they say: the actions list had four
    "More about this priority" links, and the home page two "what we did after this
    report" once a second journey had ended."""
    for page in sample.rglob("*.html"):
        said: dict[str, set[str]] = {}
        for link in parse(page).select("a[href]"):
            name = link.get("aria-label") or " ".join(link.get_text().split())
            said.setdefault(name.lower(), set()).add(link["href"].split("#")[0])
        assert {name: hrefs for name, hrefs in said.items() if len(hrefs) > 1} == {}, page


def test_no_two_pages_of_the_sample_have_the_same_title(sample: Path) -> None:
    """In a browser's tabs and history, a screen reader's first words: the earlier
    journey's lists had the journey now's (not the pages at old addresses, which send
    the browser on at once)."""
    titles = Counter(html.title.get_text() for page in sample.rglob("*.html")
                     if not (html := parse(page)).select("meta[http-equiv=refresh]"))
    assert [title for title, times in titles.items() if times > 1] == []


def test_sample_journey_is_complete() -> None:
    model = load_site(REPO, BuildSettings(today=TODAY))
    journey = model.journey
    assert journey is not None
    assert len(journey.warning_notices) == 4
    assert len(journey.must_dos) == 8
    assert len(journey.should_dos) >= 10
    assert len(journey.priorities) == 4
    assert len(journey.metrics) >= 4 and all(len(m.points) >= 2 for m in journey.metrics)
    assert len(journey.timeline) >= 12
    assert {m.when.precision for m in journey.timeline} >= {"day", "month", "season", "quarter"}
    assert model.board is not None and model.board.executive and model.board.non_executive
    assert any(u.related for u in model.updates)


def test_sample_journey_pages(sample: Path) -> None:
    for path in ("journey", "journey/actions", "journey/metrics", "journey/timeline", "board",
                 "journey/warning-notices/wn4", "journey/priorities/p3", "journey/actions/md8"):
        assert (sample / path / "index.html").is_file(), path


def test_sample_locations_each_show_their_rating_and_premises(sample: Path) -> None:
    page = parse(sample / "locations" / "index.html")
    sections = page.select("section.location")
    assert [s.h2.get_text() for s in sections] == [
        "Kestrel Valley General Hospital", "Hollin Bridge Community Hospital",
        "Saltmarsh Maternity Centre"]
    for section in sections:
        assert section.select_one(".rating-panel__overall .rating") is not None
        assert "This rating covers" in section.get_text()
        assert section.select_one('a[href^="https://www.cqc.org.uk/location/"]') is not None
    notes = {s.h2.get_text(): s.select_one(".rating-note").get_text(strip=True)
             for s in sections if s.select_one(".rating-note")}
    assert notes == {
        "Hollin Bridge Community Hospital": "This rating was awarded to the previous provider.",
        "Saltmarsh Maternity Centre": "We have asked CQC to review this rating."}
    home = parse(sample / "index.html")
    assert len(home.select("#locations-caption ~ tbody tr")) == 3


def test_home_lists_the_updates_before_the_latest_and_the_updates_page_all(
        sample: Path) -> None:
    titles = [u.title for u in load_site(REPO, BuildSettings(today=TODAY)).updates]
    assert len(titles) > 1 + HOME_EARLIER  # the sample has more than the home page lists
    home = parse(sample / "index.html")
    listed = [a.get_text(strip=True) for a in home.select(".update-list__title a")]
    assert listed == titles[1:1 + HOME_EARLIER]
    assert home.find("a", string="All updates and statements")["href"] == "/updates/"
    every = parse(sample / "updates/index.html").select(".update-list__title a")
    assert [a.get_text(strip=True) for a in every] == titles


def test_the_sample_keeps_the_journey_that_answered_its_last_report(sample: Path) -> None:
    """The journey of the 2022 report, ended when the 2026 one was published: its own
    pages, linked from the rating's history, and the journey now's items at the addresses
    its items had say so."""
    model = load_site(REPO, BuildSettings(today=TODAY))
    [earlier] = model.earlier_journeys
    assert model.rating is not None and earlier.intro.ended == model.rating.published
    assert earlier.must_dos and earlier.should_dos and earlier.metrics and earlier.timeline
    overview = parse(sample / "earlier-journeys/2022/index.html")
    assert "This improvement journey has ended." in overview.get_text()
    history = parse(sample / "index.html").select("ul.history li a")
    assert [a["href"] for a in history] == ["/earlier-journeys/2022/"]
    md1 = parse(sample / "journey/actions/md1/index.html")
    assert md1.find("a", string="MD1 of our earlier improvement journey")["href"] == \
        "/earlier-journeys/2022/actions/md1/"


def test_the_samples_october_update_has_a_video_with_its_transcript(sample: Path) -> None:
    page = parse(sample / "updates/2026-10-30-october-update/index.html")
    link = page.find("a", string=lambda text: bool(text) and text.startswith("Watch "))
    assert link["href"] == "https://www.kestrelvalley.example/videos/october-2026-update"
    transcript = page.select_one("details").get_text(" ", strip=True)
    assert transcript.startswith("Read what is said in the video")
    assert "we have opened 24 extra beds" in transcript


def test_tables_stacked_on_a_phone_say_they_are_tables(sample: Path) -> None:
    """A table whose rows a phone shows as blocks (CSS display) is no longer a table to
    some screen readers (VoiceOver in Safari): each part says its role, as NHS.UK's
    responsive tables do."""
    roles = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tr": "row",
             "td": "cell"}
    tables = 0
    for page in sorted(sample.rglob("*.html")):
        for table in parse(page).select("table.table--responsive"):
            tables += 1
            for part in [table, *table.find_all(["thead", "tbody", "tr", "th", "td"])]:
                wanted = roles.get(part.name) or (
                    "columnheader" if part.get("scope") == "col" else "rowheader")
                assert part.get("role") == wanted, (page, str(part)[:80])
    assert tables > 20  # the ratings, the locations and every list of actions
