"""The page of what the site has in languages other than English (``language:``), by
language, linked from every page's footer: a reader of Polish finds all there is in Polish
from any page."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model.site import Site
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.core import HOME, OTHER_LANGUAGES, has_own_languages_page


def footer_links(site: Site, navigation: tuple[Breadcrumb, ...]) -> tuple[Breadcrumb, ...]:
    """The footer's links to the site's pages: the ``navigation``'s, and the page of what
    is in other languages when there is any (a site's own page at that address is in the
    navigation already)."""
    if not site.other_languages or has_own_languages_page(site):
        return navigation
    return (*navigation, OTHER_LANGUAGES)


def languages_page(site: Site) -> Iterator[OutputPage]:
    """The page listing what is in each other language; none when there is nothing, or
    the site has its own page at that address."""
    languages = site.other_languages
    if not languages or has_own_languages_page(site):
        return
    yield OutputPage(
        url=OTHER_LANGUAGES.url,
        template="languages.html",
        title=OTHER_LANGUAGES.title,
        listed=tuple(item.source.path for group in languages for item in group.items),
        context={"languages": languages, "in_other_languages": True},
        description="What we have published in languages other than English.",
        breadcrumbs=(HOME,),
    )
