"""Rendering on two processes gives the same pages, in the same order, and the same
errors as rendering on one."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import make_corpus
from generator import incremental, output
from generator.content.loader import load_site
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings
from generator.output import MARKER, SiteWriter, WriteFailed, files_under
from generator.pages import collect_pages
from generator.render import parallel
from generator.render.parallel import _heaviest_first, render_pages
from generator.render.templates import make_environment
from generator.serve import PreviewServer
from generator.workers import WORTH_IT_FROM, usable_cores

SETTINGS = BuildSettings(today=dt.date(2026, 11, 23))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("parallel") / "site", WORTH_IT_FROM)


def render(root: Path, workers: int) -> tuple[list[str], dict[str, bytes], list[str]]:
    site = load_site(root, SETTINGS)
    pages = collect_pages(site)
    assert len(pages) >= WORTH_IT_FROM
    files, errors = render_pages(make_environment(root, "/"), site, pages, workers)
    return list(files), files, [f"{e.pos.path}:{e.pos.line}: {e.message}" for e in errors]


def test_two_processes_render_what_one_does(corpus: Path) -> None:
    order_one, one, errors_one = render(corpus, 1)
    order_two, two, errors_two = render(corpus, 2)
    assert order_one == order_two and one == two and errors_one == errors_two == []


def test_pages_listing_many_others_are_handed_out_first(corpus: Path) -> None:
    """The list of every update, rendered last, kept one core busy long after the other
    was done. (With this many updates, sitemap.xml is an index of sitemaps; it and the
    updates page list every update, as does the sitemap of the pages other than updates.)"""
    pages = collect_pages(load_site(corpus, SETTINGS))
    first = [pages[i].output_path for i in _heaviest_first(pages)[:3]]
    assert sorted(first) == ["sitemap-pages.xml", "sitemap.xml", "updates/index.html"]
    assert pages[-1].output_path == "updates/index.html"  # which is last otherwise


def test_errors_from_worker_processes_are_all_reported_in_page_order(corpus: Path) -> None:
    template = corpus / "templates" / "update.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text(
        '{% extends "base.html" %}{% block content %}{{ update[update.title] }}{% endblock %}')
    try:
        _, _, errors_one = render(corpus, 1)
        _, _, errors_two = render(corpus, 2)
    finally:
        template.unlink()
    assert errors_one == errors_two and len(errors_one) >= WORTH_IT_FROM
    assert "update.html" in errors_one[0] and "has no attribute '" in errors_one[0]
    assert len(set(errors_one)) == len(errors_one)  # each names its page: the order shows


def write_with_workers(root: Path, out: Path, workers: int) -> SiteWriter:
    site = load_site(root, SETTINGS)
    with SiteWriter(out) as writer:
        kept, errors = render_pages(make_environment(root, "/"), site, collect_pages(site),
                                    workers, sink=writer, keep=False)
        assert kept == {} and errors == []
        writer.commit()
    return writer


def test_pages_written_by_worker_processes_are_those_one_process_renders(
        corpus: Path, tmp_path: Path) -> None:
    _, one, _ = render(corpus, 1)
    out = tmp_path / "site"
    first = write_with_workers(corpus, out, 2)
    assert first.written == set(one) and first.unchanged == 0
    assert files_under(out).keys() == {*one, MARKER}
    assert {path: (out / path).read_bytes() for path in one} == one
    before = files_under(out)
    again = write_with_workers(corpus, out, 2)  # the workers' counts reach the main process
    after = files_under(out)
    assert again.unchanged == len(one)
    assert all(after[path] == before[path] for path in one)  # the same files: none written


def test_a_write_failing_in_a_worker_process_is_a_clear_error(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_create = output._create

    def fill_up(target: str | Path, source: bytes | str | Path, linked: bool) -> None:
        if Path(target).parent.name.endswith("7"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_create(target, source, linked)

    monkeypatch.setattr(output, "_create", fill_up)  # the forked workers have it too
    with pytest.raises(WriteFailed) as caught:
        write_with_workers(corpus, tmp_path / "site", 2)
    assert str(caught.value) == "No space left on device"
    assert not (tmp_path / "site").exists()
    assert not list(tmp_path.iterdir())  # nor a staging folder


def note_rendering_processes(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """From now on, each page rendered notes the process rendering it in ``log``."""
    real = parallel.render_page

    def noted(*args: object) -> str:
        with log.open("a") as file:
            file.write(f"{os.getpid()}\n")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "render_page", noted)  # the forked workers have it too
    monkeypatch.setattr(incremental, "render_page", noted)


def test_the_previews_first_build_renders_on_every_core_and_later_ones_in_one_process(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its first build runs before its threads start, when forking is safe; saves run
    beside them (and render few pages)."""
    log = tmp_path / "processes"
    note_rendering_processes(monkeypatch, log)
    pools: list[int] = []  # (which of the workers renders which chunk is up to the machine's
    real_pool = parallel.results_from_workers  # load: one may take them all)
    monkeypatch.setattr(parallel, "results_from_workers", lambda work, items, workers: (
        pools.append(workers), real_pool(work, items, workers))[1])
    settings = BuildSettings(today=SETTINGS.today, drafts=True)
    server = PreviewServer(corpus, settings, port=0, report=lambda text: None)
    server.start()
    try:
        first = log.read_text().split()
        assert os.getpid() not in map(int, first) and pools == [usable_cores()] != [1]
        shutil.rmtree(corpus / ".cache")  # the pages the server just made and kept
        alone = IncrementalBuilder(corpus, settings, base_url=server.url).rebuild()
        served = server.state.current.snapshot
        assert served is not None and list(served.pages) == list(alone.snapshot.pages)
        assert served.pages == alone.snapshot.pages
        log.unlink()
        assert server.rebuild(None) is not None  # as a template's change does: all pages
        again = log.read_text().split()
        assert set(map(int, again)) == {os.getpid()} and len(again) == len(first)
    finally:
        server.stop()


def test_worker_processes_leave_ctrl_c_to_the_main_process(
        corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl+C reaches every process of the terminal: the main one stops the build."""
    monkeypatch.setattr(parallel, "render_page", lambda *args: repr(
        (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))))
    site = load_site(corpus, SETTINGS)
    files, _ = render_pages(make_environment(corpus, "/"), site, collect_pages(site), 2)
    assert set(files.values()) == {repr((signal.SIG_IGN, signal.SIG_DFL)).encode()}


def test_the_preview_of_a_large_site_starts_and_stops_with_no_traceback(corpus: Path) -> None:
    """The preview's Ctrl+C handler, inherited by the workers of its first build, printed
    a traceback from each the pool ended with SIGTERM (in some runs: the workers often
    end on their own first)."""
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(corpus),
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Previewing at http://localhost:")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "Stopped." in out
    rebuilt = re.match(r"Built ([\d,]+) pages in", err)
    assert rebuilt and int(rebuilt[1].replace(",", "")) >= WORTH_IT_FROM, err
    assert "Traceback" not in err and "ForkPoolWorker" not in err
