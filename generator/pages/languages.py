"""The page of what the site has in languages other than English (``language:``), by
language, linked from every page's footer: a reader of Polish finds all there is in Polish
from any page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.model.languages import Language
from generator.model.site import Site
from generator.model.updates import FreePage, Update
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.core import HOME
from generator.render.memo import last_by_identity

OTHER_LANGUAGES = Breadcrumb("Information in other languages", "other-languages/")


@dataclass(frozen=True, slots=True)
class InLanguage:
    """What the site has in one language: its updates (newest first) and pages."""

    language: Language
    updates: tuple[Update, ...]
    pages: tuple[FreePage, ...]

    @property
    def items(self) -> tuple[Update | FreePage, ...]:
        return (*self.updates, *self.pages)

    @property
    def own_name(self) -> str:
        return self.language.own_name

    @property
    def english_name(self) -> str:
        return self.language.english_name


@last_by_identity  # asked for by every page's footer
def by_language(site: Site) -> tuple[InLanguage, ...]:
    """Each language other than English that shown updates or pages are written in, in
    order of its English name."""
    found: dict[str, tuple[list[Update], list[FreePage]]] = {}
    for update in site.updates:
        if update.language is not None and not update.language.is_english:
            found.setdefault(update.language.code, ([], []))[0].append(update)
    for page in site.pages:
        if page.language is not None and not page.language.is_english:
            found.setdefault(page.language.code, ([], []))[1].append(page)
    groups = [InLanguage(Language(code), tuple(updates), tuple(pages))
              for code, (updates, pages) in found.items()]
    return tuple(sorted(groups, key=lambda g: (g.english_name, g.language.code)))


def footer_links(site: Site, navigation: tuple[Breadcrumb, ...]) -> tuple[Breadcrumb, ...]:
    """The footer's links to the site's pages: the ``navigation``'s, and the page of what
    is in other languages when there is any (a site's own page at that address is in the
    navigation already)."""
    if not by_language(site) or any(item.url == OTHER_LANGUAGES.url for item in navigation):
        return navigation
    return (*navigation, OTHER_LANGUAGES)


def languages_page(site: Site) -> Iterator[OutputPage]:
    """The page listing what is in each other language; none when there is nothing, or
    the site has its own page at that address."""
    languages = by_language(site)
    if not languages or any(p.slug == OTHER_LANGUAGES.url.strip("/") for p in site.pages):
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
