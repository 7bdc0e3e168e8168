"""The page kinds of the "Our CQC rating" site: home, updates, free pages, glossary, 404."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.model.site import Site
from generator.model.updates import Update
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.progress import ProgressSummary, progress
from generator.pages.urls import url_of

HOME = Breadcrumb("Home", "")
UPDATES = Breadcrumb("Updates", "updates/")


def attachment_files(site: Site, update: Update) -> tuple[Path, ...]:
    """Attachments are measured for their size, so a page showing them depends on them."""
    return tuple(site.content_dir / a.file for a in update.attachments)


def related_items(site: Site, update: Update) -> tuple[Breadcrumb, ...]:
    """Links to the actions, warning notices and priorities an update names."""
    journey = site.journey
    if journey is None:
        return ()
    items: dict[str, object] = {a.id: a for a in journey.actions}
    items |= {n.id: n for n in journey.warning_notices}
    items |= {p.id: p for p in journey.priorities}
    links = []
    for ref in update.related:
        item = items[ref.id]  # the loader has checked every id exists
        name = getattr(item, "title", None) or getattr(item, "name", None)
        if name is None:  # an action: its id and the start of its text
            name = f"{item.kind_label} action"  # type: ignore[attr-defined]
        links.append(Breadcrumb(f"{ref.id}: {name}", url_of(item)))
    return tuple(links)


def journey_progress(site: Site) -> ProgressSummary | None:
    return progress(site.journey.must_dos, "must-dos") if site.journey else None


def home_page(site: Site) -> Iterator[OutputPage]:
    rating = site.rating
    description = rating.summary.text if rating and rating.summary else ""
    yield OutputPage(
        url="",
        template="home.html",
        title=site.config.site.title,
        # The home page shows the latest update in full, every other's summary and
        # the journey's roll-up.
        sources=(*(u.source.path for u in site.updates), *site.journey_sources,
                 *(attachment_files(site, site.latest_update) if site.latest_update else ())),
        context={"latest": site.latest_update, "earlier": site.updates[1:],
                 "journey_progress": journey_progress(site)},
        description=description[:300],
    )


def update_pages(site: Site) -> Iterator[OutputPage]:
    if not site.updates:
        return
    yield OutputPage(
        url=UPDATES.url,
        template="updates.html",
        title="Updates and statements",
        sources=tuple(u.source.path for u in site.updates),
        context={"updates": site.updates},
        description=f"Monthly updates and public statements from {site.trust.name}.",
        breadcrumbs=(HOME,),
    )
    updates = site.updates  # newest first
    for i, update in enumerate(updates):
        newer = updates[i - 1] if i > 0 else None
        older = updates[i + 1] if i + 1 < len(updates) else None
        neighbours = [u.source.path for u in (newer, older) if u is not None]
        yield OutputPage(
            url=url_of(update),
            template="update.html",
            title=update.title,
            sources=(update.source.path, *neighbours, *attachment_files(site, update)),
            context={"update": update, "newer": newer, "older": older,
                     "related": related_items(site, update)},
            description=update.summary.text if update.summary else "",
            breadcrumbs=(HOME, UPDATES),
            draft=update.draft,
            embargo=update.embargoed_until(site.settings.today),
        )


def free_pages(site: Site) -> Iterator[OutputPage]:
    for page in site.pages:
        yield OutputPage(
            url=f"{page.slug}/",
            template="page.html",
            title=page.title,
            sources=(page.source.path,),
            context={"page_content": page},
            description=page.front.summary or "",
            breadcrumbs=(HOME,),
            draft=page.draft,
        )


def glossary_page(site: Site) -> Iterator[OutputPage]:
    if site.glossary:
        yield OutputPage(
            url="glossary/",
            template="glossary.html",
            title="Glossary",
            context={"terms": site.glossary},
            description="What the abbreviations on this site stand for.",
            breadcrumbs=(HOME,),
        )


def not_found_page(site: Site) -> Iterator[OutputPage]:
    yield OutputPage(url="404.html", template="404.html", title="Page not found")
