"""Output is atomic, protected and deterministic."""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REPO, SMALL_TODAY, run_journey

from generator import output
from generator.build import build
from generator.cli import main
from generator.errors import ContentErrors
from generator.output import MARKER, alive_on_windows, previous_site, recover_interrupted


def manifest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(small_site: Path) -> None:
    build(small_site, today=SMALL_TODAY)
    before = manifest(small_site / "site")
    (small_site / "content/updates/2022-11-update.md").write_text("---\ntitle: [broken\n---\n")
    with pytest.raises(ContentErrors):
        build(small_site, today=SMALL_TODAY)
    assert manifest(small_site / "site") == before
    assert sorted(p.name for p in small_site.iterdir()) == [".cache", "content", "site"]


def test_a_template_failure_also_leaves_the_site_untouched(small_site: Path) -> None:
    build(small_site, today=SMALL_TODAY)
    before = manifest(small_site / "site")
    (small_site / "templates").mkdir()
    (small_site / "templates/update.html").write_text("{{ nothing.here }}")
    with pytest.raises(ContentErrors):
        build(small_site, today=SMALL_TODAY)
    assert manifest(small_site / "site") == before


def test_a_failed_build_keeps_the_previous_site_for_the_next(small_site: Path,
                                                             tmp_path: Path) -> None:
    """Pages are written as they are rendered; a template failing part way leaves the
    live site whole, and the kept previous site (its folders) is there for the next build."""
    site, previous = small_site / "site", previous_site(small_site / "site")
    update = small_site / "content/updates/2022-11-update.md"
    build(small_site, today=SMALL_TODAY)
    update.write_text(update.read_text().replace("November body text", "November text"))
    build(small_site, today=SMALL_TODAY)
    live = manifest(site)
    (small_site / "templates").mkdir()
    (small_site / "templates/update.html").write_text(
        "{% extends 'base.html' %}{% block content %}"
        "{% if page.slug == '2022-11-update' %}{{ nothing.here }}{% endif %}{% endblock %}")
    with pytest.raises(ContentErrors):
        build(small_site, today=SMALL_TODAY)
    assert manifest(site) == live
    assert (previous / MARKER).is_file()
    assert not [p for p in small_site.iterdir() if ".building-" in p.name]
    shutil.rmtree(small_site / "templates")
    update.write_text(update.read_text().replace("November text", "November words"))
    build(small_site, today=SMALL_TODAY)
    build(small_site, tmp_path / "clean", today=SMALL_TODAY)
    assert manifest(site) == manifest(tmp_path / "clean")


def test_a_disk_filling_up_while_pages_are_written_is_a_clear_error(
        small_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages are written while others render: a write failing there leaves the live site."""
    import errno

    import generator.output as output
    build(small_site, today=SMALL_TODAY)
    live = manifest(small_site / "site")
    (small_site / "content/updates/2022-11-update.md").write_text(
        "---\ntitle: Changed\ndate: 2022-11-30\nsummary: S\n---\nNew text\n")
    real_create, written = output._create, []

    def fill_up(target: str | Path, source: bytes | str | Path, linked: bool) -> None:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(target)
        real_create(target, source, linked)

    monkeypatch.setattr(output, "_create", fill_up)
    with pytest.raises(ContentErrors) as caught:
        build(small_site, today=SMALL_TODAY)
    error = caught.value.errors[0]
    assert error.message == "the site could not be written: No space left on device"
    assert "free disk space" in error.hint
    assert manifest(small_site / "site") == live
    assert not [p for p in small_site.iterdir() if ".building-" in p.name]


def test_a_build_that_fails_before_loading_still_waits_for_its_templates_child(
        small_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The templates are compiled in a forked child from before the content is loaded: a
    build that fails before loading it (its new site cannot be started) waits for the
    child too, leaving no process behind."""
    from generator import forked
    children: list[forked.Child[Any]] = []
    start = forked.Child.__init__

    def noted(child: forked.Child[Any], work: Any) -> None:
        start(child, work)
        children.append(child)

    def refused(writer: output.SiteWriter) -> output.SiteWriter:
        raise output.WriteFailed(PermissionError(13, "Permission denied"))

    monkeypatch.setattr(forked.Child, "__init__", noted)
    monkeypatch.setattr(output.SiteWriter, "__enter__", refused)
    with pytest.raises(ContentErrors) as caught:
        build(small_site, today=SMALL_TODAY)
    assert caught.value.errors[0].message == "the site could not be written: Permission denied"
    assert [child._pid != 0 for child in children] == [True]  # forked: the templates'
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0]._pid, os.WNOHANG)  # waited for, so gone


