"""journey import-cqc: CQC's saved API data becomes rating.yaml, and the built site shows it.

The fixtures in tests/fixtures/cqc/ are written from CQC's documented field names for an
invented trust: a provider with services and history (key questions shuffled), a
location, a provider rated service by service only, and placeholder ratings.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO, make_starter_our_own, parse, run_journey

FIXTURES = REPO / "tests" / "fixtures" / "cqc"
NOW = "2026-03-01"  # less than 21 days after the fixtures' report of 18 February 2026


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A new site from the starter, as an editor would have it (made in September 2022,
    the month the starter is written as of, so its dates are as written)."""
    result = run_journey("new", "site", str(tmp_path / "trust"),
                         env={**os.environ, "SOURCE_DATE_EPOCH": "1664496000"})
    assert result.returncode == 0, result.stderr
    make_starter_our_own(tmp_path / "trust")
    return tmp_path / "trust"


def import_cqc(file: Path, site: Path) -> str:
    result = run_journey("import-cqc", str(file), str(site))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def build(site: Path) -> Path:
    result = run_journey("build", str(site), "--now", NOW)
    assert result.returncode == 0, result.stderr
    return site / "site"


def panel_questions(page: Path) -> dict[str, str]:
    panel = parse(page).select_one(".rating-panel")
    assert panel is not None
    return {row.th.get_text(strip=True): row.select_one(".rating").get_text(strip=True)
            for row in panel.select("tbody tr")}


def test_provider_import_prints_changes_and_keeps_the_editors_words(site: Path) -> None:
    rating_file = site / "content" / "rating.yaml"
    before = rating_file.read_text(encoding="utf-8")
    out = import_cqc(FIXTURES / "provider.json", site)
    assert "Overall: Requires improvement -> Inadequate" in out
    assert "Safe: Requires improvement -> Inadequate" in out
    assert "Published: 25 August 2022 -> 18 February 2026" in out
    assert "Added service: Maternity" in out
    assert "History: 15 June 2022, Requires improvement" in out
    assert "Check: report_url still links to" in out  # the starter's link is not CQC's
    after = rating_file.read_text(encoding="utf-8")
    # The starter's comments and the editor's summary survive the import.
    assert after.splitlines()[:4] == before.splitlines()[:4]
    summary = before[before.index("\nsummary:"):].splitlines()[1:4]
    assert summary[0].startswith("summary:") and all(
        line in after.splitlines() for line in summary), summary
    assert (site / "content" / "cqc" / "RZ9.json").read_bytes() == \
        (FIXTURES / "provider.json").read_bytes()


def test_a_new_report_says_how_to_keep_the_journey_that_answered_the_last(
        site: Path) -> None:
    """Doing as it says builds: the journey is then an earlier one, the starter's updates
    (from 2022) still name its actions."""
    out = import_cqc(FIXTURES / "provider.json", site)
    said = ("Check: this report replaces the one of 25 August 2022. If your Improvement "
            "Journey answered that one and a new plan answers this, keep it as an earlier "
            "journey and start a new one: journey new journey (it moves content/journey/ "
            "to content/earlier-journeys/2022/, ended 18 February 2026;")
    assert said in " ".join(out.split())
    # The summary of the old report would be shown beside the new one's ratings.
    assert ("Check: the summary: in rating.yaml was written about the report of 25 August "
            "2022, and is shown beside this one: rewrite it for it") in " ".join(out.split())
    kept = run_journey("new", "journey", str(site))
    assert kept.returncode == 0, kept.stderr
    assert "ended: 2026-02-18" in (site / "content/earlier-journeys/2022/journey.yaml").read_text()
    built = build(site)
    assert (built / "earlier-journeys/2022/actions/index.html").is_file()
    # The rating's history links the report it answered (the newest before it ended).
    history = parse(built / "index.html").select("ul.history li")
    linked = [(" ".join(li.get_text().split()), li.a["href"]) for li in history if li.a]
    assert linked == [("Requires improvement, published 15 June 2022: what we did after this "
                       "report of 15 June 2022", "/earlier-journeys/2022/")], [
        li.get_text() for li in history]  # the date in the link for a screen reader's list
    assert [li.a.select_one(".visually-hidden").get_text() for li in history if li.a] == [
        " of 15 June 2022"]
    assert "Check: this report replaces" not in import_cqc(FIXTURES / "provider.json", site)


