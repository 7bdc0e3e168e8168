"""Checks on the built pages: links, anchors, images, what the security policy stops,
and the rating on every page; and on what the site's own stylesheets name.

Links are checked on the HTML, where they really point; each finding is reported
where the editor wrote the link when it can be found in the content, else in the
template it is written in (once, however many pages show it), else at the template
that made the page.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import SplitResult, unquote, urlsplit

from generator.digests import key_of
from generator.errors import SourcePos
from generator.fingerprint import FINGERPRINTED, HASH_LENGTH
from generator.model.addresses import page_key
from generator.model.site import Site
from generator.model.updates import Update
from generator.pages import OutputPage
from generator.pages.base import Breadcrumb
from generator.pages.moved import moved_to
from generator.pages.urls import url_of
from generator.quality.findings import Finding
from generator.quality.html_scan import PageScan, scan_page
from generator.quality.memo import CheckMemo
from generator.quality.private_links import not_public
from generator.quality.security_policy import SecurityPolicy, blocked, scripts_stopped
from generator.quality.sources import Locator
from generator.quality.stylesheets import check_stylesheets
from generator.render.markdown import HEADING_ID_PREFIX
from generator.render.template_dirs import template_dirs
from generator.rendering import files_to_copy

SKIPPED_SCHEMES = ("mailto", "tel", "sms")


class Finder(Protocol):
    """Where a link or address found on a built page is written (a Locator of editors'
    texts, or of templates)."""

    def find(self, text: str) -> SourcePos | None: ...


@dataclass
class BuiltPagesReport:
    findings: list[Finding] = field(default_factory=list)
    # Links to other websites: where each was first seen (the template that made the
    # page; found in the content only if they are checked, with --external).
    external: dict[str, SourcePos] = field(default_factory=dict)


def check_built_pages(site: Site, pages: list[OutputPage], files: Mapping[str, bytes],
                      copies: Mapping[str, Path], locator: Locator, memo: CheckMemo,
                      page_keys: Mapping[str, bytes]) -> BuiltPagesReport:
    """``page_keys``: a key of everything each page is made from (build_cache.py), if
    known: a page is scanned again only if its key changed (else if its bytes did)."""
    report = BuiltPagesReport()
    html_paths = sorted(path for path in files if path.endswith(".html"))
    keys = [scan_key(page_keys[path]) if path in page_keys
            else key_of(b"bytes", files[path]) for path in html_paths]
    strings: dict[str, str] = {}
    scans = dict(zip(html_paths, memo.results(
        keys, html_paths,
        lambda path: _shared(scan_page(files[path].decode("utf-8")), strings)), strict=True))
    base = urlsplit(site.config.site.base_url)
    base_path = site.config.site.base_path
    hidden = _hidden(site)
    moved = moved_to(site)
    by_path = {page.output_path: page for page in pages}
    template_pos = functools.cache(functools.partial(_template_pos, site))
    in_templates = _TemplateText(site)
    said: set[tuple[str, SourcePos, str]] = set()  # of a template's: once, not on every page
    # When analytics: is on, whether all pages of each template count visits.
    counting: dict[str, bool] | None = {} if site.config.counts_visits else None
    # Most links are on every page (the header, footer and navigation): where a link
    # goes is worked out once, for every page if it starts with / (as ours do).
    kinds: dict[str, str] = {}
    problems: dict[str | tuple[str, str], tuple[str, str, str] | None] = {}
    policy = SecurityPolicy(files.get("_headers"), _published_at(site))
    stopped: set[tuple[str, SourcePos]] = set()  # a template's: said once, not on every page
    for path, scan in scans.items():
        page = by_path.get(path)
        fallback = template_pos(page.template if page else "")
        for link in scan.links:
            kind = kinds.get(link) or kinds.setdefault(link, _kind(link, base, base_path))
            if kind == "ignored":
                continue
            if kind == "web":
                report.external.setdefault(link, fallback)
                continue
            asked = link if kind == "site" else (link, path)
            if asked not in problems:
                problems[asked] = _link_problem(link, path, base_path, files, copies, scans,
                                                hidden, moved)
            problem = problems[asked]
            if problem:
                rule, message, hint = problem
                pos = locator.find(_written(link))
                if pos is None and (pos := in_templates.find(link)) is not None:
                    if (rule, pos, message) in said:
                        continue
                    said.add((rule, pos, message))
                report.findings.append(Finding(rule, pos or fallback, message, hint))
        for src in scan.images_without_alt:
            report.findings.append(_no_alt(src, locator.find(src) or fallback))
        for tag, src in scan.fetched:
            if not policy.lets_in(tag, src):
                pos = locator.find(src) or in_templates.find(src) or fallback
                if (src, pos) not in stopped:
                    stopped.add((src, pos))
                    report.findings.append(blocked(tag, src, pos))
        _rating_shown(site, path, scan, fallback, report)
        if counting is not None and page:
            counting[page.template] = ("site-analytics" in scan.ids
                                       and counting.get(page.template, True))
    if counting and not all(counting.values()):
        report.findings.append(_not_counting(counting, template_pos("base.html")))
    report.findings += check_stylesheets(files_to_copy(site), policy)
    report.findings += _scripts_stopped(site, policy)
    return report


def _scripts_stopped(site: Site, policy: SecurityPolicy) -> list[Finding]:
    """What the security policy stops the site's own scripts doing (search, counting
    visits), found at the policy's line in the headers.txt the site uses."""
    config = site.config
    counter = config.analytics.allowed() if config.counts_visits else {}
    pos = _template_pos(site, "headers.txt")
    with contextlib.suppress(OSError, UnicodeDecodeError):
        lines = pos.path.read_text(encoding="utf-8").splitlines()
        pos = next((SourcePos(pos.path, number) for number, line in enumerate(lines, 1)
                    if line.lstrip().startswith("Content-Security-Policy:")), pos)
    return scripts_stopped(policy, config.site.search, counter, pos)


