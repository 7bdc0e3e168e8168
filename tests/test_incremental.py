"""Incremental rebuilds render only what a change affects, and match a full build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SITES, SMALL_TODAY

from generator import incremental
from generator.content.cache import ParseCache
from generator.content.loader import load_site
from generator.content.reread import reread_in_place
from generator.errors import ContentErrors
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings
from generator.rendering import render_site

SETTINGS = BuildSettings(today=SMALL_TODAY, drafts=True)


def full_build(root: Path) -> dict[str, bytes]:
    return render_site(root, SETTINGS, fingerprinted=False)[1]  # as the preview shows it


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def not_needed(*args: object, **kwargs: object) -> None:
    """Put in place of what a save should not call (loading the whole site again)."""
    raise AssertionError("called, though this save does not need it")


def count_loads(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """From now on, note each time the preview loads the whole site again."""
    loads: list[object] = []
    real_load = incremental.load_site

    def counted(*args: object, **kwargs: object) -> object:
        loads.append(args)
        return real_load(*args, **kwargs)

    monkeypatch.setattr("generator.incremental.load_site", counted)
    return loads


EDITS: dict[str, Callable[[Path], set[str]]] = {}


def case(func: Callable[[Path], set[str]]) -> Callable[[Path], set[str]]:
    EDITS[func.__name__] = func
    return func


@case
def update_body(root: Path) -> set[str]:
    edit(root / "content/updates/2022-10.md", "---\nAlarm work.\n", "---\nAlarm work is finished.\n")
    # Its own page and the home page, which shows the latest update in full. Pages
    # that list it (index, neighbours, the action it mentions) show only its title.
    return {"updates/2022-10/index.html", "index.html", "feed.xml"}  # the feed has it in full


@case
def older_update_body(root: Path) -> set[str]:
    edit(root / "content/updates/2022-09.md", "Progress this month.", "Progress this month: good.")
    return {"updates/2022-09/index.html", "feed.xml"}  # nothing else shows its body


@case
def update_summary(root: Path) -> set[str]:
    edit(root / "content/updates/2022-09.md", "summary: Staffing progress.", "summary: Staff.")
    # Not the sitemap: it lists every update, but shows only their dates.
    return {"updates/2022-09/index.html", "updates/2022-10/index.html", "updates/index.html",
            "index.html", "journey/warning-notices/wn1/index.html",
            "journey/actions/md1/index.html", "journey/priorities/p1/index.html", "feed.xml"}


@case
def update_date(root: Path) -> set[str]:
    edit(root / "content/updates/2022-09.md", "date: 2022-09-30", "date: 2022-09-29")
    return {"updates/2022-09/index.html", "updates/2022-10/index.html", "updates/index.html",
            "index.html", "journey/warning-notices/wn1/index.html",
            "journey/actions/md1/index.html", "journey/priorities/p1/index.html", "feed.xml",
            "sitemap.xml"}


@case
def free_page_body(root: Path) -> set[str]:
    edit(root / "content/pages/about.md", "About the trust.", "About our trust.")
    return {"about/index.html"}


@case
def free_page_title(root: Path) -> set[str]:
    edit(root / "content/pages/about.md", "title: About us", "title: About the trust")
    return {"*"}  # the navigation on every page shows it


@case
def update_title(root: Path) -> set[str]:
    edit(root / "content/updates/2022-09.md", "title: September 2022 update", "title: Sept update")
    return {"updates/2022-09/index.html", "updates/2022-10/index.html", "updates/index.html",
            "index.html", "journey/warning-notices/wn1/index.html",
            "journey/actions/md1/index.html", "journey/priorities/p1/index.html", "feed.xml"}


@case
def new_update(root: Path) -> set[str]:
    (root / "content/updates/2022-11.md").write_text(
        "---\ntitle: November\ndate: 2022-11-01\nsummary: S\nrelated: [MD4]\n---\nNew.\n")
    return {"updates/2022-11/index.html", "updates/2022-10/index.html", "updates/index.html",
            "index.html", "journey/actions/md4/index.html", "feed.xml", "sitemap.xml"}


@case
def deleted_update(root: Path) -> set[str]:
    (root / "content/updates/2022-10.md").unlink()
    return {"updates/2022-09/index.html", "updates/index.html", "index.html",
            "journey/actions/md3/index.html", "feed.xml", "sitemap.xml"}


@case
def old_address_added(root: Path) -> set[str]:
    edit(root / "content/updates/2022-09.md", "summary:", "old_addresses: [/news/sept/]\nsummary:")
    # A page at the old address, and the redirects (Netlify's and Azure's); and (as the update might have moved
    # among the others, as when its date changes) the pages that show or list it.
    return {"news/sept/index.html", "_redirects", "staticwebapp.config.json",
            "updates/2022-09/index.html",
            "updates/2022-10/index.html", "updates/index.html", "index.html",
            "journey/warning-notices/wn1/index.html", "journey/actions/md1/index.html",
            "journey/priorities/p1/index.html", "feed.xml"}


@case
def update_renamed_with_its_old_address(root: Path) -> set[str]:
    old = root / "content/updates/2022-09.md"
    new = root / "content/updates/2022-09-30-september.md"
    new.write_text(old.read_text().replace("summary:", "old_addresses: /updates/2022-09/\nsummary:"))
    old.unlink()
    return {"updates/2022-09/index.html", "updates/2022-09-30-september/index.html",
            "updates/2022-10/index.html", "updates/index.html", "index.html", "feed.xml",
            "journey/warning-notices/wn1/index.html", "journey/actions/md1/index.html",
            "journey/priorities/p1/index.html", "sitemap.xml", "_redirects",
            "staticwebapp.config.json"}


@case
def glossary_change(root: Path) -> set[str]:
    (root / "content/glossary.yaml").write_text("WN: Warning notice\n")
    return {"*"}


@case
def page_template_override(root: Path) -> set[str]:
    (root / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Own {{ page.title }}</h1>{% endblock %}')
    return {"about/index.html", "accessibility/index.html"}


@case
def journey_data(root: Path) -> set[str]:
    edit(root / "content/journey/actions.yaml", "status: on_track", "status: complete")
    # The home page shows the roll-up; updates show the titles of what they relate to.
    return {"journey/*", "index.html", "updates/2022-09/index.html", "updates/2022-10/index.html"}


@pytest.mark.parametrize("name", list(EDITS))
def test_incremental_matches_full_build_and_renders_only_what_changed(journey_site: Path,
                                                                       name: str) -> None:
    builder = IncrementalBuilder(journey_site, SETTINGS)
    first = builder.rebuild()
    assert first.snapshot.pages == full_build(journey_site)
    expected = EDITS[name](journey_site)
    result = builder.rebuild(set())  # changes are found on disk even if no watcher saw them
    assert result.snapshot.pages == full_build(journey_site)
    rendered = set(result.rendered)
    if expected == {"*"}:
        assert rendered == set(result.snapshot.pages)
    elif "journey/*" in expected:
        journey = {p for p in result.snapshot.pages if p.startswith("journey/")}
        assert rendered == journey | (expected - {"journey/*"})
    else:
        assert rendered == expected


def test_a_failed_rebuild_keeps_the_last_good_site_and_catches_up(journey_site: Path) -> None:
    builder = IncrementalBuilder(journey_site, SETTINGS)
    good = builder.rebuild().snapshot
    edit(journey_site / "content/updates/2022-10.md", "---\nAlarm work.\n",
         "---\nAlarm work is done.\n")
    broken = journey_site / "content/updates/2022-09.md"
    edit(broken, "date: 2022-09-30", "date: 2022-09-31")
    with pytest.raises(ContentErrors):
        builder.rebuild(set())
    assert builder.last_good is good
    edit(broken, "date: 2022-09-31", "date: 2022-09-30")
    result = builder.rebuild({broken})
    # The October edit made during the failed build is not lost.
    assert b"Alarm work is done." in result.snapshot.pages["updates/2022-10/index.html"]
    assert result.snapshot.pages == full_build(journey_site)
    assert result.snapshot.version == good.version + 1


def test_nothing_changed_renders_nothing(journey_site: Path) -> None:
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    assert builder.rebuild(set()).rendered == []


@pytest.mark.parametrize("in_its_folder", [False, True])
def test_a_text_only_save_reads_just_that_file(journey_site: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               in_its_folder: bool) -> None:
    """Also with the preview run in the site's folder (root "."): the watcher names files
    by absolute paths."""
    if in_its_folder:
        monkeypatch.chdir(journey_site)
    builder = IncrementalBuilder(Path(".") if in_its_folder else journey_site, SETTINGS)
    builder.rebuild()
    edit(journey_site / "content/updates/2022-09.md", "Progress this month.",
         "Progress this month: good.")

    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    result = builder.rebuild({journey_site / "content/updates/2022-09.md"})
    assert result.rendered == ["feed.xml", "updates/2022-09/index.html"]
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)


@pytest.mark.parametrize(("old", "new"), [("title: September 2022 update", "title: September"),
                                        ("summary: Staffing progress.", "summary: Staff."),
                                        ("related: [WN1, MD1, P1]", "related: [WN1, MD1, P1]\n"
                                         "kind: statement")])
def test_a_save_of_what_pages_show_of_an_update_reads_just_that_file(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    """Its title, summary, kind or signatories move nothing: the pages that show or list it
    are looked up and declared again, the site is not loaded again, and the sitemap (which
    shows only addresses and dates) is not even declared again."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    september = journey_site / "content/updates/2022-09.md"
    edit(september, old, new)

    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    # Called only while declaring the accessibility statement: a page it does not list.
    monkeypatch.setattr("generator.pages.core.has_own_accessibility_statement", not_needed)
    monkeypatch.setattr("generator.incremental.sitemap_file", not_needed)  # nor dates
    result = builder.rebuild({september})
    assert set(result.rendered) == {
        "updates/2022-09/index.html", "updates/2022-10/index.html", "updates/index.html",
        "index.html", "journey/warning-notices/wn1/index.html",
        "journey/actions/md1/index.html", "journey/priorities/p1/index.html", "feed.xml"}
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)


