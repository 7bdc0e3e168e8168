"""Translations (``translation_of:``): a statement or page and its versions in other
languages, which link to each other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.languages import Language
from generator.model.updates import FreePage, Ref, Update

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

    @property
    def own_name(self) -> str:
        return self.language.own_name

    @property
    def english_name(self) -> str:
        return self.language.english_name
