"""``journey build --pdf``: the Improvement Journey as a printed booklet.

The booklet is rendered from the same content as the web pages with its own
template (templates/booklet/), then WeasyPrint makes a tagged PDF (PDF/UA-1): its
headings, lists and tables are marked up for screen readers, as an accessible
document must be.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from generator.errors import ContentError, ContentErrors, SourcePos
from generator.model.site import Site
from generator.render.metadata import site_origin
from generator.render.template_dirs import template_dirs
from generator.render.templates import template_error

BOOKLET = "improvement-journey.pdf"
TEMPLATE = "booklet/booklet.html"
STYLESHEET = "booklet/booklet.css"


def render_booklet(site: Site, env: jinja2.Environment) -> bytes:
    """The booklet's PDF bytes.

    Raises:
        ContentErrors: no journey to print, a template problem, or no WeasyPrint.
    """
    if site.journey is None:
        raise _error(site.content_dir / "journey",
                     "there is no Improvement Journey to make a booklet of",
                     "add content/journey/ (see docs/content.md), or build without --pdf.")
    try:
        import weasyprint  # optional: only --pdf needs it
    except ImportError:
        raise _error(site.root, "making the PDF booklet needs WeasyPrint, which is not installed",
                     "install it with: pip install 'nhs-improvement-journey[pdf]'") from None
    try:
        html = env.get_template(TEMPLATE).render(
            site=site, journey=site.journey, canonical=site_origin(site) and
            site_origin(site) + env.globals["url"]("journey/"))  # type: ignore[operator]
    except Exception as exc:  # any template failure is reported, never a traceback
        raise ContentErrors([template_error(exc, TEMPLATE)]) from None
    stylesheet = next(d / STYLESHEET for d in template_dirs(site.root)
                      if (d / STYLESHEET).is_file())
    document = weasyprint.HTML(string=html, base_url=str(site.root))
    pdf: bytes = document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(stylesheet))],
                                    pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf


def _error(path: Path, message: str, hint: str) -> ContentErrors:
    return ContentErrors([ContentError(SourcePos(path), message, hint)])
