"""Load a site folder into the typed model, reporting every content error at once."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
from collections.abc import Callable
from pathlib import Path

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
    linked_outside,
    read_yaml_file,
)
from generator.content.folder import require_content
from generator.content.item_warnings import item_warnings
from generator.content.journey_loader import (
    journey_ids,
    load_board,
    load_earlier_journeys,
    load_journey,
    same_id_hint,
)
from generator.content.markdown_files import YEAR_ADDRESS, load_markdown
from generator.content.pdf_pages import count_ahead
from generator.content.translations import check_translations
from generator.content.typed import optional_node, read_optional_file, read_typed
from generator.content.unread import unread_files
from generator.errors import (
    ContentError,
    ContentErrors,
    ErrorCollector,
    SourcePos,
    written_at,
)
from generator.model.addresses import old_address_problems
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
    Update,
    UpdateFront,
)
from generator.render.markdown import Markdown, MarkdownRenderer

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
    check_translations(updates, settings, config.site.language, errors, pages)
    check_translations(pages, settings, config.site.language, errors, updates)
    check_photos(board, content, errors)
    check_site_images(config, content / SITE_FILE, errors)
    if rating is not None and rating.report_url is None and config.cqc.profile_url is None:
        errors.add(rating.pos, "there is no link to CQC's report or profile",
                   "Regulation 20A requires one: add report_url: to rating.yaml or "
                   "profile_url: under cqc: in site.yaml.")
    errors.raise_if_any()

    visible = [u for u in updates if u.is_visible(settings.today, settings.drafts)]
    shown_pages = [p for p in pages if settings.drafts or not p.draft]
    warnings = [*unread_files(content), *_warnings(rating, visible, settings, content, earlier),
                *item_warnings(visible, shown_pages, settings.today, content)]
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


def _load_updates(content: Path, renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                  errors: ErrorCollector, cache: ParseCache) -> list[Update]:
    updates = load_markdown(content / "updates", Update, UpdateFront, "an update", renderer,
                             new_reader, errors, cache)
    kept = []
    for update in updates:
        if YEAR_ADDRESS.fullmatch(update.slug):
            errors.add(update.source, f'an update cannot be called "{update.slug}": that address '
                       "is used by the list of that year's updates",
                       f"rename the file, for example {update.slug}-annual-statement.md")
        else:
            kept.append(update)
    return kept


def _load_pages(content: Path, renderer: MarkdownRenderer, new_reader: Callable[[], Reader],
                errors: ErrorCollector, cache: ParseCache) -> list[FreePage]:
    pages = load_markdown(content / "pages", FreePage, FreePageFront, "a page", renderer,
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
OWN_FOLDERS = RESERVED_SLUGS | {"accessibility-statement", "other-languages"}


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


