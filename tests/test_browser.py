"""Every page of the sample and fixture sites in headless Chromium, served with the headers
of their built _headers file (CSP included): nothing is blocked by the CSP, axe-core finds no WCAG 2.2
A/AA violations, nothing scrolls sideways at 320 px, and the keyboard reaches the skip link
and main content. Screenshots go to test-artifacts/.

Needs Debian's Chromium (/usr/bin/chromium): .ci/run installs it, so in CI a missing
browser fails; elsewhere these tests skip with a message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from conftest import (
    POLISH,
    REPO,
    SITES,
    SMALL_TODAY,
    URDU,
    indexed_pages,
    netlify_headers,
    search_parts,
)

from bench.corpus import make_corpus
from generator import search
from generator.build import build
from generator.errors import SourcePos
from generator.model.site import BuildSettings
from generator.quality.security_policy import SecurityPolicy, scripts_stopped
from generator.serve import PreviewServer

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is not at {CHROMIUM}: .ci/run should install it", pytrace=False)
    pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")
axe_package = pytest.importorskip("axe_playwright_python")
AXE = (Path(axe_package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the built site with the headers Netlify will send, CSP included."""

    headers_for_all: ClassVar[dict[str, str]] = {}
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      ".js": "text/javascript", ".wasm": "application/wasm"}

    def end_headers(self) -> None:
        for name, value in self.headers_for_all.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # Chromium drops a request it no longer needs (a page's icon, as the test goes on).
        with contextlib.suppress(ConnectionError):
            super().handle()

    def finish(self) -> None:
        with contextlib.suppress(ConnectionError):
            super().finish()


