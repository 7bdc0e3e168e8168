"""Load a site folder into the typed model, reporting every content error at once."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
from collections.abc import Callable
from itertools import count
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from generator.content.assets import (
    check_photos,
    check_site_images,
    list_assets,
    measurer,
    pdfs_to_count,
    with_attachment_sizes,
    with_described_texts,
    with_linked_files,
)
from generator.content.cache import ParseCache
from generator.content.files import (
    LINKED_OUTSIDE,
    LINKED_OUTSIDE_HINT,
    is_scratch,
    linked_outside,
    read_markdown_file,
    read_yaml_file,
)
from generator.content.folder import require_content
from generator.content.journey_loader import (
    journey_ids,
    load_board,
    load_earlier_journeys,
    load_journey,
    same_id_hint,
)
from generator.content.linked_files import asset_links
from generator.content.pdf_pages import count_ahead
from generator.content.typed import optional_node, read_optional_file, read_typed
from generator.content.unread import unread_files
from generator.errors import (
    ContentError,
    ContentErrors,
    ErrorCollector,
    SourcePos,
    written_at,
)
from generator.model.addresses import old_address_problems, page_key
from generator.model.config import SiteConfig, SiteSettings
from generator.model.dates import nhs_date
from generator.model.glossary import GlossaryTerm, read_glossary
from generator.model.journey import EARLIER_FOLDER, Board, Journey, referred_to
from generator.model.rating import Rating, ratings_said
from generator.model.schema import Invalid, Reader
from generator.model.site import BuildSettings, Site
from generator.model.updates import (
    FreePage,
    FreePageFront,
    Ref,
    Update,
    UpdateFront,
    insert_newest_first,
)
from generator.render.markdown import Markdown, MarkdownRenderer

_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_OF = attrgetter("slug")
_YEAR = re.compile(r"[0-9]{4}")  # update addresses kept for the lists of each year's updates

SITE_FILE = "site.yaml"


def load_site(root: Path, settings: BuildSettings, base_url: str | None = None,
              cache: ParseCache | None = None) -> Site:
    """Read and validate everything under ``root/content``.

    ``cache`` lets a long-running preview reuse what it read from unchanged files.

    Raises:
        ContentErrors: every problem found, in file and line order.
    """
    content = require_content(root)
    errors = ErrorCollector()
    data_files = _data_files(content)
    _check_links_out(root, data_files, errors)
    errors.raise_if_any()  # before anything outside the site is read
    config = _load_config(content / SITE_FILE, errors)
    if config is None:
        errors.raise_if_any()
        raise AssertionError("unreachable: no config and no error")
    if base_url:
        config = dataclasses.replace(config, site=dataclasses.replace(
            config.site, base_url=base_url, own_base_url=config.site.base_url))
    renderer = MarkdownRenderer(allow_html=config.site.allow_html)

    def new_reader() -> Reader:
        return Reader({Markdown: lambda scalar: Markdown.from_scalar(scalar, renderer)})

    cache = cache if cache is not None else ParseCache()
    (rating, glossary, journey, earlier, board), data_errors = cache.get_many(
        data_files, ("data", renderer.settings),
        functools.partial(_load_data, content, renderer, new_reader))
    errors.extend(data_errors)
    to_count = pdfs_to_count(content, cache)
    counting = count_ahead(to_count) if to_count else None
    try:
        updates = _load_updates(content, renderer, new_reader, errors, cache)
        pages = _load_pages(content, renderer, new_reader, errors, cache)
        assets = list_assets(content, errors)
        base_path = config.site.base_path
        measure = measurer(content, cache, counting)
        updates = [with_attachment_sizes(u, content, errors, measure, base_path)
                   for u in updates]
        pages = [with_linked_files(p, content, measure, base_path) for p in pages]
        journey = with_described_texts(journey, content, measure, base_path)
        earlier = tuple(with_described_texts(j, content, measure, base_path)
                        for j in earlier)
        rating = with_described_texts(rating, content, measure, base_path)
    finally:
        if counting is not None:
            counting.cancel()  # its counts were not needed (no update attaches a PDF)
    # A journey file with a mistake defines nothing: its error is enough.
    if not any(e.pos.path.is_relative_to(content / folder) for e in data_errors
               for folder in ("journey", EARLIER_FOLDER)):
        _check_refs(updates, journey, earlier, errors)
    _check_old_addresses(updates, pages, config.site, errors)
    check_photos(board, content, errors)
    check_site_images(config, content / SITE_FILE, errors)
    if rating is not None and rating.report_url is None and config.cqc.profile_url is None:
        errors.add(rating.pos, "there is no link to CQC's report or profile",
                   "Regulation 20A requires one: add report_url: to rating.yaml or "
                   "profile_url: under cqc: in site.yaml.")
    errors.raise_if_any()

    visible = [u for u in updates if u.is_visible(settings.today, settings.drafts)]
    warnings = [*unread_files(content), *_warnings(rating, visible, settings, content, earlier)]
    return Site(
        root=root,
        config=config,
        settings=settings,
        rating=rating,
        updates=tuple(sorted(visible, key=Update.sort_key, reverse=True)),
        pages=tuple(sorted((p for p in pages if settings.drafts or not p.draft),
                           key=lambda p: (p.order, p.title.lower(), p.slug))),
        glossary=glossary,
        assets=assets,
        journey=journey,
        earlier_journeys=earlier,
        board=board,
        hidden=(*(u for u in updates if not u.is_visible(settings.today, settings.drafts)),
                *(p for p in pages if p.draft and not settings.drafts)),
        warnings=tuple(warnings),
    )


def reread_in_place(site: Site, files: set[str], cache: ParseCache,
                    ) -> tuple[Site, bool] | None:
    """``site`` with the updates and pages in ``files`` read again, if each is still one
    the site shows and nothing else needs checking again: only text below its front
    matter changed or, for an update, the front matter but its attachments (measured
    again here: the same files, the same sizes), whether it has a summary (a warning
    names one without) and whether it is shown; and it links to the same files in
    content/assets/ (the pages showing it depend on them). An update file may also be
    new (shown, with a summary, no attachments, no links to files, and an address no
    other has) or deleted (one with a summary). None if anything else may have (then
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
            if not updates[at].summary:
                return None  # a warning named it
            taken_out.append(at)
            replaced.append((updates[at], None))
            moved = True
        elif folder == "updates":
            new_update, errors = _cached_markdown(file, Update, UpdateFront, "an update", cache,
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
            new_page, errors = _cached_markdown(file, FreePage, FreePageFront, "a page", cache,
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
    return site.with_updates(tuple(updates), tuple(pages), replaced), moved


def _new_update(file: str, slug: str, site: Site, cache: ParseCache,
                renderer: MarkdownRenderer, new_reader: Callable[[], Reader]) -> Update | None:
    """A new update file, if it can join the site's updates with nothing else loaded
    again: the loader would read it (see _markdown_files), it has an address no hidden
    update has, no errors, a summary, no attachments and no links to files, is shown,
    and links only to what there is. None otherwise, or when the file is not there
    (deleted again)."""
    name = os.path.basename(file)
    if (not slug or _YEAR.fullmatch(slug) or is_scratch(name)
            or not name.lower().endswith(".md") or not os.path.isfile(file)
            or linked_outside(site.root, file)
            or any(isinstance(item, Update) and item.slug == slug for item in site.hidden)):
        return None
    update, errors = _cached_markdown(file, Update, UpdateFront, "an update", cache,
                                      renderer, new_reader)
    if (update is None or errors or not update.summary or update.attachments
            or _links_files(update, site)
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
    old addresses; and both have a summary or its front matter is unchanged (a warning
    names it, by title, when it has none)."""
    if new.front == old.front:
        return True
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


def _cached_markdown(file: str, make: Make[R], front_type: type, label: str, cache: ParseCache,
                     renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                     ) -> tuple[R | None, list[ContentError]]:
    """One update or page, read through the cache: the object, or the errors in it."""
    result: tuple[R | None, list[ContentError]] = cache.get(
        file, (front_type, renderer.settings),
        functools.partial(_read_markdown, file, make, front_type, label, renderer, new_reader),
        front=_front_part)
    return result


def _warnings(rating: Rating | None, updates: list[Update], settings: BuildSettings,
              content: Path, earlier: tuple[Journey, ...]) -> list[ContentError]:
    """Problems worth fixing that do not stop a build (``--strict`` makes them errors)."""
    found = []
    if rating is not None and rating.published > settings.today:
        found.append(ContentError(
            written_at(rating.pos.path, rating.published.isoformat(), rating.pos.line),
            f"the rating's publication date ({rating.published}) is in the future",
            "use the date CQC published the report; check the year.", rule="rating_date"))
    said = ratings_said(rating.summary.text) if rating is not None and rating.summary else []
    if rating is not None and said and rating.overall.label.lower() not in said:
        found.append(ContentError(
            written_at(rating.pos.path, "summary:", rating.pos.line),
            f'the summary says CQC rated the trust "{said[0]}", but the overall rating is '
            f"{rating.overall.label}",
            "if the summary was written about an earlier report, rewrite it for this one; if "
            "overall: is wrong, correct it as CQC published it.", rule="rating_summary"))
    for journey in earlier:
        if journey.as_of is not None and journey.as_of > settings.today:
            found.append(ContentError(
                written_at(content / journey.folder / "journey.yaml", "ended:", 1),
                f"this earlier journey ends on {nhs_date(journey.as_of)}, after today, but "
                "its pages already say it has ended",
                "move a journey here on the day CQC publishes the new report; check the date "
                "in ended:."))
    for update in updates:
        if not update.summary:
            found.append(ContentError(
                update.source, f'the update "{update.title}" has no summary',
                "add a one-sentence summary: line; it is shown in lists of updates."))
    return found


def _data_files(content: Path) -> list[str]:
    """Every file the rating, glossary, board and journey are read from."""
    files = [str(content / n) for n in ("rating.yaml", "glossary.yaml", "board.yaml")]
    journeys = [content / "journey"]
    with contextlib.suppress(OSError):
        journeys += sorted(Path(e.path) for e in os.scandir(content / EARLIER_FOLDER)
                           if e.is_dir())
    for journey in journeys:
        for folder in (journey, journey / "warning-notices"):
            with contextlib.suppress(OSError):
                files += sorted(e.path for e in os.scandir(folder) if e.is_file())
    return files


def _load_data(content: Path, renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
               ) -> tuple[tuple[Rating | None, tuple[GlossaryTerm, ...], Journey | None,
                                tuple[Journey, ...], Board | None], list[ContentError]]:
    """The rating, glossary, journey (and earlier ones) and board, with every error in
    them."""
    errors = ErrorCollector()
    rating = read_optional_file(content / "rating.yaml", Rating, "the rating", new_reader, errors)
    glossary_node = optional_node(content / "glossary.yaml", errors)
    glossary: tuple[GlossaryTerm, ...] = ()
    if glossary_node is not None:
        reader = new_reader()
        with contextlib.suppress(Invalid):
            glossary = read_glossary(glossary_node, reader)
        errors.extend(reader.errors)
    journey = load_journey(content, renderer, new_reader, errors)
    earlier = load_earlier_journeys(content, renderer, new_reader, errors)
    board = load_board(content, new_reader, errors)
    return (rating, glossary, journey, earlier, board), errors.errors


def _load_config(path: Path, errors: ErrorCollector) -> SiteConfig | None:
    if not path.is_file():
        errors.add(SourcePos(path), "content/site.yaml is missing",
                   "create it with at least:\ntrust:\n  name: Your Trust Name NHS Foundation Trust")
        return None
    try:
        node = read_yaml_file(path)
    except ContentErrors as exc:
        errors.extend(exc.errors)
        return None
    config: SiteConfig | None = read_typed(node, SiteConfig, "site.yaml", Reader(), errors)
    return config


@functools.lru_cache(maxsize=65536)  # a pure function of a name: safe to remember
def slug_for(path: Path | str) -> str:
    """The URL name of a content file: ``2022-11 November.md`` -> ``2022-11-november``."""
    stem = os.path.splitext(os.path.basename(path))[0]
    return _SLUG.sub("-", stem.lower()).strip("-")


def _markdown_files(folder: Path) -> list[str]:
    """Paths (as text: there can be thousands) of the .md files in ``folder``, sorted."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    return sorted(e.path for e in entries if e.name.lower().endswith(".md")
                  and not is_scratch(e.name) and e.is_file())


R = TypeVar("R")
Make = Callable[[str, Any, Markdown, SourcePos], R]


def _read_markdown(file: str, make: Make[R], front_type: type, label: str,
                   renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                   ) -> tuple[R | None, list[ContentError]]:
    """One Markdown file made into a model object (``make``), or its errors."""
    path = Path(file)
    try:
        source = read_markdown_file(path)
    except ContentErrors as exc:
        return None, exc.errors
    collector = ErrorCollector()
    front = read_typed(source.front, front_type, label, new_reader(), collector)
    if front is None:
        return None, collector.errors
    body = Markdown(source.body, renderer, SourcePos(path, source.body_line, 1))
    return make(slug_for(file), front, body, SourcePos(path, 1, 1)), collector.errors


def _front_part(result: tuple[Any, list[ContentError]]) -> object:
    """What lists of pages show of a Markdown file: its front matter (or its errors)."""
    item, errors = result
    return item.front if item is not None else tuple(errors)


def _load_markdown(folder: Path, make: Make[R], front_type: type, label: str,
                   renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                   errors: ErrorCollector, cache: ParseCache) -> list[R]:
    loaded: list[R] = []
    seen: dict[str, str] = {}
    site_folder = folder.parent.parent
    how = (front_type, renderer.settings)  # as _cached_markdown reads them
    for file in cache.listing(str(folder), functools.partial(_markdown_files, folder)):
        slug = slug_for(file)
        if not slug or slug in seen:
            other = os.path.basename(seen[slug]) if slug else ""
            problem = (f"this file would have the same web address as {other}" if slug
                       else "this file name has no letters or numbers")
            errors.add(SourcePos(Path(file)), problem,
                       "rename it, for example 2022-11-november-update.md")
            continue
        seen[slug] = file
        # A file the preview read and has seen unchanged since was checked then (one system
        # call less for each of thousands of files at each save).
        known = cache.seen_unchanged(file, how)
        if known is None:
            if linked_outside(site_folder, file):
                errors.add(SourcePos(Path(file)), LINKED_OUTSIDE, LINKED_OUTSIDE_HINT)
                continue
            known = _cached_markdown(file, make, front_type, label, cache, renderer, new_reader)
        item, file_errors = known
        errors.extend(file_errors)
        if item is not None:
            loaded.append(item)
    return loaded


def _load_updates(content: Path, renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                  errors: ErrorCollector, cache: ParseCache) -> list[Update]:
    updates = _load_markdown(content / "updates", Update, UpdateFront, "an update", renderer,
                             new_reader, errors, cache)
    kept = []
    for update in updates:
        if _YEAR.fullmatch(update.slug):
            errors.add(update.source, f'an update cannot be called "{update.slug}": that address '
                       "is used by the list of that year's updates",
                       f"rename the file, for example {update.slug}-annual-statement.md")
        else:
            kept.append(update)
    return kept


def _load_pages(content: Path, renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                errors: ErrorCollector, cache: ParseCache) -> list[FreePage]:
    pages = _load_markdown(content / "pages", FreePage, FreePageFront, "a page", renderer,
                           new_reader, errors, cache)
    for page in pages:
        if page.slug in RESERVED_SLUGS:
            errors.add(page.source,
                       f'a page cannot be called "{page.slug}": that address is used by the site',
                       f"rename the file, for example {page.slug}-information.md")
    return [p for p in pages if p.slug not in RESERVED_SLUGS]


# Web addresses the generator uses itself; free pages cannot take them.
RESERVED_SLUGS = frozenset({"updates", "glossary", "assets", "static", "journey", "board", "404",
                            "index", "locations", "search", "pagefind"})
# Folders the site's own pages may be in, where old addresses cannot be.
OWN_FOLDERS = RESERVED_SLUGS | {"accessibility-statement"}


def _check_links_out(root: Path, data_files: list[str], errors: ErrorCollector) -> None:
    """Content data files and the site's own templates must be in the site's folder."""
    templates = root / "templates"
    template_files = ([str(p) for p in templates.rglob("*")] if templates.is_dir() else [])
    for file in (*data_files, str(root / "content" / SITE_FILE), *template_files):
        if linked_outside(root, file):
            errors.add(SourcePos(Path(file)), LINKED_OUTSIDE, LINKED_OUTSIDE_HINT)


def _check_refs(updates: list[Update], journey: Journey | None,
                earlier: tuple[Journey, ...], errors: ErrorCollector) -> None:
    """Each id an update's ``related`` names is one of the journey on its date's, or of
    the earlier journey it names ("2026/MD1")."""
    known_in = {id(j): journey_ids(j) for j in (journey, *earlier)}
    for update in updates:
        for ref in update.related:
            named, item_id = referred_to(ref.id, update.date, journey, earlier)
            if named is None and "/" in ref.id:
                names = [j.folder.rsplit("/", 1)[1] for j in earlier]
                errors.add(ref.pos, f'"{ref.id}" names no earlier journey',
                           f"before the / goes the name of a folder in content/"
                           f"{EARLIER_FOLDER}/" + (f" ({', '.join(names)})" if names
                                                   else ", and there are none"))
                continue
            known = known_in[id(named)]
            if item_id in known:
                continue
            parts = [part.strip() for part in ref.id.split(",")]
            if len(parts) > 1 and all(part in known for part in parts):
                errors.add(ref.pos, f'"{ref.id}" is not the id of any action, warning notice '
                           "or priority: it is several ids in one",
                           f"write them as a list, in square brackets: related: "
                           f"[{', '.join(parts)}]")
                continue
            folder = named.folder if named else "journey"
            whose = (f" of the journey in content/{folder}/"
                     + ("" if "/" in ref.id else ", the one on this update's date")
                     if earlier else "")
            errors.add(ref.pos,
                       f'"{item_id}" is not the id of any action, warning notice or priority'
                       + whose,
                       same_id_hint(item_id, known)
                       + _where_it_is(item_id, named, earlier)
                       + f"check the id in content/{folder}/, or remove it from related:"
                       + (f" (ids: {', '.join(sorted(known))})" if known else ""))


def _where_it_is(item_id: str, named: Journey | None, earlier: tuple[Journey, ...]) -> str:
    """'MD9 is one of content/earlier-journeys/2026/'s: write 2026/MD9 to name it; '' if
    no other earlier journey has it (the newest first)."""
    for other in reversed(earlier):
        if other is not named and item_id in other.items:
            name = other.folder.rsplit("/", 1)[1]
            return (f"{item_id} is one of content/{other.folder}/'s: to name it, write "
                    f"{name}/{item_id}; otherwise ")
    return ""


def _check_old_addresses(updates: list[Update], pages: list[FreePage],
                         settings: SiteSettings, errors: ErrorCollector) -> None:
    addresses = [*((f"updates/{u.slug}/", u.source.path.name, u.old_addresses) for u in updates),
                 *((f"{p.slug}/", p.source.path.name, p.old_addresses) for p in pages)]
    for pos, message, hint in old_address_problems(addresses, settings, OWN_FOLDERS):
        errors.add(pos, message, hint)


