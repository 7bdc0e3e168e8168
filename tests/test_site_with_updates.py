"""A site with an update or two replaced (the preview's saves) carries over what is worked
out from every update (where each is, their files, which mention each journey item),
mended: the same as working it out again, and unchanged where the replaced updates do not
reach (the journey pages then are declared as they were)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import shutil

import pytest

from bench.corpus import make_corpus
from generator.content.loader import load_site
from generator.model.journey import Action, Priority, WarningNotice
from generator.model.site import BuildSettings, Site
from generator.model.updates import Ref, Update, insert_newest_first

SETTINGS = BuildSettings(today=dt.date(2026, 11, 23), drafts=True)


@pytest.fixture(scope="module", params=["one journey", "an earlier one too"])
def site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Site:
    root = make_corpus(tmp_path_factory.mktemp("carried") / "site", 40)
    if request.param == "an earlier one too":  # the same ids, a different journey by date
        loaded = load_site(root, SETTINGS)
        middle = loaded.updates[len(loaded.updates) // 2].date
        earlier = root / "content/earlier-journeys/2020"
        shutil.copytree(root / "content/journey", earlier)
        with (earlier / "journey.yaml").open("a", encoding="utf-8") as file:
            file.write(f"ended: {middle.isoformat()}\n")
    site = load_site(root, SETTINGS)
    assert bool(site.earlier_journeys) == (request.param == "an earlier one too")
    return site


def items(site: Site) -> dict[str, Action | WarningNotice | Priority]:
    """Every item an update can name, by id (an earlier journey's as 2020/MD1)."""
    assert site.journey is not None
    found: dict[str, Action | WarningNotice | Priority] = dict(site.journey.items)
    for earlier in site.earlier_journeys:
        name = earlier.folder.rsplit("/", 1)[1]
        found |= {f"{name}/{item_id}": item for item_id, item in earlier.items.items()}
    return found


def worked_out(site: Site) -> Site:
    """``site`` as it was, so far as what is carried: each worked out again and asked of
    every item and every update."""
    for item in items(site).values():
        site.files_mentioning(item)
    for update in site.updates:
        site.update_index(update.slug)
    assert site.update_files is not None
    return site


def changed(rng: random.Random, update: Update) -> Update:
    """``update`` read again with a new date, new links, or neither."""
    front = update.front
    choice = rng.choice(["same", "date", "related", "both"])
    if choice in ("date", "both"):
        front = dataclasses.replace(front, date=front.date + dt.timedelta(
            days=rng.randint(-400, 400)))
    if choice in ("related", "both"):
        ids = rng.sample(["MD1", "MD2", "MD5", "WN1", "P1"], rng.randint(0, 2))
        front = dataclasses.replace(front, related=tuple(Ref(i) for i in ids))
    return dataclasses.replace(update, front=front)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_what_is_carried_is_what_working_it_out_again_gives(site: Site, seed: int) -> None:
    rng = random.Random(seed)
    current = worked_out(site)
    for step in range(30):
        updates = list(current.updates)
        replaced: list[tuple[Update | None, Update | None]] = []
        for _ in range(rng.randint(1, 3)):
            action = rng.choice(["change", "change", "delete", "new"])
            if action == "new":
                new = dataclasses.replace(rng.choice(updates), slug=f"new-{seed}-{step}-{_}")
                replaced.append((None, changed(rng, new)))
                continue
            old = rng.choice(updates)
            if any(old is taken for taken, _ in replaced):
                continue
            replaced.append((old, None if action == "delete" else changed(rng, old)))
        for old, _ in replaced:
            if old is not None:
                updates.remove(old)
        for _, new in replaced:
            if new is not None:
                insert_newest_first(updates, new)
        before = current
        current = before.with_updates(tuple(updates), before.pages, replaced)
        fresh = worked_out(dataclasses.replace(before, updates=tuple(updates)))
        assert current.updates == fresh.updates
        assert current.update_files == fresh.update_files
        mended = {site.referred_to(u, ref) for pair in replaced for u in pair
                  if u is not None for ref in u.related}
        for item in items(site).values():
            assert current.updates_mentioning(item) == fresh.updates_mentioning(item)
            assert current.files_mentioning(item) == fresh.files_mentioning(item)
            if not any(j is not None and item is j.items.get(i) for j, i in mended):
                # The very same: the journey's pages are as they were.
                assert current.files_mentioning(item) is before.files_mentioning(item)
        for at, update in enumerate(updates):
            assert current.update_index(update.slug) == at
        for old, new in replaced:
            if old is not None and (new is None or new.slug != old.slug):
                assert current.update_index(old.slug) is None


def test_a_site_worked_out_later_carries_nothing(site: Site) -> None:
    """A site whose lists were never worked out works them out when asked."""
    fresh = dataclasses.replace(site)
    dropped = fresh.updates[0]
    after = fresh.with_updates(fresh.updates[1:], fresh.pages, [(dropped, None)])
    for ref in dropped.related:
        journey, item_id = site.referred_to(dropped, ref)
        assert journey is not None
        assert dropped not in after.updates_mentioning(journey.items[item_id])
    assert after.update_index(dropped.slug) is None
    assert after.update_index(fresh.updates[1].slug) == 0