def _serve(folder: Path, headers: dict[str, str] | None = None,
           ) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` with its own headers (or ``headers``), on a port of its own."""
    headers = netlify_headers(folder)["/*"] if headers is None else headers
    handler_class = type("Handler", (_Quiet,), {"headers_for_all": headers})
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[str, Path, str]]]:
    """(name, built folder, base address) for the sample, the two fixture sites (the
    journey's with an earlier journey too) and a site with many updates."""
    built = []
    for name, source, today, drafts in (
        ("sample", REPO, dt.date(2026, 11, 23), True),
        ("small", SITES / "small", dt.date(2022, 12, 31), True),
        ("journey", SITES / "journey", dt.date(2022, 10, 15), False),
    ):
        root = tmp_path_factory.mktemp(name) / name
        shutil.copytree(source / "content", root / "content")
        if name == "journey":  # with an earlier journey, which the journey's page lists
            earlier = root / "content/earlier-journeys/2021"
            shutil.copytree(root / "content/journey", earlier)
            with (earlier / "journey.yaml").open("a", encoding="utf-8") as file:
                file.write("ended: 2022-06-14\n")
            # and statements in Polish and in Urdu (right to left), with a document; the
            # Urdu one a translation of October's update (each links to the other)
            urdu = URDU.replace("language: ur\n", "language: ur\ntranslation_of: 2022-10\n")
            for name_of, text in (("2022-10-12-oswiadczenie", POLISH), ("2022-10-13-bayan", urdu)):
                (root / f"content/updates/{name_of}.md").write_text(text, encoding="utf-8")
            (root / "content/assets").mkdir(exist_ok=True)
            shutil.copy(SITES / "small/content/assets/response.pdf",
                        root / "content/assets/raport.pdf")
        if name == "small":  # its draft's banner says it was due to be published
            draft = root / "content/updates/2022-12-draft.md"
            draft.write_text(draft.read_text().replace(
                "draft: true", "draft: true\npublish_date: 2022-12-30"))
            november = root / "content/updates/2022-11-update.md"  # and a video, with its
            november.write_text(november.read_text().replace(  # transcript shown
                "summary:", "video:\n  url: https://youtu.be/abc123\n  title: Our November\n"
                "  length: 3 minutes\n  transcript: |\n    Hello.\n\n    ## What we did\n\n"
                "    We opened a ward.\nsummary:") + "\nLong addresses fit a phone too: "
                "https://www.cqc.org.uk/provider/RZ9/reports/AP1234/inspection-summary-for"
                "-our-hospitals and improvement.team.kestrelvalley@nhs.net.\n"
                "\n| Ward | Nurses on shift |\n|:--|--:|\n| Kestrel | 12 |\n")  # figures aligned
        build(root, drafts=drafts, today=today)
        if name == "small":
            assert "It was due" in (root / "site/updates/2022-12-draft/index.html").read_text()
            assert "<details" in (root / "site/updates/2022-11-update/index.html").read_text()
        if name == "journey":
            assert "has ended" in (root / "site/earlier-journeys/2021/index.html").read_text()
        built.append((name, root / "site"))
    # A site of 150 updates, whose list of updates is split by year.
    many = make_corpus(tmp_path_factory.mktemp("many") / "many", 150)
    build(many, today=dt.date(2026, 11, 23))
    built.append(("many", many / "site"))
    servers = [(name, folder, *_serve(folder)) for name, folder in built]
    yield [(name, folder, base) for name, folder, _, base in servers]
    for _, _, server, _ in servers:
        server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield launched
        launched.close()


def _addresses(folder: Path) -> list[str]:
    pages = sorted(p.relative_to(folder).parent.as_posix() for p in folder.rglob("index.html"))
    return ["/" if p == "." else f"/{p}/" for p in pages] + ["/404.html"]


def _to_open(name: str, folder: Path) -> list[str]:
    """The pages of a test site to open: every one, but for the site with many updates,
    whose update pages are like the sample's, only its lists."""
    addresses = _addresses(folder)
    if name == "many":
        addresses = [a for a in addresses if re.fullmatch(r"/updates/([0-9]{4}/)?", a)]
        assert addresses == ["/updates/", "/updates/2000/"]
    return addresses


# A heading's own space above it, inside a box's padding (16px), left a gap there.
GAP_AT_THE_TOP_OF_A_BOX = """[...document.querySelectorAll('.inset-text')].some(box =>
    box.firstElementChild && box.firstElementChild.getBoundingClientRect().top
    - box.getBoundingClientRect().top > 24)"""


# What an A4 page holds across in CSS pixels (210 mm at 96 to the inch), less Chromium's
# printing margins of about 10 mm each side.
A4_CONTENT_WIDTH = 718
TABLE_SCROLLS = """[...document.querySelectorAll('.table-container')]
    .filter(box => box.scrollWidth > box.clientWidth + 1)
    .map(box => box.querySelector('caption')?.textContent.trim())"""


# WCAG 1.4.12: text spaced out as a reader's own style sheet may space it must lose nothing.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""
# Elements that hide what overflows them and now have more than fits (not those hidden
# for all but screen readers, a pixel in size).
CUT_OFF = """[...document.querySelectorAll('body *')].filter(el => {
    const style = getComputedStyle(el);
    const hides = value => value === 'hidden' || value === 'clip';
    return el.clientWidth > 1 && el.clientHeight > 1 && (
        (hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1));
}).map(el => el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))"""


def axe_violations(page: object, where: str = "document") -> list[dict[str, Any]]:
    """What axe (injected as AXE) finds against WCAG 2.2 AA in ``where`` (a CSS selector),
    asking for nothing but the violations: the details of what passed took a third of
    axe's time."""
    script = ("([where, tags]) => axe.run(where === 'document' ? document : where, "
              "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})")
    found = page.evaluate(script, [where, WCAG])  # type: ignore[attr-defined]
    return list(found["violations"])


@pytest.mark.parametrize("width", [1280, 320])
def test_every_page_passes_axe_and_fits(sites: list[tuple[str, Path, str]], browser: object,
                                        width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # axe is injected by the browser on every page load, outside the page's own CSP.
    page.add_init_script(script=AXE)
    problems: list[str] = []
    # Anything the page's Content-Security-Policy blocks is reported on the console.
    page.on("console", lambda message: problems.append(f"console: {message.text}")
            if "Content Security Policy" in message.text else None)
    # Nor may anything a page loads be missing: a stylesheet, a picture, the tab's icon.
    page.on("response", lambda response: problems.append(
        f"{response.status}: {response.url}") if response.status >= 400 else None)
    for name, folder, base in sites:
        for address in _to_open(name, folder):
            page.goto(base + address)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            for violation in axe_violations(page):
                targets = [" ".join(n["target"]) for n in violation["nodes"][:3]]
                problems.append(f"{name}{address} @{width}px: {violation['id']}: {targets}")
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                problems.append(f"{name}{address} @{width}px: scrolls sideways")
            if width == 1280:  # the page's widest, as from 1024 pixels: no table scrolls
                problems += [f"{name}{address} @{width}px: a table scrolls sideways: {table}"
                             for table in page.evaluate(TABLE_SCROLLS)]
            if page.evaluate(GAP_AT_THE_TOP_OF_A_BOX):
                problems.append(f"{name}{address} @{width}px: a box has a gap at its top")
            if name == "sample" and address.count("/") <= 3:
                shot = address.strip("/").replace("/", "_") or "home"
                page.screenshot(path=str(ARTIFACTS / f"{shot}-{width}.png"), full_page=True)
            # Last: it stays until the next page. A sheet made by script, as the page's
            # policy lets no <style> in.
            page.evaluate("""css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
                document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""",
                          TEXT_SPACING)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                problems.append(f"{name}{address} @{width}px: scrolls sideways with text "
                                "spacing")
            problems += [f"{name}{address} @{width}px: cuts off, with text spacing: {cut}"
                         for cut in page.evaluate(CUT_OFF)]
    page.close()
    assert problems == []


def test_a_column_aligned_in_markdown_is_aligned_under_the_policy(
        sites: list[tuple[str, Path, str]], browser: object) -> None:
    """markdown-it aligns a column (|--:|) with style="text-align:right", which the site's
    Content-Security-Policy stops: it is a class of the stylesheet instead."""
    (base,) = [base for name, _, base in sites if name == "small"]
    page = browser.new_page()  # type: ignore[attr-defined]
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(base + "/updates/2022-11-update/")
    aligned = page.evaluate("[...document.querySelectorAll('main table tr > *')]"
                            ".map(cell => getComputedStyle(cell).textAlign)")
    page.close()
    assert aligned == ["left", "right", "left", "right"]
    assert refused == []


def test_no_table_scrolls_sideways_on_a_tablet(
        sites: list[tuple[str, Path, str]], browser: object) -> None:
    """A table may scroll on its own on a phone; from a tablet up, a column out of sight
    is one a reader may never know is there (the services table's Overall was, until
    scrolled to, on a tablet, and an action's Status at 642; 1024 and wider, as wide as
    the page gets, is looked at with axe above)."""
    scrolls = []
    page = browser.new_page()  # type: ignore[attr-defined]
    for name, folder, base in sites:
        for address in _to_open(name, folder):
            # Each page loaded once, then made narrower (loading was the test's time).
            page.set_viewport_size({"width": 768, "height": 900})  # a tablet
            page.goto(base + address)
            for width in (768, 642):  # then a small tablet, or a phone on its side
                page.set_viewport_size({"width": width, "height": 900})
                scrolls += [f"{name}{address} @{width}px: {table}"
                            for table in page.evaluate(TABLE_SCROLLS)]
    page.close()
    assert scrolls == []


def test_every_page_fits_a_printed_a4_page(sites: list[tuple[str, Path, str]],
                                           browser: object) -> None:
    """On paper nothing scrolls: a table wider than the page is cut off at its edge (the
    services table's seven columns were, Overall and Well-led lost)."""
    page = browser.new_page(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})  # type: ignore[attr-defined]
    page.emulate_media(media="print")
    too_wide = []
    for name, folder, base in sites:
        for address in _to_open(name, folder):
            page.goto(base + address)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                too_wide.append(f"{name}{address}")
    page.close()
    assert too_wide == []


def test_keyboard_reaches_skip_link_and_main_content(sites: list[tuple[str, Path, str]],
                                                     browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    _, _, base = sites[0]
    page.goto(base + "/journey/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    # The next Tab goes to the first link inside main, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")
    page.close()


# Where the keyboard is, after a Tab: how the element looks focused and not (WCAG 2.4.7:
# they must differ), and whether something else is drawn over it (2.4.11).
FOCUSED = """() => {
    const el = document.activeElement;
    if (el === document.body) return null;
    const look = () => { const c = getComputedStyle(el);
        return [c.outlineStyle, c.outlineWidth, c.outlineColor, c.boxShadow,
                c.backgroundColor, c.color, c.textDecorationLine].join(' '); };
    const focused = look();
    el.blur();
    const unfocused = look();
    el.focus();
    const r = el.getBoundingClientRect();  // its first line, where it is on the screen
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height, 20) / 2, 0), innerHeight - 1);
    const over = document.elementFromPoint(x, y);
    return {what: el.outerHTML.slice(0, 80), shown: focused !== unfocused,
            covered: !(over && (el.contains(over) || over.contains(el)))};
}"""


@pytest.mark.parametrize("width", [1280, 320])
def test_every_stop_of_the_keyboard_shows_where_it_is(sites: list[tuple[str, Path, str]],
                                                      browser: object, width: int) -> None:
    """Tab through the sample's main pages: every link, button, field and scrolling
    table looks different focused, and nothing is drawn over it."""
    _, _, base = sites[0]
    page = browser.new_page(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    problems = []
    for address in ("/", "/journey/", "/journey/actions/", "/updates/", "/board/",
                    "/other-languages/", "/search/",
                    "/updates/2026-02-18-oswiadczenie-w-sprawie-raportu-cqc/"):
        page.goto(base + address)
        stops: list[str] = []
        while len(stops) < 300:
            page.keyboard.press("Tab")
            at = page.evaluate(FOCUSED)
            if at is None or (stops and at["what"] == stops[0]):  # round to the start
                break
            stops.append(at["what"])
            if not at["shown"]:
                problems.append(f"{address} @{width}px: no sign of focus: {at['what']}")
            if at["covered"]:
                problems.append(f"{address} @{width}px: covered: {at['what']}")
        assert len(stops) > 10, address
    page.close()
    assert problems == []


def test_a_printed_page_gives_a_links_address_once(sites: list[tuple[str, Path, str]],
                                                   browser: object) -> None:
    """On paper a link's address is printed after its words, unless its words are the
    address: a web address typed as text, made a link, is not printed twice."""
    page = browser.new_page()  # type: ignore[attr-defined]
    _, _, base = sites[1]
    page.goto(base + "/updates/2022-11-update/")
    page.emulate_media(media="print")
    printed = page.evaluate("""[...document.querySelectorAll('.update__body a')].map(a =>
        [a.textContent, getComputedStyle(a, '::after').content])""")
    page.close()
    assert printed == [
        ["link to the NHS website", '" (https://www.nhs.uk/)"'],
        ["https://www.cqc.org.uk/provider/RZ9/reports/AP1234/inspection-summary-for-our-hospitals",
         "none"],
        ["improvement.team.kestrelvalley@nhs.net", "none"]], printed


def test_a_printed_page_leaves_out_what_is_only_to_download(
        sites: list[tuple[str, Path, str]], browser: object) -> None:
    """On paper "Download every action as a spreadsheet" is words that go nowhere."""
    page = browser.new_page()  # type: ignore[attr-defined]
    _, _, base = sites[0]
    shown = {}
    for address in ("/journey/actions/", "/journey/metrics/"):
        page.goto(base + address)
        on_screen = page.get_by_text("as a spreadsheet").is_visible()
        page.emulate_media(media="print")
        shown[address] = (on_screen, page.get_by_text("as a spreadsheet").is_visible())
        page.emulate_media(media="screen")
    page.close()
    assert shown == {"/journey/actions/": (True, False), "/journey/metrics/": (True, False)}


# In a Windows contrast theme: each chart's words and lines against the theme's
# background, each bar's key beside the bar's own colours, and the milestones' markers.
CONTRAST_THEME = """() => {
  const rgba = text => text.match(/[\\d.]+/g).map(Number);
  const canvas = rgba(getComputedStyle(document.body).backgroundColor);
  const over = ([r, g, b, a = 1]) => [r, g, b].map((c, i) => c * a + canvas[i] * (1 - a));
  const lum = rgb => rgb.map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = colour => {
    const [a, b] = [lum(over(rgba(colour))), lum(canvas)].sort((x, y) => y - x);
    return Math.round((a + 0.05) / (b + 0.05) * 10) / 10;
  };
  const each = (selector, property) => [...document.querySelectorAll(selector)]
    .map(element => [element.className.baseVal ?? element.className,
                     contrast(getComputedStyle(element)[property])]);
  const marker = selector => document.querySelector(selector)
    && getComputedStyle(document.querySelector(selector), '::before').backgroundColor;
  return {
    words: each('.chart__label', 'fill'),
    lines: [...each('.chart__axis, .chart__target, .chart__point', 'stroke'),
            ...each('.chart__line', 'stroke')],
    keys: [...document.querySelectorAll('.progress__swatch')].map(swatch => {
      const status = [...swatch.classList].find(name => name.includes('--')).split('--')[1];
      const segment = document.querySelector('.progress__segment--' + status);
      return [status, getComputedStyle(swatch).backgroundColor,
              segment ? getComputedStyle(segment).fill : getComputedStyle(swatch).backgroundColor];
    }),
    done: marker('.timeline__item--done'), to_come: marker('.timeline__item--future'),
  };
}"""


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_charts_keys_and_milestones_keep_their_meaning_in_a_contrast_theme(
        sites: list[tuple[str, Path, str]], browser: object, theme: str) -> None:
    """Windows' contrast themes take backgrounds away and leave an SVG's colours: the
    charts' figures and dates were dark grey on the dark theme's black, the bars' keys
    empty squares beside coloured bars, and a milestone done looked like one to come."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.emulate_media(forced_colors="active", color_scheme=theme)
    _, _, base = sites[0]
    seen: dict[str, Any] = {}
    for address in ("/journey/", "/journey/metrics/", "/journey/timeline/"):
        page.goto(base + address)
        for name, found in page.evaluate(CONTRAST_THEME).items():
            seen[name] = seen.get(name) or found
    page.close()
    assert seen["words"] and all(ratio >= 4.5 for _, ratio in seen["words"]), seen["words"]
    assert seen["lines"] and all(ratio >= 3 for _, ratio in seen["lines"]), seen["lines"]
    assert seen["keys"] and all(swatch == bar for _, swatch, bar in seen["keys"]), seen["keys"]
    assert seen["done"] and seen["to_come"] and seen["done"] != seen["to_come"]


@pytest.fixture(scope="module")
def published_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample as it would be published (no drafts), served with its headers. Its
    search index is in parts of about 8 pages, as a big site's is (of about 500)."""
    root = tmp_path_factory.mktemp("published") / "sample"
    shutil.copytree(REPO / "content", root / "content")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAGES", 8)
        patch.setattr(search, "MOST_PAGES", 16)
        build(root, today=dt.date(2026, 11, 23))
    server, base = _serve(root / "site")
    yield base, root / "site"
    server.shutdown()


def test_search_works_under_the_csp(published_sample: tuple[str, Path],
                                    browser: object) -> None:
    base, site = published_sample
    page = browser.new_page()  # type: ignore[attr-defined]
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(base + "/")
    page.fill("#header-search", "maternity")
    page.keyboard.press("Enter")  # the header's search box, as a visitor would use it
    page.wait_for_selector(".search-results__list a", timeout=15000)
    found = {a.get_attribute("href"): a.inner_text()
             for a in page.query_selector_all(".search-results__list a")}
    assert "Safe maternity staffing" in found.values()
    # The index's parts are searched together: the pages found are in several.
    parts = search_parts(site)
    assert len(parts) > 4
    assert len({part for part in parts for page in indexed_pages(part)
                if page["url"] in found}) > 1
    # A search page copied into a site's templates/ before the index had parts names
    # pagefind.js: it finds the same.
    copied = site / "copied-search/index.html"
    copied.parent.mkdir(exist_ok=True)
    copied.write_text((site / "search/index.html").read_text().replace(
        "/pagefind/parts.json", "/pagefind/pagefind.js"))
    page.goto(base + "/copied-search/?q=maternity")
    page.wait_for_selector(".search-results__list a", timeout=15000)
    assert {a.get_attribute("href") for a in
            page.query_selector_all(".search-results__list a")} == found.keys()
    page.goto(base + "/search/?q=" + "November 2026 update")
    page.wait_for_selector("#search-results p, #search-results h2", timeout=15000)
    shown = page.inner_text("#search-results")
    assert "November 2026 update" not in [a.inner_text() for a in
                                          page.query_selector_all(".search-results__list a")]
    assert shown
    assert blocked == []
    page.close()


@pytest.mark.parametrize(("written", "instead"), [
    ("connect-src 'self'", "connect-src https://plausible.io"),  # its index not fetched
    (" 'wasm-unsafe-eval'", ""),  # nor run
])
def test_search_finds_nothing_under_a_policy_journey_check_warns_of(
        published_sample: tuple[str, Path], browser: object, written: str,
        instead: str) -> None:
    _, site = published_sample
    headers = dict(netlify_headers(site)["/*"])
    policy = headers["Content-Security-Policy"]
    assert written in policy
    headers["Content-Security-Policy"] = policy.replace(written, instead)
    own_headers = f"/*\n  Content-Security-Policy: {headers['Content-Security-Policy']}\n"
    warned = scripts_stopped(SecurityPolicy(own_headers.encode()), True, {},
                             SourcePos(Path("templates/headers.txt"), 2))
    assert [finding.message.endswith("search would find nothing") for finding in warned] == [
        True]
    server, base = _serve(site, headers)
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base + "/search/?q=maternity")  # found under the site's own policy
    page.wait_for_selector("#search-results p", timeout=15000)  # told, not left waiting
    assert page.inner_text("#search-results") == (
        "Sorry, there is a problem with search. Try again later, or use the links at the top "
        "of the page.")
    page.close()
    server.shutdown()


def test_search_results_say_when_an_update_was_published_and_that_a_journey_ended(
        published_sample: tuple[str, Path], browser: object) -> None:
    """Under its title, an update's result says when it was published, and one of an
    earlier journey that the journey ended (both journeys have an actions list of the
    same title)."""
    base, _ = published_sample
    page = browser.new_page()  # type: ignore[attr-defined]

    def results(words: str) -> dict[str, tuple[str, list[str]]]:
        page.goto(base + "/search/?q=" + words)
        page.wait_for_selector(".search-results__list a", timeout=15000)
        return {item.query_selector("a").get_attribute("href"): (
            item.query_selector("a").evaluate("a => a.textContent"),
            [p.inner_text() for p in item.query_selector_all(
                ".search-results__ended, .search-results__date")])
            for item in page.query_selector_all(".search-results__item")}

    found = results("actions we must and should take")
    ended = "the improvement journey that ended on 18 February 2026"
    assert found["/earlier-journeys/2022/actions/"] == (
        f"Actions we must and should take: from {ended}", [f"From {ended}"])
    assert found["/journey/actions/"] == ("Actions we must and should take", [])
    found = results("statement")
    assert found["/updates/2026-02-18-statement-on-our-cqc-report/"][1] == [
        "Published 18 February 2026"]
    # One in another language (the sample's statement in Polish): its title and words are
    # read in it.
    results("Dziękujemy")
    assert page.eval_on_selector_all(".search-results__item", """items => items.map(item =>
        [item.querySelector('a').lang, item.querySelector('.search-results__excerpt').lang,
         item.querySelector('.search-results__date').lang])""") == [["pl", "pl", ""]]
    page.close()


def test_search_shows_twenty_results_then_more_on_asking(published_sample: tuple[str, Path],
                                                         browser: object) -> None:
    base, _ = published_sample
    page = browser.new_page()  # type: ignore[attr-defined]
    page.add_init_script(script=AXE)
    page.goto(base + "/search/?q=the")
    page.wait_for_selector(".search-results__list a", timeout=15000)
    assert axe_violations(page) == []  # the results, and the button for more
    total = int(page.inner_text("#search-results h2").split()[0])
    assert 40 < total < 60  # the sample: three sets of results, the last short

    def shown() -> int:
        return len(page.query_selector_all(".search-results__item"))

    assert shown() == 20 and page.inner_text(".search-results__more") == "Show 20 more results"
    page.focus(".search-results__more")
    page.keyboard.press("Enter")  # a button: pressed with the keyboard too
    page.wait_for_selector(".search-results__item:nth-child(21)")  # (the CSP forbids eval)
    assert shown() == 40
    assert page.evaluate("document.activeElement === document.querySelectorAll("
                         "'.search-results__item a')[20]")  # on to the first new one
    assert page.inner_text(".search-results__more") == f"Show {total - 40} more results"
    page.dblclick(".search-results__more")  # a double click: each result once all the same
    page.wait_for_selector(f".search-results__item:nth-child({total})")
    assert page.query_selector(".search-results__more") is None  # none left
    hrefs = [a.get_attribute("href") for a in page.query_selector_all(".search-results__item a")]
    assert len(hrefs) == len(set(hrefs)) == total  # each page once
    page.close()


def test_search_works_for_a_site_in_a_folder_of_a_bigger_website(tmp_path: Path,
                                                                 browser: object) -> None:
    """base_url https://.../cqc/: the index's parts, and the pages found, are in /cqc/."""
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(re.sub(r"base_url: .*", "base_url: https://www.kestrelvalley.example/cqc/",
                                site_yaml.read_text()))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "PART_PAGES", 8)
        patch.setattr(search, "MOST_PAGES", 16)
        build(root, root / "www/cqc", today=dt.date(2026, 11, 23))
    shutil.copy(root / "www/cqc/_headers", root / "www/_headers")
    server, base = _serve(root / "www")
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(base + "/cqc/search/?q=maternity")
        page.wait_for_selector(".search-results__list a", timeout=15000)
        found = [a.get_attribute("href") for a in
                 page.query_selector_all(".search-results__list a")]
        assert found and all(href.startswith("/cqc/") for href in found), found
        page.goto(base + found[0])
        assert "maternity" in page.inner_text("main").lower()
    finally:
        page.close()
        server.shutdown()


@pytest.fixture
def previewed(tmp_path: Path, browser: object) -> Iterator[tuple[Path, PreviewServer, Any]]:
    """(site folder, preview server, browser context) for a copy of the small site."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    server = PreviewServer(root, BuildSettings(today=SMALL_TODAY, drafts=True), port=0,
                           report=lambda message: None)
    server.start()
    context = browser.new_context()  # type: ignore[attr-defined]
    # On every page as it loads, as the browser runs it: a script added to the page would be
    # refused by the site's Content-Security-Policy, which the preview sends.
    context.add_init_script(script=AXE)
    yield root, server, context
    context.close()
    server.stop()


def test_the_preview_blocks_what_the_published_sites_policy_blocks(
        previewed: tuple[Path, PreviewServer, Any]) -> None:
    """Its pages come with the published site's Content-Security-Policy: a script written
    into a site's own template is blocked as it will be when published, and the preview's
    own reload and box work under the policy."""
    root, server, context = previewed
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>'
        "<script>window.inlineRan = true;</script>{% endblock %}")
    page = context.new_page()
    # What the browser blocks, as pages learn it (an init script runs before the page's).
    page.add_init_script("window.blocked = []; document.addEventListener("
                         "'securitypolicyviolation', e => window.blocked.push(e.effectiveDirective))")
    page.goto(f"{server.url}about/")
    page.wait_for_selector("h1", timeout=10000)
    assert page.evaluate("window.inlineRan") is None
    page.wait_for_function("() => window.blocked.length > 0", timeout=5000)
    assert page.evaluate("window.blocked") == ["script-src-elem"]
    page.goto(f"{server.url}updates/2022-10-update/")
    assert page.evaluate("window.blocked") == []
    update = root / "content/updates/2022-10-update.md"
    update.write_text(update.read_text().replace("We recruited", "This month we recruited")
                      + "\n#What happens next\n")
    page.wait_for_function(  # reloaded by the preview's script, then its box filled
        "() => document.body.textContent.includes('This month we recruited')", timeout=10000)
    page.locator("#journey-advice section").wait_for(timeout=10000)
    assert page.evaluate("window.blocked") == []  # the preview's own script is let in


def test_the_previews_search_page_says_search_works_once_built(
        previewed: tuple[Path, PreviewServer, Any]) -> None:
    """The preview makes no search index: its search page says so, not nothing."""
    root, server, context = previewed
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("site:\n", "site:\n  search: true\n", 1))
    page = context.new_page()
    deadline = time.monotonic() + 10
    while page.goto(f"{server.url}search/?q=ward").status == 404:  # until the save is built
        assert time.monotonic() < deadline
        page.wait_for_timeout(200)
    page.wait_for_selector("#search-results p", timeout=10000)
    assert page.inner_text("#search-results") == (
        "Search works on the published site: run journey build to try it.")


def test_the_preview_reloads_a_page_only_when_it_looks_different(
        previewed: tuple[Path, PreviewServer, Any]) -> None:
    root, server, context = previewed
    october, about = context.new_page(), context.new_page()
    october.goto(f"{server.url}updates/2022-10-update/")
    about.goto(f"{server.url}about/")
    for page in (october, about):  # gone if the page is loaded again
        page.evaluate("window.notReloaded = true")
    update = root / "content/updates/2022-10-update.md"
    update.write_text(update.read_text().replace("We recruited", "This month we recruited"))
    october.wait_for_function(  # a function: an expression would need eval, which the CSP forbids
        "() => document.body.textContent.includes('This month we recruited')", timeout=10000)
    assert october.evaluate("window.notReloaded") is None
    about.wait_for_timeout(1500)  # it was told in the same moment, if at all
    assert about.evaluate("window.notReloaded") is True
    # A problem in a file shows over every page, and goes when it is fixed.
    rating = root / "content/rating.yaml"
    good = rating.read_text()
    rating.write_text(good.replace("overall: inadequate", "overall: inadequte"))
    for page in (october, about):
        page.wait_for_selector("#journey-error-overlay", timeout=10000)
    assert axe_violations(about, "#journey-error-overlay") == []
    rating.write_text(good)
    for page in (october, about):
        page.wait_for_selector("#journey-error-overlay", state="detached", timeout=10000)


def test_the_preview_shows_what_journey_check_will_ask_in_place(
        previewed: tuple[Path, PreviewServer, Any]) -> None:
    """A box on the page, without a reload; hidden until it changes; gone once fixed."""
    root, server, context = previewed
    page = context.new_page()
    page.goto(f"{server.url}about/")
    page.evaluate("window.notReloaded = true")
    update = root / "content/updates/2022-10-update.md"
    written = update.read_text()
    update.write_text(written + "\n#What happens next\n")
    box = page.locator("#journey-advice section")
    box.wait_for(timeout=10000)
    assert box.locator("h2").inner_text() == "Before you publish"
    assert '"#What happens next" is shown as it is typed' in box.locator("pre").inner_text()
    assert page.evaluate("window.notReloaded") is True  # about/ does not show it
    assert axe_violations(page, "#journey-advice") == []
    page.get_by_role("button", name="Hide until this list changes").click()
    assert box.count() == 0
    page.reload()  # hidden on other pages too, while it says the same
    page.wait_for_timeout(1000)
    assert page.locator("#journey-advice section").count() == 0
    update.write_text(written + "\n#What happens next\n\nRead more [here](/updates/).\n")
    box.wait_for(timeout=10000)  # something else found: shown again
    assert "does not say where it goes" in box.locator("pre").inner_text()
    update.write_text(written)
    box.wait_for(state="detached", timeout=10000)


def test_on_a_phone_the_box_starts_folded_and_stays_as_the_editor_leaves_it(
        previewed: tuple[Path, PreviewServer, Any]) -> None:
    """Open, it would cover half a phone's screen: folded to its heading, which opens it."""
    root, server, context = previewed
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{server.url}about/")
    update = root / "content/updates/2022-10-update.md"
    written = update.read_text()
    update.write_text(written + "\n#What happens next\n")
    box = page.locator("#journey-advice section")
    box.wait_for(timeout=10000)
    assert box.locator("details").get_attribute("open") is None
    assert box.bounding_box()["height"] < 100  # type: ignore[index]
    assert not box.locator("pre").is_visible()
    assert axe_violations(page, "#journey-advice") == []
    page.locator("#journey-advice summary").focus()
    page.keyboard.press("Enter")  # opened from the keyboard too
    assert box.locator("pre").is_visible()
    assert box.bounding_box()["height"] > 200  # type: ignore[index]
    update.write_text(written + "\n#What happens next\n\nRead more [here](/updates/).\n")
    page.wait_for_function("() => document.querySelector('#journey-advice pre').textContent"
                           ".includes('does not say where it goes')", timeout=10000)
    assert box.locator("pre").is_visible()  # the list changed: still open
    update.write_text(written)
    box.wait_for(state="detached", timeout=10000)


def test_the_preview_lists_pages_gone_apart_from_what_journey_check_will_ask(
        previewed: tuple[Path, PreviewServer, Any]) -> None:
    """A published update renamed: its own list in the box, which says publishing does
    not stop on it; gone once the new file keeps the old address, which then takes the
    browser to the page."""
    root, server, context = previewed
    page = context.new_page()
    page.goto(f"{server.url}about/")
    updates = root / "content/updates"
    text = (updates / "2022-10-update.md").read_text()
    (updates / "2022-10-31-october.md").write_text(text)
    (updates / "2022-10-update.md").unlink()
    box = page.locator("#journey-advice section")
    box.wait_for(timeout=10000)
    assert box.locator("p").inner_text().startswith("Publishing does not stop on these")
    said = box.locator("pre").inner_text()
    assert said.startswith("Pages gone since the preview started: 1 warning")
    assert "add old_addresses: [/updates/2022-10-update/]" in said
    assert axe_violations(page, "#journey-advice") == []
    (updates / "2022-10-31-october.md").write_text(
        text.replace("---\n", "---\nold_addresses: [/updates/2022-10-update/]\n", 1))
    box.wait_for(state="detached", timeout=10000)
    page.goto(f"{server.url}updates/2022-10-update/")
    page.wait_for_url(f"{server.url}updates/2022-10-31-october/", timeout=10000)
    assert page.locator("h1").inner_text() == "October 2022 update"


def test_the_preview_lists_how_nhs_uk_would_write_it_after_what_publishing_stops_on(
        previewed: tuple[Path, PreviewServer, Any]) -> None:
    root, server, context = previewed
    page = context.new_page()
    page.goto(f"{server.url}about/")
    update = root / "content/updates/2022-10-update.md"
    written = update.read_text()
    update.write_text(written + "\n#What happens next\n\nWe will utilise the ward from "
                      "the 1st of December.\n")
    box = page.locator("#journey-advice section")
    box.wait_for(timeout=10000)
    page.locator("#journey-advice pre").nth(1).wait_for(timeout=10000)
    intros = [p.inner_text() for p in box.locator("p").all()]
    assert intros[0].startswith("Publishing stops on these")
    assert intros[1].startswith("Publishing does not stop on these: they are how NHS.UK")
    said = [pre.inner_text() for pre in box.locator("pre").all()]
    assert "is shown as it is typed" in said[0] and "utilise" not in said[0]
    assert said[1].startswith("Words with a plainer alternative: 1 note")
    assert "Dates and times not written as NHS.UK writes them: 1 note" in said[1]
    update.write_text(written)
    box.wait_for(state="detached", timeout=10000)


def test_the_preview_shows_what_the_date_says_is_to_do_from_the_start(
        tmp_path: Path, browser: object) -> None:
    """A draft whose day has come: in the box on the first page opened, with its own
    intro; gone once the draft is published."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    draft = root / "content/updates/2022-12-draft.md"
    draft.write_text(draft.read_text().replace("draft: true", "draft: true\npublish_date: "
                                                              "2022-12-21"))
    server = PreviewServer(root, BuildSettings(today=SMALL_TODAY, drafts=True), port=0,
                           report=lambda message: None)
    server.start()
    page = browser.new_page()  # type: ignore[attr-defined]
    page.add_init_script(script=AXE)  # the preview's CSP refuses a script added to a page
    try:
        page.goto(server.url)
        box = page.locator("#journey-advice section")
        box.wait_for(timeout=10000)
        assert box.locator("p").inner_text() == ("Publishing does not stop on these: the date, "
                                                 "not a mistake, makes them.")
        said = box.locator("pre").inner_text()
        assert said.startswith("To do, by the date (journey check lists it too):\n"
                               "  content/updates/2022-12-draft.md:1:1: the update "
                               '"December 2022 update" is still a draft'), said
        assert axe_violations(page, "#journey-advice") == []
        draft.write_text(draft.read_text().replace("draft: true", "draft: false"))
        box.wait_for(state="detached", timeout=10000)
    finally:
        page.close()
        server.stop()


def test_the_page_at_an_old_address_passes_axe_and_sends_the_browser_on(
        tmp_path: Path, browser: object) -> None:
    """As published (served with its _headers, CSP included)."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    updates = root / "content/updates"
    text = (updates / "2022-10-update.md").read_text()
    (updates / "2022-10-31-october.md").write_text(
        text.replace("---\n", "---\nold_addresses: [/updates/2022-10-update/]\n", 1))
    (updates / "2022-10-update.md").unlink()
    build(root, today=SMALL_TODAY)
    moved = root / "site/updates/2022-10-update/index.html"
    # A copy that stays put, for axe to look at.
    (root / "site/moved.html").write_text(re.sub(r'\s*<meta http-equiv="refresh"[^>]*>', "",
                                                 moved.read_text()))
    server, base = _serve(root / "site")
    page = browser.new_page()  # type: ignore[attr-defined]
    page.add_init_script(script=AXE)
    try:
        page.goto(base + "/moved.html")
        assert page.locator("h1").inner_text() == "This page has moved"
        assert axe_violations(page) == []
        page.goto(base + "/updates/2022-10-update/")
        page.wait_for_url(base + "/updates/2022-10-31-october/", timeout=10000)
        assert page.locator("h1").inner_text() == "October 2022 update"
    finally:
        page.close()
        server.shutdown()


# What each service's script does, in short: sends its count where the real one does.
FAKE_COUNTERS = {
    "plausible": ("provider: plausible", "https://plausible.io/js/script.js",
                  'fetch("https://plausible.io/api/event", {method: "POST", body: '
                  'document.currentScript.getAttribute("data-domain")});',
                  "https://plausible.io/api/event"),
    "matomo": ("provider: matomo\n  url: https://stats.fenwold.example/\n  site_id: 7",
               "https://stats.fenwold.example/matomo.js",
               'fetch("https://stats.fenwold.example/matomo.php", {method: "POST", '
               "body: JSON.stringify(window._paq)});",
               "https://stats.fenwold.example/matomo.php"),
    "cloudflare": ("provider: cloudflare\n  token: 0a1b2c",
                   "https://static.cloudflareinsights.com/beacon.min.js",
                   'fetch("https://cloudflareinsights.com/cdn-cgi/rum", {method: "POST", '
                   "body: document.currentScript.dataset.cfBeacon});",
                   "https://cloudflareinsights.com/cdn-cgi/rum"),
}


@pytest.mark.parametrize("service", FAKE_COUNTERS)
def test_the_site_policy_lets_the_analytics_service_count_a_visit(
        tmp_path: Path, browser: object, service: str) -> None:
    """As published, with its _headers (the Content-Security-Policy): the service's script
    loads and sends its count, and the browser blocks nothing."""
    settings, script, fake, sends = FAKE_COUNTERS[service]
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    yaml = root / "content/site.yaml"
    yaml.write_text(yaml.read_text() + f"analytics:\n  {settings}\n")
    build(root, today=SMALL_TODAY)
    server, base = _serve(root / "site")
    context = browser.new_context()  # type: ignore[attr-defined]
    sent: list[str] = []
    context.route(script, lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=fake))

    def count(route: Any) -> None:
        sent.append(route.request.post_data or "")
        route.fulfill(status=202, headers={"Access-Control-Allow-Origin": "*"}, body="")

    context.route(sends, count)
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        page.goto(base + "/updates/2022-10-update/")
        page.wait_for_function("() => document.readyState === 'complete'")
        page.wait_for_timeout(500)
        for _ in range(50):
            if sent:
                break
            page.wait_for_timeout(100)
        assert blocked == []
        assert len(sent) == 1, sent
        if service == "plausible":
            assert sent[0] == "rating.fenwold.example"
        elif service == "matomo":
            assert json.loads(sent[0])[:3] == [
                ["disableCookies"], ["setTrackerUrl", "https://stats.fenwold.example/matomo.php"],
                ["setSiteId", "7"]]
        else:
            assert json.loads(sent[0]) == {"token": "0a1b2c"}
    finally:
        context.close()
        server.shutdown()
