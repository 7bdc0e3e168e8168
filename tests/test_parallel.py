"""Rendering on two processes gives the same pages, in the same order, and the same
errors as rendering on one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bench.corpus import make_corpus
from generator.content.loader import load_site
from generator.model.site import BuildSettings
from generator.pages import collect_pages
from generator.render.parallel import PARALLEL_FROM, render_pages
from generator.render.templates import make_environment

SETTINGS = BuildSettings(today=dt.date(2026, 11, 23))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("parallel") / "site", PARALLEL_FROM)


def render(root: Path, workers: int) -> tuple[list[str], dict[str, bytes], list[str]]:
    site = load_site(root, SETTINGS)
    pages = collect_pages(site)
    assert len(pages) >= PARALLEL_FROM
    files, errors = render_pages(make_environment(root, "/"), site, pages, workers)
    return list(files), files, sorted(f"{e.pos.path}:{e.pos.line}: {e.message}" for e in errors)


def test_two_processes_render_what_one_does(corpus: Path) -> None:
    order_one, one, errors_one = render(corpus, 1)
    order_two, two, errors_two = render(corpus, 2)
    assert order_one == order_two and one == two and errors_one == errors_two == []


def test_errors_from_worker_processes_are_all_reported(corpus: Path) -> None:
    template = corpus / "templates" / "update.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text(
        '{% extends "base.html" %}{% block content %}{{ update.no_such_field }}{% endblock %}')
    try:
        _, _, errors_one = render(corpus, 1)
        _, _, errors_two = render(corpus, 2)
    finally:
        template.unlink()
    assert errors_one == errors_two and len(errors_one) >= PARALLEL_FROM
    assert "update.html" in errors_one[0] and "no_such_field" in errors_one[0]
