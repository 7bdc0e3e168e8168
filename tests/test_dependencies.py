"""Each page knows which content files and templates it is made from."""

from __future__ import annotations

from pathlib import Path

from conftest import SITES, SMALL_TODAY

from generator.content.loader import load_site
from generator.model.site import BuildSettings
from generator.pages import collect_pages
from generator.pages.dependencies import (
    Dependencies,
    page_dependencies,
    shared_dependencies,
)
from generator.render.references import TemplateReferences
from generator.render.templates import make_environment

ROOT = SITES / "small"


def test_pages_declare_their_content_files() -> None:
    site = load_site(ROOT, BuildSettings(today=SMALL_TODAY))
    pages = {p.output_path: p for p in collect_pages(site)}
    content = ROOT / "content"
    october = page_dependencies(pages["updates/2022-10-update/index.html"])
    assert set(october.full) == {content / "updates/2022-10-update.md"}
    # Its neighbours give the previous/next links: only their titles are shown.
    assert set(october.listed) == {content / "updates/2022-09-statement.md",
                              content / "updates/2022-11-update.md"}
    statement = page_dependencies(pages["updates/2022-09-statement/index.html"])
    assert content / "assets/response.pdf" in statement.full  # its size is shown
    about = page_dependencies(pages["about/index.html"])
    assert about.full == (content / "pages/about.md",) and not about.listed
    home = page_dependencies(pages["index.html"])
    assert home.full == (content / "updates/2022-11-update.md",)  # the latest, in full
    assert set(home.listed) == {content / "updates/2022-10-update.md",
                           content / "updates/2022-09-statement.md"}
    shared = shared_dependencies(site)
    assert set(shared.full) == {content / n for n in ("site.yaml", "rating.yaml", "glossary.yaml")}
    assert set(shared.listed) == {content / "pages/about.md", content / "pages/accessibility.md"}


def test_a_body_change_affects_full_dependencies_only() -> None:
    a, b = Path("a.md"), Path("b.md")
    deps = Dependencies(full=(a,), listed=(b,))
    assert deps.affected_by(changed=set(), body_only={a})
    assert not deps.affected_by(changed=set(), body_only={b})
    assert deps.affected_by(changed={b}, body_only=set())


def test_templates_declare_what_they_use() -> None:
    env = make_environment(Path(ROOT), "/")
    templates = TemplateReferences()
    assert templates.used(env, "update.html") == {
        "update.html", "base.html", "components/updates.html", "components/rating.html",
        "components/history.html", "components/analytics.html"}
    assert templates.used(env, "page.html") == {
        "page.html", "base.html", "components/rating.html", "components/history.html",
        "components/analytics.html", "components/updates.html"}
    # Only the templates not seen before were parsed: each is kept by its source.
    assert len(templates.found) == 7


def test_a_template_named_only_when_rendering_may_be_any_template(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}'
        '{% include "components/" ~ "extra.html" %}{% endblock %}')
    env = make_environment(tmp_path, "/")
    used = TemplateReferences().used(env, "page.html")
    assert used == set(env.list_templates())
    assert {"page.html", "base.html", "update.html", "feed.xml"} <= used
