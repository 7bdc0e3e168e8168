"""The preview's fast path for the saves editors make most: an update or page read again
in place in the site last loaded, when nothing else needs loading or checking again."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from itertools import count
from operator import attrgetter
from pathlib import Path

from generator.content.assets import measurer, with_attachment_sizes, with_linked_files
from generator.content.cache import ParseCache
from generator.content.files import is_scratch, linked_outside
from generator.content.item_warnings import RULES as ITEM_RULES
from generator.content.item_warnings import item_warnings
from generator.content.linked_files import asset_links
from generator.content.markdown_files import YEAR_ADDRESS, cached_markdown, slug_for
from generator.errors import ErrorCollector
from generator.model.addresses import page_key
from generator.model.schema import Reader
from generator.model.site import Site
from generator.model.updates import (
    FreePage,
    FreePageFront,
    Ref,
    Update,
    UpdateFront,
    insert_newest_first,
)
from generator.render.markdown import Markdown, MarkdownRenderer

_SLUG_OF = attrgetter("slug")


def reread_in_place(site: Site, files: set[str], cache: ParseCache,
                    ) -> tuple[Site, bool] | None:
    """``site`` with the updates and pages in ``files`` read again, if each is still one
    the site shows and nothing else needs checking again: only text below its front
    matter changed or, for an update neither translating another nor translated, the
    front matter but its attachments (measured again here: the same files, the same
    sizes), whether it has a summary (a warning names one without) and whether it is
    shown; and it links to the same files in content/assets/ (the pages showing it
    depend on them). An update file may also be new (shown, with a summary, no
    attachments, no links to files, not a translation, and an address no other has) or
    deleted (one with a summary and no translations). None if anything else may have (then
    load the whole site, which says what is wrong).

    This is the preview's fast path for the most common saves. With the site, says
    whether any update changed beyond what pages show of it (SHOWN_ONLY): then it may
    have moved among the others, or be listed on other pages than before.
    """
    renderer = MarkdownRenderer(allow_html=site.config.site.allow_html)

    def new_reader() -> Reader:
        return Reader({Markdown: lambda scalar: Markdown.from_scalar(scalar, renderer)})

    updates, pages = list(site.updates), list(site.pages)
    # Where each page's object is, by its address (unique in a site that loaded).
    page_at = dict(zip(map(_SLUG_OF, pages), count()))
    moved = False
    taken_out: list[int] = []  # updates deleted, or redated (put back in ``put_in``)
    put_in: list[Update] = []
    replaced: list[tuple[Update | None, Update | None]] = []
    for file in files:
        path = Path(file)
        folder = path.parent.name
        if folder not in ("updates", "pages") or path.parent.parent != site.content_dir:
            return None
        slug = slug_for(path)
        at = site.update_index(slug) if folder == "updates" else page_at.get(slug)
        if folder == "updates" and at is None:
            new_update = _new_update(file, slug, site, cache, renderer, new_reader)
            if new_update is None:
                return None
            put_in.append(new_update)
            replaced.append((None, new_update))
            moved = True
            continue
        items: list[Update] | list[FreePage] = updates if folder == "updates" else pages
        if at is None or items[at].source.path != path or linked_outside(site.root, file):
            return None
        if folder == "updates" and not os.path.exists(file):
            if not updates[at].summary or site.versions_of(updates[at]):
                return None  # a warning named it, or its translations would name nothing
            taken_out.append(at)
            replaced.append((updates[at], None))
            moved = True
        elif folder == "updates":
            new_update, errors = cached_markdown(file, Update, UpdateFront, "an update", cache,
                                                 renderer, new_reader)
            old = updates[at]
            measured = _measured(new_update, site, cache) if not errors else None
            if (measured is None or not _in_place(old, measured, site)
                    or measured.linked_files != old.linked_files):
                return None  # what it links to or attaches changed: the pages' files too
            new_update = measured
            moved = moved or not _shown_only(old.front, new_update.front)
            if new_update.date != old.date:
                taken_out.append(at)
                put_in.append(new_update)
            replaced.append((old, new_update))
            updates[at] = new_update
        else:
            new_page, errors = cached_markdown(file, FreePage, FreePageFront, "a page", cache,
                                               renderer, new_reader)
            if new_page is None or errors or new_page.front != pages[at].front:
                return None
            new_page = with_linked_files(new_page, site.content_dir,
                                         measurer(site.content_dir, cache, None),
                                         site.config.site.base_path)
            if new_page.linked_files != pages[at].linked_files:
                return None
            pages[at] = new_page
    for at in sorted(taken_out, reverse=True):  # the furthest first: the others stay put
        del updates[at]
    for update in put_in:
        insert_newest_first(updates, update)
    # What the warnings about updates and pages say follows what was saved.
    warnings = (*(w for w in site.warnings if w.rule not in ITEM_RULES),
                *item_warnings(updates, pages, site.settings.today, site.content_dir))
    return site.with_updates(tuple(updates), tuple(pages), replaced, warnings), moved


def _new_update(file: str, slug: str, site: Site, cache: ParseCache,
                renderer: MarkdownRenderer, new_reader: Callable[[], Reader]) -> Update | None:
    """A new update file, if it can join the site's updates with nothing else loaded
    again: the loader would read it (see markdown_files), it has an address no hidden
    update has, no errors, a summary, no attachments and no links to files, is shown,
    and links only to what there is. None otherwise, or when the file is not there
    (deleted again)."""
    name = os.path.basename(file)
    if (not slug or YEAR_ADDRESS.fullmatch(slug) or is_scratch(name)
            or not name.lower().endswith(".md") or not os.path.isfile(file)
            or linked_outside(site.root, file)
            or any(isinstance(item, Update) and item.slug == slug for item in site.hidden)):
        return None
    update, errors = cached_markdown(file, Update, UpdateFront, "an update", cache,
                                     renderer, new_reader)
    if (update is None or errors or not update.summary or update.attachments
            or update.translation_of or _links_files(update, site)
            or not _shown_and_linked(update, site) or update.old_addresses
            or _an_old_address(site, f"updates/{slug}/")):
        return None
    return update


def _measured(update: Update | None, site: Site, cache: ParseCache) -> Update | None:
    """``update`` with its attachments and the files its text links to measured, as the
    whole site's load does; None if an attachment is not there (that load says so)."""
    if update is None:
        return None
    errors = ErrorCollector()
    measured = with_attachment_sizes(update, site.content_dir, errors,
                                     measurer(site.content_dir, cache, None),
                                     site.config.site.base_path)
    return None if errors else measured