ALL_LISTING_SEPTEMBER = {
    "updates/2022-09/index.html", "updates/2022-10/index.html", "updates/index.html",
    "index.html", "journey/warning-notices/wn1/index.html", "journey/actions/md1/index.html",
    "journey/priorities/p1/index.html", "feed.xml"}


@pytest.mark.parametrize(("old", "new", "rendered"), [
    # Its place in lists, and the date the sitemap gives.
    ("date: 2022-09-30", "date: 2022-09-29", ALL_LISTING_SEPTEMBER | {"sitemap.xml"}),
    # Past October's: the latest now, so the home page shows it in full.
    ("date: 2022-09-30", "date: 2022-11-02", ALL_LISTING_SEPTEMBER | {"sitemap.xml"}),
    # The journey pages listing it, those that no longer do included.
    ("related: [WN1, MD1, P1]", "related: [WN1, MD2]",
     ALL_LISTING_SEPTEMBER | {"journey/actions/md2/index.html"}),
    # A draft is shown (this is a preview) but left out of the sitemap.
    ("related: [WN1, MD1, P1]", "related: [WN1, MD1, P1]\ndraft: true",
     ALL_LISTING_SEPTEMBER | {"sitemap.xml"}),
    # So is an update to be published after today.
    ("related: [WN1, MD1, P1]", "related: [WN1, MD1, P1]\npublish_date: 2023-01-02",
     ALL_LISTING_SEPTEMBER | {"sitemap.xml"}),
    # A note of a change: the sitemap gives its date.
    ("related: [WN1, MD1, P1]", "related: [WN1, MD1, P1]\nchanges:\n"
                                "  - date: 2022-10-03\n    note: Corrected a figure.",
     ALL_LISTING_SEPTEMBER | {"sitemap.xml"}),
])
def test_a_save_that_moves_an_update_reads_just_that_file(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str,
        rendered: set[str]) -> None:
    """Its date, links or being a draft change where it is listed, so every page is
    declared again (those alike reused), but the site is not loaded again."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    september = journey_site / "content/updates/2022-09.md"
    edit(september, old, new)

    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    result = builder.rebuild({september})
    assert set(result.rendered) == rendered
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)


def test_two_updates_saved_together_each_move_to_their_place(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One batch of saves (a folder synced, a search and replace): each is taken out and
    put where its new date sorts, without loading the site again."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    september = journey_site / "content/updates/2022-09.md"
    october = journey_site / "content/updates/2022-10.md"
    edit(september, "date: 2022-09-30", "date: 2022-10-20")
    edit(october, "date: 2022-10-10", "date: 2022-09-15")
    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    result = builder.rebuild({september, october})
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)
    assert result.snapshot.site.updates[0].source.path == september


def test_a_file_with_the_address_of_another_is_not_read_in_its_place(journey_site: Path) -> None:
    """Loading reports two files with one address; reading one in place must not hide it."""
    site = load_site(journey_site, SETTINGS)
    twin = journey_site / "content/updates/2022_09.md"
    twin.write_text((journey_site / "content/updates/2022-09.md").read_text(encoding="utf-8"),
                    encoding="utf-8")
    assert reread_in_place(site, {str(twin.absolute())}, ParseCache()) is None
    with pytest.raises(ContentErrors):
        load_site(journey_site, SETTINGS)


@pytest.mark.parametrize(("old", "new"), [
    ("summary: Staffing progress.\n", ""),  # a warning names it
    ("related: [WN1, MD1, P1]", "related: [WN1, MD1, P1]\ndraft: true"),  # hidden
    ("related: [WN1, MD1, P1]", "related: [WN1, MD9]"),  # an error names MD9
    ("related: [WN1, MD1, P1]", "related: [WN1, MD1, P1]\n"  # its size is measured
                                "attachments:\n  - file: assets/board/ada.svg\n"
                                "    title: Ada's portrait"),
])
def test_other_front_matter_changes_load_the_site_again(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> None:
    builder = IncrementalBuilder(journey_site, BuildSettings(today=SMALL_TODAY))  # no drafts
    builder.rebuild()
    september = journey_site / "content/updates/2022-09.md"
    edit(september, old, new)
    loads = count_loads(monkeypatch)
    try:
        result = builder.rebuild({september})
    except ContentErrors as exc:
        assert [e.message for e in exc.errors] == [
            '"MD9" is not the id of any action, warning notice or priority']
    else:
        assert result.snapshot.pages == render_site(
            journey_site, BuildSettings(today=SMALL_TODAY), fingerprinted=False)[1]
    assert len(loads) == 1


def test_an_update_with_files_is_read_in_place_while_they_stay_the_same(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its attachments and the files its text links to are measured again in place (the
    same files, the same sizes); a file linked to anew loads the site (the pages showing
    the update then depend on it)."""
    september = journey_site / "content/updates/2022-09.md"
    edit(september, "related: [WN1, MD1, P1]", "related: [WN1, MD1, P1]\nattachments:\n"
         "  - {file: assets/board/ada.svg, title: Ada's portrait}")
    september.write_text(september.read_text() + "\nSee [Ada](/assets/board/ada.svg).\n")
    shutil.copy(journey_site / "content/assets/board/ada.svg",
                journey_site / "content/assets/board/bo.svg")
    builder = IncrementalBuilder(journey_site, BuildSettings(today=SMALL_TODAY))
    builder.rebuild()
    loads = count_loads(monkeypatch)
    edit(september, "summary: Staffing progress.", "summary: Staffing progress this month.")
    september.write_text(september.read_text() + "\nMore words.\n")
    result = builder.rebuild({september})
    assert loads == []
    clean = render_site(journey_site, BuildSettings(today=SMALL_TODAY), fingerprinted=False)[1]
    assert result.snapshot.pages == clean
    assert "Ada (SVG image, 1KB)" in clean["updates/2022-09/index.html"].decode()
    september.write_text(september.read_text() + "\nAnd [Bo](/assets/board/bo.svg).\n")
    result = builder.rebuild({september})
    assert len(loads) == 1
    clean = render_site(journey_site, BuildSettings(today=SMALL_TODAY), fingerprinted=False)[1]
    assert result.snapshot.pages == clean
    assert "Bo (SVG image, 1KB)" in clean["updates/2022-09/index.html"].decode()


