"""No file name, attachment, photo, logo or template can make a build read or write outside
the site's folder: each attempt is a clear content error, and nothing outside is published."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import run_journey

from generator.content.files import LINKED_OUTSIDE
from generator.errors import ContentErrors
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings

SECRET = "TOP SECRET"
UPDATE = "---\ntitle: November\ndate: 2022-11-30\nsummary: News.\n{extra}---\nBody.\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file next to the site, which must never be read into it."""
    secret = tmp_path / "secret.md"
    secret.write_text(UPDATE.format(extra="") + SECRET + "\n")
    return secret


def build_fails(root: Path, *expected: str) -> str:
    result = run_journey("build", str(root), "--now", "2022-12-01")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr
    assert not (root / "site").exists()
    return result.stderr


@pytest.mark.parametrize("file", [
    "../../secret.md", "/etc/passwd", "assets/../../secret.md", "assets/../site.yaml",
    "assets\\..\\..\\secret.md", "C:\\Windows\\win.ini", "updates/2022-11.md", "~/secret.md",
    "assets/", "assets/missing.pdf",
])
def test_attachments_must_be_inside_assets(write_site, outside: Path, file: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/2022-11.md": UPDATE.format(
        extra=f"attachments:\n  - {{title: Report, file: '{file}'}}\n")})
    (root / "content/assets").mkdir(exist_ok=True)
    build_fails(root, "content/updates/2022-11.md:6:", f'attachment "{file}"')


@pytest.mark.parametrize("photo", ["../secret.md", "/etc/passwd", "assets/../../secret.md"])
def test_board_photos_must_be_inside_assets(write_site, outside: Path, photo: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/board.yaml":
                       f"executive:\n  - {{name: Ada Lovelace, role: Chair, photo: '{photo}'}}\n"})
    build_fails(root, "content/board.yaml:2:", f'the photo "{photo}"')


@pytest.mark.parametrize("logo", ["../secret.svg", "/etc/passwd", "https://evil.example/x.svg"])
def test_the_logo_must_be_inside_assets(write_site, logo: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/site.yaml": f"trust:\n  name: Test Trust\n  logo: '{logo}'\n"})
    build_fails(root, "content/site.yaml:3:", f'the logo "{logo}"')


@pytest.mark.parametrize("where", ["content/updates/leak.md", "content/pages/leak.md",
                                   "content/rating.yaml", "content/site.yaml",
                                   "content/journey/actions.yaml", "content/assets/leak.pdf",
                                   "templates/base.html"])
def test_links_out_of_the_site_are_refused(write_site, outside: Path, where: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/2022-11.md": UPDATE.format(extra="")})
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    os.symlink(outside, link)
    stderr = build_fails(root, where, "is a link to a file outside")
    assert SECRET not in stderr


def test_a_link_inside_the_site_is_fine(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"drafts/2022-11.md": UPDATE.format(extra="")})
    (root / "content/updates").mkdir()
    os.symlink(root / "drafts/2022-11.md", root / "content/updates/2022-11.md")
    result = run_journey("build", str(root), "--now", "2022-12-01")
    assert result.returncode == 0, result.stderr
    assert (root / "site/updates/2022-11/index.html").is_file()


@pytest.mark.parametrize("include", ["../../secret.md", "/etc/passwd", "../content/site.yaml"])
def test_templates_cannot_include_files_outside_the_templates(write_site, outside: Path,  # type: ignore[no-untyped-def]
                                                              include: str) -> None:
    root = write_site({"templates/glossary.html": f'{{% include "{include}" %}}',
                       "content/glossary.yaml": "CQC: Care Quality Commission\n"})
    stderr = build_fails(root, "glossary.html")
    assert SECRET not in stderr


@pytest.mark.parametrize("name", ["---.md", "___.md", "-.md"])
def test_file_names_without_letters_are_refused(write_site, name: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({f"content/updates/{name}": UPDATE.format(extra="")})
    build_fails(root, f"content/updates/{name}", "this file name has no letters or numbers")


@pytest.mark.parametrize("out", ["..", "../..", "/"])
def test_the_output_cannot_be_a_folder_above_the_site(write_site, out: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    result = run_journey("build", str(root), "--out", out if out == "/" else str(root / out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "choose a new or empty folder for --out" in result.stderr


@pytest.mark.parametrize("named", [True, False])
def test_the_preview_refuses_a_file_that_becomes_a_link_out(write_site, outside: Path,  # type: ignore[no-untyped-def]
                                                            named: bool) -> None:
    """The preview does not check again files it has seen unchanged: one that is replaced
    by a link out of the site is new to it, whether the watcher names it or not."""
    root = write_site({"content/updates/2022-11.md": UPDATE.format(extra="")})
    builder = IncrementalBuilder(root, BuildSettings(today=dt.date(2022, 12, 1)))
    builder.rebuild()
    builder.rebuild(set())  # seen unchanged
    update = root / "content/updates/2022-11.md"
    update.unlink()
    os.symlink(outside, update)
    with pytest.raises(ContentErrors) as failed:
        builder.rebuild({update} if named else set())
    assert [e.message for e in failed.value.errors] == [LINKED_OUTSIDE]
    assert builder.last_good is not None
    assert SECRET.encode() not in b"".join(builder.last_good.pages.values())