def _links_files(item: Update | FreePage, site: Site) -> bool:
    """Whether ``item``'s text links to a file in content/assets/ (measured when the
    whole site loads)."""
    return any(asset_links(item.body.source, site.config.site.base_path))


def _an_old_address(site: Site, address: str) -> bool:
    """Whether ``address`` is an old address of something in ``site`` (then the whole
    site's load says so, as it checks a new update's own old addresses)."""
    key = page_key(address)
    return any(page_key(path) == key for path in site.old_paths(hidden=True))


# What pages show of an update's front matter, never used to order, hide, link or check it.
SHOWN_ONLY = ("title", "kind", "summary", "signed_by")


def _in_place(old: Update, new: Update, site: Site) -> bool:
    """Whether ``new`` can take the place of ``old`` with nothing else loaded again: it is
    shown as ``old`` was, links only to what there is, and has the same attachments and
    old addresses, and neither is a translation or has one; and both have a summary or its
    front matter is unchanged (a warning names it, by title, when it has none)."""
    if new.front == old.front:
        return True
    if old.translation_of or new.translation_of or site.versions_of(old):
        return False  # the whole site's load checks translations against their originals
    return (bool(old.summary) and bool(new.summary)
            and new.attachments == old.attachments and _shown_and_linked(new, site)
            and _same_old_addresses(old, new))


def _same_old_addresses(old: Update, new: Update) -> bool:
    """Whether both have the same old addresses (a new one is checked by a full load)."""
    return [a.written for a in old.old_addresses] == [a.written for a in new.old_addresses]


def _shown_and_linked(update: Update, site: Site) -> bool:
    """Whether ``site`` shows ``update`` and has everything it relates to."""
    settings = site.settings
    return (update.is_visible(settings.today, settings.drafts)
            and all(_names_an_item(site, update, ref) for ref in update.related))


def _names_an_item(site: Site, update: Update, ref: Ref) -> bool:
    """Whether ``ref`` in ``update``'s related names an item ``site`` has."""
    journey, item_id = site.referred_to(update, ref)
    return journey is not None and item_id in journey.items


def _shown_only(old: UpdateFront, new: UpdateFront) -> bool:
    """Whether ``new`` differs from ``old`` at most in SHOWN_ONLY."""
    return new == old or dataclasses.replace(
        new, **{name: getattr(old, name) for name in SHOWN_ONLY}) == old