def check_links_written(site: Site, files: Mapping[str, bytes], copies: Mapping[str, Path],
                        paths: Iterable[str], locator: Finder) -> list[Finding]:
    """What check_built_pages finds of links and images on the pages at ``paths`` that
    ``locator`` finds written in its texts (not the template's): for the preview, on the
    pages showing the files saved. Other pages are scanned only if linked to a part of."""
    base = urlsplit(site.config.site.base_url)
    base_path = site.config.site.base_path
    hidden = _hidden(site)
    moved = moved_to(site)
    scans = _Scans(files)
    policy = SecurityPolicy(files.get("_headers"), _published_at(site))
    findings = []
    for path in sorted(p for p in paths if p.endswith(".html") and p in files):
        scan = scans[path]
        for link in scan.links:
            if _kind(link, base, base_path) in ("site", "relative"):
                problem = _link_problem(link, path, base_path, files, copies, scans, hidden,
                                        moved)
                written = problem and locator.find(_written(link))
                if problem and written:
                    findings.append(Finding(problem[0], written, problem[1], problem[2]))
        findings += [_no_alt(src, pos) for src in scan.images_without_alt
                     if (pos := locator.find(src)) is not None]
        findings += [blocked(tag, src, pos) for tag, src in scan.fetched
                     if not policy.lets_in(tag, src) and (pos := locator.find(src)) is not None]
    return findings


def check_templates_saved(site: Site, files: Mapping[str, bytes], copies: Mapping[str, Path],
                          paths: Iterable[str], saved: Collection[Path]) -> list[Finding]:
    """What check_built_pages finds of links, images and what the security policy stops
    written in the site's own templates among ``saved``, on the pages at ``paths``: each
    once, not once a page."""
    found = check_links_written(site, files, copies, paths,
                                _WrittenIn(_TemplateText(site), saved))
    return list(dict.fromkeys(found))


class _WrittenIn:
    """Where a text is written in the templates, if in one of ``files``."""

    def __init__(self, templates: _TemplateText, files: Collection[Path]) -> None:
        self.templates = templates
        self.files = files

    def find(self, text: str) -> SourcePos | None:
        pos = self.templates.find(text)
        return pos if pos is not None and pos.path in self.files else None


def check_stylesheets_saved(site: Site, files: Mapping[str, bytes],
                            copies: Mapping[str, Path], saved: Collection[Path],
                            ) -> list[Finding]:
    """What check_built_pages finds in the site's own stylesheets among ``saved``."""
    policy = SecurityPolicy(files.get("_headers"), _published_at(site))
    return check_stylesheets(copies, policy, only=saved)