def test_on_macos_the_new_site_is_swapped_in_with_one_call(
        small_site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """macOS's C library has renamex_np (RENAME_SWAP), not Linux's renameat2. Here a stand-in
    for it swaps the two folders as macOS does."""
    swaps: list[tuple[str, str, int]] = []

    class MacLibc:
        def renamex_np(self, a: bytes, b: bytes, flags: int) -> int:
            swaps.append((Path(os.fsdecode(a)).name, Path(os.fsdecode(b)).name, flags))
            between = os.fsdecode(a) + ".swapping"
            os.rename(a, between)
            os.rename(b, a)
            os.rename(between, b)
            return 0

    build(small_site, today=SMALL_TODAY)
    (small_site / "content/updates/2022-11-update.md").write_text(
        "---\ntitle: Changed\ndate: 2022-11-30\nsummary: S\n---\nNew text\n")
    monkeypatch.setattr(output, "ctypes", types.SimpleNamespace(
        CDLL=lambda name, use_errno: MacLibc(),
        util=types.SimpleNamespace(find_library=lambda name: "/usr/lib/libc.dylib")))
    build(small_site, today=SMALL_TODAY)
    monkeypatch.undo()
    ((staging, site, flags),) = swaps
    assert staging.startswith(".site.building-") and site == "site" and flags == 2
    build(small_site, tmp_path / "clean", today=SMALL_TODAY)
    assert manifest(small_site / "site") == manifest(tmp_path / "clean")
    assert (previous_site(small_site / "site") / MARKER).is_file()  # the old site, kept


def _refuse_renames_into_the_site(monkeypatch: pytest.MonkeyPatch, times: int) -> list[str]:
    """Swap folders with two renames, as on Windows and macOS, and refuse the first
    ``times`` renames of a new site into site/ as Windows does while a program (antivirus
    software, a terminal) holds a file in it. The renames tried, by source folder."""
    tried: list[str] = []
    real = Path.rename

    def rename(source: Path, target: Any) -> Any:
        if Path(target).name == "site" and source.name.startswith(".site.building-"):
            tried.append(source.name)
            if len(tried) <= times:
                raise PermissionError(13, "The process cannot access the file because it "
                                          "is being used by another process")
        return real(source, target)

    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    monkeypatch.setattr(output, "_RENAME_WAITS", (0.0,) * 5)
    monkeypatch.setattr(Path, "rename", rename)
    return tried


def test_a_site_folder_held_for_a_moment_is_swapped_in_when_let_go(
        small_site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build(small_site, today=SMALL_TODAY)
    (small_site / "content/updates/2022-11-update.md").write_text(
        "---\ntitle: Changed\ndate: 2022-11-30\nsummary: S\n---\nNew text\n")
    tried = _refuse_renames_into_the_site(monkeypatch, times=2)
    build(small_site, today=SMALL_TODAY)
    assert len(tried) == 3
    monkeypatch.undo()
    build(small_site, tmp_path / "clean", today=SMALL_TODAY)
    assert manifest(small_site / "site") == manifest(tmp_path / "clean")
    assert sorted(p.name for p in small_site.iterdir()) == [
        ".cache", ".site.previous", "content", "site"]


def test_a_site_folder_held_throughout_leaves_the_previous_site_where_it_was(
        small_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The old site was moved aside for the new one: it is put back, not left missing
    until the next build, and the message says what to close."""
    build(small_site, today=SMALL_TODAY)
    live = manifest(small_site / "site")
    (small_site / "content/updates/2022-11-update.md").write_text(
        "---\ntitle: Changed\ndate: 2022-11-30\nsummary: S\n---\nNew text\n")
    tried = _refuse_renames_into_the_site(monkeypatch, times=100)
    with pytest.raises(ContentErrors) as caught:
        build(small_site, today=SMALL_TODAY)
    assert len(tried) == len(output._RENAME_WAITS) + 1
    assert manifest(small_site / "site") == live
    assert not [p for p in small_site.iterdir() if ".old-" in p.name or ".building-" in p.name]
    error = caught.value.errors[0]
    assert error.message.startswith("the site could not be written: The process cannot "
                                     "access the file")
    assert error.hint.startswith("close any program that has a file or folder of it open (a "
                                 "terminal in it, File Explorer, an editor)")
    assert error.hint.endswith("the previous site was left as it was.")


def test_a_rebuild_replaces_the_whole_site(small_site: Path) -> None:
    build(small_site, today=SMALL_TODAY)
    (small_site / "site/stale.html").write_text("old")
    (small_site / "content/pages/about.md").unlink()
    build(small_site, today=SMALL_TODAY)
    assert not (small_site / "site/stale.html").exists()
    assert not (small_site / "site/about").exists()
    assert (small_site / "site" / MARKER).is_file()


def test_two_builds_are_byte_identical(small_site: Path, tmp_path: Path) -> None:
    build(small_site, tmp_path / "one", today=SMALL_TODAY)
    build(small_site, tmp_path / "two", today=SMALL_TODAY)
    assert manifest(tmp_path / "one") == manifest(tmp_path / "two")


def test_builds_under_different_hash_seeds_and_timezones_are_identical(tmp_path: Path) -> None:
    outs = []
    for seed, tz in (("1", "UTC"), ("4242", "Pacific/Kiritimati")):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz}
        subprocess.run([sys.executable, "-m", "generator", "build", str(REPO), "--out", str(out),
                        "--now", "2026-11-23"], env=env, check=True, capture_output=True)
        outs.append(manifest(out))
    assert outs[0] == outs[1]


def _copy_in_order(source: Path, target: Path, newest_first: bool) -> None:
    """Copy a site's files one by one, in a chosen order and with made-up file times."""
    files = sorted((p for p in source.rglob("*") if p.is_file()), reverse=newest_first)
    for i, path in enumerate(files):
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
        stamp = 1_000_000_000 + (i * 7919 if newest_first else -i * 104729)
        os.utime(copy, (stamp, stamp))


def test_builds_are_identical_whatever_the_machine_says(tmp_path: Path) -> None:
    """Time zone, locale, hash seed, file order and file times change nothing; the build
    date comes from SOURCE_DATE_EPOCH (or --now), never the clock."""
    epoch = "1795392000"  # 23 November 2026
    outs = []
    variants = [("1", "UTC", "C", False), ("4242", "Pacific/Kiritimati", "C.UTF-8", True),
                ("77", "America/St_Johns", "POSIX", True)]
    for seed, tz, locale, newest_first in variants:
        root = tmp_path / f"site-{seed}"
        _copy_in_order(REPO / "content", root / "content", newest_first)
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": locale,
               "LANG": locale, "SOURCE_DATE_EPOCH": epoch}
        subprocess.run([sys.executable, "-m", "generator", "build", str(root)], env=env,
                       check=True, capture_output=True)
        outs.append(manifest(root / "site"))
    with_now = tmp_path / "with-now"
    subprocess.run([sys.executable, "-m", "generator", "build", str(REPO), "--out",
                    str(with_now), "--now", "2026-11-23"], check=True, capture_output=True)
    assert outs[0] == outs[1] == outs[2] == manifest(with_now)


@pytest.mark.parametrize("out", [".", "content", "content/site", "templates", ".."])
def test_output_folders_that_would_destroy_content_are_refused(small_site: Path, out: str) -> None:
    (small_site / "templates").mkdir()
    before = manifest(small_site / "content")
    result = CliRunner().invoke(main, ["build", str(small_site), "--out", str(small_site / out)])
    assert result.exit_code == 1
    assert "error: the output folder" in result.output
    assert manifest(small_site / "content") == before


def test_a_folder_journey_did_not_build_is_not_replaced(small_site: Path, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "minutes.docx").write_text("board minutes")
    result = CliRunner().invoke(main, ["build", str(small_site), "--out", str(precious)])
    assert result.exit_code == 1
    assert "already has files that journey did not build" in result.output
    assert (precious / "minutes.docx").read_text() == "board minutes"


def test_leftovers_of_a_killed_build_are_cleaned_and_a_lost_site_restored(tmp_path: Path) -> None:
    out = tmp_path / "site"
    dead_pid = "999999999"
    half_built = tmp_path / f".site.building-{dead_pid}"
    half_built.mkdir()
    (half_built / "index.html").write_text("half")
    old = tmp_path / f".site.old-{dead_pid}"
    old.mkdir()
    (old / "index.html").write_text("the previous site")
    recover_interrupted(out)
    assert not half_built.exists()
    assert (out / "index.html").read_text() == "the previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


class _Kernel32:
    """Windows' process calls, as alive_on_windows uses them, for one process."""

    def __init__(self, opened: bool, error: int = 0, exit_code: int = 0) -> None:
        self.opened, self.error, self.exit_code, self.closed = opened, error, exit_code, False

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        return 7 if self.opened else 0

    def GetLastError(self) -> int:
        return self.error

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:
        code._obj.value = self.exit_code
        return 1

    def CloseHandle(self, handle: int) -> None:
        self.closed = True


@pytest.mark.parametrize(("kernel32", "alive"), [
    (_Kernel32(opened=True, exit_code=259), True),  # STILL_ACTIVE
    (_Kernel32(opened=True, exit_code=0), False),  # ended, its handle still held
    (_Kernel32(opened=False, error=87), False),  # no such process
    (_Kernel32(opened=False, error=5), True),  # another user's
])
def test_on_windows_a_builds_process_is_asked_after_not_signalled(
        kernel32: _Kernel32, alive: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows os.kill(pid, 0) sends Ctrl+C: a killed build's leftovers must be
    recognised without it."""
    assert alive_on_windows(1234, kernel32) is alive
    assert kernel32.closed is kernel32.opened
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=kernel32),
                        raising=False)
    monkeypatch.setattr(os, "kill", lambda *args: pytest.fail("os.kill on Windows"))
    assert output._alive(1234) is alive


def test_a_site_on_a_drive_without_hard_links_is_built_again(
        small_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged files are hard-linked from the last build; a network share or a FAT
    drive refuses that: they are copied instead (and the search index made again)."""
    site_yaml = small_site / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("site:\n", "site:\n  search: true\n"))
    build(small_site, today=SMALL_TODAY)
    first = manifest(small_site / "site")
    assert any(path.startswith("pagefind/") for path in first)

    def refused(source: object, target: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    update = small_site / "content/updates/2022-10-update.md"
    update.write_text(update.read_text() + "\nOne more line.\n")
    result = build(small_site, today=SMALL_TODAY)
    assert result.unchanged > 0  # those it would have linked
    second = manifest(small_site / "site")
    changed = {path for path in first if first[path] != second.get(path)}
    assert "updates/2022-10-update/index.html" in changed
    pages = {path for path in first if not path.startswith("pagefind/")}  # index: new names
    assert pages == {path for path in second if not path.startswith("pagefind/")}
    assert len(changed & pages) < len(pages) // 2
    build(small_site, today=SMALL_TODAY, use_cache=False)  # the same pages
    assert manifest(small_site / "site") == second


SCRATCH = {  # what programs and systems leave beside content: never content, never published
    "content/updates/~$ober-update.md": "Word's owner file, while the update is open in it",
    "content/updates/#2022-09.md#": "Emacs's autosave",
    "content/updates/2022-09.md~": "a backup",
    "content/journey/warning-notices/.wn1.md.swp": "an editor's swap file",
    "content/journey/warning-notices/~$wn1.md": "Word's owner file",
    "content/assets/Thumbs.db": "Explorer's thumbnails",
    "content/assets/desktop.ini": "[.ShellClassInfo]",
    "content/assets/.DS_Store": "a Mac's folder settings",
    "templates/~$page.html": "{% broken",
    "templates/static/css/desktop.ini": "[.ShellClassInfo]",
}


def test_files_programs_leave_beside_the_content_are_not_content(journey_site: Path) -> None:
    today = dt.date(2022, 10, 15)
    build(journey_site, today=today)
    before = manifest(journey_site / "site")
    for rel, text in SCRATCH.items():
        (journey_site / rel).parent.mkdir(parents=True, exist_ok=True)
        (journey_site / rel).write_text(text)
    result = run_journey("check", str(journey_site), "--now", today.isoformat())
    assert "~$" not in result.stderr and "#" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    build(journey_site, today=today, use_cache=False)
    assert manifest(journey_site / "site") == before


def test_killed_build_mid_write_keeps_old_site(small_site: Path) -> None:
    """SIGKILL while writing: the site folder is still the complete previous build."""
    build(small_site, today=SMALL_TODAY)
    before = manifest(small_site / "site")
    script = (
        "import os, signal, generator.output as o\n"
        "real = o._swap_in\n"
        "def die(*a): os.kill(os.getpid(), signal.SIGKILL)\n"
        "o._swap_in = die\n"
        "from generator.build import build\n"
        "import datetime, pathlib\n"
        f"build(pathlib.Path({str(small_site)!r}), today=datetime.date(2022, 12, 31), "
        "use_cache=False)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -9
    assert manifest(small_site / "site") == before
    assert any(p.name.startswith(".site.building-") for p in small_site.iterdir())
    build(small_site, today=SMALL_TODAY)  # the next build cleans up, even with nothing to do
    assert sorted(p.name for p in small_site.iterdir()) == [".cache", "content", "site"]


def test_unchanged_files_are_not_written_again(small_site: Path) -> None:
    """A rebuild leaves the bytes and dates of unchanged files alone (fast deploys, rsync)."""
    first = build(small_site, today=SMALL_TODAY)
    assert first.unchanged == 0
    site = small_site / "site"
    before = {p.relative_to(site): p.stat() for p in site.rglob("*") if p.is_file()}
    update = small_site / "content/updates/2022-11-update.md"
    update.write_text(update.read_text().replace("November body text", "November text"))
    second = build(small_site, today=SMALL_TODAY)
    after = {p.relative_to(site): p.stat() for p in site.rglob("*") if p.is_file()}
    changed = {rel for rel in after if after[rel].st_ino != before[rel].st_ino}
    assert changed == {Path("updates/2022-11-update/index.html"), Path("index.html"),
                       Path("feed.xml"), Path(".journey-build")}
    for rel in set(after) - changed:
        assert after[rel].st_mtime_ns == before[rel].st_mtime_ns, rel
    assert second.unchanged == second.files - 3
    result = run_journey("build", str(small_site), "--now", "2022-12-31")
    assert f"(0 files written, {second.files} unchanged)" in result.stdout
    about = small_site / "content/pages/about.md"
    about.write_text(about.read_text() + "\nOne more sentence.\n")
    result = run_journey("build", str(small_site), "--now", "2022-12-31")
    assert f"(1 file written, {second.files - 1} unchanged)" in result.stdout


def test_the_previous_site_is_kept_whole_and_made_into_the_next(small_site: Path,
                                                                 tmp_path: Path) -> None:
    """The site a build replaces stays beside it, intact, and the next build reuses its
    folders; whatever is in it, the new site is exactly a clean build's."""
    site, previous = small_site / "site", previous_site(small_site / "site")
    update = small_site / "content/updates/2022-11-update.md"
    build(small_site, today=SMALL_TODAY)
    assert not previous.exists()
    first = manifest(site)
    update.write_text(update.read_text().replace("November body text", "November text"))
    build(small_site, today=SMALL_TODAY)
    assert manifest(previous) == first  # files shared with the new site were not written into
    second = manifest(site)
    assert second != first
    # Spoil the kept site every way a file can differ: the next build must not be fooled.
    (previous / "index.html").write_text("tampered")
    (previous / "stray.html").write_text("left over")
    (previous / "updates/extra/deeper").mkdir(parents=True)
    (previous / "updates/extra/deeper/page.html").write_text("left over")
    (previous / "feed.xml").unlink()
    (previous / "feed.xml").mkdir()
    about = next(p for p in previous.rglob("*.html") if "about" in p.as_posix()).parent
    shutil.rmtree(about)
    about.write_text("a file where a folder was")
    update.write_text(update.read_text().replace("November text", "November words"))
    build(small_site, today=SMALL_TODAY)
    build(small_site, tmp_path / "clean", today=SMALL_TODAY)
    assert manifest(site) == manifest(tmp_path / "clean")
    assert manifest(previous) == second
    assert sorted(p.name for p in small_site.iterdir()) == [".cache", ".site.previous", "content", "site"]
