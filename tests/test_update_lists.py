"""With more than a hundred updates, the list of updates is split by year (built and read
as HTML), and so is the sitemap; a change to one update's title renders only its own
year's list again, and a change of its date only its own year's sitemap."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import parse
from test_incremental import not_needed

from bench.corpus import make_corpus
from generator import incremental
from generator.build import build
from generator.incremental import IncrementalBuilder, RebuildResult
from generator.model.site import BuildSettings
from generator.pages import OutputPage, PageMemo
from generator.pages.core import LIST_ALL_UP_TO
from generator.rendering import render_site

TODAY = dt.date(2026, 11, 23)
GENERATED = 400  # dated a day apart from 1 January 2000: 366 in 2000, 34 in 2001
SAMPLE_UPDATES = 10  # the sample trust's, all in 2026 (one a translation)
PREVIEW = BuildSettings(today=TODAY, drafts=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_corpus(tmp_path_factory.mktemp("lists") / "site", GENERATED)
    build(root, today=TODAY)
    return root / "site"


def titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in page.select(".update-list__title a")]


def test_the_updates_page_lists_the_newest_year_and_links_to_each_earlier_one(
        built: Path) -> None:
    page = parse(built / "updates/index.html")
    assert page.h1.get_text() == "Updates and statements"
    assert [h2.get_text() for h2 in page.main.find_all("h2")] == ["2026", "Earlier years"]
    assert len(titles(page)) == SAMPLE_UPDATES
    years = page.find(id="earlier-years").find_parent("section")
    assert [" ".join(li.get_text().split()) for li in years.find_all("li")] == [
        "2001 (34 updates)", "2000 (366 updates)"]
    assert [a["href"] for a in years.find_all("a")] == ["/updates/2001/", "/updates/2000/"]


def test_each_earlier_year_has_a_page_of_its_updates_newest_first(built: Path) -> None:
    page = parse(built / "updates/2001/index.html")
    assert page.h1.get_text() == "Updates and statements from 2001"
    assert page.title.get_text().startswith("Updates and statements from 2001")
    assert titles(page) == [f"Update {i}" for i in range(GENERATED - 1, 365, -1)]
    assert [h.name for h in page.select(".update-list__title")] == ["h2"] * 34  # under the h1
    assert [a["href"] for a in page.select(".breadcrumb__link")] == ["/", "/updates/"]
    assert parse(built / "updates/2000/index.html").select(".update-list__title a")[-1][
        "href"] == "/updates/gen-00000/"


def test_every_update_is_on_exactly_one_list(built: Path) -> None:
    lists = [built / "updates/index.html", built / "updates/2000/index.html",
             built / "updates/2001/index.html"]
    listed = [a["href"] for path in lists for a in parse(path).select(".update-list__title a")]
    pages = {f"/{p.parent.relative_to(built).as_posix()}/" for p in built.glob("updates/*/index.html")}
    assert sorted(listed) == sorted(pages - {"/updates/2000/", "/updates/2001/"})
    assert len(listed) == GENERATED + SAMPLE_UPDATES
    sitemap = (built / "sitemap-pages.xml").read_text(encoding="utf-8")
    assert "/updates/2000/</loc>" in sitemap and "/updates/2001/</loc>" in sitemap


SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(path: Path) -> dict[str, str | None]:
    return {url.findtext(f"{SITEMAPS}loc", ""): url.findtext(f"{SITEMAPS}lastmod")
            for url in ET.parse(path).getroot().findall(f"{SITEMAPS}url")}


def test_the_sitemap_is_an_index_of_a_sitemap_for_each_year_and_one_for_the_rest(
        built: Path) -> None:
    index = ET.parse(built / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAPS}sitemapindex"
    base = "https://improvement.kestrelvalley.example/"
    listed = {s.findtext(f"{SITEMAPS}loc"): s.findtext(f"{SITEMAPS}lastmod")
              for s in index.findall(f"{SITEMAPS}sitemap")}
    names = ["sitemap-pages.xml", "sitemap-updates-2000.xml", "sitemap-updates-2001.xml",
             "sitemap-updates-2026.xml"]
    assert list(listed) == [base + name for name in names]
    entries = {name: sitemap_entries(built / name) for name in names}
    for name in names:  # each dated with its newest entry
        assert listed[base + name] == max(filter(None, entries[name].values()))
    # Every published page once, each update in its own year's.
    everywhere = [url for found in entries.values() for url in found]
    folders = [p.parent.relative_to(built).as_posix() for p in built.rglob("index.html")]
    assert sorted(everywhere) == sorted(base if f == "." else f"{base}{f}/" for f in folders)
    assert entries["sitemap-updates-2000.xml"][base + "updates/gen-00000/"] == "2000-01-01"
    assert len(entries["sitemap-updates-2000.xml"]) == 366
    assert base + "updates/2000/" in entries["sitemap-pages.xml"]  # the list, with the rest
    assert f"Sitemap: {base}sitemap.xml" in (built / "robots.txt").read_text(encoding="utf-8")


def preview_after_editing(root: Path, old: str, new: str) -> RebuildResult:
    """The preview's rebuild after ``old`` became ``new`` in the 101st generated update."""
    builder = IncrementalBuilder(root, PREVIEW)
    builder.rebuild()
    target = root / "content/updates/gen-00100.md"
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new), encoding="utf-8")
    return builder.rebuild({target})


