"""The build cache (.cache/): a build with it is byte for byte a clean build, and renders
only the pages an edit affects."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest
from conftest import SITES, SMALL_TODAY, run_journey
from test_incremental import EDITS, edit
from test_output import manifest

from generator import build_cache
from generator.build import build
from generator.build_cache import CACHE_FILE, CACHE_FOLDER, BuildCache
from generator.content import loader
from generator.errors import ContentErrors
from generator.render.templates import make_environment

TODAY = SMALL_TODAY


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "trust"
    shutil.copytree(SITES / "journey", root)
    shutil.copytree(SITES / "small" / "content" / "pages", root / "content" / "pages")
    (root / "templates").mkdir()
    return root


def clean_build(root: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build(root, out, today=TODAY, drafts=True, use_cache=False)
    return manifest(out)


def pages_of(root: Path) -> set[str]:
    site = root / "site"
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".xml") and "static" not in p.parts}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_cached_build_matches_a_clean_one_and_renders_only_what_changed(
        site: Path, tmp_path: Path, name: str) -> None:
    first = build(site, today=TODAY, drafts=True)
    assert set(first.rendered) == pages_of(site) | {"robots.txt", "_headers"}
    expected = EDITS[name](site)
    result = build(site, today=TODAY, drafts=True)
    assert manifest(site / "site") == clean_build(site, tmp_path)
    rendered = set(result.rendered)
    every = pages_of(site) | {"robots.txt", "_headers"}
    if expected == {"*"}:
        assert rendered == every
    elif "journey/*" in expected:
        journey = {p for p in every if p.startswith("journey/")}
        assert rendered == journey | (expected - {"journey/*"})
    else:
        assert rendered == expected


def test_nothing_changed_nothing_is_read_rendered_or_written(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(site, today=TODAY)
    before = {p: p.stat().st_ino for p in (site / "site").rglob("*")}
    monkeypatch.setattr(loader, "load_site", lambda *a, **k: pytest.fail("site loaded"))
    second = build(site, today=TODAY)
    assert (second.pages, second.files, second.unchanged) == (first.pages, first.files,
                                                              first.files)
    assert second.rendered == ()
    assert {p: p.stat().st_ino for p in (site / "site").rglob("*")} == before


def test_one_edit_reads_only_that_file(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(site, today=TODAY)
    read = []
    real = loader._read_markdown
    monkeypatch.setattr(loader, "_read_markdown",
                        lambda file, *a: (read.append(Path(file).name), real(file, *a))[1])
    edit(site / "content/updates/2022-09.md", "Progress this month.", "Progress: good.")
    result = build(site, today=TODAY)
    assert read == ["2022-09.md"]
    assert result.rendered == ("feed.xml", "updates/2022-09/index.html")


def test_a_page_changed_by_hand_in_the_output_is_made_again(site: Path, tmp_path: Path) -> None:
    build(site, today=TODAY, drafts=True)
    page = site / "site/updates/2022-09/index.html"
    page.write_text("edited by hand")
    result = build(site, today=TODAY, drafts=True)
    assert result.rendered == ("updates/2022-09/index.html",)
    assert manifest(site / "site") == clean_build(site, tmp_path)
    shutil.rmtree(site / "site")  # gone altogether: everything is made again
    assert set(build(site, today=TODAY, drafts=True).rendered) >= pages_of(site)
    assert manifest(site / "site") == clean_build(site, tmp_path)


@pytest.mark.parametrize("name", [CACHE_FILE, "content-00.pickle"])
@pytest.mark.parametrize("spoil", ["garbage", "cut short", "empty", "a folder", "other version"])
def test_a_spoiled_cache_is_ignored(site: Path, tmp_path: Path, spoil: str, name: str) -> None:
    build(site, today=TODAY, drafts=True)
    cache = site / CACHE_FOLDER / name
    data = cache.read_bytes()
    if spoil == "a folder":
        cache.unlink()
        cache.mkdir()
    elif spoil == "other version":
        state = pickle.loads(data)
        state.fingerprint = b"another journey"
        cache.write_bytes(pickle.dumps(state))
    else:
        cache.write_bytes({"garbage": b"\x80\x05not a pickle", "cut short": data[:len(data) // 2],
                           "empty": b""}[spoil])
    edit(site / "content/updates/2022-09.md", "Progress this month.", "Progress: good.")
    result = build(site, today=TODAY, drafts=True)
    if name == CACHE_FILE:  # what the last build wrote is unknown: every page is made again
        assert set(result.rendered) == pages_of(site) | {"robots.txt", "_headers"}
    assert manifest(site / "site") == clean_build(site, tmp_path)


def test_settings_and_versions_are_part_of_the_key(site: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    every = build(site, today=TODAY).rendered
    assert build(site, today=TODAY.replace(day=30)).rendered == every  # another day
    assert len(build(site, today=TODAY.replace(day=30), drafts=True).rendered) > 0
    assert build(site, today=TODAY.replace(day=30), drafts=True).rendered == ()
    assert build(site, today=TODAY.replace(day=30), base_url="https://elsewhere.example/",
                 drafts=True).rendered != ()
    monkeypatch.setattr(build_cache, "code_fingerprint", lambda: b"a newer journey")
    assert len(build(site, today=TODAY.replace(day=30), drafts=True).rendered) > 1


def test_an_edit_that_keeps_size_and_time_is_seen_right_after_a_build(site: Path) -> None:
    """A file saved again within its timestamp's resolution looks unchanged by its stamp;
    a file changed so recently is read again next time (as git's index does)."""
    update = site / "content/updates/2022-09.md"
    update.write_text(update.read_text())  # saved just now
    build(site, today=TODAY)
    stat = update.stat()
    update.write_text(update.read_text().replace("Progress this month.", "Progress that month."))
    os.utime(update, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a coarse clock would
    assert update.stat().st_mtime_ns == stat.st_mtime_ns and update.stat().st_size == stat.st_size
    result = build(site, today=TODAY)
    assert result.rendered == ("feed.xml", "updates/2022-09/index.html")
    assert "Progress that month." in (site / "site/updates/2022-09/index.html").read_text()


def test_the_cache_is_never_published_and_no_cache_builds_everything(site: Path) -> None:
    build(site, today=TODAY)
    assert (site / CACHE_FOLDER / CACHE_FILE).is_file()
    assert "delete" in (site / CACHE_FOLDER / "README.txt").read_text()
    assert not any(CACHE_FOLDER in p.parts for p in (site / "site").rglob("*"))
    started = time.time()
    result = run_journey("build", str(site), "--now", "2022-12-31", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert (site / CACHE_FOLDER / CACHE_FILE).stat().st_mtime >= started - 1
    assert build(site, today=TODAY).rendered == ()  # --no-cache made a new cache


def test_a_cache_that_cannot_be_written_is_no_error(site: Path, tmp_path: Path) -> None:
    (site / CACHE_FOLDER).write_text("a file where the folder should be")
    build(site, today=TODAY, drafts=True)
    assert manifest(site / "site") == clean_build(site, tmp_path)


def test_files_in_a_linked_folder_are_watched_too(site: Path) -> None:
    """A folder of the site linked into content/ is read by the build, so it is digested."""
    (site / "content/pages").rename(site / "shared-pages")
    (site / "content/pages").symlink_to("../shared-pages")
    build(site, today=TODAY)
    edit(site / "shared-pages/about.md", "About the trust.", "About our trust.")
    assert build(site, today=TODAY).rendered == ("about/index.html",)
    assert "About our trust." in (site / "site/about/index.html").read_text()


def test_a_strict_build_checks_the_pages_it_did_not_render(site: Path) -> None:
    """--strict reads the kept pages back: a broken link in an unchanged page still fails."""
    edit(site / "content/updates/2022-09.md", "Progress this month.",
         "Progress this month, as [our plan](/updates/no-such-update/) says.")
    build(site, today=TODAY)
    edit(site / "content/updates/2022-10.md", "---\nAlarm work.\n", "---\nAlarm work is done.\n")
    with pytest.raises(ContentErrors) as failure:
        build(site, today=TODAY, strict=True)
    assert "updates/no-such-update" in str(failure.value.errors)
    assert "2022-09.md" in str(failure.value.errors)


def test_compiled_templates_that_cannot_be_kept_are_no_error(site: Path) -> None:
    compiled = BuildCache(site).compiled_templates()
    assert compiled is not None
    shutil.rmtree(site / CACHE_FOLDER)  # gone while the build runs
    env = make_environment(site, "/", None, compiled)
    assert "User-agent" in env.get_template("robots.txt").render(sitemap=False)