NOVEMBER = "---\ntitle: November\ndate: 2022-11-01\nsummary: S\nrelated: [MD4]\n---\nNew.\n"


@pytest.mark.parametrize(("made", "deleted"), [
    ({"2022-11.md": NOVEMBER}, set()),
    ({"2022-08.md": NOVEMBER.replace("2022-11-01", "2022-08-01")}, set()),  # the oldest
    ({}, {"2022-10.md"}),
    ({}, {"2022-09.md"}),
    # Renamed: one address leaves the site, another joins it.
    ({"2022-09-staffing.md": "2022-09.md"}, {"2022-09.md"}),
])
def test_an_update_made_or_deleted_reads_just_that_file(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, made: dict[str, str],
        deleted: set[str]) -> None:
    """Its page joins or leaves the site, and those listing it change, but the site is not
    loaded again, nor every page compared; nor at the save after, which finds the pages
    listing an update in the index as it now is."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    updates = journey_site / "content/updates"
    for name, text in made.items():
        if text.endswith(".md"):
            text = (updates / text).read_text(encoding="utf-8")
        (updates / name).write_text(text, encoding="utf-8")
    for name in deleted:
        (updates / name).unlink()

    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    # Nor declared and compared page by page: the index says which pages list it.
    monkeypatch.setattr(builder, "_render_affected", not_needed)
    result = builder.rebuild({updates / name for name in {*made, *deleted}})
    for name in made:
        assert f"updates/{name[:-3]}/index.html" in result.rendered
    for name in deleted:
        assert f"updates/{name[:-3]}/index.html" not in result.snapshot.pages
    assert result.snapshot.pages == full_build(journey_site)
    left = sorted(updates.glob("*.md"))[0]
    edit(left, "title: ", "title: Renamed ")
    assert builder.rebuild({left}).snapshot.pages == full_build(journey_site)


@pytest.mark.parametrize("first", [True, False])
def test_the_first_update_made_or_the_last_deleted_renders_every_page(
        journey_site: Path, first: bool) -> None:
    """Every page's header links to the list of updates only when there are updates."""
    updates = journey_site / "content/updates"
    (updates / "2022-10.md").unlink()
    september = updates / "2022-09.md"
    text = september.read_text(encoding="utf-8")
    if first:
        september.unlink()
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    if first:
        september.write_text(text, encoding="utf-8")
    else:
        september.unlink()
    result = builder.rebuild({september})
    assert result.snapshot.pages == full_build(journey_site)
    assert "about/index.html" in result.rendered


