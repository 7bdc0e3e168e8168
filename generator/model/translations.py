"""Translations (``translation_of:``): a statement or page and its versions in other
languages, which link to each other; and what the site has in each language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.model.languages import Language
from generator.model.updates import FreePage, Ref, Update

if TYPE_CHECKING:
    from generator.model.site import Site

Item = Update | FreePage


def translated_slug(ref: Ref) -> str:
    """The address of the update or page ``translation_of:`` names, written as its file's
    name ("2026-11-20-statement.md"), its address ("/updates/2026-11-20-statement/") or
    the address's last part: editors copy whichever they have to hand."""
    written = ref.id.strip().strip("/")
    if written.lower().endswith(".md"):
        written = written[:-3]
    return written.rsplit("/", 1)[-1]


def item_language(item: Item, site_language: str) -> Language:
    """The language ``item`` is written in: its own, else the site's."""
    return item.language or Language(site_language)


def version_groups(items: Iterable[Item]) -> dict[str, tuple[Item, ...]]:
    """Each item that has translations, or is one, by its address: it and its other
    versions, the original first, then the translations by their languages' English
    names. The loader checked each ``translation_of`` names an original shown with it."""
    items = tuple(items)
    translations: dict[str, list[Item]] = {}
    for item in items:
        if item.translation_of is not None:
            translations.setdefault(translated_slug(item.translation_of), []).append(item)
    if not translations:
        return {}
    groups: dict[str, tuple[Item, ...]] = {}
    for item in items:
        others = translations.get(item.slug)
        if others is None or item.translation_of is not None:
            continue
        others.sort(key=lambda t: t.language.english_name if t.language else "")
        group = (item, *others)
        for member in group:
            groups[member.slug] = group
    return groups


@dataclass(frozen=True, slots=True)
class Version:
    """A link to one version of an update or page, as its pages list them."""

    url: str
    language: Language
    current: bool  # the page this list is on


@dataclass(frozen=True, slots=True)
class InLanguage:
    """What the site has in one language: its updates (newest first) and pages."""

    language: Language
    updates: tuple[Update, ...]
    pages: tuple[FreePage, ...]

    @property
    def items(self) -> tuple[Update | FreePage, ...]:
        return (*self.updates, *self.pages)


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
    return tuple(sorted(groups, key=lambda g: (g.language.english_name, g.language.code)))