def check_policy_saved(site: Site, files: Mapping[str, bytes]) -> list[Finding]:
    """What check_built_pages finds the site's own security policy (templates/headers.txt,
    as built into ``files``) stops the site's scripts doing."""
    return _scripts_stopped(site, SecurityPolicy(files.get("_headers"), _published_at(site)))


class _Scans(dict[str, PageScan]):
    """The scans of the pages in ``files``, each made when first asked for."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        super().__init__()
        self.files = files

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and path.endswith(".html") and path in self.files

    def __missing__(self, path: str) -> PageScan:
        scan = self[path] = scan_page(self.files[path].decode("utf-8"))
        return scan


def _hidden(site: Site) -> set[str]:
    """Where the drafts and embargoed updates would be: links to them are findings."""
    return {url_of(item) if isinstance(item, Update) else f"{item.slug}/"
            for item in site.hidden}


def _no_alt(src: str, pos: SourcePos) -> Finding:
    return Finding("image_alt", pos, f"the image {src} has no alt text",
                   'add alt="..." saying what the image shows, or alt="" if it is decoration.')


def scan_key(page_key: bytes) -> bytes:
    """What a page's scan is kept under in the checks' memo, given the page's build key."""
    return key_of(b"page", page_key)


def _kind(link: str, base: SplitResult, base_path: str) -> str:
    """"site" for a link to this site from its root, "relative" for one to this site
    from the page it is on, "web" for one to another website, else "ignored"."""
    parts = urlsplit(link)
    if parts.scheme in SKIPPED_SCHEMES or not_public(link):
        return "ignored"
    elsewhere = parts.netloc != base.netloc or not parts.path.startswith(base_path)
    if (parts.scheme or parts.netloc) and elsewhere:
        return "web" if parts.scheme in ("http", "https") else "ignored"
    return "site" if parts.path.startswith("/") else "relative"


def _published_at(site: Site) -> str:
    """The site's own address, not a deploy preview's (--base-url)."""
    return site.config.site.own_base_url or site.config.site.base_url


def _shared(scan: PageScan, strings: dict[str, str]) -> PageScan:
    """The scan with each string shared with other pages' scans (one ``strings``): most
    are on every page, and kept in .cache/ the scans of 4,000 pages take half the room."""
    def share(value: str) -> str:
        return strings.setdefault(value, value)
    scan.ids = {share(value) for value in scan.ids}
    scan.classes = {share(value) for value in scan.classes}
    scan.links = [share(value) for value in scan.links]
    scan.fetched = [(tag, share(src)) for tag, src in scan.fetched]
    return scan


def _written(link: str) -> str:
    """The part of a link an editor typed, to find it in the content."""
    return link.split("#", 1)[0] or link


_QUOTES = "\"'\u201c\u201d\u2018\u2019"
# An email address written as a link's address without its mailto:.
_BARE_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Another website's address written without its https:// ("www.cqc.org.uk/provider"):
# a browser takes it for a page of this site.
_BARE_WEBSITE = re.compile(r"(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.(?:uk|com|org|"
                           r"net|gov|info|io|eu|scot|wales|london))(?:[/?#].*)?", re.IGNORECASE)


