"""``journey build --pdf``: each Improvement Journey as a printed booklet.

A booklet is rendered from the same content as the web pages with its own template
(templates/booklet/), then WeasyPrint makes a tagged PDF (PDF/UA-1): its headings, lists
and tables are marked up for screen readers, as an accessible document must be. The
journey now has its booklet at the top of the site, as it always had; an earlier one
has its own beside its pages, as it stood the day it ended.

Printing takes seconds, so each booklet is kept in ``.cache/`` with what it was made
from (its HTML, the stylesheet, and every file of the site it shows) and printed again
only when one of those changed.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import jinja2

from generator.content.cache import Stamp, stamp_of
from generator.content.pdf_pages import pdf_pages_of
from generator.digests import key_of
from generator.errors import NOWHERE, ContentError, ContentErrors, SourcePos
from generator.model.attachments import Attachment
from generator.model.journey import Journey
from generator.model.rating import HistoricRating
from generator.model.site import Site
from generator.pages.core import answered_by
from generator.render.metadata import site_origin
from generator.render.template_dirs import template_dirs
from generator.render.templates import make_environment, template_error
from generator.web_photos import is_photo, published_photo

if TYPE_CHECKING:
    from generator.build_cache import BuildCache

BOOKLET = "improvement-journey.pdf"
TEMPLATE = "booklet/booklet.html"
STYLESHEET = "booklet/booklet.css"
# Where links and images are taken to point when site.yaml's base_url is no full
# address: a name no host can have, so nothing is ever fetched from the internet.
_NO_ORIGIN = "https://site.invalid"


@dataclass(frozen=True)
class Printed:
    """A booklet as printed, with the stamp of each of the site's files it shows."""

    pdf: bytes
    pages: int | None  # counted once: pypdf takes a tenth of a second to import
    shown: tuple[tuple[str, Stamp | None], ...]

    def is_current(self) -> bool:
        return all(stamp_of(path) == stamp for path, stamp in self.shown)


def booklet_file(journey: Journey) -> str:
    """Where a journey's booklet is published: an earlier one's in its own folder."""
    return journey.root + BOOKLET if journey.is_earlier else BOOKLET


def render_booklets(site: Site, env: jinja2.Environment, copies: dict[str, Path],
                    cache: BuildCache | None) -> tuple[dict[str, bytes], dict[str, Attachment]]:
    """Every journey's booklet: output path -> PDF bytes, and each as an attachment by
    the address of its journey. ``copies``: the site's files (output path -> source),
    which are all a booklet may show.

    Raises:
        ContentErrors: no journey to print, a template problem, or no WeasyPrint.
    """
    journeys = site.journeys
    if not journeys:
        raise _error(site.content_dir / "journey",
                     "there is no Improvement Journey to make a booklet of",
                     "add content/journey/ (see docs/content.md), or build without --pdf.")
    stylesheet = _stylesheet(site)
    css = stylesheet.read_bytes()
    last: dict[bytes, Printed] = cache.printed_booklets() if cache else {}
    printed: dict[bytes, Printed] = {}
    files: dict[str, bytes] = {}
    booklets: dict[str, Attachment] = {}
    reports = _reports_answered(site)
    for journey in journeys:
        html = _html(site, env, journey, reports)
        key = key_of(b"booklet", html, css)
        found = last.get(key)
        if found is None or not found.is_current():
            found = _print(html, stylesheet, site, copies)
        file = booklet_file(journey)
        files[file] = found.pdf
        booklets[journey.root] = Attachment(title="Our improvement journey booklet", file=file,
                                            size=len(found.pdf), pages=found.pages)
        printed[key] = found
    if cache is not None and printed != last:
        cache.save_booklets(printed)
    return files, booklets


def preview_booklet(site: Site, path: str, copies: dict[str, Path]) -> bytes | None:
    """The booklet published at ``path``, printed now (the preview prints one only when
    it is opened); None if no journey has its booklet there.

    Raises:
        ContentErrors: a template problem, or no WeasyPrint.
    """
    journey = next((j for j in site.journeys if booklet_file(j) == path), None)
    if journey is None:
        return None
    env = make_environment(site.root, site.config.site.base_path)
    html = _html(site, env, journey, _reports_answered(site))
    return _print(html, _stylesheet(site), site, copies).pdf


def _stylesheet(site: Site) -> Path:
    return next(d / STYLESHEET for d in template_dirs(site.root) if (d / STYLESHEET).is_file())


def _reports_answered(site: Site) -> dict[str, HistoricRating]:
    """The earlier report each earlier journey answered, by the journey's address."""
    history = {r.published: r for r in site.rating.history} if site.rating else {}
    return {journey.root: history[day] for day, journey in answered_by(site).items()}


def _html(site: Site, env: jinja2.Environment, journey: Journey,
          reports: dict[str, HistoricRating]) -> str:
    origin = site_origin(site)
    url = env.globals["url"]
    try:
        return env.get_template(TEMPLATE).render(
            site=site, journey=journey, report=reports.get(journey.root),
            canonical=origin and origin + url(journey.root),  # type: ignore[operator]
            now=origin and origin + url(site.journey.root if site.journey else ""),  # type: ignore[operator]
        )
    except Exception as exc:  # any template failure is reported, never a traceback
        raise ContentErrors([template_error(exc, TEMPLATE)]) from None


def _print(html: str, stylesheet: Path, site: Site, copies: dict[str, Path]) -> Printed:
    try:
        import weasyprint  # optional: only --pdf needs it, and a booklet not kept
    except ImportError:
        raise _error(NOWHERE.path, "making the PDF booklet (--pdf) needs WeasyPrint, which "
                     "is not installed", 'in the folder you installed journey from, run: pip '
                     'install -e ".[pdf]" (or build without --pdf)') from None
    origin = site_origin(site) or _NO_ORIGIN
    shown: list[tuple[str, Stamp | None]] = []
    # Links in the booklet lead to the published site, as the web pages' do.
    document = weasyprint.HTML(string=html, base_url=origin + "/", url_fetcher=_site_files(
        weasyprint, origin + site.config.site.base_path, copies, shown, site.root))
    pdf: bytes = document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(stylesheet))],
                                    pdf_variant="pdf/ua-1", pdf_tags=True)
    return Printed(pdf, pdf_pages_of(pdf), tuple(shown))


def _site_files(weasyprint: Any, site_base: str, copies: dict[str, Path],
                shown: list[tuple[str, Stamp | None]], site_root: Path) -> Any:
    """What gives WeasyPrint an image the booklet shows: the site's file at that address
    (in content/assets/, or a static file; a photo as it is published), never anything
    from the internet. Each file given is added to ``shown`` with its stamp."""
    base = urlsplit(site_base)

    class SiteFiles(weasyprint.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            path = unquote(parts.path[len(base.path):])
            source = None
            if (parts.scheme, parts.netloc) == (base.scheme, base.netloc) and (
                    parts.path.startswith(base.path)):
                source = copies.get(path)
            if source is None:  # WeasyPrint leaves it out
                raise ValueError(f"{url} is not a file of this site")
            stamp = stamp_of(str(source))  # before reading: a save after it prints again
            photo = published_photo(site_root, source) if is_photo(path) else None
            data = photo if photo is not None else source.read_bytes()
            shown.append((str(source), stamp))
            kind = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, data, {"Content-Type": kind})

    return SiteFiles()


def _error(path: Path, message: str, hint: str) -> ContentErrors:
    return ContentErrors([ContentError(SourcePos(path), message, hint)])
