"""A big site's search index in parts: each page in one part, parts of bounded size, and
only the parts with a changed page indexed again."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
from pathlib import Path

import pytest
from conftest import REPO, indexed_pages, search_index, search_parts, stand_in_pagefind

from bench.corpus import make_corpus
from generator import search
from generator.build import build
from generator.errors import ContentErrors

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of about 8 pages, at most 16: the sample with 60 updates has a dozen."""
    monkeypatch.setattr(search, "PART_PAGES", 8)
    monkeypatch.setattr(search, "MOST_PAGES", 16)


def searchable_addresses(site: Path) -> set[str]:
    """The address of every page of the site with the mark Pagefind indexes."""
    return {"/" + str(page.relative_to(site)).removesuffix("index.html")
            for page in site.rglob("*.html") if search._MARK in page.read_bytes()}


def page_count(part: Path) -> int:
    entry = json.loads((part / "pagefind-entry.json").read_bytes())
    return sum(language["page_count"] for language in entry["languages"].values())


def test_a_big_site_is_indexed_in_parts_with_each_page_in_one(tmp_path: Path,
                                                             small_parts: None) -> None:
    root = make_corpus(tmp_path / "trust", 60)
    build(root, today=TODAY)
    site = root / "site"
    parts = search_parts(site)
    assert len(parts) >= 8 and all(0 < page_count(part) <= 16 for part in parts)
    addresses = [page["url"] for page in search_index(site)]
    assert len(addresses) == len(set(addresses))  # no page in two parts
    assert set(addresses) == searchable_addresses(site)
    assert "/search/" not in addresses and "/404.html" not in addresses


def test_only_the_parts_with_a_changed_page_are_indexed_again(tmp_path: Path,
                                                             small_parts: None) -> None:
    root = make_corpus(tmp_path / "trust", 60)
    build(root, today=TODAY)
    site = root / "site"

    def index_files() -> dict[str, dict[Path, int]]:
        return {part.name: {file: file.stat().st_ino for file in part.rglob("*")
                            if file.is_file()}
                for part in search_parts(site)}

    before = index_files()
    update = root / "content/updates/gen-00030.md"  # not among the newest: only its page
    update.write_text(update.read_text() + "\nKingfisher ward reopened.\n")
    build(root, today=TODAY)
    after = index_files()
    assert after.keys() == before.keys()
    made_again = {name for name in after if after[name] != before[name]}
    [part] = [part for part in search_parts(site)
              if "/updates/gen-00030/" in {page["url"] for page in indexed_pages(part)}]
    assert made_again == {part.name}
    assert set(after[part.name].values()).isdisjoint(before[part.name].values())
    assert "Kingfisher ward reopened" in json.dumps(indexed_pages(part))


def names(count: int, prefix: str = "updates/") -> list[str]:
    return sorted(f"{prefix}{i:05d}-monthly-update/index.html" for i in range(count))


def test_parts_are_about_the_size_asked_and_never_over_it() -> None:
    pages = names(20_000)
    parts = search.split_into_parts(pages)
    assert [page for part in parts for page in part] == pages
    assert all(len(part) <= search.MOST_PAGES for part in parts)
    assert 20_000 / 600 < len(parts) < 20_000 / 400  # about PART_PAGES each
    # Long names: a part's names fit on Pagefind's command line.
    long = names(3000, "journey/" + "priority-" * 10 + "/")
    assert all(sum(len(page) + 1 for page in part) < search.MOST_NAMES
               for part in search.split_into_parts(long))
    assert search.split_into_parts(pages[:1000]) == [pages[:1000]]  # a small site: one


def test_a_page_added_or_removed_changes_its_own_part_and_seldom_another() -> None:
    pages = names(10_000)
    parts = {tuple(part) for part in search.split_into_parts(pages)}

    def parts_changed(new_pages: list[str]) -> int:
        return len(parts - {tuple(part) for part in search.split_into_parts(new_pages)})

    changed = [parts_changed(sorted([*pages, f"updates/{i:05d}-monthly-update-extra/index.html"]))
               for i in range(0, 10_000, 250)]
    changed += [parts_changed(pages[:i] + pages[i + 1:]) for i in range(125, 10_000, 250)]
    assert max(changed) <= 3 and sum(changed) / len(changed) < 1.5, changed


