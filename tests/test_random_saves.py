"""A seeded run of random saves in the preview, around the hundred updates at which the
lists and sitemaps split by year: each rebuild matches a full build, and none loads the
site again or compares every page (each save can be read in place). The saves edit an
update's text, title, date, kind, summary, page history, related items, draft flag or
publish date, or save it unchanged, or make, delete or rename one; with drafts shown, as in the preview, and
without."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from test_incremental import not_needed

from bench.corpus import make_corpus
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings
from generator.pages.core import LIST_ALL_UP_TO
from generator.rendering import render_site
from generator.serve import PreviewServer

SETTINGS = BuildSettings(today=dt.date(2026, 11, 23))  # the sample's draft hidden
SAMPLE_UPDATES = 10  # shown: with the generated ones, a hundred
STEPS = 24


def random_date(rng: random.Random) -> str:
    return (dt.date(1999, 11, 1) + dt.timedelta(days=rng.randrange(500))).isoformat()


def save(rng: random.Random, folder: Path, step: int, settings: BuildSettings) -> set[Path]:
    """One random save of the generated updates, often of one made or renamed by an earlier
    save (the preview must have taken note of its page); the files it touched. It hides an
    update (a draft, or embargoed) only where ``settings`` show such updates, as the
    preview's do: hiding one elsewhere loads the site again, by design."""
    generated = sorted(folder.glob("gen-*.md"))
    newer = [path for path in generated if "-new-" in path.name or "-renamed-" in path.name]
    target = rng.choice(newer if newer and rng.random() < 0.5 else generated)
    text = target.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    lines = dict(line.split(": ", 1) for line in front.removeprefix("---\n").splitlines())
    action = rng.choice(["text", "title", "date", "related", "new", "delete", "rename",
                         "draft", "embargo", "kind", "summary", "history", "same"])
    if action == "new":
        made = folder / f"gen-new-{step}.md"
        made.write_text(f"---\ntitle: New {step}\ndate: {random_date(rng)}\nsummary: S{step}.\n"
                        f"related: [MD{rng.randint(1, 8)}]\n---\nNew text {step}.\n",
                        encoding="utf-8")
        return {made}
    if action == "delete":
        target.unlink()
        return {target}
    if action == "same":  # saved with nothing changed
        target.write_text(text, encoding="utf-8")
        return {target}
    if action == "rename":
        renamed = target.with_name(f"gen-renamed-{step}.md")
        target.rename(renamed)
        return {target, renamed}
    if action == "text":
        body += f"\nEdited at step {step}.\n"
    elif action == "title":
        lines["title"] = f"Retitled at step {step}"
    elif action == "date":
        lines["date"] = random_date(rng)
    elif action == "draft":
        lines["draft"] = rng.choice(["true", "false"] if settings.drafts else ["false"])
    elif action == "embargo":  # until a day around the build's today, or long ago
        day = settings.today + dt.timedelta(days=rng.randint(-2, 2 if settings.drafts else -1))
        lines["publish_date"] = rng.choice([day.isoformat(), "2000-01-01"])
    elif action == "kind":
        lines["kind"] = rng.choice(["update", "statement"])
    elif action == "summary":
        lines["summary"] = f"Summary of step {step}."
    elif action == "history":
        lines["changes"] = rng.choice(["[]", f"[{{date: {lines['date']}, note: Step {step}.}}]"])
    else:
        lines["related"] = rng.choice(["[]", f"[MD{rng.randint(1, 8)}]", "[MD1, WN1]"])
    front = "".join(f"{name}: {value}\n" for name, value in lines.items())
    target.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return {target}


@pytest.mark.parametrize(("seed", "drafts"), [(3, False), (5, False), (1, True), (2, True)])
def test_random_saves_each_match_a_full_build(tmp_path: Path, seed: int, drafts: bool,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    settings = dataclasses.replace(SETTINGS, drafts=drafts)
    root = make_corpus(tmp_path / "site", LIST_ALL_UP_TO - SAMPLE_UPDATES)
    builder = IncrementalBuilder(root, settings)
    builder.rebuild()
    monkeypatch.setattr("generator.incremental.load_site", not_needed)
    monkeypatch.setattr(builder, "_render_affected", not_needed)
    rng = random.Random(seed)
    split = set()
    for step in range(STEPS):
        before = {path: path.read_bytes() for path in (root / "content/updates").glob("*.md")}
        touched = save(rng, root / "content/updates", step, settings)
        result = builder.rebuild(touched)
        expected = render_site(root, settings, fingerprinted=False)[1]
        assert result.snapshot.pages.keys() == expected.keys(), step
        assert result.snapshot.pages == expected, step
        split.add("sitemap-pages.xml" in expected)
        if all(path.exists() and before.get(path) == path.read_bytes() for path in touched):
            assert result.rendered == [], step  # saved unchanged: nothing to render
    assert split == {True, False}  # the run crossed the threshold (these seeds do)


@pytest.mark.parametrize(("seed", "drafts"), [(4, False), (6, True)])
def test_after_random_saves_the_preview_tells_exactly_the_pages_that_look_different(
        tmp_path: Path, seed: int, drafts: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser is told to reload its page when, and only when, the page's bytes changed
    (or it was made or is gone). Each save is built here (not by the preview's watcher,
    which could see a file half written)."""
    settings = dataclasses.replace(SETTINGS, drafts=drafts)
    root = make_corpus(tmp_path / "site", LIST_ALL_UP_TO - SAMPLE_UPDATES)
    monkeypatch.setattr("generator.serve.server.watch_site", lambda *args, **kwargs: iter(()))
    said: list[str] = []
    server = PreviewServer(root, settings, port=0, report=said.append)
    server.start()
    try:
        rng = random.Random(seed)
        for step in range(STEPS):
            before = server.state.current
            server.rebuild(save(rng, root / "content/updates", step, settings))
            after = server.state.current
            assert before.snapshot is not None and after.snapshot is not None
            old, new = before.snapshot.pages, after.snapshot.pages
            differ = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
            told = {key for key in old.keys() | new.keys()
                    if before.version_of(key) != after.version_of(key)}
            # Pages not found have the whole site's version: any change tells them.
            assert told - (old.keys() ^ new.keys()) == differ - (old.keys() ^ new.keys()), (
                step, sorted(told - differ)[:5], sorted(differ - told)[:5], said[-4:])
            assert (old.keys() ^ new.keys()) <= told, step
    finally:
        server.stop()
