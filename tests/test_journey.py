"""The Improvement Journey pages of tests/sites/journey, built as on 15 October 2022."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_copy, parse

from generator.build import build
from generator.content.loader import load_site
from generator.model.site import BuildSettings

TODAY = dt.date(2022, 10, 15)


def text(soup: BeautifulSoup | None) -> str:
    assert soup is not None
    return " ".join(soup.get_text(" ").split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_copy(tmp_path_factory, "journey", TODAY)


def test_a_site_with_only_a_journey_builds_without_a_rating(site: Path) -> None:
    home = parse(site / "index.html")
    assert home.select_one("section.rating-panel") is None
    nav = [a.get_text() for a in home.select("nav.navigation a")]
    assert nav == ["Our CQC rating", "Updates", "Improvement journey", "Our board",
                   "Accessibility statement"]


def test_an_empty_journey_folder_publishes_no_journey(small_site: Path) -> None:
    """Made before its files are written: no empty section linked from every page."""
    (small_site / "content/journey/warning-notices").mkdir(parents=True)
    built = load_site(small_site, BuildSettings(today=TODAY))
    assert built.journey is None
    (small_site / "content/journey/timeline.yaml").write_text(
        "- when: 2022-06\n  title: CQC inspected us\n  status: done\n")
    assert load_site(small_site, BuildSettings(today=TODAY)).journey is not None


def test_overview_has_intro_deadlines_and_roll_up_counts(site: Path) -> None:
    page = parse(site / "journey/index.html")
    assert text(page.h1) == "Our improvement journey"
    assert text(page.select_one(".caption")) == "Autumn 2022 update"
    assert "What we are doing after our inspection." in text(page.select_one(".lede"))
    assert page.find("strong", string="four") is not None
    deadlines = [" ".join(li.get_text().split()) for li in page.select(".deadlines li")]
    assert deadlines == ["Warning notice WN1 deadline: 30 September 2022 (passed)",
                         "All actions complete: 31 March 2023"]
    must, should = page.select(".progress")
    assert text(must.h3) == "2 of 5 must-dos complete"
    assert [text(li) for li in must.select(".progress__counts li")] == [
        "Complete: 1", "Embedded: 1", "On track: 1", "At risk: 1", "Off track: 1", "Not started: 0"]
    bar = must.select_one("svg.progress__bar")
    assert bar is not None and bar["role"] == "img"
    assert bar["aria-label"] == ("2 of 5 must-dos complete: 1 complete, 1 embedded, 1 on track, "
                                 "1 at risk, 1 off track")
    assert text(should.h3) == "0 of 2 should-dos complete"
    cards = [text(c.h3) for c in page.select("section[aria-labelledby=notices-title] .card")]
    assert cards == ["WN1: Safe staffing", "WN2: Listening to complaints"]
    assert "Overdue" in text(page.select("section[aria-labelledby=notices-title] .card")[0])
    priorities = [text(c.h3) for c in page.select("section[aria-labelledby=priorities-title] .card")]
    assert priorities == ["Safe wards", "Listening to patients"]
    upcoming = [text(h) for h in page.select("section[aria-labelledby=upcoming-title] .timeline__title")]
    assert upcoming == ["Alarm system replaced", "Winter staffing plan", "Re-inspection expected"]
    assert page.select_one('a[href="mailto:journey@brackenmoor.example"]') is not None


def test_warning_notice_page(site: Path) -> None:
    page = parse(site / "journey/warning-notices/wn1/index.html")
    assert text(page.h1) == "Safe staffing"
    quote = page.select_one("figure.finding blockquote")
    assert quote is not None and quote.find("strong", string="qualified") is not None
    summary = text(page.select_one(".summary-list"))
    assert "Status At risk Overdue" in summary
    assert "Due 30 September 2022" in summary
    assert "Priority Safe wards" in summary
    ticks = [text(li) for li in page.select("ul.tick-list li")]
    assert ticks == ["✓ Recruited twenty nurses.", "✓ Daily staffing huddle."]
    assert page.find("h2", string="Areas where we have more work to do") is not None
    assert "More detail about this notice." in text(page.main)
    tables = page.select("table.metric__table")
    assert len(tables) == 2
    mentions = page.select("section[aria-labelledby=mentions-title] a")
    assert [(a.get_text(), a["href"]) for a in mentions] == [
        ("September 2022 update", "/updates/2022-09/")]


def test_metric_table_and_chart_text_alternative(site: Path) -> None:
    page = parse(site / "journey/metrics/index.html")
    restraint = page.select_one("section#metric-restraint, section[aria-labelledby=metric-restraint]")
    assert restraint is not None
    expected = ("Down from 107 incidents in March 2022 to 27 incidents in September 2022. "
                "Lower is better. Target: 20 incidents.")
    assert text(restraint.select_one(".metric__summary")).startswith(expected)
    assert "Improving" in text(restraint.select_one(".metric__summary"))
    svg = restraint.find("svg")
    assert svg is not None and svg["role"] == "img"
    assert text(svg.find("desc")) == expected
    assert svg.find("line", class_="chart__target") is not None
    rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in restraint.select("tbody tr")]
    assert rows == [["March 2022", "107 incidents"], ["June 2022", "64 incidents"],
                    ["September 2022", "27 incidents"], ["Target", "20 incidents"]]
    vacancy = page.select_one("section[aria-labelledby=metric-vacancy]")
    assert vacancy is not None
    assert text(vacancy.select_one(".metric__summary")) == (
        "Up from 14.5% in Q1 2022/23 to 16% in Q2 2022/23. Lower is better. Getting worse")
    assert not page.find_all("script")


def test_actions_tracker_groups_by_status_and_priority_with_overdue_flags(site: Path) -> None:
    page = parse(site / "journey/actions/index.html")
    by_status = page.select_one("section[aria-labelledby=by-status]")
    assert by_status is not None
    headings = [text(h) for h in by_status.find_all("h3")]
    assert headings == ["Complete (1)", "Embedded (1)", "On track (1)", "At risk (1)",
                        "Off track (1)", "Not started (2)"]
    overdue = sorted(li.a.get_text() for li in by_status.select("li") if "Overdue" in text(li))
    assert overdue == ["MD2", "MD4"]  # SD2 is due today: not overdue yet
    safe_wards = page.select_one("section[aria-labelledby=priority-p1]")
    assert safe_wards is not None
    rows = safe_wards.select("table tbody tr")
    assert [text(r.th) for r in rows] == ["MD1 (must do)", "MD2 (must do)", "MD3 (must do)"]
    md2 = [text(td) for td in rows[1].find_all("td")]
    assert md2 == ["Action Train staff in restraint.", "Regulation Regulation 12",
                   "Lead Chief Nurse", "Due 30 September 2022", "Status At risk Overdue"]
    loose = page.select_one("section[aria-labelledby=no-priority]")
    assert loose is not None and "SD2" in text(loose)


def test_action_page_has_dated_progress_newest_first_and_mentions(site: Path) -> None:
    page = parse(site / "journey/actions/md3/index.html")
    assert text(page.h1) == "MD3: Fix the alarm system"  # its text, whole: said once
    assert page.title.get_text().startswith("MD3: Fix the alarm system - ")
    assert page.select_one(".caption").get_text() == "Must-do action"
    assert page.select_one(".lede") is None
    notes = [text(li) for li in page.select(".progress-notes li")]
    assert notes == ["1 October 2022 Contractor appointed.", "1 August 2022 Survey done."]
    mentions = [a.get_text() for a in page.select("section[aria-labelledby=mentions-title] a")]
    assert mentions == ["October 2022 update"]
    untouched = parse(site / "journey/actions/md4/index.html")
    assert "No monthly update mentions this yet." in text(untouched.main)
    assert "Overdue" in text(untouched.select_one(".summary-list"))


def test_updates_mentioning_an_item_are_newest_first_each_once(
        copy_site: Callable[[str], Path]) -> None:
    root = copy_site("journey")
    september = root / "content/updates/2022-09.md"
    text_before = september.read_text(encoding="utf-8")
    september.write_text(text_before.replace("related: [WN1, MD1, P1]",
                                             "related: [MD3, WN1, MD3]"), encoding="utf-8")
    loaded = load_site(root, BuildSettings(today=TODAY))
    october, september_update = loaded.updates
    assert loaded.journey is not None
    items = loaded.journey.items
    assert loaded.updates_mentioning(items["MD3"]) == (october, september_update)
    assert loaded.updates_mentioning(items["WN1"]) == (september_update,)
    assert loaded.updates_mentioning(items["MD1"]) == ()


def test_priority_page(site: Path) -> None:
    page = parse(site / "journey/priorities/p1/index.html")
    assert text(page.h1) == "Safe wards"
    summary = text(page.select_one(".summary-list"))
    assert "Executive lead Chief Nurse" in summary and "Secondary lead Director of Operations" in summary
    assert "Every ward is safely staffed." in text(page.main)
    assert [text(li) for li in page.find("h2", string="Our commitments").find_next("ul").find_all("li")] == [
        "Recruit forty nurses.", "Review staffing every day."]
    assert [a.get_text() for a in page.select("table tbody th a")] == [
        "MD1 (must do)", "MD2 (must do)", "MD3 (must do)"]
    assert page.select_one('a[href="/journey/warning-notices/wn1/"]') is not None


def test_timeline_orders_mixed_precisions_and_marks_past_and_future(site: Path) -> None:
    page = parse(site / "journey/timeline/index.html")
    entries = page.select(".timeline__item")
    titles = [text(e.h3) for e in entries]
    assert titles == ["Warning notices served", "Inspection", "Inspection report published",
                      "Alarm system replaced", "Board away day", "Winter staffing plan",
                      "Re-inspection expected"]
    when = [text(e.select_one(".timeline__when")) for e in entries]
    assert when == ["Spring 2022 (past)", "April 2022 (past)", "14 June 2022 (past)",
                    "Q3 2022/23 (now)", "15 October 2022 (now)", "Winter 2022 (coming up)",
                    "2023 (coming up)"]
    status = [text(e.select_one(".timeline__status")) for e in entries]
    assert status[:3] == ["Done", "Done", "Done"] and status[-1] == "Planned"
    assert [h.get_text() for h in page.main.find_all("h2")] == ["So far", "Now and next"]


def test_board_page(site: Path) -> None:
    page = parse(site / "board/index.html")
    sections = page.main.find_all("section")
    assert [text(s.h2) for s in sections] == ["Executive directors", "Non-executive directors"]
    members = page.select(".board__member")
    photo = members[0].find("img")
    assert photo is not None and photo["alt"] == "Ada Brook" and photo["src"] == "/assets/board/ada.svg"
    assert members[1].find("img") is None
    assert members[1].select_one("svg.board__photo--placeholder")["aria-hidden"] == "true"
    assert text(members[1].select_one(".board__role")) == "Chief Nurse Interim"
    assert text(members[2].select_one(".board__role")) == "Chair"


def test_update_pages_link_to_what_they_mention(site: Path) -> None:
    page = parse(site / "updates/2022-09/index.html")
    links = [(a.get_text(), a["href"]) for a in page.select("ul.related a")]
    assert links == [("WN1: Safe staffing", "/journey/warning-notices/wn1/"),
                     ("MD1: Staff every ward safely", "/journey/actions/md1/"),
                     ("P1: Safe wards", "/journey/priorities/p1/")]


def test_an_action_is_headed_by_its_title_or_its_texts_first_sentence(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    """CQC's words are long: a page's heading and title, and links to it, take the first
    sentence (cut short past 150 characters) or the few words of title:, and the page
    shows the text in full under it."""
    long = ("The trust must ensure that all staff complete mandatory training, including "
            "safeguarding adults and children at level 3, in line with the trust's own "
            "target and national guidance.")
    root = write_site({
        "content/journey/journey.yaml": "title: Our improvement journey\n",
        "content/journey/actions.yaml": (
            "must_do:\n"
            "  - id: MD1\n    status: on_track\n"
            "    text: Make sure *every* patient is assessed within 15 minutes. Record it.\n"
            "  - id: MD2\n    status: on_track\n    title: Mandatory training\n"
            f"    text: {long}\n"
            "  - id: MD3\n    status: on_track\n"
            f"    text: {long}\n"),
        "content/updates/2022-10.md": "---\ntitle: October\ndate: 2022-10-01\nsummary: "
                                      "News.\nrelated: [MD1, MD2, MD3]\n---\nNews.\n",
    })
    build(root, today=TODAY)
    site = root / "site"
    md1 = parse(site / "journey/actions/md1/index.html")
    assert text(md1.h1) == "MD1: Make sure every patient is assessed within 15 minutes"
    assert text(md1.select_one(".lede")) == (
        "Make sure every patient is assessed within 15 minutes. Record it.")
    md2 = parse(site / "journey/actions/md2/index.html")
    assert text(md2.h1) == "MD2: Mandatory training"
    assert text(md2.select_one(".lede")) == long
    md3 = parse(site / "journey/actions/md3/index.html")
    cut = ("MD3: The trust must ensure that all staff complete mandatory training, including "
           "safeguarding adults and children at level 3, in line with the trust's own…")
    assert text(md3.h1) == cut and md3.title.get_text().startswith(cut + " - ")
    assert text(md3.select_one(".lede")) == long
    related = parse(site / "updates/2022-10/index.html").select("ul.related a")
    assert [a.get_text() for a in related] == [
        "MD1: Make sure every patient is assessed within 15 minutes",
        "MD2: Mandatory training", cut]