def test_each_part_is_given_exactly_its_own_pages_whatever_their_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages are named in a glob, with its special characters marked as literal:
    unmarked, v*w would match vxw too, and a(b) would not parse."""
    monkeypatch.setattr(search, "MOST_PAGES", 1)  # a part for every page
    folders = ["a(b)", "c d", "d$e", "f:g", "h<i>", "p,q", "r{s}", "t[u]", "v*w", "vxw",
               "x?y", "xzy", "z!a", "b#c", "é", "back\\slash", "plain"]
    for folder in folders:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(
            f'<html lang="en"><body><main data-pagefind-body><h1>{html.escape(folder)}</h1></main>'
            "</body></html>", encoding="utf-8")
    (tmp_path / "unmarked.html").write_text("<html><body><p>Not to be found</p></body></html>")
    search.build_search_index(tmp_path)
    parts = search_parts(tmp_path)
    assert len(parts) == len(folders) and [page_count(part) for part in parts] == [1] * len(parts)
    titles = sorted(page["meta"]["title"] for page in search_index(tmp_path))
    assert titles == sorted(folders)


def test_part_names_change_with_their_pages() -> None:
    first = search.part_name(["a/index.html", "b/index.html"])
    assert first == search.part_name(["a/index.html", "b/index.html"])
    assert first != search.part_name(["a/index.html"])
    assert first != search.part_name(["a/index.html", "b/index.html", "c/index.html"])


def test_a_part_that_cannot_be_indexed_stops_the_build_and_the_old_site_stays(
        tmp_path: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_corpus(tmp_path / "trust", 60)
    build(root, today=TODAY)
    before = {page["url"] for page in search_index(root / "site")}
    # A Pagefind that fails on the part with one update's page, and only there.
    stand_in_pagefind(tmp_path, 'case "$*" in *gen-00030*) echo "Error: disk full"; exit 1;; '
                      'esac\nexec "$PAGEFIND" "$@"', monkeypatch)
    update = root / "content/updates/gen-00030.md"
    update.write_text(update.read_text() + "\nKingfisher ward reopened.\n")
    with pytest.raises(ContentErrors) as failed:
        build(root, today=TODAY)
    assert "the search index could not be built (Error: disk full)" in failed.value.errors[0].message
    with pytest.raises(ChildProcessError):  # the other parts' Pagefinds were stopped
        os.waitpid(-1, os.WNOHANG)
    assert {page["url"] for page in search_index(root / "site")} == before
    assert "Kingfisher" not in (root / "site/updates/gen-00030/index.html").read_text()


def test_a_pagefind_that_never_ends_is_stopped(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "index.html").write_text("<main data-pagefind-body>A page</main>")
    stand_in_pagefind(tmp_path, "exec sleep 60", monkeypatch)
    monkeypatch.setattr(search, "TIME_ALLOWED", 0.5)
    with pytest.raises(ContentErrors) as failed:
        search.build_search_index(tmp_path)
    assert "(Pagefind took more than ten minutes)" in failed.value.errors[0].message
    with pytest.raises(ChildProcessError):  # stopped, and waited for
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize(("pages", "together"), [((400, 400, 400), 2), ((1000, 1000), 1)])
def test_two_pagefinds_run_at_once_only_while_they_index_few_enough_pages(
        tmp_path: Path, pages: tuple[int, ...], together: int) -> None:
    """Each stand-in notes how many ran beside it (files present while it sleeps)."""
    script = 'touch "$0.on.$1"; ls "$0".on.* | wc -l >> "$0.seen"; sleep 1; rm "$0.on.$1"'
    jobs = [(["sh", "-c", script, str(tmp_path / "running"), str(i)], count)
            for i, count in enumerate(pages)]
    search._run_all(jobs)
    seen = [int(line) for line in (tmp_path / "running.seen").read_text().split()]
    assert len(seen) == len(pages) and max(seen) == together


def test_a_change_outside_what_search_reads_makes_no_part_again(
        tmp_path: Path, small_parts: None) -> None:
    """A new stylesheet changes every page's <head> (its name has its checksum): the
    pages are all written again, but what Pagefind reads of them is the same."""
    root = make_corpus(tmp_path / "trust", 60)
    build(root, today=TODAY)
    site = root / "site"

    def inodes(folder: Path) -> dict[Path, int]:
        return {file: file.stat().st_ino for file in folder.rglob("*") if file.is_file()}

    pages, index = inodes(site / "updates"), inodes(site / "pagefind")
    stylesheet = root / "templates/static/css/journey.css"
    stylesheet.parent.mkdir(parents=True)
    stylesheet.write_text((REPO / "templates/static/css/journey.css").read_text()
                          + "\n.update__body { line-height: 1.6; }\n")
    build(root, today=TODAY)
    assert set(inodes(site / "updates").values()).isdisjoint(pages.values())  # all new
    assert inodes(site / "pagefind") == index  # the index: every part the old site's

    # A changed language is read: every part is made again (parts.json, the same list,
    # is the old site's).
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("language: en-GB", "language: cy"))
    build(root, today=TODAY)
    for part in search_parts(site):
        assert set(inodes(part).values()).isdisjoint(index.values())


def test_what_pagefind_reads_is_the_html_tag_and_the_marked_main() -> None:
    page = (b'<!DOCTYPE html>\n<html lang="en-GB">\n<head><link href="a.1.css"></head>'
            b'<body><header>Trust</header><main class="m" data-pagefind-body><h1>T</h1></main>'
            b"<footer>F</footer></body></html>")
    read = search._what_pagefind_reads
    assert read(page) == read(page.replace(b"a.1.css", b"a.2.css").replace(b"Trust", b"NHS"))
    assert read(page) != read(page.replace(b"<h1>T</h1>", b"<h1>U</h1>"))
    assert read(page) != read(page.replace(b'lang="en-GB"', b'lang="cy"'))
    unmarked = page.replace(b" data-pagefind-body", b"")
    assert read(unmarked) == read(unmarked.replace(b"<h1>T</h1>", b"<h1>U</h1>"))
    assert read(page) != read(unmarked)
    elsewhere = unmarked.replace(b"<footer>", b"<footer data-pagefind-body>")  # whole page
    assert read(elsewhere) != read(elsewhere.replace(b"a.1.css", b"a.2.css"))
    filtered = page.replace(b"<header>", b'<header data-pagefind-filter="trust">')
    assert read(filtered) != read(filtered.replace(b"Trust", b"NHS"))


def test_a_full_disk_while_writing_the_index_fails_the_build_clearly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_corpus(tmp_path / "trust", 3)
    build(root, today=TODAY)
    before = {page["url"] for page in search_index(root / "site")}

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search, "_write_parts_file", disk_full)
    (root / "content/updates/gen-00001.md").write_text("---\ntitle: New\ndate: 2000-01-02\n"
                                                       "summary: S\n---\nKingfisher.\n")
    with pytest.raises(ContentErrors) as failed:
        build(root, today=TODAY)
    [error] = failed.value.errors
    assert error.message == "the site could not be written: No space left on device"
    assert {page["url"] for page in search_index(root / "site")} == before
