"""Render one page: a pure function of the site model, the page and the templates."""

from __future__ import annotations

import jinja2

from generator.errors import ContentErrors
from generator.model.site import Site
from generator.pages import OutputPage, navigation
from generator.pages.base import Breadcrumb
from generator.pages.languages import footer_links
from generator.render.abbreviations import mark_abbreviations
from generator.render.memo import last_by_identity
from generator.render.templates import template_error


def render_page(env: jinja2.Environment, site: Site, page: OutputPage) -> str:
    """The page's HTML.

    Raises:
        ContentErrors: a template is missing, malformed or fails while rendering.
    """
    try:
        template = env.get_template(page.template)
        nav, nav_urls, footer = _navigation(site)
        html = template.render(site=site, page=page, nav=nav, nav_urls=nav_urls, footer=footer,
                               **page.context)
    except Exception as exc:  # any template failure is reported, never a traceback
        raise ContentErrors([template_error(exc, page.template)]) from None
    if _in_another_language(page):
        return html  # the glossary's meanings are English: not marked in a translation
    return mark_abbreviations(html, site.glossary)


def _in_another_language(page: OutputPage) -> bool:
    """Whether ``page`` is an update's or free page's written in a language not English,
    or lists only such (``in_other_languages``)."""
    if page.context.get("in_other_languages"):
        return True
    item = page.context.get("update") or page.context.get("page_content")
    language = getattr(item, "language", None)
    return language is not None and not language.is_english


@last_by_identity
def _navigation(site: Site,
                ) -> tuple[tuple[Breadcrumb, ...], frozenset[str], tuple[Breadcrumb, ...]]:
    """The site's navigation, the addresses in it, and the footer's links, made once for
    all its pages."""
    items = navigation(site)
    return items, frozenset(item.url for item in items), footer_links(site, items)