def test_a_date_change_renders_its_years_sitemap_again_not_the_others(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "site", GENERATED)
    result = preview_after_editing(root, "date: 2000-04-10", "date: 2000-04-12")
    # Not the other years' (the index, and the sitemap of the other pages, list every
    # update and are declared in the new order: they are short, and shown as they were).
    sitemaps = {path for path in result.rendered if path.startswith("sitemap-updates")}
    assert sitemaps == {"sitemap-updates-2000.xml"}
    assert result.snapshot.pages == render_site(root, PREVIEW, fingerprinted=False)[1]
    assert b"<lastmod>2000-04-12</lastmod>" in result.snapshot.pages["sitemap-updates-2000.xml"]


def test_a_save_declares_its_years_list_and_sitemap_again_not_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview reuses the lists and sitemaps of years whose update pages are the very
    same: listing thousands of updates again took a third of a date edit's time."""
    root = make_corpus(tmp_path / "site", GENERATED)
    builder = IncrementalBuilder(root, PREVIEW)
    builder.rebuild()
    made: list[tuple[str, int]] = []
    real = PageMemo.each_year

    def counted(memo: PageMemo, name: str, by_year: Any, make: Any, **kwargs: Any) -> Any:
        def counted_make(year: int, *args: Any) -> OutputPage:
            made.append((name, year))
            return make(year, *args)
        return real(memo, name, by_year, counted_make, **kwargs)

    monkeypatch.setattr(PageMemo, "each_year", counted)
    target = root / "content/updates/gen-00100.md"
    # Its text (its year's list: the sitemaps are not declared again), a day later (its
    # year's list and sitemap), into the next year and back (both years').
    for old, new, made_again in (
            ("## Section 1", "## Section one", [("list", 2000)]),
            ("date: 2000-04-10", "date: 2000-04-12", [("list", 2000), ("sitemap", 2000)]),
            ("date: 2000-04-12", "date: 2001-01-20", [("list", 2000), ("list", 2001),
                                                       ("sitemap", 2000), ("sitemap", 2001)]),
            ("date: 2001-01-20", "date: 2000-04-10", [("list", 2000), ("list", 2001),
                                                       ("sitemap", 2000), ("sitemap", 2001)])):
        text = target.read_text(encoding="utf-8")
        assert old in text
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
        made.clear()
        result = builder.rebuild({target})
        made_by_the_preview = sorted(made)  # not by the full build compared with it
        assert result.snapshot.pages == render_site(root, PREVIEW, fingerprinted=False)[1]
        assert made_by_the_preview == made_again, new


