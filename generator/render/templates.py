"""The Jinja environment: built-in templates, overridden by a site's own by file name."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Mapping, MutableMapping
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.runtime
import mdurl
from markupsafe import escape

from generator.errors import ContentError, SourcePos
from generator.model.attachments import Attachment
from generator.model.dates import nhs_date
from generator.model.journey import JOURNEY_ROOT
from generator.model.site import Site
from generator.pages.urls import url_of
from generator.render.azure_config import azure_config
from generator.render.charts import (
    describe_change,
    format_number,
    is_improving,
    line_chart,
    with_unit,
)
from generator.render.file_notes import described_files
from generator.render.language_marks import in_language_of, language_attributes, search_language
from generator.render.metadata import (
    has_feed,
    share_image,
    site_origin,
    structured_data,
    unlisted,
)
from generator.render.template_dirs import template_dirs


def make_environment(site_root: Path, base_path: str,
                     renamed: Mapping[str, str] | None = None,
                     compiled: jinja2.BytecodeCache | None = None,
                     booklets: Mapping[str, Attachment] | None = None) -> jinja2.Environment:
    """A fresh environment for one build: autoescaping on, unknown variables are errors.

    ``renamed`` maps static files to their fingerprinted names (published builds only).
    ``compiled`` keeps compiled templates between builds (the build cache).
    ``booklets``: the PDF booklets ``journey build --pdf`` made, by the address of the
    journey each is of (``booklet`` is the journey's now, kept for templates that use it).
    """
    names = renamed or {}
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(site_root)]),
        bytecode_cache=compiled,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # no stat of each template for each page; a change makes a new env
    )
    env.filters["nhs_date"] = _nhs_date
    env.filters["slug"] = lambda text: re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    made: dict[str, str] = {}  # a page asks for thirty, most the same on every page

    def url(path: str = "") -> str:
        found = made.get(path)
        if found is None:
            rel = path.lstrip("/")
            rel = names.get(rel, rel)
            if _NOT_IN_URLS.search(rel):  # a file named with spaces or accents, as editors do
                rel = mdurl.encode(rel)  # as markdown-it encodes a link written in Markdown
            found = made[path] = base_path + rel
        return found

    def absolute(path: str, site: Site) -> str:
        """The full address of a site path, or '' when base_url is not a full address."""
        origin = site_origin(site)
        return origin + url(path) if origin else ""

    env.globals["url"] = url
    env.globals["absolute"] = absolute
    env.globals["structured_data"] = lambda site, page: structured_data(site, page, absolute)
    env.globals["share_image"] = share_image
    env.globals["has_feed"] = has_feed
    env.globals["unlisted"] = unlisted  # not site.settings: a template naming it is dated
    env.globals["azure_config"] = azure_config
    env.globals["booklets"] = booklets = booklets or {}
    env.globals["booklet"] = booklets.get(JOURNEY_ROOT)
    env.globals["same_on_every_page"] = same_on_every_page
    env.globals["href"] = lambda item: base_path + url_of(item)
    env.globals["path_of"] = url_of
    env.globals["line_chart"] = line_chart
    env.globals["describe_change"] = describe_change
    env.globals["is_improving"] = is_improving
    env.filters["number"] = format_number
    env.filters["lang"] = language_attributes
    env.filters["in_language_of"] = in_language_of
    env.filters["search_language"] = search_language
    # HTML as text, for a feed's <content type="html">: escaped even when it is Markup
    # (str() of Markup is a plain string, which escape() does not take as safe).
    env.filters["html_as_text"] = lambda value: escape(
        str(value.__html__() if hasattr(value, "__html__") else value))
    env.filters["rfc3339"] = lambda day: f"{day.isoformat()}T00:00:00Z"
    env.filters["with_unit"] = with_unit
    env.filters["described_files"] = described_files
    return env


class _Environment(jinja2.Environment):
    """Each template's globals are a plain dict of the environment's as they were when it
    was loaded, so every global must be set before the first template is loaded.

    Jinja's own are a ChainMap over the environment's, which it walks key by key a few
    times for every page (every template rendered and macro file imported): a tenth of a
    page's time.
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}

    # Each template is parsed once: the build cache parses templates to find those they
    # use (see build_cache.py), and compiling one parsed it again (0.04 s of a clean
    # build of the sample site).

    def parse(self, source: str, name: str | None = None,
              filename: str | None = None) -> jinja2.nodes.Template:
        tree = super().parse(source, name, filename)
        self.__dict__.setdefault("_trees", {})[source, name, filename] = tree
        return tree

    def _parse(self, source: str, name: str | None,
               filename: str | None) -> jinja2.nodes.Template:
        tree = self.__dict__.get("_trees", {}).pop((source, name, filename), None)
        return tree if tree is not None else super()._parse(source, name, filename)


# What a template file may be called (a page, a feed, a text file, a spreadsheet).
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".csv", ".jinja")
# What a URL holds as it is (and % only as an escape, %20): anything else is encoded.
_NOT_IN_URLS = re.compile(r"[^A-Za-z0-9\-._~/:?#@!$&'()*+,;=%]|%(?![0-9A-Fa-f]{2})")


@jinja2.pass_context
def same_on_every_page(context: jinja2.runtime.Context, name: str,
                       variant: str | None = None, *, caller: Callable[[], str]) -> str:
    """``{% call same_on_every_page("footer") %}...{% endcall %}``: the block is rendered
    for the first page only and reused for the others, so it must show only the site,
    never the page (the footer and rating badge were a third of a page's time). With a
    ``variant``, it is rendered once for each: the header is one for the pages not in the
    navigation, and one for each page in it (which it marks as the current page).

    Kept on the site model, which a change of content replaces, and only for the
    environment that rendered it (which a change of template replaces).
    """
    site = context.get("site")
    if not isinstance(site, Site):
        return caller()
    kept: dict[tuple[str, str | None], tuple[jinja2.Environment, str]] = site.__dict__.setdefault(
        "_same_on_every_page", {})
    found = kept.get((name, variant))
    if found is None or found[0] is not context.environment:
        found = kept[name, variant] = (context.environment, caller())
    return found[1]


def _nhs_date(value: dt.date | None) -> str:
    return nhs_date(value) if value else ""


def template_error(exc: BaseException, template: str) -> ContentError:
    """Turn an exception raised while rendering into an error naming the template line."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = Path(exc.filename or template)
        return ContentError(SourcePos(path, exc.lineno or 0, 1),
                            f"template syntax error: {exc.message}",
                            "check the {% %} and {{ }} tags on this line are complete and closed.")
    if isinstance(exc, jinja2.TemplateNotFound):
        return ContentError(SourcePos(Path(template)), f'template "{exc.name}" does not exist',
                            "check the name, or copy the built-in template into templates/.")
    frame_path, line = _template_frame(exc.__traceback__)
    hint = "this template uses something the page does not have; check the name and spelling."
    if not isinstance(exc, jinja2.UndefinedError):
        hint = "a template raised an error while rendering; check this line."
    return ContentError(SourcePos(frame_path or Path(template), line, 1),
                        f"template error: {exc}", hint)


def _template_frame(tb: TracebackType | None) -> tuple[Path | None, int]:
    """The innermost traceback frame that is in a template file."""
    found: tuple[Path | None, int] = (None, 0)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, where a file that cannot be read or written
    is simply not used (Jinja would fail the page)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)
