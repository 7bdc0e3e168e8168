"""When CQC inspects again, the journey that answered the report before is kept: its
folder moves to content/earlier-journeys/NAME/ with the day it ended, and it is published
at /earlier-journeys/NAME/ as it stood that day. Updates name the items of the journey on
their date (or "NAME/MD1"); the pages it had at /journey/... send visitors on."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import parse, run_journey

from generator.build import build
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings
from generator.rendering import render_site

TODAY = dt.date(2022, 10, 15)
EARLIER = "content/earlier-journeys/2022"
ENDED = "This improvement journey has ended."


def not_needed(*args: object, **kwargs: object) -> None:
    raise AssertionError("the whole site was loaded again")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def two_journeys(journey_site: Path) -> Path:
    """The journey site after a second report (published 1 October 2022): the first
    journey moved to content/earlier-journeys/2022/, and a new one with an MD1 of its
    own. The September update is about the first; October's names items of both."""
    content = journey_site / "content"
    (content / "earlier-journeys").mkdir()
    shutil.move(content / "journey", journey_site / EARLIER)
    with (journey_site / EARLIER / "journey.yaml").open("a", encoding="utf-8") as file:
        file.write("ended: 2022-10-01\n")
    (content / "journey").mkdir()
    (content / "journey/journey.yaml").write_text(
        "title: Our improvement journey\ntagline: What we are doing after our second "
        "inspection.\n", encoding="utf-8")
    (content / "journey/actions.yaml").write_text(
        "must_do:\n  - {id: MD1, text: Open the new ward., status: on_track, "
        "due: 2023-06-30}\n", encoding="utf-8")
    edit(content / "updates/2022-10.md", "related: [MD3]", "related: [2022/MD3, MD1]")
    return journey_site


def hrefs(page: Path, selector: str) -> list[str]:
    return [a["href"] for a in parse(page).select(selector)]


def words(page: Path, selector: str) -> list[str]:
    return [" ".join(e.get_text().split()) for e in parse(page).select(selector)]


def test_an_earlier_journey_is_published_at_its_own_address_as_it_ended(
        two_journeys: Path) -> None:
    build(two_journeys, today=dt.date(2023, 6, 1))
    site = two_journeys / "site"
    earlier = site / "earlier-journeys/2022"
    for page in ("", "actions/", "actions/md3/", "warning-notices/wn1/", "priorities/p1/",
                 "metrics/", "timeline/"):
        notes = words(earlier / page / "index.html", "main [role=note]")
        assert any(ENDED in note and "1 October 2022" in note for note in notes), page
        assert "/journey/" in hrefs(earlier / page / "index.html", "main [role=note] a"), page
    assert words(earlier / "actions/md3/index.html", "nav.breadcrumb li") == [
        "Home", "Improvement journey", "Our improvement journey (ended 1 October 2022)",
        "Actions"]
    assert words(earlier / "index.html", "nav.breadcrumb li") == [
        "Home", "Improvement journey"]
    assert hrefs(earlier / "index.html", "nav.subnav a")[:2] == [
        "/earlier-journeys/2022/", "/earlier-journeys/2022/actions/"]
    # As it stood the day it ended: MD2 (due 30 September) overdue, SD1 (due 31 January
    # 2023, not started) not, though the build is in June 2023; nothing coming up.
    assert "Overdue" in words(earlier / "actions/md2/index.html", "main dd")[0]
    assert "Overdue" not in words(earlier / "actions/sd1/index.html", "main dd")[0]
    assert not parse(earlier / "index.html").select("#upcoming-title")
    assert "as it stood on 1 October 2022" in words(earlier / "timeline/index.html",
                                                    "p.lede")[0]
    # The journey now lists it, and is not marked as ended.
    current = site / "journey/index.html"
    assert "/earlier-journeys/2022/" in hrefs(current, "section[aria-labelledby=earlier-title] a")
    assert not any(ENDED in note for note in words(current, "main [role=note]"))
    # Every page's title in the browser's tab is its own: the earlier journey's pages say
    # which journey they are of (their headings are the journey now's pages').
    # (Not the pages at old addresses, which send the browser on at once.)
    titles = {path: page.title.get_text() for path in site.rglob("*.html")
              if not (page := parse(path)).select("meta[http-equiv=refresh]")}
    assert titles[earlier / "actions/index.html"] == (
        "Actions we must and should take - Our improvement journey (ended 1 October 2022) - "
        + titles[current].split(" - ", 1)[1])
    assert words(earlier / "actions/index.html", "h1") == ["Actions we must and should take"]
    said = Counter(titles.values())
    assert [title for title, times in said.items() if times > 1] == []