def test_a_deleted_board_leaves_every_pages_header(journey_site: Path) -> None:
    builder = IncrementalBuilder(journey_site, SETTINGS)
    assert b'href="/board/"' in builder.rebuild().snapshot.pages["about/index.html"]
    (journey_site / "content/board.yaml").unlink()
    result = builder.rebuild({journey_site / "content/board.yaml"})
    assert b'href="/board/"' not in result.snapshot.pages["about/index.html"]
    assert result.snapshot.pages == full_build(journey_site)


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("2022-11.md", NOVEMBER.replace("summary: S\n", ""), None),  # a warning names it
    ("2022-11.md", NOVEMBER.replace("summary: S\n", "summary: S\nattachments:\n"
                                    "  - file: assets/board/ada.svg\n    title: Ada\n"),
     None),  # its size is measured
    ("2022-11.md", NOVEMBER.replace("summary: S\n", "summary: S\ndraft: true\n"), None),
    ("2022-11.md", NOVEMBER.replace("[MD4]", "[MD9]"), "is not the id of any"),
    ("2022-11.md", NOVEMBER.replace("date: 2022-11-01", "date: soon"), "date"),
    ("2022.md", NOVEMBER, "used by the list of that year's updates"),
    ("2022_10.md", NOVEMBER, "the same web address as 2022-10.md"),
    ("2022_08.md", NOVEMBER, "the same web address as 2022-08.md"),  # a draft's
    (".2022-11.md", NOVEMBER, None),  # not read: hidden, as editors' own files are
    ("2022-11.txt", NOVEMBER, None),  # not read: not Markdown
])
def test_a_new_update_that_needs_checking_loads_the_site_again(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str,
        problem: str | None) -> None:
    settings = BuildSettings(today=SMALL_TODAY)  # no drafts: a draft is hidden
    updates = journey_site / "content/updates"
    (updates / "2022-08.md").write_text(NOVEMBER.replace("summary: S", "draft: true"),
                                        encoding="utf-8")
    builder = IncrementalBuilder(journey_site, settings)
    builder.rebuild()
    (updates / name).write_text(text, encoding="utf-8")
    loads = count_loads(monkeypatch)
    if problem is None:
        result = builder.rebuild({updates / name})
        assert result.snapshot.pages == render_site(journey_site, settings,
                                                    fingerprinted=False)[1]
    else:
        with pytest.raises(ContentErrors) as raised:
            builder.rebuild({updates / name})
        assert problem in " ".join(e.message for e in raised.value.errors)
    assert len(loads) == 1


