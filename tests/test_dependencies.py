"""Each page knows which content files and templates it is made from."""

from __future__ import annotations

from pathlib import Path

from conftest import SITES, SMALL_TODAY

from generator.content.loader import load_site
from generator.model.site import BuildSettings
from generator.pages import collect_pages
from generator.pages.dependencies import content_dependencies, template_dependencies
from generator.render.templates import make_environment

ROOT = SITES / "small"


def test_pages_declare_their_content_files() -> None:
    site = load_site(ROOT, BuildSettings(today=SMALL_TODAY))
    pages = {p.output_path: p for p in collect_pages(site)}
    content = ROOT / "content"
    october = content_dependencies(site, pages["updates/2022-10-update/index.html"])
    assert content / "updates/2022-10-update.md" in october
    # Its neighbours give the previous/next links.
    assert content / "updates/2022-09-statement.md" in october
    assert content / "updates/2022-11-update.md" in october
    assert content / "site.yaml" in october and content / "rating.yaml" in october
    about = content_dependencies(site, pages["about/index.html"])
    assert content / "updates/2022-10-update.md" not in about
    assert content / "pages/about.md" in about
    home = content_dependencies(site, pages["index.html"])
    assert {content / "updates" / n for n in ("2022-09-statement.md", "2022-10-update.md")} <= home


def test_templates_declare_what_they_use() -> None:
    env = make_environment(Path(ROOT), "/")
    assert template_dependencies(env, "update.html") == {
        "update.html", "base.html", "components/updates.html", "components/rating.html"}
    assert template_dependencies(env, "page.html") == {
        "page.html", "base.html", "components/rating.html"}