def test_import_then_build_shows_cqcs_ratings(site: Path) -> None:
    import_cqc(FIXTURES / "provider.json", site)
    home = build(site) / "index.html"
    data = json.loads((FIXTURES / "provider.json").read_text(encoding="utf-8"))
    overall = data["currentRatings"]["overall"]
    # Shuffled in the file; shown in CQC's order with CQC's words.
    expected = {kq["name"]: kq["rating"] for kq in overall["keyQuestionRatings"]}
    shown = panel_questions(home)
    assert list(shown) == ["Safe", "Effective", "Caring", "Responsive", "Well-led"]
    assert shown == expected
    page = parse(home)
    assert page.select_one(".rating-panel__overall .rating").get_text() == overall["rating"]
    assert page.select_one(".rating-badge .rating").get_text() == overall["rating"]
    assert "18 February 2026" in page.select_one(".rating-panel__date").get_text()
    assert "4 November 2025" in page.select_one(".rating-panel__date").get_text()
    # Arrows come from CQC's previous report: Well-led fell from Good to Inadequate.
    rows = {r.th.get_text(strip=True): r for r in page.select(".rating-panel tbody tr")}
    assert "Down two ratings" in rows["Well-led"].get_text()
    assert "Same rating" in rows["Responsive"].get_text()
    services = {r.th.contents[0].strip(): r for r in page.select(".table--services tbody tr")}
    assert list(services) == [s["name"] for s in data["currentRatings"]["serviceRatings"]]
    maternity = [c.get_text(" ", strip=True) for c in services["Maternity"].select("td")]
    assert maternity[0].startswith("Safe Requires improvement")
    assert "Down one rating" in maternity[0]
    assert "Inspected but not rated" in services["End of life care"].get_text()
    history = [li.get_text(" ", strip=True) for li in page.select(".history li")]
    assert history == ["Requires improvement, published 15 June 2022",
                       "Good, published 7 March 2019"]


def test_importing_the_same_file_again_changes_nothing(site: Path) -> None:
    import_cqc(FIXTURES / "provider.json", site)
    rating_file = site / "content" / "rating.yaml"
    first = rating_file.read_bytes()
    out = import_cqc(FIXTURES / "provider.json", site)
    assert "nothing changed" in out
    assert rating_file.read_bytes() == first


def test_editor_fields_comments_and_older_history_are_kept(site: Path) -> None:
    rating_file = site / "content" / "rating.yaml"
    rating_file.write_text(
        "# Our rating: checked by the comms team every month.\n"
        "published: 2022-06-15\n"
        "report_url: https://www.cqc.org.uk/provider/RZ9/reports\n"
        "overall: requires_improvement  # as CQC published it\n"
        "review_requested: true\n"
        "history:\n"
        "  - {published: 2015-01-20, overall: good}  # before CQC's API had us\n"
        "note: |\n"
        "  We have asked CQC to look again at our maternity rating.\n",
        encoding="utf-8")
    out = import_cqc(FIXTURES / "provider.json", site)
    assert "review_requested and inherited are notes about the old rating" in out
    assert ("Check: the note: in rating.yaml was written about the report of 15 June 2022"
            in out)
    text = rating_file.read_text(encoding="utf-8")
    assert text.startswith("# Our rating: checked by the comms team every month.\n")
    assert "review_requested: true" in text
    assert "before CQC's API had us" in text
    assert "We have asked CQC to look again" in text
    assert "report_url: https://www.cqc.org.uk/provider/RZ9/reports" in text
    page = parse(build(site) / "index.html")
    history = [li.get_text(" ", strip=True) for li in page.select(".history li")]
    assert history[-1] == "Good, published 20 January 2015"
    assert page.select_one(".rating-panel .rating-note").get_text(strip=True) == \
        "We have asked CQC to review this rating."
    assert "We have asked CQC to review this rating." in page.select_one(".rating-badge").get_text()


