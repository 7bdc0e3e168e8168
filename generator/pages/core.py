"""The page kinds of the "Our CQC rating" site: home, updates, free pages, glossary, 404."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from operator import attrgetter
from pathlib import Path

from generator.model.dates import nhs_date
from generator.model.journey import Action, Journey, Priority
from generator.model.site import Site
from generator.model.translations import Version, item_language
from generator.model.updates import FreePage, Update
from generator.pages.base import Breadcrumb, OutputPage
from generator.pages.page_memo import PageMemo
from generator.pages.progress import ProgressSummary, progress
from generator.pages.urls import url_of

HOME = Breadcrumb("Home", "")
UPDATES = Breadcrumb("Updates", "updates/")
# Updates listed on the home page after the latest; all of them are on the updates page
# (a home page listing years of monthly updates is long to read and slow to load).
HOME_EARLIER = 5
LOCATIONS = Breadcrumb("Our locations", "locations/")
UPDATES_TITLE = "Updates and statements"
# Up to this many updates, one page lists them all; beyond it, a page lists each year's
# (thousands of entries on one page are slow to load and hard to find one's way through).
LIST_ALL_UP_TO = 100
_SOURCE_PATH = attrgetter("source.path")


def update_files(update: Update | None) -> tuple[Path, ...]:
    """An update's file, its attachments and the files its text links to (measured for
    their size, so pages depend on them)."""
    if update is None:
        return ()
    if not update.attachments and not update.linked_files:
        return (update.source.path,)
    content = update.source.path.parent.parent
    return (update.source.path, *(content / a.file for a in update.attachments),
            *(content / f.file for f in update.linked_files))


def versions(site: Site, item: Update | FreePage | None) -> tuple[Version, ...]:
    """A link to each version of ``item`` in another language, and to itself (the
    original first); () when it has none."""
    group = site.versions_of(item) if item is not None else ()
    language = site.config.site.language
    return tuple(Version(url_of(v), item_language(v, language), v is item) for v in group)


def version_files(site: Site, item: Update | FreePage | None) -> tuple[Path, ...]:
    """The files of ``item``'s other versions: its page shows their languages."""
    group = site.versions_of(item) if item is not None else ()
    return tuple(v.source.path for v in group if v is not item)


def journey_links(journey: Journey | None) -> dict[str, Breadcrumb]:
    """A link to each action, warning notice and priority, by id."""
    links: dict[str, Breadcrumb] = {}
    # An earlier journey's items are told apart from the current one's (both have an MD1).
    ended = (f" (our earlier improvement journey, ended {nhs_date(journey.as_of)})"
             if journey and journey.as_of else "")
    for item_id, item in (journey.items if journey else {}).items():
        if isinstance(item, Action):
            name = item.headline
        elif isinstance(item, Priority):
            name = item.name
        else:
            name = item.title
        links[item_id] = Breadcrumb(f"{item_id}: {name}{ended}", url_of(item))
    return links


def journey_progress(site: Site) -> ProgressSummary | None:
    return progress(site.journey.must_dos, "must-dos") if site.journey else None


def answered_by(site: Site) -> dict[dt.date, Journey]:
    """The earlier journey that answered each earlier report, by the report's date (the
    rating's history): the newest report before the journey ended and after the one
    before it did."""
    history = sorted(h.published for h in site.rating.history) if site.rating else []
    answered: dict[dt.date, Journey] = {}
    began = dt.date.min
    for journey in site.earlier_journeys:
        ended = journey.as_of or dt.date.max
        reports = [day for day in history if began <= day < ended]
        if reports:
            answered[reports[-1]] = journey
        began = ended
    return answered


def home_page(site: Site) -> Iterator[OutputPage]:
    rating = site.rating
    latest = site.latest_update
    languages = site.other_languages
    # Translations are linked from the update they translate, not listed again.
    earlier = tuple(itertools.islice(
        (u for u in site.updates if u is not latest and u.translation_of is None),
        HOME_EARLIER))
    description = rating.summary.text if rating and rating.summary else ""
    yield OutputPage(
        url="",
        template="home.html",
        title=site.config.site.title,
        # The home page shows the latest update in full, the summaries of the few
        # before it, the journey's roll-up and a link to the journey after each earlier
        # report (when each ended says which).
        sources=(*update_files(latest), *site.journey_sources,
                 *map(site.intro_file, site.earlier_journeys)),
        # The languages it links to, at the top, from what is written in them.
        listed=(*(u.source.path for u in earlier), *version_files(site, latest),
                *(item.source.path for group in languages for item in group.items)),
        context={"latest": latest, "earlier": earlier, "latest_versions": versions(site, latest),
                 "journey_progress": journey_progress(site), "answered_by": answered_by(site),
                 "languages": languages, "own_languages_page": has_own_languages_page(site)},
        description=description[:300],
    )


