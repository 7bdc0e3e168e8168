"""Old addresses (old_addresses: in an update's or page's front matter) keep working after
a file is renamed: a page there sends visitors on, Netlify's _redirects sends them on
first, and neither the sitemap nor search lists them."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SMALL_TODAY, parse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.cli import main
from generator.content.nodes import Scalar
from generator.errors import ContentErrors, SourcePos
from generator.incremental import IncrementalBuilder
from generator.model.addresses import OldAddress, has_page, page_url
from generator.model.config import SiteSettings
from generator.model.schema import Invalid, Reader
from generator.model.site import BuildSettings

OCTOBER = "content/updates/2022-10-update.md"
BASE = "https://rating.fenwold.example/"


def add_front(root: Path, file: str, lines: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{lines}\n", 1), encoding="utf-8")


def renamed_october(root: Path, olds: str) -> Path:
    """The small site's October update renamed, as an editor would, with ``olds``."""
    (root / OCTOBER).rename(root / "content/updates/2022-10-31-october.md")
    add_front(root, "content/updates/2022-10-31-october.md", f"old_addresses: {olds}")
    return root


def published_at(root: Path, address: str) -> None:
    yaml = root / "content/site.yaml"
    yaml.write_text(yaml.read_text().replace(BASE, address))


def redirects(site: Path) -> list[list[str]]:
    return [line.split() for line in (site / "_redirects").read_text().splitlines()]


def test_each_old_address_sends_visitors_to_the_page(small_site: Path) -> None:
    renamed_october(small_site, '[/updates/2022-10-update/, /news/october.html, /news/oct.aspx, '
                                '"https://rating.fenwold.example/news/Board report (Oct)/"]')
    build(small_site, today=SMALL_TODAY)
    site = small_site / "site"
    new = "/updates/2022-10-31-october/"
    # Netlify: a permanent redirect, even where a page is written at the old address (!).
    assert redirects(site) == [["/news/Board%20report%20(Oct)/", new, "301!"],
                               ["/news/oct.aspx", new, "301!"],
                               ["/news/october.html", new, "301!"],
                               ["/updates/2022-10-update/", new, "301!"]]
    # Any other web server (and the preview): a page that sends the browser on.
    for written in ("updates/2022-10-update/index.html", "news/october.html",
                    "news/Board report (Oct)/index.html"):
        page = parse(site / written)
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}"
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert page.find("link", rel="canonical")["href"] == BASE + new.lstrip("/")
        link = page.main.find("a", href=new)
        assert link is not None and link.get_text() == "October 2022 update"
        assert page.h1.get_text() == "This page has moved"
        assert page.main.get("data-pagefind-body") is None
    assert not (site / "news/oct.aspx").exists()  # a server would send it as a download
    sitemap = (site / "sitemap.xml").read_text()
    assert "2022-10-31-october/" in sitemap
    assert "2022-10-update" not in sitemap and "news/" not in sitemap


def test_a_site_in_a_folder_keeps_its_folder_in_old_addresses(small_site: Path) -> None:
    published_at(small_site, "https://www.fenwold.example/cqc/")
    renamed_october(small_site, '["https://www.fenwold.example/cqc/updates/october/", '
                                "/updates/oct/]")
    build(small_site, today=SMALL_TODAY)
    site = small_site / "site"
    new = "/cqc/updates/2022-10-31-october/"
    assert redirects(site) == [["/cqc/updates/oct/", new, "301!"],
                               ["/cqc/updates/october/", new, "301!"]]
    page = parse(site / "updates/october/index.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}"

    # A deploy preview is built for its own address: the redirects go to its pages.
    result = CliRunner().invoke(main, ["build", str(small_site), "--now", "2022-12-31",
                                       "--base-url", "https://preview.example/"])
    assert result.exit_code == 0, result.output
    assert redirects(site) == [["/updates/oct/", "/updates/2022-10-31-october/", "301!"],
                               ["/updates/october/", "/updates/2022-10-31-october/", "301!"]]

    add_front(small_site, "content/updates/2022-09-statement.md",
              'old_addresses: ["https://www.fenwold.example/news/x/", '
              '"https://rating.fenwold.example/cqc/y/"]')
    result = CliRunner().invoke(main, ["build", str(small_site), "--now", "2022-12-31"])
    assert result.exit_code == 1
    assert ('2022-09-statement.md:2:17: error: the old address "https://www.fenwold.example/'
            'news/x/" is outside this site\'s folder (/cqc/)') in result.output
    assert ('2022-09-statement.md:2:56: error: the old address "https://rating.fenwold.example/'
            'cqc/y/" is on another website (rating.fenwold.example), not this one '
            "(www.fenwold.example)") in result.output


def test_no_redirects_without_old_addresses_nor_to_drafts(small_site: Path) -> None:
    build(small_site, today=SMALL_TODAY)
    assert not (small_site / "site/_redirects").exists()
    add_front(small_site, "content/updates/2022-12-draft.md", "old_addresses: [/news/december/]")
    build(small_site, today=SMALL_TODAY)
    assert not (small_site / "site/_redirects").exists()
    assert not (small_site / "site/news").exists()
    build(small_site, today=SMALL_TODAY, drafts=True)
    assert redirects(small_site / "site") == [["/news/december/", "/updates/2022-12-draft/",
                                               "301!"]]


def test_journey_check_finds_nothing_to_ask_of_the_pages_at_old_addresses(
        small_site: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(small_site), "--now", "2022-12-31"])
    before = re.search(r"(\d+) errors?, (\d+) warnings?, (\d+) notes?", result.output)
    renamed_october(small_site, "[/updates/2022-10-update/, /news/october.html]")
    add_front(small_site, "content/pages/about.md", "old_addresses: /about-us/")
    result = CliRunner().invoke(main, ["check", str(small_site), "--now", "2022-12-31"])
    after = re.search(r"(\d+) errors?, (\d+) warnings?, (\d+) notes?", result.output)
    assert before is not None and after is not None
    assert after.groups() == before.groups(), result.output
    assert "Traceback" not in result.output