def test_a_save_declares_only_the_update_pages_around_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview declares again only the update pages a save changes (the update's own
    and its neighbours, old and new), whatever the number of updates: the others are kept
    as they were, not declared and compared again."""
    root = make_corpus(tmp_path / "site", GENERATED)
    builder = IncrementalBuilder(root, PREVIEW)
    builder.rebuild()
    declared: list[str] = []
    real = incremental.declare_pages

    def counted(*args: Any, **kwargs: Any) -> Any:
        for kind, page in real(*args, **kwargs):
            if page.template == "update.html":
                declared.append(page.url)
            yield kind, page

    monkeypatch.setattr("generator.incremental.declare_pages", counted)
    monkeypatch.setattr(builder, "_render_affected", not_needed)
    updates = root / "content/updates"
    target, copy = updates / "gen-00100.md", updates / "copy.md"
    # Generated updates are a day apart: gen-00099 (9 April) and gen-00101 (11 April) are
    # its neighbours; two days later, after gen-00102 (12 April) and before gen-00101. A
    # copy of gen-00099 comes after it (same date, "copy" before "gen").
    for step, around in (
            ("text", {"gen-00099", "gen-00100", "gen-00101"}),
            ("date", {"gen-00099", "gen-00100", "gen-00101", "gen-00102"}),
            ("copy", {"gen-00099", "copy", "gen-00098"}),
            ("delete", {"gen-00099", "gen-00098"})):
        text = target.read_text(encoding="utf-8")
        if step == "text":
            target.write_text(text.replace("## Section 1", "## Section one"), encoding="utf-8")
        elif step == "date":
            target.write_text(text.replace("date: 2000-04-10", "date: 2000-04-12"),
                              encoding="utf-8")
        elif step == "copy":
            copy.write_text((updates / "gen-00099.md").read_text(encoding="utf-8"),
                            encoding="utf-8")
        else:
            copy.unlink()
        declared.clear()
        result = builder.rebuild({copy if step in ("copy", "delete") else target})
        assert {url.split("/")[1] for url in declared} == around, step
        assert result.snapshot.pages == render_site(root, PREVIEW, fingerprinted=False)[1], step


def test_up_to_a_hundred_updates_are_listed_on_one_page(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "site", LIST_ALL_UP_TO - SAMPLE_UPDATES)
    pages = render_site(root, BuildSettings(today=TODAY), fingerprinted=False)[1]
    assert not any(path[len("updates/"):].split("/")[0].isdigit() for path in pages)
    listing = BeautifulSoup(pages["updates/index.html"], "html.parser")
    assert len(titles(listing)) == LIST_ALL_UP_TO
    assert listing.find(id="earlier-years") is None


def test_a_title_change_renders_only_its_own_years_list_again(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "site", GENERATED)
    result = preview_after_editing(root, "title: Update 100", "title: The hundredth update")
    assert "updates/2000/index.html" in result.rendered
    assert "updates/2001/index.html" not in result.rendered
    assert b"The hundredth update" in result.snapshot.pages["updates/2000/index.html"]
    assert result.snapshot.pages == render_site(root, PREVIEW, fingerprinted=False)[1]


def test_an_update_moved_to_another_year_is_on_that_years_list(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A date edit moves the update between lists, makes a list for a year that had
    none, and removes one left empty: read in place, without loading the site again."""
    root = make_corpus(tmp_path / "site", GENERATED)
    builder = IncrementalBuilder(root, PREVIEW)
    builder.rebuild()
    target = root / "content/updates/gen-00100.md"
    original = target.read_text(encoding="utf-8")
    assert "\ndate: 2000-04-10\n" in original

    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    monkeypatch.setattr(builder, "_render_affected", not_needed)  # nor compare every page
    for date, listed_on, rendered in [
            ("2001-02-01", "updates/2001/index.html", {"updates/2000/index.html"}),
            ("1999-06-01", "updates/1999/index.html", {"updates/2001/index.html"}),
            ("2000-04-10", "updates/2000/index.html", {"updates/2000/index.html"})]:
        target.write_text(original.replace("date: 2000-04-10", f"date: {date}"),
                          encoding="utf-8")
        result = builder.rebuild({target})
        assert rendered | {listed_on, "updates/index.html"} <= set(result.rendered), date
        assert titles(BeautifulSoup(result.snapshot.pages[listed_on], "html.parser")).count(
            "Update 100") == 1
        assert result.snapshot.pages == render_site(root, PREVIEW, fingerprinted=False)[1]
    assert "updates/1999/index.html" not in result.snapshot.pages

    # The first save after a full build takes a year's pages out too.
    monkeypatch.undo()
    target.write_text(original.replace("date: 2000-04-10", "date: 1999-06-01"),
                      encoding="utf-8")
    builder = IncrementalBuilder(root, PREVIEW)
    assert "updates/1999/index.html" in builder.rebuild().snapshot.pages
    monkeypatch.setattr(builder, "_render_affected", not_needed)
    target.write_text(original, encoding="utf-8")
    result = builder.rebuild({target})
    assert "updates/1999/index.html" not in result.snapshot.pages
    assert result.snapshot.pages == render_site(root, PREVIEW, fingerprinted=False)[1]


