"""site/staticwebapp.config.json tells Azure Static Web Apps what _headers and _redirects tell
Netlify: the same security headers and cache lifetimes, the 404 page, a permanent redirect
from each old address; and the types of Pagefind's files, which Azure serves only if it
knows them. (Checked by hand in Azure's own emulator, `swa start` in site/, on 1
December 2026: every header, redirect and the 404 page as here, and the search page
finding results in Chromium with no error.)"""

from __future__ import annotations

import json
import mimetypes
import shutil
from pathlib import Path

from conftest import REPO, SMALL_TODAY, netlify_headers
from test_old_addresses import published_at, redirects, renamed_october

from generator.build import build
from generator.render.azure_config import MOST_BYTES, azure_config

CONFIG = "staticwebapp.config.json"


def azure(site: Path) -> dict:  # type: ignore[type-arg]
    text = (site / CONFIG).read_text(encoding="utf-8")
    assert len(text.encode()) <= MOST_BYTES  # Azure reads no more than 20 KB
    return json.loads(text)  # type: ignore[no-any-return]


def test_azure_sends_the_headers_netlify_sends_and_the_404_page(built_small: Path) -> None:
    config = azure(built_small)
    netlify = netlify_headers(built_small)
    assert config["globalHeaders"] == netlify["/*"]
    assert "Content-Security-Policy" in config["globalHeaders"]
    assert config["routes"] == [{"route": "/static/*", "headers": netlify["/static/*"]}]
    assert config["responseOverrides"] == {"404": {"rewrite": "/404.html", "statusCode": 404}}
    assert (built_small / "404.html").is_file()
    assert "mimeTypes" not in config  # no search index, no files of unknown types


def test_each_old_address_is_redirected_on_azure_too(small_site: Path) -> None:
    renamed_october(small_site, '[/updates/2022-10-update/, /news/oct.aspx, '
                                '"https://rating.fenwold.example/news/Board report (Oct)/"]')
    build(small_site, today=SMALL_TODAY)
    site = small_site / "site"
    routes = azure(site)["routes"]
    # The same as Netlify's, before the other routes; a folder's route names its index.html,
    # which Azure matches with and without the last slash.
    assert routes[:-1] == [{"route": old + "index.html" if old.endswith("/") else old,
                            "redirect": new, "statusCode": 301}
                           for old, new, _ in redirects(site)]
    assert routes[0]["route"] == "/news/Board%20report%20(Oct)/index.html"
    assert routes[-1]["route"] == "/static/*"


def test_a_site_in_a_folder_keeps_its_folder(small_site: Path) -> None:
    published_at(small_site, "https://www.fenwold.example/cqc/")
    renamed_october(small_site, "[/updates/2022-10-update/]")  # from the site's folder
    build(small_site, today=SMALL_TODAY)
    config = azure(small_site / "site")
    assert config["responseOverrides"]["404"]["rewrite"] == "/cqc/404.html"
    assert config["routes"][0] == {"route": "/cqc/updates/2022-10-update/index.html",
                                   "redirect": "/cqc/updates/2022-10-31-october/",
                                   "statusCode": 301}


def test_a_sites_own_headers_are_sent_on_azure_and_kept_up_to_date(small_site: Path) -> None:
    own = small_site / "templates" / "headers.txt"
    own.parent.mkdir(exist_ok=True)
    built_in = (REPO / "templates" / "headers.txt").read_text(encoding="utf-8")
    own.write_text(built_in.replace("  X-Frame-Options: DENY", "  X-Frame-Options: DENY\n"
                                    "  Cross-Origin-Opener-Policy: same-origin"))
    build(small_site, today=SMALL_TODAY)
    assert azure(small_site / "site")["globalHeaders"]["Cross-Origin-Opener-Policy"] == (
        "same-origin")
    # The next build, with the build cache, makes the file again when the headers change.
    own.write_text(own.read_text().replace("same-origin", "same-origin-allow-popups"))
    build(small_site, today=SMALL_TODAY)
    assert azure(small_site / "site")["globalHeaders"]["Cross-Origin-Opener-Policy"] == (
        "same-origin-allow-popups")


def test_azure_is_told_the_types_of_the_search_index_files(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    build(root)
    site = root / "site"
    unknown = {path.suffix for path in (site / "pagefind").rglob("*.*")
               if mimetypes.guess_type(path.name)[0] is None}
    assert unknown  # Pagefind's index and WebAssembly
    assert unknown <= azure(site)["mimeTypes"].keys()


def test_redirects_past_azures_limit_are_left_out_in_order() -> None:
    moves = [(f"/news/{i:04d}/", f"/updates/{i:04d}/") for i in range(1000)]
    text = azure_config("/*\n  X-Frame-Options: DENY\n/static/*\n  Cache-Control: public\n",
                        moves, lambda path: "/" + path.lstrip("/"), search=False)
    assert len(text.encode()) <= MOST_BYTES
    routes = json.loads(text)["routes"]
    kept = routes[:-1]
    assert 50 < len(kept) < 1000
    assert [route["redirect"] for route in kept] == [new for _, new in moves[:len(kept)]]
    assert routes[-1] == {"route": "/static/*", "headers": {"Cache-Control": "public"}}
    # One more would not have fitted.
    more = azure_config("/*\n  X-Frame-Options: DENY\n/static/*\n  Cache-Control: public\n",
                        moves[:len(kept) + 1], lambda path: "/" + path.lstrip("/"), search=False)
    assert len(json.loads(more)["routes"]) == len(routes)
