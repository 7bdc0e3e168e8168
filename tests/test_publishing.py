"""What the published site gives search engines, feed readers and social media: the Atom
feed, sitemap, robots.txt, canonical addresses, Open Graph, Twitter cards and JSON-LD;
fingerprinted static files with long cache lifetimes; page history and PDF page counts.
Drafts and embargoed updates appear in none of it."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import html5lib
import pytest
from bs4 import BeautifulSoup
from conftest import (
    REPO,
    SMALL_TODAY,
    modules_a_build_imports,
    netlify_headers,
    parse,
    run_journey,
    search_index,
    search_parts,
    stand_in_pagefind,
)
from PIL import Image

from bench.corpus import make_corpus
from generator import search
from generator.build import build
from generator.content import pdf_pages
from generator.content.loader import load_site
from generator.errors import ContentErrors
from generator.fingerprint import fingerprint
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings
from generator.pages.publishing import FEED_ENTRIES

TODAY = dt.date(2026, 11, 23)
BASE = "https://improvement.kestrelvalley.example/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("publishing") / "site"
    build(REPO, out, today=TODAY)
    return out


def hidden_slugs() -> list[str]:
    """The sample's drafts and embargoed updates on the build date."""
    site = load_site(REPO, BuildSettings(today=TODAY))
    slugs = [item.slug for item in site.hidden]
    assert slugs, "the sample should have an embargoed or draft update"
    return slugs


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_feed_is_valid_atom_with_the_published_updates(sample: Path) -> None:
    root = ET.parse(sample / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert RFC3339.match(root.findtext(f"{ATOM}updated", ""))
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == BASE + "feed.xml"
    entries = root.findall(f"{ATOM}entry")
    site = load_site(REPO, BuildSettings(today=TODAY))
    assert [e.findtext(f"{ATOM}title") for e in entries] == [u.title for u in site.updates]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for required in ("id", "title", "updated", "published", "content"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        assert RFC3339.match(entry.findtext(f"{ATOM}updated", ""))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None
        target = link.get("href", "")
        assert target.startswith(BASE)
        assert (sample / target[len(BASE):] / "index.html").is_file()
    parsed = feedparser.parse((sample / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert "<h2" in parsed.entries[0].content[0].value  # the update's text, as HTML


def test_the_feed_keeps_to_the_newest_updates(tmp_path: Path) -> None:
    """Feed readers fetch the whole file: years of history would make it megabytes."""
    root = make_corpus(tmp_path / "trust", 80)
    build(root, today=TODAY)
    entries = ET.parse(root / "site/feed.xml").getroot().findall(f"{ATOM}entry")
    site = load_site(root, BuildSettings(today=TODAY))
    assert len(site.updates) > FEED_ENTRIES
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        u.title for u in site.updates[:FEED_ENTRIES]]


def test_sitemap_lists_every_published_page_once(sample: Path) -> None:
    root = ET.parse(sample / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [u.findtext(f"{SITEMAP}loc", "") for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs)) and 0 < len(locs) <= 50_000
    expected = {BASE + p.relative_to(sample).parent.as_posix().removeprefix(".") +
                ("/" if p.parent != sample else "") for p in html_pages(sample)
                if p.name == "index.html"}
    assert set(locs) == expected
    for url in root.findall(f"{SITEMAP}url"):
        modified = url.findtext(f"{SITEMAP}lastmod")
        if modified is not None:
            dt.date.fromisoformat(modified)
    about = next(u for u in root.findall(f"{SITEMAP}url")
                 if u.findtext(f"{SITEMAP}loc") == BASE + "about/")
    assert about.findtext(f"{SITEMAP}lastmod") == "2026-06-01"  # its last change
    robots = (sample / "robots.txt").read_text()
    assert "User-agent: *" in robots and f"Sitemap: {BASE}sitemap.xml" in robots


def test_every_page_parses_as_html_without_an_error(sample: Path, tmp_path: Path) -> None:
    """As browsers parse it (html5lib follows the WHATWG parser): a stray or missing end
    tag would make browsers, and screen readers, each guess the page's structure."""
    findings = tmp_path / "findings"
    build(REPO / "tests/sites/findings", findings, today=dt.date(2023, 4, 1))
    problems = []
    for page in [*html_pages(sample), *html_pages(findings)]:
        parser = html5lib.HTMLParser()
        parser.parse(page.read_bytes(), transport_encoding="utf-8")
        problems += [f"{page}:{line}:{col}: {code} {data}"
                     for (line, col), code, data in parser.errors]
    assert problems == []


def test_every_page_has_canonical_and_sharing_metadata(sample: Path) -> None:
    for page in html_pages(sample):
        if page.name == "404.html":
            continue
        soup = parse(page)
        path = page.relative_to(sample).parent.as_posix()
        address = BASE if path == "." else f"{BASE}{path}/"
        meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.select("meta")}
        assert soup.select_one('link[rel="canonical"]')["href"] == address, page
        assert meta["og:url"] == address and meta["og:title"] and meta["og:site_name"]
        assert meta["twitter:card"] == "summary_large_image"
        image = meta["og:image"]
        assert image == meta["twitter:image"] and image.startswith(BASE)
        assert (sample / image[len(BASE):]).is_file() and meta["og:image:alt"]
        feed = soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
        assert feed is not None and feed["href"] == "/feed.xml"
        assert soup.select_one('footer a[href="/feed.xml"]') is not None


def test_json_ld_for_the_trust_and_each_update(sample: Path) -> None:
    def data(page: Path) -> dict:  # type: ignore[type-arg]
        scripts = parse(page).select('script[type="application/ld+json"]')
        assert len(scripts) == 1, page
        return json.loads(scripts[0].string)  # type: ignore[no-any-return]

    home = data(sample / "index.html")
    assert home["@type"] == "MedicalOrganization"
    assert home["name"] == "Kestrel Valley Hospitals NHS Trust"
    statement = sample / "updates/2026-02-18-statement-on-our-cqc-report/index.html"
    article = data(statement)
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "Statement on our CQC inspection report"
    assert article["datePublished"] == "2026-02-18" and article["dateModified"] == "2026-02-25"
    assert article["mainEntityOfPage"] == BASE + "updates/2026-02-18-statement-on-our-cqc-report/"
    assert article["publisher"]["name"] == home["name"]
    for page in (sample / "updates").glob("*/index.html"):
        assert data(page)["@type"] == "NewsArticle"


def test_drafts_and_embargoed_updates_leak_nowhere(sample: Path) -> None:
    for slug in hidden_slugs():
        assert not (sample / "updates" / slug).exists()
        for file in sample.rglob("*"):
            if file.is_file() and file.suffix in (".html", ".xml", ".txt", ".json", ".js", ""):
                assert slug not in file.read_text(encoding="utf-8", errors="replace"), file


def test_static_files_are_fingerprinted_and_cached_for_a_year(sample: Path) -> None:
    css = list((sample / "static/css").iterdir())
    assert len(css) == 1 and re.fullmatch(r"journey\.[0-9a-f]{10}\.css", css[0].name)
    for page in html_pages(sample):
        links = [a["href"] for a in parse(page).select('link[rel="stylesheet"]')]
        assert links == [f"/static/css/{css[0].name}"]
    headers = netlify_headers(sample)
    assert headers["/static/*"]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cache-Control" not in headers["/*"]  # pages: Netlify's default, checked every time


def test_a_changed_stylesheet_gets_a_new_name(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"templates/static/css/journey.css": "body { color: black; }\n"})
    build(root, today=TODAY)
    first = next((root / "site/static/css").iterdir()).name
    (root / "templates/static/css/journey.css").write_text("body { color: navy; }\n")
    build(root, today=TODAY)
    second = next((root / "site/static/css").iterdir()).name
    assert first != second and first.startswith("journey.") and second.startswith("journey.")


def _named_in(stylesheet: Path) -> list[str]:
    """The addresses a published stylesheet names, as written."""
    found = re.findall(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^'"()\s]+))|@import\s+['"]([^'"]+)""",
                       stylesheet.read_text())
    return ["".join(groups) for groups in found]


def test_a_stylesheets_fonts_and_pictures_are_published_under_their_new_names(
        write_site) -> None:  # type: ignore[no-untyped-def]
    """Static files get a code in their names; a stylesheet naming them by their own names
    (url(../fonts/x.woff2)) is published naming the new ones, or the browser would find
    none of them. A changed font gives the stylesheet a new name too, so a browser that
    kept the old one for a year asks for the new."""
    root = write_site({
        "templates/static/css/journey.css":
            (REPO / "templates/static/css/journey.css").read_text()
            + '@import "trust.css";\n'
            + '@font-face { font-family: "Brand"; src: url("../fonts/Brand.woff2") '
              'format("woff2"), url(../fonts/Brand.woff2?#iefix); }\n'
            + "@font-face { font-family: 'Brand Bold'; src: url('../fonts/Brand Bold.woff2'); }\n",
        "templates/static/css/trust.css":
            ".header { background: url('../images/wave.svg'); }\n"
            ".map { background: url(https://maps.example/tile.png); }\n",  # left as it is
        "templates/static/images/wave.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "templates/static/fonts/Brand.woff2": "wOF2 one",
        "templates/static/fonts/Brand Bold.woff2": "wOF2 bold",  # a name with a space
        "content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\nsummary: S\n---\nBody\n"})
    build(root, today=TODAY)
    site = root / "site"
    (link,) = [a["href"] for a in parse(site / "index.html").select('link[rel="stylesheet"]')]
    main = site / link.lstrip("/")
    named = {}
    for stylesheet in (site / "static/css").iterdir():
        for address in _named_in(stylesheet):
            if not address.startswith(("https:", "data:")):
                published = (stylesheet.parent / address.split("?")[0]).resolve()
                assert published.is_file(), (stylesheet.name, address)
                named[published.relative_to(site.resolve()).as_posix()] = address
            else:
                assert address == "https://maps.example/tile.png"
    assert {path.split("/")[-1].split(".")[0] for path in named} == {
        "Brand", "Brand Bold", "wave", "trust"}
    assert all(re.search(r"\.[0-9a-f]{10}\.", path) for path in named)  # the new names
    assert "../fonts/Brand." in main.read_text() and "?#iefix)" in main.read_text()
    (root / "templates/static/fonts/Brand.woff2").write_text("wOF2 two")
    build(root, today=TODAY)
    (new_link,) = [a["href"] for a in parse(site / "index.html").select('link[rel="stylesheet"]')]
    assert new_link != link


def test_stylesheets_that_import_each_other_are_both_published(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text('@import "b.css";\n')
    (tmp_path / "b.css").write_text('@import url(a.css);\n')
    copies = {"static/css/a.css": tmp_path / "a.css", "static/css/b.css": tmp_path / "b.css"}
    renamed, names, made = fingerprint(copies)
    assert set(names) == set(copies)
    published = {**{path: source.read_bytes() for path, source in renamed.items()}, **made}
    assert set(published) == set(names.values())
    # The first names the second's new name; the second, imported by it, the first's own.
    assert published[names["static/css/a.css"]].decode() == (
        f'@import "{names["static/css/b.css"].rsplit("/", 1)[1]}";\n')
    assert published[names["static/css/b.css"]] == b"@import url(a.css);\n"


def test_a_static_file_a_template_names_by_its_own_name_is_found_once_where_written(
        small_site: Path) -> None:
    """<img src="/static/images/logo.svg"> in a site's own base.html: published, the file
    has another name, so every page's picture is missing. journey check says so once, at
    the template's line (not at each page's template), with what to write."""
    (small_site / "templates/static/images").mkdir(parents=True)
    (small_site / "templates/static/images/logo.svg").write_text("<svg/>")
    base = (REPO / "templates/base.html").read_text()
    (small_site / "templates/base.html").write_text(base.replace(
        "<main", '<img src="/static/images/logo.svg" alt="Fenwold">\n<main', 1))
    line = base[:base.index("<main")].count("\n") + 1
    result = run_journey("check", str(small_site), "--now", str(SMALL_TODAY))
    found = [entry for entry in result.stderr.splitlines() if "logo" in entry]
    assert len(found) == 2, result.stderr  # the finding and its hint
    assert found[0].startswith(f"  templates/base.html:{line}: the link /static/images/logo.svg "
                               "names a file of templates/static/ by the name it has there")
    assert found[1] == ("    hint: in the template, write {{ url('static/images/logo.svg') }}: "
                        "it gives the name the file is published under.")


def test_every_page_names_the_icons_a_browser_tab_and_a_phone_show(sample: Path) -> None:
    for page in html_pages(sample):
        icons = {link["rel"][0] + " " + link.get("type", link.get("sizes", "")): link["href"]
                 for link in parse(page).select('link[rel="icon"], link[rel="apple-touch-icon"]')}
        assert list(icons) == ["icon 32x32", "icon image/svg+xml", "apple-touch-icon "], page
        assert icons["icon 32x32"] == "/favicon.ico"
        for href in icons.values():
            assert (sample / href.lstrip("/")).is_file(), href
    # /favicon.ico, where browsers and feed readers look without a link: both sizes a tab uses.
    with Image.open(sample / "favicon.ico") as ico:
        assert ico.format == "ICO" and ico.info["sizes"] == {(16, 16), (32, 32)}
    assert not list((sample / "static").glob("favicon*"))
    touch = next((sample / "static/images").glob("apple-touch-icon.*.png"))
    with Image.open(touch) as png:
        assert png.size == (180, 180) and png.mode in ("RGB", "RGBA")
    svg = ET.parse(next((sample / "static/images").glob("favicon.*.svg"))).getroot()
    _, _, width, height = svg.get("viewBox", "").split()
    assert width == height
    # The feed's icon is square (Atom says so); its logo is the wider sharing image.
    feed = ET.parse(sample / "feed.xml").getroot()
    assert feed.findtext(f"{ATOM}icon", "").startswith(BASE + "static/images/apple-touch-icon.")
    assert feed.findtext(f"{ATOM}logo", "").startswith(BASE + "static/images/share.")


def test_a_sites_own_icon_is_published_in_place_of_the_nhs_one(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    own = root / "templates/static/favicon.ico"
    own.parent.mkdir(parents=True)
    Image.new("RGB", (32, 32), "#330072").save(own, format="ICO", sizes=[(32, 32)])
    build(root, today=TODAY)
    assert (root / "site/favicon.ico").read_bytes() == own.read_bytes()


def test_a_site_without_a_full_address_has_no_feed_or_sitemap(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\nsummary: S\n"
                                               "---\nBody\n"})
    build(root, today=TODAY)
    assert not (root / "site/feed.xml").exists() and not (root / "site/sitemap.xml").exists()
    assert "Sitemap:" not in (root / "site/robots.txt").read_text()
    home = parse(root / "site/index.html")
    assert home.select_one('link[rel="canonical"]') is None
    assert home.select_one('meta[property="og:title"]') is not None


def _unlisted_marks(site: Path) -> dict[str, object]:
    """What tells search engines not to list a built site, where each is said."""
    pages = sorted(site.rglob("*.html"))
    robots = [len(parse(page).select('meta[name="robots"]')) for page in pages]
    azure = json.loads((site / "staticwebapp.config.json").read_text())["globalHeaders"]
    return {"pages with noindex": sum(1 for count in robots if count == 1),
            "pages with it twice": sum(1 for count in robots if count > 1),
            "pages": len(pages),
            "Netlify": netlify_headers(site)["/*"].get("X-Robots-Tag"),
            "Azure": azure.get("X-Robots-Tag"),
            "robots.txt": (site / "robots.txt").read_text()}


def test_a_preview_of_changes_asks_search_engines_not_to_list_it(small_site: Path) -> None:
    """journey build --unlisted (and --drafts): anyone with a preview's address can open
    it, so every page, and every response's headers on Netlify and Azure, say noindex;
    robots.txt names no sitemap (it gives the published site's addresses) and lets
    crawlers in, as they must read a page to see its noindex. The pages at old addresses
    say it once, as they did."""
    from test_old_addresses import renamed_october
    renamed_october(small_site, "[/updates/2022-10-update/]")
    site = small_site / "site"
    build(small_site, today=SMALL_TODAY)
    listed = _unlisted_marks(site)
    assert listed["pages with noindex"] == 1  # the page at the old address alone
    assert listed["Netlify"] is None and listed["Azure"] is None
    assert "Sitemap: https://rating.fenwold.example/sitemap.xml" in str(listed["robots.txt"])
    for option in ("unlisted", "drafts"):
        build(small_site, today=SMALL_TODAY, **{option: True})  # after the other: cached
        marks = _unlisted_marks(site)
        assert marks["pages with noindex"] == marks["pages"] > 5, option
        assert marks["pages with it twice"] == 0
        assert marks["Netlify"] == marks["Azure"] == "noindex"
        assert marks["robots.txt"] == "User-agent: *\nAllow: /\n", option
    build(small_site, today=SMALL_TODAY)  # published again: nothing left of the preview's
    assert _unlisted_marks(site) == listed


def test_page_history_and_last_updated(sample: Path) -> None:
    page = parse(sample / "updates/2026-02-18-statement-on-our-cqc-report/index.html")
    dates = page.select_one(".update__date").get_text(" ", strip=True)
    assert dates == "Published 18 February 2026 , last updated 25 February 2026"
    assert page.select_one('a[href="#page-history"]').get_text() == "See all updates to this page"
    history = [li.get_text(" ", strip=True) for li in page.select("#page-history li")]
    assert history == ["25 February 2026 : Added our full response to the report as a PDF.",
                       "18 February 2026 : First published."]
    about = parse(sample / "about/index.html")
    assert "last updated 1 June 2026" in about.select_one(".update__date").get_text()


def test_pdf_attachments_show_their_page_count(sample: Path, write_site) -> None:  # type: ignore[no-untyped-def]
    page = parse(sample / "updates/2026-02-18-statement-on-our-cqc-report/index.html")
    meta = page.select_one(".attachment__meta").get_text()
    assert re.fullmatch(r"\(PDF, \d+KB, 1 page\)", meta), meta
    # A PDF that is not really one shows type and size, without a count.
    root = write_site({"content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\nsummary: S\n"
                       "attachments:\n  - {title: Report, file: assets/report.pdf}\n---\nBody\n",
                       "content/assets/report.pdf": "not a pdf at all"})
    build(root, today=TODAY)
    meta = parse(root / "site/updates/a/index.html").select_one(".attachment__meta").get_text()
    assert meta == "(PDF, 1KB)"


def test_files_named_as_editors_name_them_have_valid_addresses(write_site) -> None:  # type: ignore[no-untyped-def]
    """Spaces, brackets, % and accents in a file's name are encoded in its address (as
    markdown-it encodes a link written in Markdown), and the checks still find the file."""
    name = "Board report Nov (final) 100% é.pdf"
    plain = "100%.pdf"  # a % alone: encoded too
    root = write_site({"content/updates/a.md": (
        "---\ntitle: A\ndate: 2022-11-30\nsummary: S\nattachments:\n"
        f"  - {{title: Report, file: \"assets/{name}\"}}\n"
        f"  - {{title: Figures, file: \"assets/{plain}\"}}\n---\nSee [it](</assets/{name}>).\n"),
        f"content/assets/{name}": "not a pdf at all", f"content/assets/{plain}": "nor this"})
    build(root, today=TODAY)
    page = parse(root / "site/updates/a/index.html")
    encoded = "/assets/Board%20report%20Nov%20(final)%20100%25%20%C3%A9.pdf"
    assert [a["href"] for a in page.select(".attachment__link")] == [
        encoded, "/assets/100%25.pdf"]
    assert page.select_one("main p a")["href"] == encoded
    check = subprocess.run([sys.executable, "-m", "generator", "check", str(root), "--now",
                            TODAY.isoformat()], capture_output=True, text=True)
    assert "do not exist" not in check.stderr, check.stderr


def test_pdf_pages_are_counted_in_another_process_while_the_content_loads(
        tmp_path: Path) -> None:
    """Importing pypdf alone took 0.1 s of a clean build; a forked child does it."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    assert modules_a_build_imports(tmp_path, TODAY, ("pypdf",)) == []
    page = parse(tmp_path / "site/updates/2026-02-18-statement-on-our-cqc-report/index.html")
    assert re.fullmatch(r"\(PDF, \d+KB, 1 page\)", page.select_one(".attachment__meta").get_text())


def test_pdf_pages_are_counted_when_the_other_process_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    parent, real = os.getpid(), pdf_pages.pdf_pages
    monkeypatch.setattr(pdf_pages, "pdf_pages", lambda path: real(path) if os.getpid() == parent
                        else os.kill(os.getpid(), 9))
    build(tmp_path, today=TODAY)
    page = parse(tmp_path / "site/updates/2026-02-18-statement-on-our-cqc-report/index.html")
    assert re.fullmatch(r"\(PDF, \d+KB, 1 page\)", page.select_one(".attachment__meta").get_text())


def test_a_pdf_attached_during_a_preview_is_counted_in_its_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview's server has threads: forking then is unsafe (see forked.py)."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    builder = IncrementalBuilder(tmp_path, BuildSettings(today=TODAY))
    builder.rebuild(fork=True)  # as the preview starts: before its threads
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assets = tmp_path / "content/assets/updates"
        shutil.copy(assets / "2026-10-board-quality-report.pdf", assets / "new-report.pdf")
        update = tmp_path / "content/updates/2026-10-30-october-update.md"
        update.write_text(update.read_text().replace(
            "related:", "  - title: New report\n    file: assets/updates/new-report.pdf\nrelated:"))
        result = builder.rebuild({update, assets / "new-report.pdf"})
    finally:
        stop.set()
        server.join()
    page = BeautifulSoup(result.snapshot.pages["updates/2026-10-30-october-update/index.html"],
                         "html.parser")
    sizes = [meta.get_text() for meta in page.select(".attachment__meta")]
    assert len(sizes) == 2 and all(re.fullmatch(r"\(PDF, \d+KB, \d+ pages?\)", s) for s in sizes)


def test_a_pdf_no_update_attaches_is_not_waited_for(write_site) -> None:  # type: ignore[no-untyped-def]
    """The child counting it is stopped: none is left behind (nor waited for)."""
    root = write_site({"content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\nsummary: S\n"
                       "---\nSee [the report](/assets/report.pdf).\n",
                       "content/assets/report.pdf": "%PDF-1.4 not really"})
    build(root, today=TODAY)
    assert (root / "site/assets/report.pdf").is_file()
    with pytest.raises(ChildProcessError):  # nothing left running or unwaited for
        os.waitpid(-1, os.WNOHANG)


def test_search_index_has_the_published_pages_and_nothing_hidden(sample: Path) -> None:
    indexed = {page["url"] for page in search_index(sample)}
    assert "/updates/2026-10-30-october-update/" in indexed and "/journey/" in indexed
    assert "/search/" not in indexed and "/404.html" not in indexed
    everything = json.dumps(search_index(sample))
    for slug in hidden_slugs():
        assert slug not in everything
    assert "November 2026 update" not in everything  # the embargoed update's title
    # Pagefind reads a page's text as it is written: a label and its value, or two table
    # headings, written with no space between ran together ("StatusEmbedded", "Due31").
    run_together = {word for page in search_index(sample)
                    for word in re.findall(r"\b\w*[a-z][A-Z0-9]\w*", page["content"])}
    assert run_together == set(), run_together
    # Nor a table's column headings, a stacked table's labels or a label its value
    # repeats: a result read "Lead Due Status MD3 (must do) Action Store medicines...
    # Regulation Regulation 12: Safe care", and "each core service Service Safe".
    content = {page["url"]: page["content"] for page in search_index(sample)}
    assert ("Actions under this priority. MD3 (must do) Store medicines safely and at the "
            "right temperature on every ward. Regulation 12: Safe care and treatment. Anil "
            "Desai, Chief Pharmacist. 31 May 2026. Complete.") in content["/journey/priorities/p2/"]
    # A table's caption ends before its first row ("...of every service Safe Inadequate"
    # read as one sentence).
    assert ("Ratings for the five questions CQC asks of every service. Safe Inadequate."
            in content["/"]), content["/"]
    repeated = {url: re.findall(r"\b(\w+)\s+\1\b", text, re.IGNORECASE)
                for url, text in content.items()}
    assert {url: words for url, words in repeated.items() if words} == {}
    # An update's date is shown under its title in the results, not in its words too.
    october = next(page for page in search_index(sample)
                   if page["url"] == "/updates/2026-10-30-october-update/")
    assert october["meta"]["published"] == "30 October 2026"
    assert "Published" not in october["content"]
    assert ("Lead Anil Desai, Chief Pharmacist. Regulation 12: Safe care and treatment. "
            "Priority Safe medicines.") in content["/journey/actions/md3/"]
    search = parse(sample / "search/index.html")
    assert search.select_one('form[role="search"] input[name="q"]') is not None
    scripts = search.select("script")
    assert len(scripts) == 1 and re.fullmatch(r"/static/js/search\.[0-9a-f]{10}\.js",
                                               scripts[0]["src"])
    assert parse(sample / "index.html").select_one('header form[action="/search/"]') is not None
    csp = netlify_headers(sample)["/*"]["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in csp and "unsafe-inline" not in csp


def test_the_search_index_is_made_again_only_when_a_page_changed(tmp_path: Path) -> None:
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    index = root / "site/pagefind"

    def inodes() -> dict[Path, int]:
        return {p.relative_to(index): p.stat().st_ino for p in index.rglob("*") if p.is_file()}

    build(root, today=TODAY)
    first = inodes()
    build(root, today=TODAY)  # no page changed: the same index, linked
    assert inodes() == first
    update = root / "content/updates/2026-10-30-october-update.md"
    update.write_text(update.read_text() + "\nKingfisher ward reopened.\n")
    build(root, today=TODAY)
    [part] = search_parts(root / "site")  # the sample's few pages: one part, made again
    assert {inode for path, inode in inodes().items()
            if path.parts[0] == part.name}.isdisjoint(first.values())
    assert "Kingfisher ward reopened" in json.dumps(search_index(root / "site"))
    # An index from another Pagefind version is never reused.
    entry = part / "pagefind-entry.json"
    entry.write_text(entry.read_text().replace('"version":"', '"version":"0.'))
    second = inodes()
    build(root, today=TODAY)
    assert {inode for path, inode in inodes().items()
            if path.parts[0] == part.name}.isdisjoint(second.values())


def test_pagefind_runs_as_its_own_program(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Started directly, not through ``python -m pagefind`` (Python starting and
    importing asyncio took longer than Pagefind indexing the sample site)."""
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    commands = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(search.subprocess, "Popen", lambda command, **kw: (
        commands.append(command), real_popen(command, **kw))[1])
    build(root, today=TODAY)
    assert len(commands) == 1 and Path(commands[0][0]).name.startswith("pagefind")
    assert "/updates/2026-10-30-october-update/" in {p["url"] for p in search_index(root / "site")}


def test_a_pagefind_program_named_in_the_environment_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PAGEFIND_BINARY_PATH, which Pagefind's own command honours, is honoured too."""
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    stand_in_pagefind(tmp_path, 'echo "$@" > "$0.ran"\nexec "$PAGEFIND" "$@"', monkeypatch)
    build(root, today=TODAY)
    assert (tmp_path / "stand-in-pagefind.ran").read_text().startswith("--site ")
    assert "/updates/2026-10-30-october-update/" in {p["url"] for p in search_index(root / "site")}


def test_a_pagefind_that_makes_no_index_fails_the_build_clearly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    stand_in_pagefind(tmp_path, "exit 0", monkeypatch)
    with pytest.raises(ContentErrors) as failed:
        build(root, today=TODAY)
    [error] = failed.value.errors
    assert "the search index could not be built (Pagefind finished without making an index)" \
        in error.message and "search: false" in error.hint
    assert not (root / "site").exists()


# A build whose Pagefind (here: a long sleep) is still running; Pagefind's pid goes
# into the file named by argv[2].
HANGING_INDEX = """
import sys
from pathlib import Path
from generator import search
search._pagefind_command = lambda: ["sh", "-c", 'echo $$ > "$0"; exec sleep 120', sys.argv[2]]
site = Path(sys.argv[1])
(site / "index.html").write_text("<main data-pagefind-body>A page</main>")
search.build_search_index(site)
"""


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="the kernel's stop is Linux's")
def test_pagefind_is_stopped_when_the_build_is_killed(tmp_path: Path) -> None:
    """Killed builds (the out-of-memory killer, a cancelled deploy) left Pagefind running,
    indexing a folder the next build removes."""
    pid_file = tmp_path / "pagefind.pid"
    building = subprocess.Popen([sys.executable, "-c", HANGING_INDEX, str(tmp_path),
                                 str(pid_file)])
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text().endswith("\n")):
        assert time.monotonic() < deadline and building.poll() is None
        time.sleep(0.01)
    pagefind = int(pid_file.read_text())
    try:
        assert not _is_zombie(pagefind)  # running
        building.kill()
        building.wait()
        for _ in range(500):  # the kernel stops it at once; init then reaps it
            if _is_zombie(pagefind):
                break
            time.sleep(0.01)
        assert _is_zombie(pagefind)
    finally:
        with contextlib.suppress(OSError):
            os.kill(pagefind, signal.SIGKILL)  # left running by a failure


def _is_zombie(pid: int) -> bool:
    """Whether ``pid`` has ended (gone, or ended and not yet reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True  # gone while we looked


def test_search_is_off_unless_site_yaml_turns_it_on(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    build(root, today=TODAY)
    assert not (root / "site/search").exists() and not (root / "site/pagefind").exists()
    assert parse(root / "site/index.html").select_one('form[role="search"]') is None
    assert "wasm" not in netlify_headers(root / "site")["/*"]["Content-Security-Policy"]