def test_deleting_an_update_a_warning_names_loads_the_site_again(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    september = journey_site / "content/updates/2022-09.md"
    edit(september, "summary: Staffing progress.\n", "")
    builder = IncrementalBuilder(journey_site, SETTINGS)
    assert builder.rebuild().snapshot.site.warnings
    september.unlink()
    loads = count_loads(monkeypatch)
    result = builder.rebuild({september})
    assert len(loads) == 1
    assert not result.snapshot.site.warnings


@pytest.mark.parametrize("named", [True, False])
def test_an_update_deleted_and_made_again_as_it_was_is_listed_again(
        journey_site: Path, named: bool) -> None:
    """Its content is as the preview last read it, but every page that lists it must
    list it again (an editor undoing a deletion), whether or not the watcher names it."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    november = journey_site / "content/updates/2022-11.md"
    for step in ("make", "delete", "make"):
        if step == "make":
            november.write_text("---\ntitle: November\ndate: 2022-11-01\nsummary: S\n---\n"
                                "New.\n", encoding="utf-8")
        else:
            november.unlink()
        result = builder.rebuild({november} if named else set())
        assert result.snapshot.pages == full_build(journey_site), step
        assert "updates/2022-10/index.html" in result.rendered  # its neighbour


def test_what_every_page_shows_follows_a_change_of_rating(tmp_path: Path) -> None:
    """The rating badge and footer are rendered once a build (same_on_every_page): a new
    rating, or a new phone number, reaches every page of the next build."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    builder = IncrementalBuilder(root, SETTINGS)
    builder.rebuild()
    edit(root / "content/rating.yaml", "overall: inadequate", "overall: requires_improvement")
    edit(root / "content/site.yaml", "01632 960123", "01632 960000")
    pages = builder.rebuild(set()).snapshot.pages
    assert pages == full_build(root)
    html = [page.decode() for path, page in pages.items() if path.endswith(".html")]
    assert len(html) > 5
    for page in html:
        assert "CQC overall rating: " in page and "Requires improvement" in page
        assert "01632 960000" in page and "01632 960123" not in page


def test_saves_in_a_row_each_match_a_full_build(journey_site: Path) -> None:
    """Saves that move nothing (text, titles) are rendered from an index of what each page
    shows and lists, kept between such saves: edits that move an update, a broken save and
    its fix in between must not leave it stale."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    september = journey_site / "content/updates/2022-09.md"
    october = journey_site / "content/updates/2022-10.md"
    november = journey_site / "content/updates/2022-11.md"
    about = journey_site / "content/pages/about.md"
    steps: list[tuple[Path, str, str, set[str] | None]] = [
        (september, "Progress this month.", "Progress: one.", {"updates/2022-09/index.html",
                                                              "feed.xml"}),
        (about, "About the trust.", "About our trust.", {"about/index.html"}),
        (september, "title: September 2022 update", "title: September", None),
        (september, "Progress: one.", "Progress: one and a half.", {
            "updates/2022-09/index.html", "feed.xml"}),
        (september, "summary: Staffing progress.", "summary: Staff.", None),
        (september, "date: 2022-09-30", "date: 2022-09-28", None),
        (september, "title: September", "title: September news", None),
        (september, "Progress: one and a half.", "Progress: two.", {
            "updates/2022-09/index.html", "feed.xml"}),
        (september, "date: 2022-09-28", "date: 2022-09-31", None),  # broken: kept pending
        (september, "Progress: two.", "Progress: three.", None),  # still broken
        (september, "date: 2022-09-31", "date: 2022-09-29", None),  # fixed: catches up
        (september, "Progress: three.", "Progress: four.", {"updates/2022-09/index.html",
                                                           "feed.xml"}),
        (about, "About our trust.", "About the trust today.", {"about/index.html"}),
        # MD2's page lists it from now on; then its title changes there too.
        (september, "related: [WN1, MD1, P1]", "related: [WN1, MD2]", None),
        (september, "title: September news", "title: September in brief", None),
        # A new latest update: the home page now shows it in full.
        (november, "", "---\ntitle: November\ndate: 2022-11-01\nsummary: S\n---\nNew.\n", None),
        (november, "New.", "Newer.", {"updates/2022-11/index.html", "index.html", "feed.xml"}),
        # November's page lists October, its neighbour, since November was added.
        (october, "title: October 2022 update", "title: October", None),
    ]
    for file, old, new, expected in steps:
        if old:
            edit(file, old, new)
        else:
            file.write_text(new, encoding="utf-8")
        try:
            result = builder.rebuild({file})
        except ContentErrors:
            assert "2022-09-31" in september.read_text(encoding="utf-8")
            continue
        assert result.snapshot.pages == full_build(journey_site), (old, new)
        if expected is not None:
            assert set(result.rendered) == expected, (old, new)
    assert b"Progress: four." in builder.rebuild(set()).snapshot.pages["feed.xml"]


def test_the_first_save_after_a_full_build_finds_its_pages_in_the_index(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index of which pages show or list each file is made with the full build, not
    by the first save: with thousands of pages, that save took ten times the next."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    monkeypatch.setattr("generator.page_records._pages_by_file", not_needed)
    monkeypatch.setattr(builder, "_render_affected", not_needed)
    september = journey_site / "content/updates/2022-09.md"
    edit(september, "Progress this month.", "Progress this month: good.")
    after_text = builder.rebuild({september}).snapshot.pages
    edit(september, "date: 2022-09-30", "date: 2022-09-29")
    after_date = builder.rebuild({september}).snapshot.pages
    monkeypatch.undo()
    assert after_date == full_build(journey_site)
    edit(september, "date: 2022-09-29", "date: 2022-09-30")
    assert after_text == full_build(journey_site)


def test_a_text_only_save_declares_only_the_kinds_of_page_it_shows_on(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The journey's pages list updates by title only: a change of an update's text does
    not declare them again (there can be thousands of pages; the save should cost what
    the change needs)."""
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    september = journey_site / "content/updates/2022-09.md"
    edit(september, "Progress this month.", "Progress this month: good.")

    # Called only while declaring the journey's pages and the home page.
    monkeypatch.setattr("generator.model.site.Site.files_mentioning", not_needed)
    monkeypatch.setattr("generator.pages.core.journey_progress", not_needed)
    result = builder.rebuild({september})
    assert result.rendered == ["feed.xml", "updates/2022-09/index.html"]
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)


