"""The journey's actions and figures as CSV files: read back as a spreadsheet would read
them, against the pages that show the same things."""

from __future__ import annotations

import csv
import datetime as dt
import math
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import parse

from generator.build import build

TODAY = dt.date(2022, 10, 15)
ORIGIN = "https://journey.brackenmoor.example"


def rows_of(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # else Excel reads UTF-8 as Windows-1252
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF between rows, as Excel writes
    return list(csv.DictReader(data.decode("utf-8-sig").splitlines()))


def download_link(site: Path, page: str, file: str) -> str:
    """The words of the link on ``page`` to ``file``, and the type and size after it."""
    link = parse(site / page / "index.html").find("a", href=f"/{file}")
    assert link is not None, f"{page} has no link to {file}"
    return f"{link.get_text()}{link.next_sibling}"


@pytest.fixture
def journey_site(copy_site: Callable[[str], Path]) -> Path:
    return copy_site("journey")


def test_every_action_is_a_row_with_what_its_page_shows(journey_site: Path) -> None:
    build(journey_site, today=TODAY)
    site = journey_site / "site"
    file = site / "journey/improvement-journey-actions.csv"
    rows = rows_of(file)
    assert [row["Action"] for row in rows] == ["MD1", "MD2", "MD3", "MD4", "MD5", "SD1", "SD2"]
    md3 = rows[2]
    assert md3 == {
        "Action": "MD3", "Must or should": "Must do", "What needs to happen":
        "Fix the alarm system.", "Regulation": "", "Priority": "Safe wards", "Lead": "",
        "Due": "2022-12-31", "Status": "On track", "Overdue": "No",
        "Latest progress": "Contractor appointed.", "Progress noted": "2022-10-01",
        "Web page": f"{ORIGIN}/journey/actions/md3/"}
    # Overdue as the actions page says (SD2 is due today: not yet).
    assert [row["Action"] for row in rows if row["Overdue"] == "Yes"] == ["MD2", "MD4"]
    assert rows[1]["Regulation"] == "Regulation 12" and rows[1]["Status"] == "At risk"
    for row in rows:  # each address is the action's page
        page = site / row["Web page"].removeprefix(ORIGIN + "/") / "index.html"
        assert parse(page).h1.get_text().startswith(row["Action"] + ":")
    size = math.ceil(file.stat().st_size / 1024)
    assert download_link(site, "journey/actions", "journey/" + file.name) == (
        f"Download every action and its status as a spreadsheet (CSV, {size}KB).")


def test_every_figure_is_a_row_beside_its_measures_unit_and_target(journey_site: Path) -> None:
    build(journey_site, today=TODAY)
    site = journey_site / "site"
    file = site / "journey/improvement-journey-figures.csv"
    rows = rows_of(file)
    restraint = [row for row in rows if row["Web page"].endswith("#metric-restraint")]
    assert [(row["Period"], row["Value"], row["Unit"], row["Target"], row["Better"])
            for row in restraint] == [("March 2022", "107", "incidents", "20", "Lower"),
                                      ("June 2022", "64", "incidents", "20", "Lower"),
                                      ("September 2022", "27", "incidents", "20", "Lower")]
    vacancy = [row["Value"] for row in rows if row["Web page"].endswith("#metric-vacancy")]
    assert vacancy == ["14.5", "16"]  # numbers a spreadsheet reads as numbers: no "%"
    metrics = parse(site / "journey/metrics/index.html")
    for row in rows:  # each address is the measure's place on the figures page
        address, anchor = row["Web page"].split("#")
        assert address == f"{ORIGIN}/journey/metrics/"
        assert metrics.find(id=anchor).get_text() == row["Measure"]
    table_rows = sum(len(t.select("tbody tr:not(.metric__target-row)"))
                     for t in metrics.select("table.metric__table"))
    assert len(rows) == table_rows
    assert download_link(site, "journey/metrics", "journey/" + file.name) == (
        "Download all these figures as a spreadsheet (CSV, 1KB).")


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(
        journey_site: Path) -> None:
    """Text an editor pasted (or anyone who can edit the site typed) starting with =, +,
    - or @ is a formula to Excel, which can fetch from the web or run a program."""
    actions = journey_site / "content/journey/actions.yaml"
    actions.write_text(actions.read_text().replace(
        "lead: Chief Nurse, due: 2022-09-30, status: complete",
        "lead: '=HYPERLINK(\"https://example.com\")', due: 2022-09-30, status: complete").replace(
        "text: Review complaints.", "text: '@SUM(1+1) and Siân’s review'"))
    build(journey_site, today=TODAY)
    rows = rows_of(journey_site / "site/journey/improvement-journey-actions.csv")
    assert rows[0]["Lead"] == "'=HYPERLINK(\"https://example.com\")"
    assert rows[3]["What needs to happen"] == "'@SUM(1+1) and Siân’s review"


def test_an_earlier_journeys_actions_are_overdue_as_of_the_day_it_ended(
        journey_site: Path) -> None:
    earlier = journey_site / "content/earlier-journeys/2021"
    shutil.copytree(journey_site / "content/journey", earlier)
    with (earlier / "journey.yaml").open("a", encoding="utf-8") as file:
        file.write("ended: 2022-06-14\n")
    build(journey_site, today=TODAY)
    site = journey_site / "site"
    rows = rows_of(site / "earlier-journeys/2021/improvement-journey-actions.csv")
    # On 14 June 2022 nothing was past its due date (MD2 and MD4 are by 15 October).
    assert [row["Action"] for row in rows if row["Overdue"] == "Yes"] == []
    assert rows[0]["Web page"] == f"{ORIGIN}/earlier-journeys/2021/actions/md1/"
    assert "Download every action" in download_link(
        site, "earlier-journeys/2021/actions",
        "earlier-journeys/2021/improvement-journey-actions.csv")


def test_a_journey_without_actions_or_figures_offers_no_spreadsheet(
        journey_site: Path) -> None:
    (journey_site / "content/journey/actions.yaml").write_text("must_do: []\n")
    for update in (journey_site / "content/updates").glob("2022-*.md"):
        update.write_text(update.read_text().replace("MD1, ", "").replace("[MD3]", "[WN1]"))
    (journey_site / "content/journey/metrics.yaml").unlink()
    for notice in (journey_site / "content/journey/warning-notices").iterdir():
        notice.write_text("\n".join(line for line in notice.read_text().splitlines()
                                    if not line.startswith("metrics:")) + "\n")
    build(journey_site, today=TODAY)
    site = journey_site / "site"
    assert not list(site.rglob("*.csv"))
    assert "spreadsheet" not in (site / "journey/actions/index.html").read_text()


def test_a_site_in_a_folder_gives_its_pages_addresses_in_the_folder(
        journey_site: Path) -> None:
    config = journey_site / "content/site.yaml"
    config.write_text(config.read_text().replace(
        f"base_url: {ORIGIN}/", f"base_url: {ORIGIN}/cqc/"))
    build(journey_site, today=TODAY)
    rows = rows_of(journey_site / "site/journey/improvement-journey-actions.csv")
    assert rows[0]["Web page"] == f"{ORIGIN}/cqc/journey/actions/md1/"
    link = parse(journey_site / "site/journey/actions/index.html").find(
        "a", string="Download every action and its status as a spreadsheet")
    assert link is not None and link["href"] == "/cqc/journey/improvement-journey-actions.csv"