def test_location_import_adds_the_location_and_the_premises_it_covers(site: Path) -> None:
    import_cqc(FIXTURES / "provider.json", site)
    out = import_cqc(FIXTURES / "location.json", site)
    assert "Added location: Kestrel Valley General Hospital (RZ901)" in out
    built = build(site)
    page = parse(built / "locations" / "index.html")
    section = page.select_one("#location-rz901")
    assert section is not None
    assert section.h2.get_text() == "Kestrel Valley General Hospital"
    assert "This rating covers Mill Lane, Kestrelford, KV1 4QT." in section.get_text(" ")
    questions = {r.th.get_text(strip=True): r.select_one(".rating").get_text()
                 for r in section.select(".table--responsive:not(.table--services) tbody tr")}
    assert questions["Responsive"] == "Inadequate" and questions["Caring"] == "Good"
    assert "Medical care (including older people's care)" in section.get_text()
    home = parse(built / "index.html")
    link = home.select_one("#locations-caption").find_parent("table").select_one("tbody a")
    assert link["href"].endswith("locations/#location-rz901")
    assert [a.get_text() for a in home.select("nav a") if "locations" in a["href"]]


def test_location_placeholders_become_no_rating_values(site: Path) -> None:
    import_cqc(FIXTURES / "provider.json", site)
    out = import_cqc(FIXTURES / "location-placeholders.json", site)
    assert "Overall: (none) -> Insufficient evidence to rate" in out
    text = (site / "content" / "rating.yaml").read_text(encoding="utf-8")
    block = text[text.index("id: RZ903"):]
    for line in ("overall: insufficient_evidence", "safe: inspected_not_rated",
                 "effective: not_rated", "caring: not_rated",
                 "responsive: insufficient_evidence", "well_led: good"):
        assert line in block
    section = parse(build(site) / "locations" / "index.html").select_one("#location-rz903")
    assert "Insufficient evidence to rate" in section.select_one(".rating-panel__overall").text


def test_provider_without_an_overall_block_imports_cleanly(site: Path) -> None:
    (site / "content" / "rating.yaml").unlink()
    out = import_cqc(FIXTURES / "provider-without-overall.json", site)
    assert "Overall: (none) -> Not rated" in out
    page = parse(build(site) / "index.html")
    assert page.select_one(".rating-panel__overall .rating").get_text() == "Not rated"
    assert "9 July 2025" in page.select_one(".rating-panel__date").get_text()
    services = [r.th.contents[0].strip() for r in page.select(".table--services tbody tr")]
    assert services == ["Community health services for adults", "Community dental services"]