def test_the_hundred_and_first_update_splits_the_lists_and_its_deletion_joins_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Made and deleted in the preview, it brings the year lists and sitemaps into the site
    and takes them out again, without loading the site again; saves after each find the
    pages listing an update in the index as it now is."""
    root = make_corpus(tmp_path / "site", LIST_ALL_UP_TO - SAMPLE_UPDATES)
    settings = BuildSettings(today=TODAY)  # a hundred updates: the sample's draft hidden
    builder = IncrementalBuilder(root, settings)
    builder.rebuild()
    updates = root / "content/updates"
    extra = updates / "extra.md"
    other = updates / "gen-00050.md"
    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    monkeypatch.setattr(builder, "_render_affected", not_needed)  # nor compare every page
    for step in ("make", "retitle", "delete", "retitle"):
        if step == "make":
            extra.write_text((updates / "gen-00010.md").read_text(encoding="utf-8").replace(
                "date: 2000-01-11", "date: 1999-12-31"), encoding="utf-8")
        elif step == "delete":
            extra.unlink()
        else:
            text = other.read_text(encoding="utf-8")
            other.write_text(text.replace("title: ", "title: Retitled "), encoding="utf-8")
        result = builder.rebuild({extra if step in ("make", "delete") else other})
        split = step in ("make", "retitle") and extra.exists()
        assert ("updates/1999/index.html" in result.snapshot.pages) is split, step
        assert ("sitemap-updates-2000.xml" in result.snapshot.pages) is split, step
        assert result.snapshot.pages == render_site(root, settings, fingerprinted=False)[1], step
    assert b"Retitled Retitled Update 50" in result.snapshot.pages["updates/index.html"]


@pytest.mark.parametrize(("file", "old", "new"), [
    # The years' lists show the trust's name (in their description).
    ("site.yaml", "name: Kestrel Valley Hospitals NHS Trust",
     "name: Kestrel Valley Health NHS Trust"),
    # The journey, which the update pages link to (their memo starts again).
    ("journey/actions.yaml", "status: complete", "status: on_track"),
])
def test_what_else_the_years_pages_show_reaches_them_in_the_preview(
        tmp_path: Path, file: str, old: str, new: str) -> None:
    """The years' lists and sitemaps, and the update pages, are reused while their updates
    are as they were: a change to anything else they show must make them again."""
    root = make_corpus(tmp_path / "site", GENERATED)
    builder = IncrementalBuilder(root, PREVIEW)
    builder.rebuild()
    changed = root / "content" / file
    text = changed.read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = builder.rebuild({changed})
    assert result.snapshot.pages == render_site(root, PREVIEW, fingerprinted=False)[1]
    if file == "site.yaml":
        assert b"Kestrel Valley Health NHS Trust in 2000" in result.snapshot.pages[
            "updates/2000/index.html"]
