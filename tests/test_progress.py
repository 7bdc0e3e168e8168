"""Long builds show their progress on a terminal after a second; short ones stay quiet."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from conftest import search_parts
from test_parallel import SETTINGS, corpus  # noqa: F401 - the corpus fixture is shared

from bench.corpus import make_corpus
from generator import search
from generator.build import build
from generator.content.loader import load_site
from generator.pages import collect_pages
from generator.progress import ProgressLine
from generator.render.parallel import render_pages
from generator.render.templates import make_environment


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_for_a_second_then_counts_in_place() -> None:
    now = [0.0]
    shown = Terminal()
    line = ProgressLine(shown, clock=lambda: now[0])
    line(50, 4000)
    assert shown.getvalue() == ""
    now[0] = 1.2
    line(1200, 4000)
    line(4000, 4000)
    line.close()
    assert shown.getvalue() == ("\rRendering: 1,200 of 4,000 files"
                                "\rRendering: 4,000 of 4,000 files\n")


def test_a_shorter_count_covers_the_one_before() -> None:
    shown = Terminal()
    line = ProgressLine(shown, after=0)
    line(4000, 4000)
    line.counting("Search index", "parts")(1, 8)
    assert shown.getvalue() == ("\rRendering: 4,000 of 4,000 files"
                                "\rSearch index: 1 of 8 parts     ")


def test_a_big_site_counts_its_search_index_parts(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "PART_PAGES", 8)
    monkeypatch.setattr(search, "MOST_PAGES", 16)
    root = make_corpus(tmp_path / "trust", 60)
    shown = Terminal()
    build(root, today=dt.date(2026, 11, 23), progress=ProgressLine(shown, after=0))
    parts = len(search_parts(root / "site"))
    counts = re.findall(r"\rSearch index: (\d+) of (\d+) parts", shown.getvalue())
    assert [int(done) for done, _ in counts] == list(range(parts + 1))
    assert {int(total) for _, total in counts} == {parts}
    assert shown.getvalue().index("Rendering") < shown.getvalue().index("Search index")


def test_nothing_is_shown_off_a_terminal() -> None:
    log = io.StringIO()
    line = ProgressLine(log, after=0)
    line(10, 10)
    line.close()
    assert log.getvalue() == ""


def test_rendering_reports_every_page_in_order(corpus: Path) -> None:  # noqa: F811
    site = load_site(corpus, SETTINGS)
    pages = collect_pages(site)
    for workers in (1, 2):
        reports: list[tuple[int, int]] = []
        render_pages(make_environment(corpus, "/"), site, pages, workers,
                     progress=lambda done, total, seen=reports: seen.append((done, total)))
        done = [d for d, _ in reports]
        assert done == sorted(done) and done[-1] == len(pages)
        assert {total for _, total in reports} == {len(pages)}