def test_updates_name_the_items_of_the_journey_on_their_date(two_journeys: Path) -> None:
    build(two_journeys, today=TODAY)
    site = two_journeys / "site"
    september = site / "updates/2022-09/index.html"
    assert hrefs(september, "ul.related a") == [
        "/earlier-journeys/2022/warning-notices/wn1/", "/earlier-journeys/2022/actions/md1/",
        "/earlier-journeys/2022/priorities/p1/"]
    assert words(september, "ul.related a")[1] == (
        "MD1: Staff every ward safely (our earlier improvement journey, ended 1 October "
        "2022)")
    october = site / "updates/2022-10/index.html"
    assert hrefs(october, "ul.related a") == ["/earlier-journeys/2022/actions/md3/",
                                              "/journey/actions/md1/"]
    # Each MD1 lists the updates about it, not the other's.
    mentions = "section[aria-labelledby=mentions-title] a"
    assert hrefs(site / "earlier-journeys/2022/actions/md1/index.html", mentions) == [
        "/updates/2022-09/"]
    assert hrefs(site / "journey/actions/md1/index.html", mentions) == ["/updates/2022-10/"]
    assert hrefs(site / "earlier-journeys/2022/actions/md3/index.html", mentions) == [
        "/updates/2022-10/"]


def test_the_old_addresses_of_an_earlier_journey_send_visitors_on(two_journeys: Path) -> None:
    build(two_journeys, today=TODAY)
    site = two_journeys / "site"
    moved = parse(site / "journey/actions/md3/index.html")
    assert moved.select_one("meta[http-equiv=refresh]")["content"] == (
        "0; url=/earlier-journeys/2022/actions/md3/")
    assert parse(site / "journey/actions/md1/index.html").select_one("h1").get_text() == (
        "MD1: Open the new ward")  # the journey's own MD1 is there now
    # It says where the MD1 that had its address is now, for visitors with an old link.
    md1 = site / "journey/actions/md1/index.html"
    assert words(md1, "main [role=note]") == [
        "Until 1 October 2022, this address showed another MD1: MD1 of our earlier "
        "improvement journey."]
    assert hrefs(md1, "main [role=note] a") == ["/earlier-journeys/2022/actions/md1/"]
    assert not any("this address" in note for note in words(
        site / "earlier-journeys/2022/actions/md1/index.html", "main [role=note]"))
    edit(two_journeys / EARLIER / "journey.yaml", "ended: 2022-10-01", "ended: 2022-10-02")
    build(two_journeys, today=TODAY)  # a build that keeps the pages it can: not that one
    assert words(md1, "main [role=note]")[0].startswith("Until 2 October 2022,")
    edit(two_journeys / EARLIER / "journey.yaml", "ended: 2022-10-02", "ended: 2022-10-01")
    build(two_journeys, today=TODAY)
    redirects = (site / "_redirects").read_text().splitlines()
    assert "/journey/actions/md3/ /earlier-journeys/2022/actions/md3/ 301!" in redirects
    assert "/journey/warning-notices/wn1/ /earlier-journeys/2022/warning-notices/wn1/ 301!" \
        in redirects
    assert not any(line.startswith("/journey/actions/md1/") for line in redirects)
    # The new journey has no figures or timeline yet: those addresses send visitors on too.
    assert "/journey/metrics/ /earlier-journeys/2022/metrics/ 301!" in redirects
    assert words(site / "journey/timeline/index.html", "main p")[0] == (
        "It is now at Timeline, in our earlier improvement journey.")
    assert not any(line.startswith(("/journey/ ", "/journey/actions/ ")) for line in redirects)
    # A link to an old address works, and journey check says where it is now.
    edit(two_journeys / "content/updates/2022-10.md", "Alarm work.",
         "Alarm work, as [MD3](/journey/actions/md3/) asked.")
    # And in a milestone's link: (an address, not Markdown), found on its line.
    timeline = two_journeys / EARLIER / "timeline.yaml"
    edit(timeline, "title: Inspection report published, status: done}",
         "title: Inspection report published, status: done, link: /journey/priorities/p1/}")
    checked = run_journey("check", str(two_journeys), "--now", TODAY.isoformat())
    assert "content/updates/2022-10.md:" in checked.stderr
    assert "the link /journey/actions/md3/ goes to the old address" in checked.stderr
    assert "link to /earlier-journeys/2022/actions/md3/ instead" in checked.stderr
    line = timeline.read_text().splitlines().index(next(
        t for t in timeline.read_text().splitlines() if "/journey/priorities/p1/" in t)) + 1
    assert (f"{EARLIER}/timeline.yaml:{line}: the link /journey/priorities/p1/ goes to the old "
            "address") in checked.stderr