def test_journey_check_says_to_link_to_a_page_itself_not_its_old_address(
        small_site: Path) -> None:
    """A link to an old address works, so it is a note: a strict build publishing the
    rename does not stop on the links other files have to it."""
    renamed_october(small_site, "[/updates/2022-10-update/, /news/oct.aspx]")
    november = small_site / "content/updates/2022-11-update.md"
    november.write_text(november.read_text() + (
        "\nSee [our October update](/updates/2022-10-update/#what-we-did) and "
        "[the old news page](/news/oct.aspx).\n"))
    result = CliRunner().invoke(main, ["check", str(small_site), "--now", "2022-12-31"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    said = [(line.strip(), lines[n + 1].strip()) for n, line in enumerate(lines)
            if "goes to the old address" in line]
    assert said == [
        ("content/updates/2022-11-update.md:10: the link /news/oct.aspx goes to the old "
         'address of "October 2022 update"',
         "hint: link to /updates/2022-10-31-october/ instead, its address now."),
        ("content/updates/2022-11-update.md:10: the link /updates/2022-10-update/#what-we-did "
         'goes to the old address of "October 2022 update"',
         "hint: link to /updates/2022-10-31-october/#what-we-did instead, its address now.")]
    result = CliRunner().invoke(main, ["build", str(small_site), "--strict",
                                       "--now", "2022-12-31"])
    assert result.exit_code == 0, result.output


def test_a_renamed_update_keeps_links_to_it_in_the_preview(small_site: Path) -> None:
    """The preview serves the page at the old address, which sends the browser on."""
    builder = IncrementalBuilder(small_site, BuildSettings(today=dt.date(2022, 12, 31)))
    assert "updates/2022-10-update/index.html" in builder.rebuild().snapshot.pages
    renamed_october(small_site, "[/updates/2022-10-update/]")
    pages = builder.rebuild(set()).snapshot.pages
    moved = pages["updates/2022-10-update/index.html"].decode()
    assert 'content="0; url=/updates/2022-10-31-october/"' in moved
    assert pages["_redirects"] == b"/updates/2022-10-update/ /updates/2022-10-31-october/ 301!\n"


def test_the_preview_checks_a_new_update_against_the_old_addresses(small_site: Path) -> None:
    """A new file saved in the preview whose address is another page's old one is the
    error a build gives; a new file with old addresses of its own gets their pages."""
    renamed_october(small_site, "[/updates/2022-10-update/]")
    builder = IncrementalBuilder(small_site, BuildSettings(today=dt.date(2022, 12, 31)))
    builder.rebuild()
    clash = small_site / "content/updates/2022-10-update.md"
    clash.write_text("---\ntitle: Again\ndate: 2022-12-01\nsummary: S.\n---\nText.\n")
    with pytest.raises(ContentErrors) as raised:
        builder.rebuild({clash})
    assert [e.message for e in raised.value.errors] == [
        'the old address "/updates/2022-10-update/" is the address of 2022-10-update.md\'s '
        "page now"]
    clash.unlink()
    builder.rebuild({clash})
    new = small_site / "content/updates/2022-12-01-news.md"
    new.write_text("---\ntitle: News\ndate: 2022-12-01\nsummary: S.\nold_addresses: /news/\n"
                   "---\nText.\n")
    pages = builder.rebuild({new}).snapshot.pages
    assert b'content="0; url=/updates/2022-12-01-news/"' in pages["news/index.html"]


@pytest.fixture
def published(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served on a loopback port, as the published site: (folder, its address)."""
    folder = tmp_path / "published"
    folder.mkdir()
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def check_external(root: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(root), "--external", "--timeout", "1",
                                       "--now", "2022-12-31"])
    assert "Traceback" not in result.output
    return result.output


def test_check_external_finds_published_pages_the_site_would_no_longer_have(
        small_site: Path, published: tuple[Path, str]) -> None:
    """From the published site's sitemap: an update renamed without old_addresses, and a
    page taken off; not once the renamed file keeps its old address."""
    folder, address = published
    published_at(small_site, address)
    build(small_site, folder, today=SMALL_TODAY)
    (small_site / OCTOBER).rename(small_site / "content/updates/2022-10-31-october.md")
    (small_site / "content/pages/about.md").unlink()
    said = check_external(small_site)
    assert "Published pages the site would no longer have: 2 warnings" in said, said
    assert ("  content/updates: the published page /updates/2022-10-update/ is not on the "
            'site any more: a link to it would find "Page not found"\n'
            "    hint: add old_addresses: [/updates/2022-10-update/] to the front matter of "
            "the file whose page replaces it (if it was renamed) or that visitors should "
            "find instead (if it was taken off on purpose)") in said
    assert "  content/pages: the published page /about/ is not on the site any more" in said
    add_front(small_site, "content/updates/2022-10-31-october.md",
              "old_addresses: [/updates/2022-10-update/]")
    said = check_external(small_site)
    assert "Published pages the site would no longer have: 1 warning" in said
    assert "/updates/2022-10-update/ is not" not in said
    # A page taken off on purpose: the hint's line, in the file to find instead, is all
    # it takes (a check with --strict passes again).
    add_front(small_site, "content/updates/2022-11-update.md", "old_addresses: [/about/]")
    assert "Published pages the site would no longer have" not in check_external(small_site)


def test_check_published_reads_the_sitemap_every_time_and_tries_no_other_website(
        small_site: Path, published: tuple[Path, str]) -> None:
    """What a pull request's check can ask (--published): is a renamed file's old page
    kept? Without trying links to other websites, which may be down for a day."""
    folder, address = published
    published_at(small_site, address)
    build(small_site, folder, today=SMALL_TODAY)
    (small_site / OCTOBER).rename(small_site / "content/updates/2022-10-31-october.md")
    with (small_site / "content/updates/2022-10-31-october.md").open("a") as text:
        text.write("\nSee [the plan we had before](http://127.0.0.1:9/plan).\n")
    check = ("check", str(small_site), "--published", "--timeout", "1", "--now",
             SMALL_TODAY.isoformat())
    said = CliRunner().invoke(main, check).output
    assert "Published pages the site would no longer have: 1 warning (page_gone)" in said, said
    assert "the published page /updates/2022-10-update/ is not on the site" in said
    assert "Links to other websites" not in said
    # Asked again, with nothing changed here: the published site is read again.
    (folder / "sitemap.xml").unlink()
    assert "Published pages" not in CliRunner().invoke(main, check).output


def test_check_external_reads_a_sitemap_index_and_says_nothing_of_a_site_not_published(
        small_site: Path, published: tuple[Path, str]) -> None:
    folder, address = published
    published_at(small_site, address)
    assert "Published pages" not in check_external(small_site)  # nothing there yet
    loc = "<{0}><loc>{1}</loc></{0}>"
    (folder / "sitemap.xml").write_text(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + loc.format("sitemap", address + "sitemap-updates-2021.xml")
        + loc.format("sitemap", "https://elsewhere.example/sitemap.xml") + "</sitemapindex>")
    (folder / "sitemap-updates-2021.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + loc.format("url", address + "updates/2021-old%20one/")
        + loc.format("url", address + "updates/2022-10-update/") + "</urlset>")
    said = check_external(small_site)
    assert "Published pages the site would no longer have: 1 warning" in said, said
    assert "the published page /updates/2021-old one/ is not on the site any more" in said


def test_an_old_address_no_file_can_be_named_is_netlifys_alone(small_site: Path) -> None:
    """A colon cannot be in a file name on Windows, nor can a folder's end in a dot: the
    build writes no page there (it would fail on an editor's laptop), Netlify redirects."""
    renamed_october(small_site, '["/news/10:30 briefing/", /news./]')
    build(small_site, today=SMALL_TODAY)
    site = small_site / "site"
    new = "/updates/2022-10-31-october/"
    assert redirects(site) == [["/news./", new, "301!"],
                               ["/news/10:30%20briefing/", new, "301!"]]
    assert not (site / "news").exists()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="/.%2e5cfAB:?#\\ \x00\n", max_size=24))
@example("/%2e%2e/x/")
@example("/a/%2E%2E/%2e%2e/b/")
@example("/%5c..%5cx/")
def test_an_old_address_is_refused_or_written_inside_the_site(text: str) -> None:
    """Whatever is typed, an old address the reader accepts is a page inside the site."""
    reader = Reader()
    try:
        old = OldAddress.from_scalar(Scalar(SourcePos(Path("x.md"), 1, 1), text), reader)
    except Invalid:
        assert reader.errors
        return
    path = old.site_path(SiteSettings())
    assert path is not None and path.strip("/")
    if has_page(path):
        site = Path("/site")
        written = (site / page_url(path)).resolve()
        assert written.is_relative_to(site) and written != site, (text, path)