@pytest.mark.parametrize("before", ["journey build", "journey build in its folder",
                                    "preview"])
def test_the_first_build_reads_only_what_changed_since_the_last_build_or_preview(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, before: str) -> None:
    """The preview starts from what the last `journey build` or preview read (kept in
    .cache/, by absolute paths, wherever it was run from): it reads only the files changed
    since. Most editors preview and never build."""
    from generator.build import build
    from generator.content import markdown_files
    if before == "preview":
        IncrementalBuilder(journey_site, SETTINGS).rebuild()
    elif before == "journey build in its folder":
        monkeypatch.chdir(journey_site)
        build(Path("."), today=SMALL_TODAY, drafts=True)
    else:
        build(journey_site, today=SMALL_TODAY, drafts=True)
    changed = journey_site / "content/updates/2022-10.md"
    edit(changed, "---\nAlarm work.\n", "---\nAlarm work is finished.\n")
    read: list[str] = []
    real = markdown_files._read_markdown
    monkeypatch.setattr(markdown_files, "_read_markdown",
                        lambda *args, **kwargs: read.append(args[0]) or real(*args, **kwargs))
    result = IncrementalBuilder(journey_site, SETTINGS).rebuild()
    assert read == [str(changed)]
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)
    assert b"Alarm work is finished." in result.snapshot.pages["updates/2022-10/index.html"]


