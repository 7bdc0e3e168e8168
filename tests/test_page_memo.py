"""The preview's memo of update pages: a page is declared again only when its update or
a neighbour is a new object (read again), and is then what a fresh declaration gives."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from bench.corpus import make_corpus
from generator.content.loader import load_site
from generator.model.site import BuildSettings, Site
from generator.model.updates import Update
from generator.pages import OutputPage, PageMemo
from generator.pages.core import update_pages

SETTINGS = BuildSettings(today=dt.date(2026, 11, 23), drafts=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return load_site(make_corpus(tmp_path_factory.mktemp("memo") / "site", 20), SETTINGS)


def update_pages_only(site: Site, memo: PageMemo | None) -> list[OutputPage]:
    return [page for page in update_pages(site, memo) if page.template == "update.html"]


def read_again(update: Update) -> Update:
    return dataclasses.replace(update)  # equal, but another object: as if its file changed


Change = Callable[[list[Update]], None]


def replace_one(updates: list[Update]) -> None:
    updates[10] = read_again(updates[10])


def move_one(updates: list[Update]) -> None:
    updates.insert(14, read_again(updates.pop(8)))


def insert_one(updates: list[Update]) -> None:
    updates.insert(10, dataclasses.replace(updates[10], slug="inserted"))


def delete_one(updates: list[Update]) -> None:
    del updates[10]


def delete_newest(updates: list[Update]) -> None:
    del updates[0]


def delete_oldest(updates: list[Update]) -> None:
    del updates[-1]


@pytest.mark.parametrize(("change", "declared"), [
    (replace_one, range(9, 12)),  # it and its two neighbours
    # The stretch it moved across (its pages compared from each end of the list), and the
    # neighbours at each end.
    (move_one, range(7, 16)),
    (insert_one, range(9, 12)),
    (delete_one, range(9, 11)),  # its two neighbours, now each other's
    (delete_newest, range(0, 1)),
    (delete_oldest, range(-1, 0)),  # counted from the end
])
def test_only_pages_showing_an_object_read_again_are_declared_again(
        site: Site, change: Change, declared: range) -> None:
    memo = PageMemo()
    before = {page.url: page for page in update_pages_only(site, memo)}
    updates = list(site.updates)
    change(updates)
    changed = dataclasses.replace(site, updates=tuple(updates))
    after = update_pages_only(changed, memo)
    assert after == update_pages_only(changed, None)  # as if declared from scratch
    anew = [i for i, page in enumerate(after) if before.get(page.url) is not page]
    assert anew == [i % len(after) for i in declared]


def test_nothing_read_again_reuses_every_page(site: Site) -> None:
    memo = PageMemo()
    first = update_pages_only(site, memo)
    loaded_again = dataclasses.replace(site, updates=tuple([*site.updates]))  # the same objects
    again = update_pages_only(loaded_again, memo)
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert memo.updates is loaded_again.updates  # the sitemaps know the pages are of these


@pytest.mark.parametrize("made_from", ["journey", "today"])
def test_a_new_journey_or_date_declares_every_page_again(site: Site, made_from: str) -> None:
    memo = PageMemo()
    first = update_pages_only(site, memo)
    assert site.journey is not None
    other = (dataclasses.replace(site, journey=dataclasses.replace(site.journey))
             if made_from == "journey"
             else dataclasses.replace(site, settings=dataclasses.replace(
                 SETTINGS, today=SETTINGS.today + dt.timedelta(days=1))))
    again = update_pages_only(other, memo)
    assert not any(a is b for a, b in zip(first, again, strict=True))
    assert again == update_pages_only(other, None)


def test_a_years_page_is_reused_while_its_update_pages_are_the_very_same(site: Site) -> None:
    memo = PageMemo()
    update_pages_only(site, memo)  # the pages each_year finds its years' in
    made: list[int] = []

    def make(year: int, updates: object, pages: list[OutputPage]) -> OutputPage:
        made.append(len(pages))
        return OutputPage(url=f"{year}/", template="t", title=f"{len(pages)} updates")

    years = [(2000, site.updates[:5]), (1999, site.updates[5:8])]
    first = memo.each_year("list", years, make)
    assert memo.each_year("list", years, make) == first and made == [5, 3]
    # A page fewer (its first pages the same): made again, as is a year after a new one.
    again = memo.each_year("list", [(2000, site.updates[:4]), (1999, site.updates[4:8])], make)
    assert made == [5, 3, 4, 4] and again[0] is not first[0]
    # Another name's pages are kept apart.
    memo.each_year("sitemap", years, make)
    assert made == [5, 3, 4, 4, 5, 3]
