"""The build cache (.cache/): a build with it is byte for byte a clean build, and renders
only the pages an edit affects."""

from __future__ import annotations

import collections
import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jinja2.parser
import pytest
from conftest import SMALL_TODAY, run_journey
from test_incremental import EDITS, edit
from test_output import manifest

from generator import build_cache
from generator.build import build
from generator.build_cache import CACHE_FILE, CACHE_FOLDER, BuildCache
from generator.content import loader, markdown_files
from generator.errors import ContentErrors
from generator.render.template_dirs import builtin_templates_dir
from generator.render.templates import make_environment

TODAY = SMALL_TODAY
REPO = Path(__file__).resolve().parents[1]


def clean_build(root: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "clean"
    shutil.rmtree(out, ignore_errors=True)
    build(root, out, today=TODAY, drafts=True, use_cache=False)
    return manifest(out)


def pages_of(root: Path) -> set[str]:
    journey_site = root / "site"
    return {p.relative_to(journey_site).as_posix() for p in journey_site.rglob("*")
            if p.is_file() and p.suffix in (".html", ".xml", ".csv") and "static" not in p.parts}


# Rendered files a build makes besides the web pages and sitemaps.
NOT_LISTED = {"robots.txt", "_headers", "staticwebapp.config.json"}
# A cached build keys each page by the front matter of the files it lists, so it renders
# the sitemap again after any front matter change; the preview compares the sitemap's
# declaration (the dates it shows) and leaves it alone. Its bytes are the same either way.
ALSO_RENDERED = {"update_summary": {"sitemap.xml"}, "update_title": {"sitemap.xml"},
                 "old_address_added": {"sitemap.xml"}}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_cached_build_matches_a_clean_one_and_renders_only_what_changed(
        journey_site: Path, tmp_path: Path, name: str) -> None:
    first = build(journey_site, today=TODAY, drafts=True)
    assert set(first.rendered) == pages_of(journey_site) | NOT_LISTED
    expected = EDITS[name](journey_site) | ALSO_RENDERED.get(name, set())
    result = build(journey_site, today=TODAY, drafts=True)
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path)
    rendered = set(result.rendered)
    every = pages_of(journey_site) | NOT_LISTED
    if expected == {"*"}:
        assert rendered == every
    elif "journey/*" in expected:
        journey = {p for p in every if p.startswith("journey/")}
        assert rendered == journey | (expected - {"journey/*"})
    else:
        assert rendered == expected


def test_nothing_changed_nothing_is_read_rendered_or_written(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = build(journey_site, today=TODAY)
    before = {p: p.stat().st_ino for p in (journey_site / "site").rglob("*")}
    monkeypatch.setattr(loader, "load_site", lambda *a, **k: pytest.fail("site loaded"))
    second = build(journey_site, today=TODAY)
    assert (second.pages, second.files, second.unchanged) == (first.pages, first.files,
                                                              first.files)
    assert second.rendered == ()
    assert {p: p.stat().st_ino for p in (journey_site / "site").rglob("*")} == before


def test_nothing_changed_imports_neither_jinja_nor_the_model(journey_site: Path) -> None:
    """Such a build needs only its cache: importing the renderer was half of its time."""
    build(journey_site, today=TODAY)
    code = ("import datetime, sys\n"
            "from pathlib import Path\n"
            "from generator.build import build\n"
            f"result = build(Path(sys.argv[1]), today=datetime.date.fromisoformat('{TODAY}'))\n"
            "heavy = ('jinja2', 'markdown_it', 'yaml', 'generator.model.site', 'multiprocessing')\n"
            "print(result.rendered, [name for name in heavy if name in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", code, str(journey_site)], check=True,
                          capture_output=True, text=True)
    assert done.stdout.strip() == "() []"


def test_one_edit_reads_only_that_file(journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(journey_site, today=TODAY)
    read = []
    real = markdown_files._read_markdown
    monkeypatch.setattr(markdown_files, "_read_markdown",
                        lambda file, *a: (read.append(Path(file).name), real(file, *a))[1])
    edit(journey_site / "content/updates/2022-09.md", "Progress this month.", "Progress: good.")
    result = build(journey_site, today=TODAY)
    assert read == ["2022-09.md"]
    assert result.rendered == ("feed.xml", "updates/2022-09/index.html")


def test_a_page_changed_by_hand_in_the_output_is_made_again(journey_site: Path,
                                                             tmp_path: Path) -> None:
    build(journey_site, today=TODAY, drafts=True)
    page = journey_site / "site/updates/2022-09/index.html"
    page.write_text("edited by hand")
    result = build(journey_site, today=TODAY, drafts=True)
    assert result.rendered == ("updates/2022-09/index.html",)
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path)
    shutil.rmtree(journey_site / "site")  # gone altogether: everything is made again
    assert set(build(journey_site, today=TODAY, drafts=True).rendered) >= pages_of(journey_site)
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path)