def age(root: Path) -> None:
    """Make every content file a minute old: a build trusts the stamp of a file only once
    it has not changed for a while (it may change again within the same clock tick)."""
    old = time.time() - 60
    for path in (root / "content").rglob("*"):
        os.utime(path, (old, old))


@pytest.mark.parametrize(("address", "rendered"), [
    ("http://localhost:8000/", {"updates/2022-10/index.html", "index.html", "feed.xml"}),
    ("http://localhost:8001/", {"*"}),  # every page shows its own address
])
def test_a_preview_started_again_renders_only_the_pages_a_change_affects(
        journey_site: Path, address: str, rendered: set[str]) -> None:
    """It starts from the pages the last preview made, where they are made from the same
    files, templates and settings."""
    age(journey_site)
    IncrementalBuilder(journey_site, SETTINGS, base_url="http://localhost:8000/").rebuild()
    edit(journey_site / "content/updates/2022-10.md", "---\nAlarm work.\n",
         "---\nAlarm work is finished.\n")
    result = IncrementalBuilder(journey_site, SETTINGS, base_url=address).rebuild()
    assert set(result.rendered) == (set(result.snapshot.pages) if rendered == {"*"}
                                    else rendered)
    assert result.snapshot.pages == render_site(journey_site, SETTINGS, address,
                                                fingerprinted=False)[1]


def test_a_preview_started_again_with_nothing_changed_writes_nothing(
        journey_site: Path) -> None:
    age(journey_site)
    IncrementalBuilder(journey_site, SETTINGS).rebuild()
    kept = {path: path.stat().st_mtime_ns for path in (journey_site / ".cache").rglob("*")}
    assert IncrementalBuilder(journey_site, SETTINGS).rebuild().rendered == []
    assert {path: path.stat().st_mtime_ns
            for path in (journey_site / ".cache").rglob("*")} == kept


@pytest.mark.parametrize(("days_later", "address", "rendered"), [
    (0, "http://localhost:8000/", set()),
    (1, "http://localhost:8000/", {"journey/index.html", "journey/actions/index.html"}),
    (0, "http://localhost:8001/", {"*"}),  # every page shows its own address
])
def test_a_preview_started_again_keys_its_pages_only_when_something_changed(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, days_later: int, address: str,
        rendered: set[str]) -> None:
    """Keying every page took a fifth of a restart at 4,000 updates. The next day the
    pages showing the date are made again, and only they; on another address, all."""
    from generator.build_cache import BuildCache
    age(journey_site)
    IncrementalBuilder(journey_site, SETTINGS, base_url="http://localhost:8000/").rebuild()
    settings = dataclasses.replace(SETTINGS, today=SMALL_TODAY + dt.timedelta(days=days_later))
    keyed = []
    real = BuildCache.page_keys
    monkeypatch.setattr(BuildCache, "page_keys",
                        lambda *args: keyed.append(1) or real(*args))
    result = IncrementalBuilder(journey_site, settings, base_url=address).rebuild()
    assert bool(keyed) == bool(rendered)
    if rendered == {"*"}:
        assert set(result.rendered) == set(result.snapshot.pages)
    else:
        assert rendered <= set(result.rendered) and bool(rendered) == bool(result.rendered)
        assert "updates/2022-10/index.html" not in result.rendered
    assert result.snapshot.pages == render_site(journey_site, settings, address,
                                                fingerprinted=False)[1]


