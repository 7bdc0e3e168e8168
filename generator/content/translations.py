"""The loader's checks of ``translation_of:``: each names an original shown with it, in
another language, and no two translations of one are in the same language."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from generator.errors import ErrorCollector
from generator.model.dates import nhs_date
from generator.model.settings import BuildSettings
from generator.model.translations import Item, item_language, translated_slug
from generator.model.updates import Update


def check_translations(items: Sequence[Item], settings: BuildSettings, site_language: str,
                       errors: ErrorCollector, other_kind: Sequence[Item] = ()) -> None:
    """Check the ``translation_of`` of ``items`` (all of one kind: updates or pages,
    drafts too; ``other_kind``, the other, which they cannot translate)."""
    by_slug = {item.slug: item for item in items}
    kind = "update" if items and isinstance(items[0], Update) else "page"
    not_kind = {other.slug for other in other_kind}
    seen: dict[tuple[str, str], Item] = {}
    for item in items:
        ref = item.translation_of
        if ref is None:
            continue
        slug = translated_slug(ref)
        original = by_slug.get(slug)
        if item.language is None:
            errors.add(ref.pos, f"this {kind} says it translates another, but not which "
                       "language it is written in",
                       "add the language above translation_of:, by its name in English, "
                       "for example: language: Polish")
        elif slug == item.slug:
            errors.add(ref.pos, f"translation_of: names this {kind} itself",
                       f"write the address of the {kind} in English that this one translates: "
                       "its file's name without .md")
        elif original is None and slug in not_kind:
            other = "page" if kind == "update" else "update"
            errors.add(ref.pos, f'"{slug}" is {_A[other]}, and {_A[kind]} can translate '
                       f"only {_A[kind]}",
                       f"to translate the {other}, move this file to content/{other}s/")
        elif original is None:
            others = [other for other in by_slug if other != item.slug]
            near = difflib.get_close_matches(slug, others, n=1, cutoff=0.6)
            example = near[0] if near else _example(item, items) or _EXAMPLES[kind]
            errors.add(ref.pos, f'there is no {kind} called "{slug}" for this one to translate',
                       (f'did you mean "{near[0]}"? ' if near else "")
                       + f"write the file name of the {kind} it translates, without .md: "
                       f"translation_of: {example}")
        elif original.translation_of is not None:
            errors.add(ref.pos, f'"{slug}" is itself a translation, of '
                       f'"{translated_slug(original.translation_of)}"',
                       "name the one in English that both translate: translation_of: "
                       f"{translated_slug(original.translation_of)}")
        elif _base(item_language(original, site_language).code) == _base(item.language.code):
            errors.add(item.language.pos, f'"{slug}", which this one translates, is in '
                       f"{item.language.english_name} too",
                       "a translation is in another language: check language: in both files")
        elif _shown(item, settings) and not _shown(original, settings):
            errors.add(ref.pos, f'"{slug}", which this one translates, is not published '
                       f"yet ({_why_hidden(original, settings)}), so this one would link "
                       "to a page that is not there",
                       "publish both together: make this one a draft too (draft: true), or "
                       "give both the same publish_date:")
        else:
            twin = seen.setdefault((slug, item.language.code), item)
            if twin is not item:
                errors.add(ref.pos, f'"{slug}" has two translations into '
                           f"{item.language.english_name}: this and {twin.source.path.name}",
                           "delete one of them, or correct its language:")


_A = {"update": "an update", "page": "a page"}
_EXAMPLES = {"update": "2026-11-20-statement-on-our-cqc-report", "page": "contact-us"}


def _example(item: Item, items: Sequence[Item]) -> str | None:
    """One of the site's own that ``item`` might translate: for an update, the one
    nearest it in date (a translation follows its statement)."""
    originals = [other for other in items if other.translation_of is None and other is not item]
    if isinstance(item, Update):
        originals.sort(key=lambda other: abs((other.date - item.date).days))  # type: ignore[union-attr]
    return originals[0].slug if originals else None


def _base(code: str) -> str:
    """The language of a tag, without its region or script: "en" of "en-GB"."""
    return code.split("-")[0].lower()


def _shown(item: Item, settings: BuildSettings) -> bool:
    if isinstance(item, Update):
        return item.is_visible(settings.today, settings.drafts)
    return settings.drafts or not item.draft


def _why_hidden(item: Item, settings: BuildSettings) -> str:
    if item.draft:
        return "it is a draft"
    publish = item.embargoed_until(settings.today) if isinstance(item, Update) else None
    return f"not until {nhs_date(publish)}" if publish else "it is hidden"
