"""Translations still holding the words of what they translate: journey new translation
copies them for the translator, and they must not be published as the translation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.model.site import Site
from generator.model.updates import FreePage, Update
from generator.quality.findings import Finding


def check_untranslated(site: Site, only: set[Path] | None = None) -> Iterator[Finding]:
    """A finding for each translation whose title, summary or text is its original's
    (``only``: in these files)."""
    items: tuple[Update | FreePage, ...] = (*site.updates, *site.pages)
    for item in items:
        if item.translation_of is None or (only is not None and item.source.path not in only):
            continue
        original = next(iter(site.versions_of(item)), None)
        if original is None or original is item:
            continue  # the loader said what it translates is not there
        same = [part for part, mine, theirs in (
            ("title", item.title, original.title),
            ("summary", _summary(item), _summary(original)),
            ("text", item.body.source.strip(), original.body.source.strip()))
            if mine and mine == theirs]
        if same:
            parts = ", ".join(same[:-1]) + (" and " if len(same) > 1 else "") + same[-1]
            yield Finding("untranslated", item.source,
                          f"this {item.language.english_name if item.language else ''} "
                          f"translation has the same {parts} as "
                          f"{original.source.path.name}, in English",
                          "replace the English words with the translation, or make it a "
                          "draft (draft: true) until the translation is ready.")


def _summary(item: Update | FreePage) -> str:
    if isinstance(item, FreePage):
        return (item.front.summary or "").strip()
    return item.summary.source.strip() if item.summary else ""
