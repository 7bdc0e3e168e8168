"""Every page type of the small fixture site, built for real and read as HTML."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import parse

STATEMENT = "updates/2022-09-statement/index.html"
OCTOBER = "updates/2022-10-update/index.html"
NOVEMBER = "updates/2022-11-update/index.html"


def text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def test_home_shows_the_rating_as_cqc_publishes_it(built_small: Path) -> None:
    home = parse(built_small / "index.html")
    panel = home.select_one("section.rating-panel")
    assert panel is not None
    assert "Overall rating: Inadequate" in text(panel)
    assert "Report published by CQC on 25 August 2022" in text(panel)
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in panel.select("tbody tr")]
    assert [r[0] for r in rows] == ["Safe", "Effective", "Caring", "Responsive", "Well-led"]
    assert rows[0][1:] == ["Rating Inadequate", "Change since last inspection ↓ Down one rating since last inspection"]
    assert rows[1][1] == "Rating Good"  # a plain rating: no change given
    assert "Not rated before" in rows[1][2]
    assert rows[3][2].endswith("↑ Up one rating since last inspection")
    assert rows[4][2].endswith("↓↓ Down two ratings since last inspection")
    links = [a["href"] for a in panel.select("a")]
    assert "https://www.cqc.org.uk/provider/RZ8/reports" in links
    assert "https://www.cqc.org.uk/provider/RZ8" in links
    assert "We have asked CQC to review this rating." in text(panel)
    # History is shown newest first, whatever order the file lists it in.
    assert "Previous overall rating: Requires improvement (published 12 September 2019)" in text(panel)
    history = [text(li) for li in home.select("ul.history li")]
    assert history == ["Requires improvement, published 12 September 2019",
                       "Good, published 10 January 2016"]


def test_home_shows_summary_latest_update_in_full_and_earlier_ones(built_small: Path) -> None:
    home = parse(built_small / "index.html")
    assert home.find("strong", string="serious problems") is not None
    latest = home.select_one("section.latest-update")
    assert latest is not None
    assert latest.h2 is not None and latest.h2.get_text() == "Latest update: November 2022 update"
    assert "November body text" in text(latest)
    # The update's own ## heading sits under the section's h2.
    assert latest.find("h3", id="h-what-we-did") is not None
    earlier = [text(h) for h in home.select("section .update-list__title")]
    assert earlier == ["October 2022 update", "Our response to the CQC report"]
    meta = [text(p) for p in home.select(".update-list__meta")]
    assert meta == ["Monthly update 31 October 2022", "Public statement 25 August 2022"]
    assert "Staffing has improved on two wards." in text(home)


def test_services_grid_is_an_accessible_table_with_a_key(built_small: Path) -> None:
    home = parse(built_small / "index.html")
    table = home.select_one("table.table--services")
    assert table is not None
    assert table.caption is not None and table.caption.get_text() == "Ratings for each core service"
    headers = [th.get_text() for th in table.select("thead th")]
    assert headers == ["Service", "Safe", "Effective", "Caring", "Responsive", "Well-led", "Overall"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    first = table.select("tbody tr")[0]
    assert text(first.th) == "Community nursing August 2022"
    assert "Down one rating since last inspection" in text(first.find_all("td")[0])
    second = table.select("tbody tr")[1]
    cells = [text(td) for td in second.find_all("td")]
    assert cells[0] == "Safe Not rated"
    assert cells[-1] == "Overall Inspected but not rated"
    key = home.select_one("ul.key")
    assert key is not None and "↓↓ Down two ratings" in text(key)


def test_every_page_has_the_rating_badge_with_date_and_cqc_link(built_small: Path) -> None:
    pages = sorted(built_small.rglob("*.html"))
    assert len(pages) == 9
    for path in pages:
        badge = parse(path).select_one("aside.rating-badge")
        assert badge is not None, path
        assert "CQC overall rating: Inadequate" in text(badge)
        assert "Published 25 August 2022" in text(badge)
        assert badge.a is not None and badge.a["href"].startswith("https://www.cqc.org.uk/")


def test_update_page(built_small: Path) -> None:
    page = parse(built_small / STATEMENT)
    assert page.h1 is not None and page.h1.get_text() == "Our response to the CQC report"
    assert "Public statement" in text(page.select_one(".caption"))
    time = page.select_one(".update__date time")
    assert time is not None and time["datetime"] == "2022-08-25"
    assert time.get_text() == "25 August 2022"
    assert "We are sorry." in text(page.main)
    signed = [text(li) for li in page.select(".signatories__list li")]
    assert signed == ["Alex Morgan Chief Executive", "Priya Shah Chair"]
    attachment = page.select_one(".attachment")
    assert attachment is not None
    assert attachment.a is not None and attachment.a["href"] == "/assets/response.pdf"
    assert text(attachment) == "Our full response (PDF, 6KB, 1 page)"
    assert (built_small / "assets/response.pdf").is_file()
    # The oldest update has only a "next" link, to the next one in time.
    assert page.select_one("a[rel=prev]") is None
    nxt = page.select_one("a[rel=next]")
    assert nxt is not None and nxt["href"] == "/updates/2022-10-update/"
    middle = parse(built_small / OCTOBER)
    prev = middle.select_one("a[rel=prev]")
    assert prev is not None and prev["href"] == "/updates/2022-09-statement/"
    assert " ".join(prev.get_text().split()) == "Previous: Our response to the CQC report"


def test_updates_index_lists_all_newest_first_grouped_by_year(built_small: Path) -> None:
    page = parse(built_small / "updates/index.html")
    titles = [text(h) for h in page.select(".update-list__title")]
    assert titles == ["November 2022 update", "October 2022 update", "Our response to the CQC report"]
    assert [h2.get_text() for h2 in page.main.find_all("h2")] == ["2022"]


def test_free_pages_are_in_the_navigation_in_order(built_small: Path) -> None:
    home = parse(built_small / "index.html")
    nav = [(a.get_text(), a["href"]) for a in home.select("nav.navigation a")]
    assert nav == [("Our CQC rating", "/"), ("Updates", "/updates/"), ("About us", "/about/"),
                   ("Accessibility statement", "/accessibility/"), ("Glossary", "/glossary/")]
    assert home.select_one('nav.navigation a[aria-current="page"]')["href"] == "/"
    about = parse(built_small / "about/index.html")
    assert about.h1 is not None and about.h1.get_text() == "About us"
    assert about.select_one('a[aria-current="page"]')["href"] == "/about/"


def test_glossary_page_and_first_use_abbreviations(built_small: Path) -> None:
    glossary = parse(built_small / "glossary/index.html")
    terms = [(text(e.dt), text(e.dd)) for e in glossary.select(".glossary__entry")]
    assert terms == [("CQC", "Care Quality Commission"), ("FTSU", "Freedom to Speak Up")]
    statement = parse(built_small / STATEMENT)
    abbrs = statement.main.find_all("abbr", string="FTSU")
    assert len(abbrs) == 1 and abbrs[0]["title"] == "Freedom to Speak Up"
    assert "FTSU again" in text(statement.main)  # later uses stay plain
    # Only main content is marked, never the header or navigation.
    assert statement.header is not None and statement.header.find("abbr") is None


def test_not_found_page(built_small: Path) -> None:
    page = parse(built_small / "404.html")
    assert page.h1 is not None and page.h1.get_text() == "Page not found"
    assert page.select_one('main a[href="/"]') is not None


def test_pages_have_landmarks_skip_link_and_one_h1(built_small: Path) -> None:
    for path in built_small.rglob("*.html"):
        page = parse(path)
        assert page.html is not None and page.html["lang"] == "en-GB"
        skip = page.select_one("a.skip-link")
        assert skip is not None and skip["href"] == "#main-content"
        assert page.select_one("main#main-content") is not None
        assert page.header is not None and page.footer is not None
        assert len(page.find_all("h1")) == 1, path
        # No JavaScript in the built site: the one script element is JSON-LD data.
        assert all(s.get("type") == "application/ld+json" for s in page.find_all("script"))
        assert page.title is not None and page.title.get_text().endswith("Fenwold Community Health NHS Trust")


def test_drafts_and_embargoed_updates_appear_nowhere(built_small: Path) -> None:
    assert not (built_small / "updates/2022-12-draft").exists()
    assert not (built_small / "updates/2023-01-embargoed").exists()
    for path in built_small.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in (b"December 2022 update", b"Secret draft", b"January 2023", b"Embargoed"):
                assert secret not in data, (path, secret)