@pytest.mark.parametrize(("change", "said"), [
    (lambda root: edit(root / EARLIER / "journey.yaml", "ended: 2022-10-01\n", ""),
     f"{EARLIER}/journey.yaml: error: this earlier journey does not say when it ended"),
    (lambda root: (root / EARLIER).rename(root / "content/earlier-journeys/Old Plan"),
     'the folder name "Old Plan" cannot be part of a web address'),
    (lambda root: edit(root / "content/journey/journey.yaml", "title:", "ended: 2023-01-01\n"
                       "title:"), "ended: is only for an earlier journey"),
    (lambda root: edit(root / "content/updates/2022-10.md", "2022/MD3", "MD3"),
     "MD3 is one of content/earlier-journeys/2022/'s: to name it, write 2022/MD3"),
    (lambda root: edit(root / "content/updates/2022-10.md", "2022/MD3", "2021/MD3"),
     '"2021/MD3" names no earlier journey'),
    (lambda root: edit(root / "content/updates/2022-09.md", "WN1", "WN9"),
     '"WN9" is not the id of any action, warning notice or priority of the journey in '
     "content/earlier-journeys/2022/, the one on this update's date"),
])
def test_mistakes_name_the_file_and_say_how_to_fix_them(two_journeys: Path, change: object,
                                                        said: str) -> None:
    change(two_journeys)  # type: ignore[operator]
    result = run_journey("build", str(two_journeys), "--now", TODAY.isoformat())
    assert result.returncode == 1
    assert said in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_beside_the_earlier_journeys_folders_is_not_read(two_journeys: Path) -> None:
    (two_journeys / "content/earlier-journeys/actions.yaml").write_text("must_do: []\n")
    result = run_journey("check", str(two_journeys), "--now", TODAY.isoformat())
    assert "content/earlier-journeys/actions.yaml: this file is not read" in result.stderr
    assert "holds a folder for each earlier journey" in result.stderr


