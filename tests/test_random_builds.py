"""A seeded run of random edits, each followed by `journey build` with the cache of the
builds before it: every built site is byte for byte what a clean build of the same
content gives, while only a few pages are rendered again each time."""

from __future__ import annotations

import dataclasses
import random
import shutil
from pathlib import Path

import pytest
from test_output import manifest
from test_random_saves import SAMPLE_UPDATES, SETTINGS, save

from bench.corpus import make_corpus
from generator.build import build
from generator.pages.core import LIST_ALL_UP_TO

STEPS = 12


@pytest.mark.parametrize(("seed", "drafts"), [(1, False), (2, True)])
def test_random_edits_each_build_what_a_clean_build_does(tmp_path: Path, seed: int,
                                                         drafts: bool) -> None:
    settings = dataclasses.replace(SETTINGS, drafts=drafts)
    rng = random.Random(seed)
    root = make_corpus(tmp_path / "site", LIST_ALL_UP_TO - SAMPLE_UPDATES + rng.randint(-3, 3))
    site_yaml = root / "content/site.yaml"  # the search index: seconds a build, and not ours
    site_yaml.write_text(site_yaml.read_text().replace("search: true", "search: false"))
    build(root, today=settings.today, drafts=drafts)
    rendered = pages = 0
    for step in range(STEPS):
        for edit in range(rng.choice([1, 1, 2, 3])):  # a build may follow several saves
            save(rng, root / "content/updates", step * 10 + edit, settings)
        result = build(root, today=settings.today, drafts=drafts)
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(root / "content", clean / "content")
        build(clean, today=settings.today, drafts=drafts, use_cache=False)
        assert manifest(root / "site") == manifest(clean / "site"), step
        rendered, pages = rendered + len(result.rendered), pages + result.pages
    assert rendered < pages / 5  # the cache was used: most pages were kept
