"""Translations that would mislead their readers: still holding the words of what they
translate (journey new translation copies them for the translator), or not changed since
what they translate was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from generator.model.dates import nhs_date
from generator.model.site import Site
from generator.model.updates import FreePage, Update, last_changed
from generator.quality.findings import Finding

Item = Update | FreePage


def check_translated(site: Site, only: set[Path] | None = None) -> Iterator[Finding]:
    """A finding for each translation whose title, summary or text is its original's, and
    for each last changed before its original was (``only``: of translations in these
    files, or of originals in them: saving the English one shows what its translations
    now lack)."""
    items: tuple[Item, ...] = (*site.updates, *site.pages)
    for item in items:
        if item.translation_of is None:
            continue
        original = next(iter(site.versions_of(item)), None)
        if original is None or original is item:
            continue  # the loader said what it translates is not there
        if only is not None and not {item.source.path, original.source.path} & only:
            continue
        language = item.language.english_name if item.language else ""
        yield from _untranslated(item, original, language)
        yield from _outdated(item, original, language)


def _untranslated(item: Item, original: Item, language: str) -> Iterator[Finding]:
    same = [part for part, mine, theirs in (
        ("title", item.title, original.title),
        ("summary", _summary(item), _summary(original)),
        ("text", item.body.source.strip(), original.body.source.strip()))
        if mine and mine == theirs]
    if same:
        parts = ", ".join(same[:-1]) + (" and " if len(same) > 1 else "") + same[-1]
        yield Finding("untranslated", item.source,
                      f"this {language} translation has the same {parts} as "
                      f"{original.source.path.name}, in English",
                      "replace the English words with the translation, or make it a "
                      "draft (draft: true) until the translation is ready.")


def _outdated(item: Item, original: Item, language: str) -> Iterator[Finding]:
    changed, translated = _last_changed(original), _last_changed(item)
    if changed is not None and translated is not None and changed > translated:
        yield Finding("translation_outdated", item.source,
                      f"{original.source.path.name}, which this {language} translation "
                      f"translates, changed on {nhs_date(changed)}, after this was last "
                      f"changed ({nhs_date(translated)})",
                      "check it says what the English one says now; when it does, add "
                      f"that to its changes: (for example - {{date: {changed.isoformat()}, "
                      "note: ...}), in its language.")


def _last_changed(item: Item) -> dt.date | None:
    """When ``item`` was published or, after, last changed (``changes:``)."""
    first = item.front.published if isinstance(item, FreePage) else item.front.date
    return last_changed(item.front.changes) or first


def _summary(item: Item) -> str:
    if isinstance(item, FreePage):
        return (item.front.summary or "").strip()
    return item.summary.source.strip() if item.summary else ""