def update_lists(site: Site, memo: PageMemo | None = None) -> Iterator[OutputPage]:
    """The list of updates; with more than LIST_ALL_UP_TO, the newest year's, and a list for
    each earlier year. Each list depends only on its own updates' front matter, so a change
    of one update's title renders one year's list again, not thousands of entries.
    ``memo``: one that has made the pages of these updates (see PageMemo.each_year)."""
    updates = site.updates
    description = f"Monthly updates and public statements from {site.trust.name}"
    every = site.update_files
    if len(updates) <= LIST_ALL_UP_TO:
        yield OutputPage(url=UPDATES.url, template="updates.html", title=UPDATES_TITLE,
                         listed=every,
                         context={"updates": updates, "year": None, "earlier_years": ()},
                         description=f"{description}.", breadcrumbs=(HOME,))
        return
    (_, newest), *earlier = site.updates_by_year
    counts = tuple((year, len(items)) for year, items in earlier)
    yield OutputPage(url=UPDATES.url, template="updates.html", title=UPDATES_TITLE,
                     listed=every,  # it counts every year's updates
                     context={"updates": newest, "year": None, "earlier_years": counts},
                     description=f"{description}.", breadcrumbs=(HOME,))

    def year_list(year: int, items: Sequence[Update], _: object = None) -> OutputPage:
        return OutputPage(url=f"{UPDATES.url}{year}/", template="updates.html",
                          title=f"{UPDATES_TITLE} from {year}",
                          listed=tuple(map(_SOURCE_PATH, items)),
                          context={"updates": items, "year": year, "earlier_years": ()},
                          description=f"{description} in {year}.",
                          breadcrumbs=(HOME, UPDATES))

    if memo is not None and memo.updates is updates:
        yield from memo.each_year("list", earlier, year_list, start=len(newest),
                                  made_from=description)
    else:
        yield from (year_list(year, items) for year, items in earlier)


def update_pages(site: Site, memo: PageMemo | None = None, every: bool = True,
                 ) -> Iterator[OutputPage]:
    """The lists of updates, and a page per update.

    ``memo`` (from the preview) reuses a page declared in the previous build when the
    same update, neighbours and journey give it: there can be thousands. Not ``every``:
    of the update pages, only those declared anew (the others are as ``memo`` had them).
    """
    if not site.updates:
        return
    updates = site.updates  # newest first
    links = {j.root: journey_links(j) for j in site.journeys}
    today = site.settings.today

    def declare(i: int) -> OutputPage:
        update = updates[i]
        newer = updates[i - 1] if i > 0 else None
        older = updates[i + 1] if i + 1 < len(updates) else None
        # The loader checked each id names an item of a journey.
        named = [site.referred_to(update, ref) for ref in update.related]
        related = tuple(links[journey.root][item] for journey, item in named if journey)
        journeys = {journey.root: journey for journey, _ in named if journey}.values()
        return OutputPage(
            url=url_of(update),
            template="update.html",
            title=update.title,
            # Related items' titles come from the journey files.
            sources=(*update_files(update), *(f for j in journeys for f in site.sources_of(j))),
            listed=(*(u.source.path for u in (newer, older) if u is not None),
                    *version_files(site, update)),
            context={"update": update, "newer": newer, "older": older, "related": related,
                     "versions": versions(site, update)},
            description=update.summary.text if update.summary else "",
            breadcrumbs=(HOME, UPDATES),
            draft=update.draft,
            embargo=update.embargoed_until(today),
            draft_due=update.draft_due(today),
            modified=update.updated or update.date,
        )

    if memo is None:
        yield from update_lists(site)
        yield from map(declare, range(len(updates)))
    else:
        pages = memo.reuse(updates, (site.journey, *site.earlier_journeys), today, declare,
                           site.update_versions, site.update_index)
        yield from update_lists(site, memo)  # first in the site's order, made after them
        yield from pages if every else memo.fresh


def free_pages(site: Site) -> Iterator[OutputPage]:
    for page in site.pages:
        yield OutputPage(
            url=f"{page.slug}/",
            template="page.html",
            title=page.title,
            sources=(page.source.path,
                     *(page.source.path.parent.parent / f.file for f in page.linked_files)),
            listed=version_files(site, page),
            context={"page_content": page, "versions": versions(site, page)},
            description=page.front.summary or "",
            breadcrumbs=(HOME,),
            draft=page.draft,
            modified=page.updated or page.published,
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


def locations_page(site: Site) -> Iterator[OutputPage]:
    """Each location's own rating, and the premises it covers (Regulation 20A)."""
    if site.rating and site.rating.locations:
        yield OutputPage(
            url=LOCATIONS.url,
            template="locations.html",
            title="Ratings for our locations",
            context={"locations": site.rating.locations},
            description=f"The CQC rating of each of {site.trust.name}'s locations.",
            breadcrumbs=(HOME,),
        )


ACCESSIBILITY = Breadcrumb("Accessibility statement", "accessibility-statement/")
OTHER_LANGUAGES = Breadcrumb("Information in other languages", "other-languages/")


def has_own_languages_page(site: Site) -> bool:
    """Whether the site has its own page at the address of "Information in other
    languages" (its translated leaflets, say), which takes that page's place."""
    return any(page.slug == OTHER_LANGUAGES.url.strip("/") for page in site.pages)


def has_own_accessibility_statement(site: Site) -> bool:
    return any(map(is_accessibility_statement, site.pages))


def is_accessibility_statement(page: FreePage) -> bool:
    return page.slug.startswith("accessibility") or "accessibility" in page.title.lower()


def search_page(site: Site) -> Iterator[OutputPage]:
    if site.config.site.search:
        yield OutputPage(url="search/", template="search.html", title="Search",
                         description=f"Search {site.config.site.title}.", breadcrumbs=(HOME,))


def accessibility_statement_page(site: Site) -> Iterator[OutputPage]:
    """Public bodies must publish one: made from site.yaml when the site has none."""
    if not has_own_accessibility_statement(site):
        yield OutputPage(
            url=ACCESSIBILITY.url,
            template="accessibility-statement.html",
            title=f"Accessibility statement for {site.config.site.title}",
            context={"statement": site.config.accessibility},
            description=f"How accessible {site.config.site.title} is, and how to tell us "
                        "about a problem.",
            breadcrumbs=(HOME,),
        )


def not_found_page(site: Site) -> Iterator[OutputPage]:
    yield OutputPage(url="404.html", template="404.html", title="Page not found")