def _link_problem(link: str, page_path: str, base_path: str, files: Mapping[str, bytes],
                  copies: Mapping[str, Path], scans: Mapping[str, PageScan],
                  hidden: set[str], moved: Mapping[str, Breadcrumb],
                  ) -> tuple[str, str, str] | None:
    typed = unquote(link)
    # [our plan]("https://..."): Markdown keeps the quotes, as part of the address.
    if typed.startswith(tuple(_QUOTES)):
        return ("broken_link", f"the link {typed} has quote marks around its address, so it "
                "goes nowhere", f"take them out, leaving only the address between the "
                f"brackets: ({typed.strip(_QUOTES)})")
    parts = urlsplit(link)
    page_dir = base_path + posixpath.dirname(page_path)
    if not page_dir.endswith("/"):
        page_dir += "/"
    path = parts.path if parts.path.startswith("/") else (
        posixpath.normpath(page_dir + parts.path) + ("/" if parts.path.endswith("/") else "")
        if parts.path else base_path + page_path)
    if not path.startswith(base_path):
        return ("broken_link", f"the link {link} goes outside this site",
                f"links inside the site start with {base_path}")
    target = unquote(path[len(base_path):])
    key = page_key(target)
    now = moved.get(key) if key != page_key(page_path) else None  # not a moved page's own
    if now is not None:
        # It works (the page there sends visitors on), but through a page that flashes
        # by, and a search engine counts it as the page's address.
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return ("old_address_link", f'the link {link} goes to the old address of "{now.title}"',
                f"link to {base_path}{now.url}{fragment} instead, its address now.")
    found = _target(target, files, copies)
    if found is None:
        if _BARE_EMAIL.fullmatch(typed):
            return ("broken_link", f"the link {typed} is an email address without mailto: "
                    "at its start, so it goes to a page of this site that does not exist",
                    f"write mailto: before it: mailto:{typed}")
        if not parts.path.startswith("/") and _BARE_WEBSITE.fullmatch(typed):
            return ("broken_link", f"the link {typed} has no https:// at its start, so it "
                    "goes to a page of this site that does not exist",
                    f"write the website's address in full: https://{typed}")
        if target.rstrip("/") + "/" in hidden:
            return ("draft_link", f"the link {link} goes to a draft or embargoed update",
                    "link to it once it is published, or publish it first.")
        if (published := _published_name(target, [*copies, *files])) is not None:
            return ("missing_asset", f"the link {link} names a file of templates/static/ by "
                    "the name it has there: published, its name has a code added to it (so "
                    f"browsers never keep an old copy), {published} today",
                    f"in the template, write {{{{ url('{target}') }}}}: it gives the name the "
                    "file is published under.")
        is_file = "." in posixpath.basename(target.rstrip("/"))
        meant = (_meant(parts.path, base_path, files, copies)
                 or _similar(target, base_path, files, copies))
        if is_file and not target.endswith(".html"):
            return ("missing_asset", f"the link {link} goes to a file that does not exist",
                    meant or "check the file name; files go in content/assets/ and are "
                    "linked as /assets/...")
        return ("broken_link", f"the link {link} goes to a page that does not exist",
                meant or "check the address: copy it from the page you mean in the preview.")
    if parts.fragment and found in scans and unquote(parts.fragment) not in scans[found].ids:
        return ("missing_anchor", f"the link {link} goes to #{parts.fragment}, which is not "
                "on that page", _anchor_hint(link.partition("#")[0], unquote(parts.fragment),
                                             scans[found].ids))
    return None


def _anchor_hint(page: str, fragment: str, ids: Collection[str]) -> str:
    """How to link to the part of ``page`` meant by ``#fragment``: a heading's part is
    named from its words after "h-" (#h-what-we-did), which an editor guessing leaves out."""
    guess = HEADING_ID_PREFIX + fragment.lower().strip("-")
    headings = [name for name in ids if name.startswith(HEADING_ID_PREFIX)]
    meant = guess if guess in ids else next(iter(difflib.get_close_matches(
        guess, headings, n=1, cutoff=0.8)), None)
    if meant is not None:
        return (f"link to {page}#{meant}: a heading's part of the page is named from its "
                "words after h-.")
    return "check the part of the page you mean: its heading may have changed."


def _published_name(target: str, published: Iterable[str]) -> str | None:
    """The name a static file is published under (of the ``published`` paths), if
    ``target`` is its own name."""
    if not target.startswith(FINGERPRINTED):
        return None
    stem, suffix = posixpath.splitext(target)
    named = re.compile(re.escape(stem) + rf"\.[0-9a-f]{{{HASH_LENGTH}}}" + re.escape(suffix))
    return next((path for path in published if named.fullmatch(path)), None)


def _meant(written: str, base_path: str, files: Mapping[str, bytes],
           copies: Mapping[str, Path]) -> str:
    """The hint for a link written from the page it is on, or from the site folder
    (assets/report.pdf, content/assets/report.pdf), to something the site has: how to
    write it from the site's root. '' if there is no such thing."""
    if written.startswith("/"):
        return ""
    typed = unquote(written)
    # assets\report.pdf: a path copied from Windows, its folders apart by backslashes.
    rest = typed.replace("\\", "/").removeprefix("./").removeprefix("content/")
    if rest and _target(rest, files, copies) is not None:
        between = ", with / between folders, not \\" if "\\" in typed else ""
        return f"write it as {base_path}{rest}, from the top of the site{between}."
    return ""


