"""`journey check` and strict builds with .cache/: the pages the last build left are not
rendered again, and what earlier checks worked out is taken for every page and text that
is the same; the findings are always those of a check without the cache."""

from __future__ import annotations

import collections
import datetime as dt
import pickle
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SITES, run_journey
from test_incremental import edit
from test_random_saves import SETTINGS, save

import generator.pages
from bench.corpus import make_corpus
from generator import checking, rendering
from generator.build import build
from generator.build_cache import CACHE_FOLDER, CHECKS_FILE, LAST_CHECK_FILE
from generator.errors import ContentErrors
from generator.model.settings import BuildSettings
from generator.quality import built_pages, prose, run
from generator.quality.findings import Finding
from generator.render import parallel

FINDINGS_TODAY = BuildSettings(today=dt.date(2023, 4, 1))
UPDATE = "content/updates/2023-01-update.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The site with one of every finding."""
    root = tmp_path / "findings"
    shutil.copytree(SITES / "findings", root)
    return root


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """From now on, count the web pages rendered and scanned, and the files whose prose
    is checked (small sites are checked in this process)."""
    counts: collections.Counter[str] = collections.Counter()
    for module, name in ((parallel, "render_page"), (built_pages, "scan_page"),
                         (prose, "_check_file")):
        real = getattr(module, name)

        def counted(*args: Any, real: Any = real, name: str = name, **kwargs: Any) -> Any:
            if name != "render_page" or args[2].output_path.endswith(".html"):
                counts[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return counts


def check(root: Path, use_cache: bool = True,
          settings: BuildSettings = FINDINGS_TODAY) -> list[Finding]:
    return checking.check_site(root, settings, use_cache=use_cache).findings


def fresh(root: Path, settings: BuildSettings = FINDINGS_TODAY) -> list[Finding]:
    """What a check finds that uses nothing from .cache/ (nor the last build)."""
    return check(root, use_cache=False, settings=settings)


def test_a_check_after_a_build_renders_no_page_again(site: Path,
                                                     work: collections.Counter[str]) -> None:
    build(site, today=FINDINGS_TODAY.today)
    work.clear()
    found = checking.check_site(site, FINDINGS_TODAY)
    assert work["render_page"] == 0
    assert found.pages == len(list((site / "site").rglob("*.html")))
    assert found.findings == fresh(site)
    assert len(found.findings) > 15


def test_a_check_works_out_again_only_what_changed(site: Path,
                                                   work: collections.Counter[str]) -> None:
    build(site, today=FINDINGS_TODAY.today)
    first = check(site)
    pages, files = work["scan_page"], work["_check_file"]
    assert pages >= 12 and files >= 4
    (site / CACHE_FOLDER / LAST_CHECK_FILE).unlink()  # else its findings are taken whole
    work.clear()
    assert check(site) == first
    assert work == {}  # nothing rendered, scanned or read again
    edit(site / UPDATE, "We will write again in March.", "We will write again in April.")
    work.clear()
    after_edit = check(site)
    # The pages that show the update (rendered, the last build having the old text),
    # and its file's prose: no other.
    assert 0 < work["scan_page"] == work["render_page"] < pages
    assert work["_check_file"] == 1
    assert after_edit == fresh(site)
    assert any("April" in finding.message for finding in after_edit)


def test_a_check_with_no_build_renders_only_the_pages_it_has_not_scanned(
        site: Path, work: collections.Counter[str]) -> None:
    """An editor who previews, checks and lets Netlify build has no site/ folder: each
    check rendered every page again."""
    first = check(site)
    assert not (site / "site").exists()  # a check writes only to .cache/
    pages = work["render_page"]
    assert pages >= 12 and work["scan_page"] == pages
    work.clear()
    assert check(site) == first
    assert work["render_page"] == work["scan_page"] == 0
    edit(site / UPDATE, "We will write again in March.", "We will write again in April.")
    work.clear()
    after_edit = check(site)
    assert 0 < work["render_page"] == work["scan_page"] < pages  # the pages showing it
    assert after_edit == fresh(site)
    assert any("April" in finding.message for finding in after_edit)


def test_a_check_lists_the_sites_pages_once(site: Path, monkeypatch: pytest.MonkeyPatch,
                                            ) -> None:
    """Listing 4,000 updates' pages took a tenth of a check with nothing changed."""
    listed = []
    real = generator.pages.with_sitemap
    monkeypatch.setattr(generator.pages, "with_sitemap",
                        lambda *args, **kwargs: listed.append(1) or real(*args, **kwargs))
    build(site, today=FINDINGS_TODAY.today)
    listed.clear()
    check(site)
    assert len(listed) == 1


def test_a_strict_build_and_a_check_take_what_the_other_found(
        site: Path, checked: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Each checks what the other would (a strict build with no --base-url or --pdf)."""
    ran: list[object] = []
    real = run.run_checks
    monkeypatch.setattr(run, "run_checks", lambda *args, **kwargs: (
        ran.append(args) or real(*args, **kwargs)))
    with pytest.raises(ContentErrors) as strict:
        build(site, today=FINDINGS_TODAY.today, strict=True)
    assert len(ran) == 1
    checked.clear()
    found = checking.check_site(site, FINDINGS_TODAY)
    assert checked == [] and len(ran) == 1  # nothing rendered or checked
    assert found.findings == fresh(site)
    assert [f.as_error() for f in run.failing(found.findings, found.checks)] == \
        strict.value.errors
    shutil.rmtree(site / "site", ignore_errors=True)
    edit(site / UPDATE, "We will write again in March.", "We will write again in April.")
    checking.check_site(site, FINDINGS_TODAY)
    ran.clear()
    with pytest.raises(ContentErrors) as again:
        build(site, today=FINDINGS_TODAY.today, strict=True)
    assert ran == []
    assert any("April" in error.message for error in again.value.errors)
    with pytest.raises(ContentErrors):  # where the site will be published: other links
        build(site, today=FINDINGS_TODAY.today, strict=True, base_url="https://x.example/")
    assert len(ran) == 1


def test_a_save_undone_after_it_was_saved_during_a_check_is_checked(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As a build (test_build_cache.py): the check read the file as saved meanwhile, and
    kept what it found under the digest of before."""
    from generator.build_cache import BuildCache
    update = site / UPDATE
    before = update.read_text(encoding="utf-8")
    real = BuildCache.scan

    def then_saved(cache: BuildCache) -> bytes:
        key = real(cache)
        update.write_text(before + "\nSee [the plan](/saved-meanwhile/).\n", encoding="utf-8")
        return key

    monkeypatch.setattr(BuildCache, "scan", then_saved)
    assert any("/saved-meanwhile/" in f.message for f in check(site))
    monkeypatch.setattr(BuildCache, "scan", real)
    update.write_text(before, encoding="utf-8")  # the save undone
    assert check(site) == fresh(site)


def test_a_check_with_nothing_changed_imports_neither_the_model_nor_the_checks(
        site: Path) -> None:
    """Such a check needs only its cache: importing them was half of its time."""
    first = run_journey("check", str(site), "--now", "2023-04-01")
    code = ("import atexit, runpy, sys\n"
            "heavy = ('jinja2', 'markdown_it', 'yaml', 'generator.model.site',\n"
            "         'generator.quality.run', 'generator.rendering')\n"
            "atexit.register(lambda: print([name for name in heavy if name in sys.modules]))\n"
            f"sys.argv = ['journey', 'check', {str(site)!r}, '--now', '2023-04-01']\n"
            "runpy.run_module('generator', run_name='__main__')\n")
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert again.stdout.splitlines()[-1] == "[]"
    assert (again.returncode, again.stdout.splitlines()[:-1], again.stderr) == (
        first.returncode, first.stdout.splitlines(), first.stderr)
    assert "8 errors, 21 warnings" in first.stdout


def test_findings_an_edit_brings_or_mends_are_found_or_gone(site: Path) -> None:
    build(site, today=FINDINGS_TODAY.today)
    check(site)
    page = site / "content/pages/governance.md"
    edit(page, "periodically.\n", "periodically.\n\nRead [click here](/nowhere/) now.\n")
    brought = check(site)
    assert brought == fresh(site)
    new = [f for f in brought if f.pos.path == page and f.rule in ("vague_link", "broken_link")]
    assert {f.rule for f in new} == {"vague_link", "broken_link"}
    edit(page, "\nRead [click here](/nowhere/) now.\n", "")
    mended = check(site)
    assert mended == fresh(site) and not [f for f in mended if f.pos.path == page
                                          and f.rule in ("vague_link", "broken_link")]


def test_changed_severities_and_thresholds_are_checked_again(
        site: Path, work: collections.Counter[str]) -> None:
    site_yaml = site / "content/site.yaml"
    original = site_yaml.read_text(encoding="utf-8")
    with_sentences = check(site)
    assert any(f.rule == "long_sentence" for f in with_sentences)
    assert original.endswith("\nchecks:\n  image_kb: 0  # so that photo.png (8 bytes) is too "
                             "big: one of every finding\n")  # what follows adds to it
    site_yaml.write_text(original + "  severity:\n    long_sentence: off\n", encoding="utf-8")
    without = check(site)
    assert without == fresh(site)
    assert not any(f.rule == "long_sentence" for f in without)
    site_yaml.write_text(original + "  sentence_words: 10\n", encoding="utf-8")
    work.clear()
    stricter = check(site)
    assert work["_check_file"] > 1
    assert stricter == fresh(site)
    assert {f.hint.split(":")[0] for f in stricter if f.rule == "long_sentence"} == {
        "aim for 10 words or fewer"}
    site_yaml.write_text(original, encoding="utf-8")
    assert check(site) == with_sentences


@pytest.mark.parametrize("spoil", [b"", b"not a pickle", None])
@pytest.mark.parametrize("name", [CHECKS_FILE, LAST_CHECK_FILE])
def test_a_spoiled_memo_of_checks_is_ignored(site: Path, spoil: bytes | None,
                                             name: str) -> None:
    expected = check(site)
    if name == CHECKS_FILE:  # which a check with nothing changed does not read
        (site / CACHE_FOLDER / LAST_CHECK_FILE).unlink()
    memo = site / CACHE_FOLDER / name
    data = memo.read_bytes()
    memo.write_bytes(data[:len(data) // 2] if spoil is None else spoil)
    assert check(site) == expected
    assert pickle.loads(memo.read_bytes())  # written again


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """From now on, the sites rendered (by builds too; not by a check that takes the
    last one's findings whole)."""
    rendered: list[Path] = []
    real = rendering.render_site
    monkeypatch.setattr(rendering, "render_site", lambda root, *args, **kwargs: (
        rendered.append(root) or real(root, *args, **kwargs)))
    return rendered


def test_a_check_with_nothing_changed_finds_what_the_last_one_did(
        site: Path, checked: list[Path], tmp_path: Path) -> None:
    first = checking.check_site(site, FINDINGS_TODAY)
    assert checked == [site] and len(first.findings) > 15
    again = checking.check_site(site, FINDINGS_TODAY)
    assert checked == [site]  # nothing rendered or checked
    assert again == first and again.pages == first.pages >= 12
    later = BuildSettings(today=FINDINGS_TODAY.today + dt.timedelta(days=400))
    assert checking.check_site(site, later) == checking.check_site(site, later, use_cache=False)
    assert len(checked) == 3  # another date: updates may be late, figures stale
    cqc = tmp_path / "provider.json"
    shutil.copy(REPO / "tests/fixtures/cqc/provider.json", cqc)  # from CQC's API
    with_cqc = checking.check_site(site, later, cqc_files=[cqc])
    assert len(checked) == 4
    assert any("18 February 2026" in f.message for f in with_cqc.findings)
    cqc.write_text(cqc.read_text(encoding="utf-8").replace("2026-02-18", "2026-03-02"),
                   encoding="utf-8")  # CQC published again
    assert any("2 March 2026" in f.message
               for f in checking.check_site(site, later, cqc_files=[cqc]).findings)
    edit(site / UPDATE, "We will write again in March.", "We will write again in April.")
    assert checking.check_site(site, later, cqc_files=[cqc]) == checking.check_site(
        site, later, cqc_files=[cqc], use_cache=False)
    assert len(checked) == 7


def test_a_strict_build_after_a_change_scans_only_what_changed(
        tmp_path: Path, work: collections.Counter[str]) -> None:
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    today = dt.date(2026, 11, 23)  # when the sample passes every check
    build(root, today=today, strict=True)
    pages = work["scan_page"]
    edit(root / "content/updates/2026-10-30-october-update.md", "## ", "## Changed: ")
    work.clear()
    build(root, today=today, strict=True)
    assert 0 < work["scan_page"] == work["render_page"] < pages / 3
    assert work["_check_file"] == 1
    edit(root / "content/updates/2026-10-30-october-update.md", "## Changed: ",
         "## Changed\n\n[Read more](/no-such-page/)\n\n")
    with pytest.raises(ContentErrors) as failure:
        build(root, today=today, strict=True)
    assert "/no-such-page/" in str(failure.value.errors)


def test_a_page_the_last_build_left_that_is_gone_is_a_clear_error(site: Path) -> None:
    """Another build replaced site/ while the check ran (between listing and reading)."""
    build(site, today=FINDINGS_TODAY.today)  # and no check yet, so every page is read
    real = rendering.render_site

    def then_gone(*args: object, **kwargs: object) -> object:
        rendered = real(*args, **kwargs)  # type: ignore[arg-type]
        (site / "site/glossary/index.html").unlink()
        return rendered

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "render_site", then_gone)
        with pytest.raises(ContentErrors) as failure:
            check(site)
    error = failure.value.errors[0]
    assert error.pos.path == site / "site/glossary/index.html"
    assert "could not be read" in error.message and "run the command again" in error.hint


def test_the_command_line_keeps_and_uses_the_memo(site: Path) -> None:
    run_journey("build", str(site), "--now", "2023-04-01")
    before = {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    outputs = [run_journey("check", str(site), "--now", "2023-04-01", *extra)
               for extra in ((), (), ("--no-cache",))]
    assert (site / CACHE_FOLDER / CHECKS_FILE).is_file()
    assert len({(r.returncode, r.stdout, r.stderr) for r in outputs}) == 1
    assert outputs[0].returncode == 1 and "8 errors, 21 warnings" in outputs[0].stdout
    assert {p: p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()} == before


def test_after_random_saves_each_check_finds_what_one_without_the_cache_does(
        tmp_path: Path, work: collections.Counter[str]) -> None:
    """Seeded: the preview's random saves, and links added that go nowhere or say nothing,
    with a build now and then, and the built site deleted now and then; a cached check
    after each, against one without."""
    rng = random.Random(5)
    root = make_corpus(tmp_path / "site", 20)
    build(root, today=SETTINGS.today)
    updates = root / "content/updates"
    scanned = pages = 0
    for step in range(8):
        for n in range(rng.choice([1, 2])):
            save(rng, updates, step * 10 + n, SETTINGS)
        if rng.random() < 0.4:
            target = rng.choice(sorted(updates.glob("gen-*.md")))
            target.write_text(target.read_text(encoding="utf-8") + rng.choice([
                "\nSee [here](/updates/).\n", f"\nSee [the plan](/no-plan-{step}/).\n"]),
                encoding="utf-8")
        work.clear()
        cached = checking.check_site(root, SETTINGS)
        scanned, pages = scanned + work["scan_page"], pages + cached.pages
        assert cached.findings == fresh(root, SETTINGS), step
        if step % 3 == 2:
            build(root, today=SETTINGS.today)
        if step % 4 == 1:  # the checks after it have no build to take pages from
            shutil.rmtree(root / "site")
    assert scanned < pages / 4  # most pages were not scanned again