@pytest.mark.parametrize("name", [CACHE_FILE, "content-00.pickle"])
@pytest.mark.parametrize("spoil", ["garbage", "cut short", "empty", "a folder", "other version"])
def test_a_spoiled_cache_is_ignored(journey_site: Path, tmp_path: Path, spoil: str,
                                    name: str) -> None:
    build(journey_site, today=TODAY, drafts=True)
    cache = journey_site / CACHE_FOLDER / name
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
    edit(journey_site / "content/updates/2022-09.md", "Progress this month.", "Progress: good.")
    result = build(journey_site, today=TODAY, drafts=True)
    if name == CACHE_FILE:  # what the last build wrote is unknown: every page is made again
        assert set(result.rendered) == pages_of(journey_site) | NOT_LISTED
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path)


def test_settings_and_versions_are_part_of_the_key(journey_site: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    every = build(journey_site, today=TODAY).rendered
    assert 0 < len(build(journey_site, today=TODAY.replace(day=30)).rendered) < len(every)
    assert len(build(journey_site, today=TODAY.replace(day=30), drafts=True).rendered) > 0
    assert build(journey_site, today=TODAY.replace(day=30), drafts=True).rendered == ()
    assert build(journey_site, today=TODAY.replace(day=30), base_url="https://elsewhere.example/",
                 drafts=True).rendered != ()
    monkeypatch.setattr(build_cache, "code_fingerprint", lambda: b"a newer journey")
    assert len(build(journey_site, today=TODAY.replace(day=30), drafts=True).rendered) > 1


def next_day_build(root: Path, tmp_path: Path, today: dt.date = TODAY,
                   drafts: bool = False) -> set[str]:
    """Build today and tomorrow; the pages tomorrow's build rendered, having checked that
    its site is the one a clean build makes tomorrow."""
    build(root, today=today, drafts=drafts)
    tomorrow = today + dt.timedelta(days=1)
    rendered = set(build(root, today=tomorrow, drafts=drafts).rendered)
    clean = tmp_path / "clean"
    build(root, clean, today=tomorrow, drafts=drafts, use_cache=False)
    assert manifest(root / "site") == manifest(clean)
    return rendered


def test_the_next_day_renders_only_the_pages_that_show_the_date(journey_site: Path,
                                                                tmp_path: Path) -> None:
    rendered = next_day_build(journey_site, tmp_path)
    assert {"journey/index.html", "journey/timeline/index.html",
            "journey/actions/md1/index.html"} <= rendered  # overdue and upcoming items
    assert not rendered & {"updates/2022-10/index.html", "updates/2022-09/index.html",
                           "updates/index.html", "sitemap.xml"}


def test_the_sample_site_on_the_day_an_embargo_ends(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    # The November update is embargoed until the 27th: a preview with drafts shows it
    # with its embargo until then.
    rendered = next_day_build(root, tmp_path, dt.date(2026, 11, 26), drafts=True)
    assert "updates/2026-11-27-november-update/index.html" in rendered
    assert "updates/2026-10-30-october-update/index.html" not in rendered


def test_an_update_whose_embargo_ends_tomorrow_is_published_tomorrow(
        journey_site: Path, tmp_path: Path) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    (journey_site / "content/updates/2023-01.md").write_text(
        f"---\ntitle: January 2023 update\ndate: 2023-01-01\nsummary: New year.\n"
        f"publish_date: {tomorrow.isoformat()}\n---\nNew year.\n", encoding="utf-8")
    rendered = next_day_build(journey_site, tmp_path)
    assert {"updates/2023-01/index.html", "updates/index.html", "index.html",
            "sitemap.xml", "feed.xml"} <= rendered


def test_a_template_of_the_sites_own_that_shows_the_date_is_rendered_the_next_day(
        journey_site: Path, tmp_path: Path) -> None:
    (journey_site / "templates/update.html").write_text(
        (builtin_templates_dir() / "update.html").read_text(encoding="utf-8")
        + '{% block head %}<meta name="dcterms.date" content="{{ site.settings.today }}">'
        "{% endblock %}\n",
        encoding="utf-8")
    rendered = next_day_build(journey_site, tmp_path)
    assert {"updates/2022-10/index.html", "updates/2022-09/index.html"} <= rendered
    assert "updates/index.html" not in rendered


def test_a_page_whose_context_comes_from_the_date_is_rendered_the_next_day(
        journey_site: Path, tmp_path: Path) -> None:
    # Upcoming milestones are picked by date, though this template never names it;
    # "Alarm system replaced" (Q3 2022/23) is past on 1 January 2023.
    (journey_site / "templates/journey").mkdir()
    (journey_site / "templates/journey/overview.html").write_text(
        '{% extends "base.html" %}{% block content %}<ul>{% for m in upcoming %}'
        "<li>{{ m.title }}</li>{% endfor %}</ul>{% endblock %}\n", encoding="utf-8")
    assert "journey/index.html" in next_day_build(journey_site, tmp_path)


def test_an_edit_that_keeps_size_and_time_is_seen_right_after_a_build(journey_site: Path) -> None:
    """A file saved again within its timestamp's resolution looks unchanged by its stamp;
    a file changed so recently is read again next time (as git's index does)."""
    update = journey_site / "content/updates/2022-09.md"
    update.write_text(update.read_text())  # saved just now
    build(journey_site, today=TODAY)
    stat = update.stat()
    update.write_text(update.read_text().replace("Progress this month.", "Progress that month."))
    os.utime(update, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a coarse clock would
    assert update.stat().st_mtime_ns == stat.st_mtime_ns and update.stat().st_size == stat.st_size
    result = build(journey_site, today=TODAY)
    assert result.rendered == ("feed.xml", "updates/2022-09/index.html")
    assert "Progress that month." in (journey_site / "site/updates/2022-09/index.html").read_text()


def test_the_cache_is_never_published_and_no_cache_builds_everything(journey_site: Path) -> None:
    build(journey_site, today=TODAY)
    assert (journey_site / CACHE_FOLDER / CACHE_FILE).is_file()
    assert "delete" in (journey_site / CACHE_FOLDER / "README.txt").read_text()
    assert not any(CACHE_FOLDER in p.parts for p in (journey_site / "site").rglob("*"))
    started = time.time()
    result = run_journey("build", str(journey_site), "--now", "2022-12-31", "--no-cache")
    assert result.returncode == 0, result.stderr
    assert (journey_site / CACHE_FOLDER / CACHE_FILE).stat().st_mtime >= started - 1
    assert build(journey_site, today=TODAY).rendered == ()  # --no-cache made a new cache


def test_a_cache_that_cannot_be_written_is_no_error(journey_site: Path, tmp_path: Path) -> None:
    (journey_site / CACHE_FOLDER).write_text("a file where the folder should be")
    build(journey_site, today=TODAY, drafts=True)
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path)


def test_files_in_a_linked_folder_are_watched_too(journey_site: Path) -> None:
    """A folder of the site linked into content/ is read by the build, so it is digested."""
    (journey_site / "content/pages").rename(journey_site / "shared-pages")
    (journey_site / "content/pages").symlink_to("../shared-pages")
    build(journey_site, today=TODAY)
    edit(journey_site / "shared-pages/about.md", "About the trust.", "About our trust.")
    assert build(journey_site, today=TODAY).rendered == ("about/index.html",)
    assert "About our trust." in (journey_site / "site/about/index.html").read_text()


def test_a_strict_build_checks_the_pages_it_did_not_render(journey_site: Path) -> None:
    """--strict reads the kept pages back: a broken link in an unchanged page still fails."""
    edit(journey_site / "content/updates/2022-09.md", "Progress this month.",
         "Progress this month, as [our plan](/updates/no-such-update/) says.")
    build(journey_site, today=TODAY)
    edit(journey_site / "content/updates/2022-10.md", "---\nAlarm work.\n",
         "---\nAlarm work is done.\n")
    with pytest.raises(ContentErrors) as failure:
        build(journey_site, today=TODAY, strict=True)
    assert "updates/no-such-update" in str(failure.value.errors)
    assert "2022-09.md" in str(failure.value.errors)


def test_compiled_templates_that_cannot_be_kept_are_no_error(journey_site: Path) -> None:
    compiled = BuildCache(journey_site).compiled_templates()
    assert compiled is not None
    shutil.rmtree(journey_site / CACHE_FOLDER)  # gone while the build runs
    env = make_environment(journey_site, "/", None, compiled)
    assert "User-agent" in env.get_template("robots.txt").render(sitemap=False)


def test_links_out_of_the_site_are_not_followed(journey_site: Path, tmp_path: Path) -> None:
    """The loader refuses them; digesting what they lead to (a whole disk, perhaps)
    before it does would be slow and would read outside the site."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("not ours")
    (journey_site / "content/assets").mkdir(exist_ok=True)
    (journey_site / "content/assets/linked").symlink_to(outside)
    cache = BuildCache(journey_site)
    cache.scan()
    assert cache.inputs and not any("secret" in path for path in cache.inputs)


def record_parses(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each template parsed, with the process that parsed it, appended to ``log`` (forked
    children inherit the patch)."""
    real = jinja2.parser.Parser.parse

    def parse(parser: jinja2.parser.Parser) -> jinja2.nodes.Template:
        with log.open("a") as file:
            file.write(f"{os.getpid()} {parser.name}\n")
        return real(parser)

    monkeypatch.setattr(jinja2.parser.Parser, "parse", parse)


def parses(log: Path) -> collections.Counter[tuple[bool, str]]:
    """How often each template was parsed, by (in this process?, name)."""
    lines = log.read_text().split() if log.exists() else []
    return collections.Counter((int(pid) == os.getpid(), name)
                               for pid, name in zip(lines[::2], lines[1::2], strict=True))


def test_a_clean_build_compiles_templates_in_another_process_parsing_each_once(
        journey_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While this process loads the content: the other core sat idle meanwhile, and the
    templates were parsed twice (to find the templates they use, and to compile them)."""
    log = tmp_path / "parsed"
    record_parses(monkeypatch, log)
    result = build(journey_site, today=TODAY, drafts=True)  # as clean_build
    counts = parses(log)
    assert result.rendered and (False, "update.html") in counts and (False, "base.html") in counts
    assert set(counts.values()) == {1} and not any(here for here, _ in counts)
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path / "x")
    log.unlink()
    monkeypatch.setattr(BuildCache, "prepare_templates", lambda self, env: log.write_text(""))
    edit(journey_site / "content/updates/2022-09.md", "Progress this month.", "Progress: good.")
    build(journey_site, today=TODAY, drafts=True)  # the same templates: nothing to compile ahead
    assert not log.exists()


def test_if_compiling_ahead_fails_the_build_compiles_as_it_goes(
        journey_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "parsed"
    record_parses(monkeypatch, log)
    monkeypatch.setattr(BuildCache, "prepare_templates",
                        lambda self, env: os.kill(os.getpid(), 9))  # in the child only
    build(journey_site, today=TODAY, drafts=True)
    counts = parses(log)
    assert (True, "update.html") in counts and set(counts.values()) == {1}
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path / "x")


def record_writes(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each cache file written, with the process that wrote it, appended to ``log``."""
    real = build_cache._write

    def write(path: Path, state: object) -> None:
        with log.open("a") as file:
            file.write(f"{os.getpid()} {path.name}\n")
        real(path, state)  # type: ignore[arg-type]

    monkeypatch.setattr(build_cache, "_write", write)


def writers(log: Path) -> dict[str, set[bool]]:
    """Each cache file written, by whether this process wrote it."""
    lines = log.read_text().split()
    found: dict[str, set[bool]] = {}
    for pid, name in zip(lines[::2], lines[1::2], strict=True):
        found.setdefault(name, set()).add(int(pid) == os.getpid())
    return found


def test_much_content_is_written_to_the_cache_by_another_process(
        journey_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the build lists and keys its pages; the next build reads only what changed."""
    monkeypatch.setattr(build_cache, "_AHEAD_FROM", 1)  # this small site counts as much
    log = tmp_path / "written"
    record_writes(monkeypatch, log)
    build(journey_site, today=TODAY)
    written = writers(log)
    shards = {name: who for name, who in written.items() if name.startswith("content-")}
    assert shards and all(who == {False} for who in shards.values())
    assert written[CACHE_FILE] == {True}
    assert_next_build_reads_only_the_edited_file(journey_site, monkeypatch)


def test_if_the_process_writing_the_content_fails_the_build_writes_it(
        journey_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_cache, "_AHEAD_FROM", 1)
    parent, real = os.getpid(), BuildCache._write_shards
    monkeypatch.setattr(BuildCache, "_write_shards", lambda self, changed: (
        real(self, changed) if os.getpid() == parent else os.kill(os.getpid(), 9)))
    log = tmp_path / "written"
    record_writes(monkeypatch, log)
    build(journey_site, today=TODAY)
    shards = {name: who for name, who in writers(log).items() if name.startswith("content-")}
    assert shards and all(who == {True} for who in shards.values())
    assert_next_build_reads_only_the_edited_file(journey_site, monkeypatch)


def test_a_failed_build_leaves_no_process_behind(journey_site: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_cache, "_AHEAD_FROM", 1)
    (journey_site / "templates" / "update.html").write_text("{{ update.no_such_field }}")
    with pytest.raises(ContentErrors):
        build(journey_site, today=TODAY)
    with pytest.raises(ChildProcessError):  # no child: neither running nor unwaited for
        os.waitpid(-1, os.WNOHANG)


def assert_next_build_reads_only_the_edited_file(root: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    read = []
    real = markdown_files._read_markdown
    monkeypatch.setattr(markdown_files, "_read_markdown",
                        lambda file, *a: (read.append(Path(file).name), real(file, *a))[1])
    edit(root / "content/updates/2022-09.md", "Progress this month.", "Progress: good.")
    build(root, today=TODAY)
    assert read == ["2022-09.md"]


def test_a_strict_build_after_a_checked_one_with_nothing_changed_checks_nothing_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks read only what the build's key covers, so they would find the same."""
    from conftest import REPO

    from generator.quality import run
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    today = dt.date(2026, 11, 23)  # when the sample passes every check
    checked: list[object] = []
    real = run.run_checks
    monkeypatch.setattr(run, "run_checks",
                        lambda *args, **kwargs: checked.append(args) or real(*args, **kwargs))
    build(root, today=today)
    build(root, today=today, strict=True)  # nothing changed, but never checked
    assert len(checked) == 1
    again = build(root, today=today, strict=True)
    assert len(checked) == 1 and again.unchanged == again.files
    build(root, today=today + dt.timedelta(days=1), strict=True)  # what is stale may differ
    assert len(checked) == 2
    edit(root / "content/updates/2026-10-30-october-update.md", "## ", "## Changed: ")
    build(root, today=today + dt.timedelta(days=1))
    build(root, today=today + dt.timedelta(days=1), strict=True)
    assert len(checked) == 3


@pytest.mark.parametrize(("name", "page", "text"), [
    ("updates/2022-09.md", "updates/2022-09/index.html", "Progress this month."),
    ("site.yaml", "index.html", "Brackenmoor Mental Health NHS Trust"),  # read directly
])
def test_a_save_undone_after_it_was_saved_during_a_build_is_built(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch, name: str, page: str,
        text: str) -> None:
    """A file saved after the build digested it, before it read it: read as saved, but
    kept under the digest of before. Once that save was undone, the next build found
    nothing changed and kept the text in between."""
    build(journey_site, today=TODAY)
    file = journey_site / "content" / name
    before = file.read_text(encoding="utf-8")
    edit(file, text, f"{text} First edit.")
    first_edit = file.read_text(encoding="utf-8")
    real = BuildCache.scan

    def then_saved(cache: BuildCache) -> bytes:
        key = real(cache)
        file.write_text(before.replace(text, f"{text} Saved meanwhile."), encoding="utf-8")
        return key

    monkeypatch.setattr(BuildCache, "scan", then_saved)
    build(journey_site, today=TODAY)
    monkeypatch.setattr(BuildCache, "scan", real)
    file.write_text(first_edit, encoding="utf-8")  # the save undone
    build(journey_site, today=TODAY)
    shown = (journey_site / "site" / page).read_text(encoding="utf-8")
    assert f"{text} First edit." in shown and "Saved meanwhile" not in shown
    assert build(journey_site, today=TODAY).rendered == ()  # and kept again


def test_the_first_update_in_another_language_builds_every_page_again(
        journey_site: Path, tmp_path: Path) -> None:
    """Every page's footer then links to the page of other languages."""
    build(journey_site, today=TODAY, drafts=True)
    edit(journey_site / "content/updates/2022-09.md", "title:", "language: Polish\ntitle:")
    rendered = build(journey_site, today=TODAY, drafts=True).rendered
    assert "about/index.html" in rendered and "other-languages/index.html" in rendered
    assert manifest(journey_site / "site") == clean_build(journey_site, tmp_path)