def test_a_location_needs_the_trusts_rating_first(site: Path) -> None:
    (site / "content" / "rating.yaml").unlink()
    result = run_journey("import-cqc", str(FIXTURES / "location.json"), str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "import the trust's own (provider) file first" in result.stderr


BAD_FILES = {
    "not-json": ('{"providerId": "RZ9",\n "name": }', "bad.json:2:10: error: this is not valid JSON"),
    "a-list": ("[1, 2]", "it has no providerId or locationId"),
    "no-ids": ('{"name": "Somewhere"}', "it has no providerId or locationId"),
    "no-ratings": ('{"providerId": "RZ9"}', "at currentRatings: CQC has published no rating"),
    "unknown-rating": ('{"providerId": "RZ9", "currentRatings": {"overall": '
                       '{"rating": "Brilliant", "reportDate": "2026-01-01"}}}',
                       'at currentRatings.overall.rating: "Brilliant" is not a CQC rating'),
    "unknown-question": ('{"providerId": "RZ9", "currentRatings": {"overall": {"rating": "Good", '
                         '"reportDate": "2026-01-01", "keyQuestionRatings": '
                         '[{"name": "Safe", "rating": "Good"}, {"name": "Kind", "rating": "Good"}]}}}',
                         "at currentRatings.overall.keyQuestionRatings[1].name: \"Kind\""),
    "bad-date": ('{"providerId": "RZ9", "currentRatings": {"overall": '
                 '{"rating": "Good", "reportDate": "2026-02-31"}}}',
                 "at currentRatings.overall.reportDate: 2026-02-31 is not a real date"),
    "number-rating": ('{"providerId": "RZ9", "currentRatings": {"serviceRatings": '
                      '[{"name": "Surgery", "rating": 3}]}}',
                      "at currentRatings.serviceRatings[0].rating: expected text, found a number"),
    "list-not-object": ('{"providerId": "RZ9", "currentRatings": {"overall": [1]}}',
                        "at currentRatings.overall: expected a JSON object, found a list"),
    "no-dates": ('{"providerId": "RZ9", "currentRatings": {"overall": {"rating": "Good"}}}',
                 "no report date anywhere"),
    "history-without-date": ('{"providerId": "RZ9", "currentRatings": {"overall": {"rating": '
                             '"Good", "reportDate": "2026-01-01"}}, "historicRatings": [{}]}',
                             "at historicRatings[0].reportDate: this field is missing"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_malformed_file_names_the_json_path(site: Path, tmp_path: Path, name: str) -> None:
    text, expected = BAD_FILES[name]
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    rating_file = site / "content" / "rating.yaml"
    before = rating_file.read_bytes()
    result = run_journey("import-cqc", str(bad), str(site))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert "rating.yaml was not changed" in result.stderr
    assert rating_file.read_bytes() == before


def test_a_broken_rating_file_is_reported_before_anything_is_written(site: Path) -> None:
    rating_file = site / "content" / "rating.yaml"
    rating_file.write_text("published: 2022-08-25\noverall: [good\n", encoding="utf-8")
    result = run_journey("import-cqc", str(FIXTURES / "provider.json"), str(site))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/rating.yaml:" in result.stderr
    assert rating_file.read_text(encoding="utf-8").endswith("[good\n")


def newer_copy(source: Path, target: Path, report_date: str) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    data["currentRatings"]["overall"]["reportDate"] = report_date
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data), encoding="utf-8")


def test_check_warns_when_saved_cqc_data_is_newer_than_the_site(site: Path) -> None:
    import_cqc(FIXTURES / "provider.json", site)
    import_cqc(FIXTURES / "location.json", site)
    clean = run_journey("check", str(site), "--now", NOW, "--strict")
    assert clean.returncode == 0, clean.stderr
    saved = site / "content" / "cqc" / "RZ9.json"
    newer_copy(FIXTURES / "provider.json", saved, "2026-05-04")
    soon = run_journey("check", str(site), "--now", "2026-05-10")
    assert soon.returncode == 0
    assert ("CQC published a newer report for Kestrel Valley Hospitals NHS Trust (RZ9) on "
            "4 May 2026, and the site shows the rating published on 18 February 2026") in soon.stderr
    assert "run: journey import-cqc content/cqc/RZ9.json" in soon.stderr
    assert "Regulation 20A" not in soon.stderr
    late = run_journey("check", str(site), "--now", "2026-05-26")
    assert "Regulation 20A required it on this website by 25 May 2026" in late.stderr
    assert "content/rating.yaml:" in late.stderr  # points at the rating the site shows
    strict = run_journey("check", str(site), "--now", "2026-05-26", "--strict")
    assert strict.returncode == 1


def test_check_with_a_location_file_the_site_does_not_show(site: Path, tmp_path: Path) -> None:
    import_cqc(FIXTURES / "provider.json", site)
    other = tmp_path / "RZ903.json"
    shutil.copyfile(FIXTURES / "location-placeholders.json", other)
    result = run_journey("check", str(site), "--now", NOW, "--cqc", str(other))
    assert "Brookmere Birth Centre (RZ903) on 2 March 2026, and the site does not show it" \
        in result.stderr