def test_a_build_after_a_preview_still_finds_nothing_changed(journey_site: Path) -> None:
    """The preview keeps what it read without losing what the last build wrote."""
    from generator.build import build
    age(journey_site)
    build(journey_site, today=SMALL_TODAY)
    IncrementalBuilder(journey_site, SETTINGS).rebuild()
    assert build(journey_site, today=SMALL_TODAY).rendered == ()


def test_a_save_made_as_the_preview_starts_is_not_kept_as_read_before_it(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file saved after the preview looked at it, before it read it, is read as saved:
    kept under the digest of before (what was read, or the pages made from it), a preview
    started after that save was undone would show the text in between."""
    file = journey_site / "content/updates/2022-10.md"
    before = file.read_text(encoding="utf-8")
    edit(file, "---\nAlarm work.\n", "---\nAlarm work. First edit.\n")
    first_edit = file.read_text(encoding="utf-8")
    age(journey_site)
    real = IncrementalBuilder._find_changes

    def then_saved(builder: IncrementalBuilder, reported: set[Path]) -> object:
        found = real(builder, reported)
        file.write_text(before.replace("---\nAlarm work.\n", "---\nAlarm work. Saved meanwhile.\n"),
                        encoding="utf-8")
        return found

    monkeypatch.setattr(IncrementalBuilder, "_find_changes", then_saved)
    IncrementalBuilder(journey_site, SETTINGS).rebuild()
    monkeypatch.undo()
    file.write_text(first_edit, encoding="utf-8")  # the save undone, a while ago
    age(journey_site)
    shown = IncrementalBuilder(journey_site, SETTINGS).rebuild().snapshot.pages[
        "updates/2022-10/index.html"]
    assert b"Alarm work. First edit." in shown and b"Saved meanwhile" not in shown


def test_a_save_made_after_the_preview_looked_at_the_files_is_shown(
        journey_site: Path) -> None:
    """Saved after the preview digested the files (to find what it kept), before its first
    build looked at them: the kept page is from before the save, and the watcher, which
    compares with what that build found, would never report it."""
    age(journey_site)
    IncrementalBuilder(journey_site, SETTINGS).rebuild()  # keeps its pages
    builder = IncrementalBuilder(journey_site, SETTINGS)  # looks at every file
    edit(journey_site / "content/updates/2022-10.md", "---\nAlarm work.\n",
         "---\nAlarm work. Saved meanwhile.\n")
    result = builder.rebuild()
    assert b"Saved meanwhile" in result.snapshot.pages["updates/2022-10/index.html"]
    assert not builder.unbuilt()


def test_a_template_included_by_a_computed_name_is_followed(journey_site: Path) -> None:
    """Which template `{% include "components/" ~ name %}` means is known only when
    rendering, so a page using it may use any: a save of any template renders it again."""
    (journey_site / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        '{% include "components/" ~ "notice.html" %}{% endblock %}')
    notice = journey_site / "templates/components/notice.html"
    notice.parent.mkdir()
    notice.write_text("<p>First notice</p>")
    builder = IncrementalBuilder(journey_site, SETTINGS)
    builder.rebuild()
    notice.write_text("<p>Second notice</p>")
    result = builder.rebuild({notice})
    assert set(result.rendered) == {"about/index.html", "accessibility/index.html"}
    assert b"Second notice" in result.snapshot.pages["about/index.html"]
    assert result.snapshot.pages == full_build(journey_site)


def count_template_work(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """From now on, note each template parsed and each compiled (by name)."""
    from generator.render.templates import _Environment
    work: dict[str, list[object]] = {"parsed": [], "compiled": []}
    for method, noted in (("parse", "parsed"), ("compile", "compiled")):
        real = getattr(_Environment, method)

        def counted(env: object, source: object, name: object = None, *args: object,
                    _real: Any = real, _noted: str = noted, **kwargs: object) -> object:
            work[_noted].append(name)
            return _real(env, source, name, *args, **kwargs)

        monkeypatch.setattr(_Environment, method, counted)
    return work


def test_the_first_build_takes_the_templates_journey_build_compiled(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling every template, and parsing each to find those it uses, took most of the
    preview's first build of the sample site: it takes what the last build kept."""
    from generator.build import build
    build(journey_site, today=SMALL_TODAY)
    work = count_template_work(monkeypatch)
    result = IncrementalBuilder(journey_site, SETTINGS).rebuild()
    assert work == {"parsed": [], "compiled": []}
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)


def test_a_preview_started_again_takes_the_templates_the_last_one_compiled(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a `journey build` ever made, as an editor's first preview of the day."""
    IncrementalBuilder(journey_site, SETTINGS).rebuild()
    work = count_template_work(monkeypatch)
    result = IncrementalBuilder(journey_site, SETTINGS).rebuild()
    assert work["compiled"] == []
    monkeypatch.undo()
    assert result.snapshot.pages == full_build(journey_site)