# Comparing a link with each address takes about 20 microseconds: a folder of thousands
# of updates would hold up the preview after a save.
_NEAR_AMONG_AT_MOST = 1000


def _similar(target: str, base_path: str, files: Mapping[str, bytes],
             copies: Mapping[str, Path]) -> str:
    """The hint for a link a slip away from an address the site has (a letter missed,
    two swapped): 'did you mean ...?'. '' if none is that near."""
    addresses = [path.removesuffix("index.html") for path in (*files, *copies)]
    folder = posixpath.dirname(target.rstrip("/"))
    pool = [a for a in addresses if posixpath.dirname(a.rstrip("/")) == folder] or addresses
    if same := [a for a in pool if a.lower() == target.lower()]:  # Report.PDF, report.pdf
        return f"did you mean {base_path}{same[0]}? Capital letters count in addresses."
    if len(pool) > _NEAR_AMONG_AT_MOST:
        return ""
    near = difflib.get_close_matches(target, pool, n=1, cutoff=0.85)
    return f"did you mean {base_path}{near[0]}? Check the address and change it." if near else ""


def _target(target: str, files: Mapping[str, bytes], copies: Mapping[str, Path]) -> str | None:
    candidates = [target] if target and not target.endswith("/") else []
    candidates += [target + "index.html" if target.endswith("/") or not target
                   else target + "/index.html"]
    return next((c for c in candidates if c in files or c in copies), None)


def _rating_shown(site: Site, path: str, scan: PageScan, template: SourcePos,
                  report: BuiltPagesReport) -> None:
    """Regulation 20A: the rating on the home page, and the badge on every page."""
    if site.rating is None:
        return
    if path == "index.html" and "rating-panel" not in scan.classes:
        report.findings.append(Finding(
            "rating_panel", template,
            "the home page does not show the CQC rating panel",
            "Regulation 20A requires it: keep {{ rating_panel(site) }} in your home.html."))
    if path != "404.html" and "rating-badge" not in scan.classes:
        report.findings.append(Finding(
            "rating_badge", template,
            f"{path} does not show the CQC rating",
            "Regulation 20A requires the rating on every page: extend base.html, which "
            "shows it, or keep {{ rating_badge(site) }} in your own."))


def _not_counting(templates: dict[str, bool], base: SourcePos) -> Finding:
    """site.yaml's analytics: on, and pages without the service's script: a base.html of
    the site's own from before it had one (or a template that does not extend it)."""
    missing = ", ".join(sorted(name for name, counts in templates.items() if not counts))
    return Finding("analytics_script", base, f"pages made by {missing} do not count "
                   "visits, though site.yaml's analytics: is on",
                   'add {% from "components/analytics.html" import analytics %} at the top '
                   "of your base.html, and {{ analytics(site) }} before its </head>.")


class _TemplateText:
    """Where a text is written in the templates the site uses (its own, then the built-in
    ones it has no file of its own for): read when first asked."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.sources: list[tuple[Path, str]] | None = None
        self.found: dict[str, SourcePos | None] = {}

    def find(self, text: str) -> SourcePos | None:
        if text not in self.found:
            if self.sources is None:
                self.sources = _template_sources(self.site)
            self.found[text] = next((SourcePos(path, source.count("\n", 0, at) + 1)
                                     for path, source in self.sources
                                     if (at := source.find(text)) >= 0), None)
        return self.found[text]


def _template_sources(site: Site) -> list[tuple[Path, str]]:
    sources: dict[str, tuple[Path, str]] = {}
    for folder in template_dirs(site.root):
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if (path.suffix in (".html", ".xml", ".txt") and name not in sources
                    and not name.startswith("static/")):
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    sources[name] = (path, path.read_text(encoding="utf-8"))
    return list(sources.values())


def _template_pos(site: Site, template: str) -> SourcePos:
    for folder in template_dirs(site.root):
        if (folder / template).is_file():
            return SourcePos(folder / template)
    return SourcePos(Path("templates") / template)