def test_the_preview_keeps_both_journeys_as_a_build_makes_them(
        two_journeys: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = BuildSettings(today=TODAY)
    builder = IncrementalBuilder(two_journeys, settings)
    builder.rebuild()
    earlier_actions = two_journeys / EARLIER / "actions.yaml"
    edit(earlier_actions, "Fix the alarm system.", "Replace the alarm system.")
    result = builder.rebuild({earlier_actions})
    assert result.snapshot.pages == render_site(two_journeys, settings, fingerprinted=False)[1]
    assert "earlier-journeys/2022/actions/md3/index.html" in result.rendered
    # The journey now's pages are as they were, but its MD1's, which names the earlier MD1.
    assert "journey/actions/md1/index.html" in result.rendered
    assert not {"journey/index.html", "journey/actions/index.html"} & set(result.rendered)
    # An update saved now names MD2 of the earlier journey instead of MD3: read again in
    # place, as any update is, without loading the whole site.
    october = two_journeys / "content/updates/2022-10.md"
    edit(october, "2022/MD3", "2022/MD2")
    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    result = builder.rebuild({october})
    monkeypatch.undo()
    assert result.snapshot.pages == render_site(two_journeys, settings, fingerprinted=False)[1]
    assert {"earlier-journeys/2022/actions/md2/index.html",
            "earlier-journeys/2022/actions/md3/index.html"} <= set(result.rendered)
    # The journey's title, listed on the journey now.
    edit(two_journeys / EARLIER / "journey.yaml", "title: Our improvement journey",
         "title: Our first improvement journey")
    result = builder.rebuild({two_journeys / EARLIER / "journey.yaml"})
    assert "Our first improvement journey" in result.snapshot.pages[
        "journey/index.html"].decode()


def test_a_journey_that_ends_after_today_is_a_warning(two_journeys: Path) -> None:
    """Its pages would say it has ended before it has."""
    edit(two_journeys / EARLIER / "journey.yaml", "ended: 2022-10-01", "ended: 2022-10-20")
    checked = run_journey("check", str(two_journeys), "--now", TODAY.isoformat())
    lines = (two_journeys / EARLIER / "journey.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("ended: 2022-10-20") + 1  # at the line to change
    assert (f"{EARLIER}/journey.yaml:{line}: this earlier journey ends on 20 October 2022, after "
            "today, but its pages already say it has ended") in checked.stderr, checked.stderr
    assert run_journey("build", str(two_journeys), "--strict", "--now",
                       TODAY.isoformat()).returncode == 1
    assert run_journey("check", str(two_journeys), "--now", "2022-10-20").stderr.count(
        "after today") == 0


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    reader = PdfReader(path)
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"]), f"{path} is not tagged"
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_each_journey_has_its_own_booklet_an_earlier_one_as_it_ended(
        two_journeys: Path) -> None:
    pytest.importorskip("weasyprint")
    (two_journeys / "content/rating.yaml").write_text(
        "published: 2022-10-01\noverall: requires_improvement\n"
        "report_url: https://www.cqc.org.uk/provider/RX4/reports\n"
        "history:\n  - {published: 2022-03-01, overall: inadequate}\n", encoding="utf-8")
    build(two_journeys, today=dt.date(2023, 6, 1), pdf=True)
    site = two_journeys / "site"
    earlier = pdf_text(site / "earlier-journeys/2022/improvement-journey.pdf")
    assert "This improvement journey ended on 1 October 2022" in earlier
    assert ("The CQC report this answered Overall rating: Inadequate. Report published by "
            "CQC on 1 March 2022.") in earlier
    # As of the day it ended, only MD2 (due 30 September 2022) was overdue; in June 2023
    # the journey's other unfinished actions would be too.
    assert earlier.count("(overdue)") == 1
    assert "Fix the alarm system." in earlier
    for only_now in ("Who is accountable", "Tell us what you think", "Information correct"):
        assert only_now not in earlier, only_now
    now = pdf_text(site / "improvement-journey.pdf")
    assert "Information correct on 1 June 2023" in now and "ended on" not in now
    assert "Open the new ward." in now and "Fix the alarm system." not in now
    assert "Our CQC rating Overall rating: Requires improvement" in now
    # Each journey's page links its own booklet.
    assert hrefs(site / "journey/index.html", ".booklet-link a") == ["/improvement-journey.pdf"]
    link = words(site / "earlier-journeys/2022/index.html", ".booklet-link")
    assert hrefs(site / "earlier-journeys/2022/index.html", ".booklet-link a") == [
        "/earlier-journeys/2022/improvement-journey.pdf"]
    assert link[0].startswith("Download this improvement journey as a booklet (PDF, ")


def test_with_no_journey_now_the_earlier_one_takes_its_address_and_has_a_booklet(
        two_journeys: Path) -> None:
    pytest.importorskip("weasyprint")
    shutil.rmtree(two_journeys / "content/journey")
    edit(two_journeys / "content/updates/2022-10.md", "related: [2022/MD3, MD1]",
         "related: [2022/MD3]")
    result = run_journey("build", str(two_journeys), "--pdf", "--now", "2023-06-01")
    assert result.returncode == 0, result.stderr
    site = two_journeys / "site"
    assert not (site / "improvement-journey.pdf").exists()
    assert "/journey/ /earlier-journeys/2022/ 301!" in (site / "_redirects").read_text()
    assert ("Our CQC rating now is on our website: https://journey.brackenmoor.example/."
            in pdf_text(site / "earlier-journeys/2022/improvement-journey.pdf"))


def on(day: dt.date) -> dict[str, str]:
    """The environment of a command run as on ``day``."""
    noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
    return {**os.environ, "SOURCE_DATE_EPOCH": str(int(noon.timestamp()))}


def new_report(root: Path, published: str) -> None:
    """rating.yaml as journey import-cqc leaves it after a report published that day, the
    report of 14 June 2022 moved to its history."""
    (root / "content/rating.yaml").write_text(
        f"published: {published}\noverall: requires_improvement\n"
        "report_url: https://www.cqc.org.uk/provider/RX4/reports\n"
        "history:\n  - {published: 2022-06-14, overall: inadequate}\n", encoding="utf-8")


def test_journey_new_journey_keeps_the_journey_and_starts_a_new_one(
        journey_site: Path) -> None:
    new_report(journey_site, "2022-10-05")
    september = journey_site / "content/updates/2022-09.md"
    with september.open("a", encoding="utf-8") as file:
        file.write("\nSee [the alarm work](/journey/actions/md3/) in [our plan](/journey/).\n")
    result = run_journey("new", "journey", str(journey_site), env=on(dt.date(2022, 10, 20)))
    kept = journey_site / EARLIER
    assert f"Kept your improvement journey in {kept}/, ended 5 October 2022" in result.stdout
    assert "Changed 2 links to its pages to their new addresses." in result.stdout
    assert "link: /earlier-journeys/2022/warning-notices/wn1/}" in (
        kept / "timeline.yaml").read_text()
    # An action's address will be the new journey's MD3's; "our plan" is the journey now.
    assert ("See [the alarm work](/earlier-journeys/2022/actions/md3/) in [our plan]"
            "(/journey/).") in september.read_text()
    assert (kept / "journey.yaml").read_text().splitlines()[-1].startswith(
        "ended: 2022-10-05")
    # Told apart from the new journey, which keeps its title: it ran in 2022.
    assert ('Called it "Our improvement journey, 2022" (title: in its journey.yaml)'
            in result.stdout)
    assert 'title: "Our improvement journey, 2022"\n' in (kept / "journey.yaml").read_text()
    assert (f"Check: its tagline: and intro: in {kept / 'journey.yaml'} were written while it "
            "was your plan: word them for a plan that has ended") in " ".join(result.stdout.split())
    assert "title: \"Our improvement journey\"\n" in (
        journey_site / "content/journey/journey.yaml").read_text()
    assert sorted(p.name for p in (journey_site / "content/journey").iterdir()) == [
        "actions.yaml", "journey.yaml"]
    # The October update (10 October) names MD3, now the earlier journey's: said, with the fix.
    assert result.returncode == 1
    assert "Before the site builds again:" in result.stderr
    assert "MD3 is one of content/earlier-journeys/2022/'s: to name it, write 2022/MD3" in (
        result.stderr)
    edit(journey_site / "content/updates/2022-10.md", "related: [MD3]", "related: [2022/MD3]")
    checked = run_journey("check", str(journey_site), "--now", "2022-10-20")
    assert checked.returncode == 0, checked.stderr
    assert "old address" not in checked.stderr and "starter" not in checked.stderr
    build(journey_site, today=dt.date(2022, 10, 20))
    site = journey_site / "site"
    assert words(site / "journey/index.html", "p.lede") == [
        "What we are doing after CQC's report of 5 October 2022."]
    assert "/earlier-journeys/2022/" in hrefs(site / "journey/index.html",
                                              "section[aria-labelledby=earlier-title] a")
    assert "/journey/metrics/ /earlier-journeys/2022/metrics/ 301!" in (
        site / "_redirects").read_text().splitlines()
    # Its plan not yet written, the new journey's list of actions says so.
    actions = site / "journey/actions/index.html"
    assert "There are no actions here yet." in " ".join(words(actions, "main p"))
    assert not parse(actions).select("#by-status")


def test_journey_new_journey_changes_links_of_a_site_in_a_folder_of_anothers(
        journey_site: Path) -> None:
    """Its links start with the folder (site.yaml's base_url): /cqc/journey/..."""
    edit(journey_site / "content/site.yaml", "https://journey.brackenmoor.example/",
         "https://journey.brackenmoor.example/cqc/")
    edit(journey_site / "content/journey/timeline.yaml", "link: /journey/", "link: /cqc/journey/")
    new_report(journey_site, "2022-10-05")
    september = journey_site / "content/updates/2022-09.md"
    with september.open("a", encoding="utf-8") as file:
        file.write("\n[MD3](/cqc/journey/actions/md3/), [not ours](/journey/actions/md3/).\n")
    result = run_journey("new", "journey", str(journey_site), env=on(dt.date(2022, 10, 20)))
    assert "Changed 2 links to its pages to their new addresses." in result.stdout
    assert ("[MD3](/cqc/earlier-journeys/2022/actions/md3/), [not ours](/journey/actions/md3/)."
            in september.read_text())
    assert "link: /cqc/earlier-journeys/2022/warning-notices/wn1/}" in (
        journey_site / EARLIER / "timeline.yaml").read_text()


@pytest.mark.parametrize(("args", "said"), [
    ((), "rating.yaml's report of 14 June 2022 looks like the one your journey answers: 4 of "
         "its 4 progress notes and updates about it are dated on or after it (the newest: the "
         'update "October 2022 update" of 10 October 2022, about MD3).'),
    (("--ended", "2022-10-05", "--name", "Old plan"), '"Old plan" cannot be part of a web '
                                                       "address"),
    (("--ended", "2022-06-01"), "rating.yaml has no report before 1 June 2022"),
])
def test_journey_new_journey_changes_nothing_when_in_doubt(
        journey_site: Path, args: tuple[str, ...], said: str) -> None:
    new_report(journey_site, "2022-06-14")  # as it was: the report the journey answers
    (journey_site / "content/rating.yaml").write_text(
        (journey_site / "content/rating.yaml").read_text().split("history:")[0])
    before = sorted(p.relative_to(journey_site) for p in journey_site.rglob("*"))
    result = run_journey("new", "journey", str(journey_site), *args,
                         env=on(dt.date(2022, 10, 20)))
    assert result.returncode == 1 and said in result.stderr, result.stderr
    assert "Nothing was changed." in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(journey_site) for p in journey_site.rglob("*")) == before


def test_journey_new_journey_takes_updates_about_the_journey_as_doubt(
        journey_site: Path) -> None:
    """No progress notes, but the updates after rating.yaml's report name its items."""
    new_report(journey_site, "2022-06-14")  # as it was: the report the journey answers
    edit(journey_site / "content/rating.yaml", "  - {published: 2022-06-14, overall: inadequate}\n",
         "  - {published: 2019-03-01, overall: good}\n")
    edit(journey_site / "content/journey/actions.yaml",
         "    progress:\n      - {date: 2022-08-01, note: Survey done.}\n"
         "      - {date: 2022-10-01, note: Contractor appointed.}\n", "")
    result = run_journey("new", "journey", str(journey_site), "--name", "2022",
                         env=on(dt.date(2022, 10, 20)))
    assert result.returncode == 1
    assert ("rating.yaml's report of 14 June 2022 looks like the one your journey answers: 2 "
            "of its 2 progress notes and updates about it are dated on or after it (the "
            'newest: the update "October 2022 update" of 10 October 2022, about MD3).'
            ) in result.stderr
    assert (journey_site / "content/journey").is_dir()


@pytest.mark.parametrize(("title", "args", "kept"), [
    ("Our plan", (), 'title: "Our plan, 2022 to 2023"'),
    ("Our plan for 2022", (), "title: Our plan for 2022"),  # it has its year
    ("Our plan", ("--name", "first-plan"), "title: Our plan"),  # the report's year unknown
    (">\n  Our plan", (), "title: >\n  Our plan"),  # not on one line: left as it is
])
def test_journey_new_journey_adds_the_years_to_the_kept_journeys_title(
        journey_site: Path, title: str, args: tuple[str, ...], kept: str) -> None:
    new_report(journey_site, "2023-01-09")
    edit(journey_site / "content/journey/journey.yaml", "title: Our improvement journey",
         f"title: {title}")
    result = run_journey("new", "journey", str(journey_site), *args,
                         env=on(dt.date(2023, 1, 20)))
    assert result.returncode in (0, 1), result.stderr  # 1: an update names an old action
    folder = journey_site / "content/earlier-journeys" / (args[1] if args else "2022")
    assert (folder / "journey.yaml").read_text().startswith(kept + "\n")
    assert ("Called it" in result.stdout) is kept.startswith('title: "')


@pytest.mark.parametrize("folder", ["", "content/journey"])
def test_journey_new_journey_needs_a_journey(write_site, folder: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    if folder:
        (root / folder).mkdir()  # a journey folder with nothing in it yet
    result = run_journey("new", "journey", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"there is no journey in {root / 'content/journey'}/ to keep." in result.stderr


def test_journey_new_journey_says_when_it_cannot_move_the_journey(journey_site: Path) -> None:
    new_report(journey_site, "2022-10-05")
    (journey_site / "content/earlier-journeys").write_text("")  # a file where its folder goes
    result = run_journey("new", "journey", str(journey_site), env=on(dt.date(2022, 10, 20)))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error: the journey could not be moved:" in result.stderr
    assert (journey_site / "content/journey/actions.yaml").is_file()


def test_journey_new_journey_does_not_take_a_name_already_kept(two_journeys: Path) -> None:
    new_report(two_journeys, "2023-05-02")
    result = run_journey("new", "journey", str(two_journeys), "--name", "2022",
                         env=on(dt.date(2023, 5, 10)))
    assert result.returncode == 1, result.stdout
    assert f"{two_journeys / EARLIER} already exists." in result.stderr
    assert "--name 2022-2" in result.stderr
    result = run_journey("new", "journey", str(two_journeys), "--ended", "2022-09-01",
                         "--name", "2023", env=on(dt.date(2023, 5, 10)))
    assert "an earlier journey ended on 1 October 2022, not before 1 September 2022" in (
        result.stderr)
