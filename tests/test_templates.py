"""A site's own templates override the built-in ones by file name."""

from __future__ import annotations

from pathlib import Path

from conftest import SMALL_TODAY, parse

from generator.build import build


def test_a_site_template_overrides_the_builtin_one(small_site: Path) -> None:
    (small_site / "templates").mkdir()
    (small_site / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1 class="mine">{{ page.title }}</h1>'
        "{% endblock %}", encoding="utf-8")
    build(small_site, today=SMALL_TODAY)
    about = parse(small_site / "site/about/index.html")
    assert about.select_one("h1.mine") is not None
    # Other templates are still the built-in ones.
    assert parse(small_site / "site/index.html").select_one("section.rating-panel") is not None


def test_a_site_component_override_is_used_everywhere(small_site: Path) -> None:
    (small_site / "templates/components").mkdir(parents=True)
    (small_site / "templates/components/updates.html").write_text(
        "{% macro kind_tag(update) %}<em class='own-tag'>{{ update.kind.label }}</em>{% endmacro %}"
        "{% macro published(update) %}{% endmacro %}{% macro signatories(update) %}{% endmacro %}"
        "{% macro attachments(update, heading_level=2) %}{% endmacro %}"
        "{% macro update_list(updates, heading_level=3) %}{% endmacro %}", encoding="utf-8")
    build(small_site, today=SMALL_TODAY)
    page = parse(small_site / "site/updates/2022-10-update/index.html")
    assert page.select_one("em.own-tag") is not None


def test_a_site_stylesheet_overrides_the_builtin_one(small_site: Path) -> None:
    (small_site / "templates/static/css").mkdir(parents=True)
    (small_site / "templates/static/css/journey.css").write_text("body { color: black; }")
    build(small_site, today=SMALL_TODAY)
    (css,) = (small_site / "site/static/css").glob("journey.*.css")
    assert css.read_text() == "body { color: black; }"


def test_autoescape_is_on_for_content(small_site: Path) -> None:
    path = small_site / "content/pages/about.md"
    path.write_text('---\ntitle: "<script>alert(1)</script>"\n---\nBody\n', encoding="utf-8")
    build(small_site, today=SMALL_TODAY)
    html = (small_site / "site/about/index.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
