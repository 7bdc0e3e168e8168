"""Counting visits (site.yaml's analytics:) with a service that sets no cookies: its
script on every published page and its addresses let in by the Content-Security-Policy;
never in the preview or a deploy preview; a clear error for what cannot work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, SMALL_TODAY, netlify_headers, parse

from generator.build import build
from generator.cli import main
from generator.model.site import BuildSettings
from generator.serve import PreviewServer

SERVICES = {
    "plausible": ("provider: plausible", "https://plausible.io"),
    "plausible, a trust's own": ("provider: plausible\n  script: "
                                 "https://stats.fenwold.example/js/script.js",
                                 "https://stats.fenwold.example"),
    "matomo": ("provider: matomo\n  url: https://stats.fenwold.example/\n  site_id: 7",
               "https://stats.fenwold.example"),
    "cloudflare": ("provider: cloudflare\n  token: 0a1b2c", "https://static.cloudflareinsights.com"),
}


def counting(root: Path, settings: str) -> Path:
    yaml = root / "content/site.yaml"
    yaml.write_text(yaml.read_text() + f"analytics:\n  {settings}\n")
    return root


def csp(site: Path) -> dict[str, list[str]]:
    policy = netlify_headers(site)["/*"]["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split("; "))}


def scripts(page: Path) -> list[dict[str, str]]:
    """The page's scripts that run (not its JSON-LD data)."""
    return [dict(tag.attrs) for tag in parse(page).find_all("script")
            if tag.get("type") != "application/ld+json"]


@pytest.mark.parametrize("service", SERVICES)
def test_every_page_counts_visits_and_the_policy_lets_the_service_in(
        small_site: Path, service: str) -> None:
    settings, origin = SERVICES[service]
    build(counting(small_site, settings), today=SMALL_TODAY)
    site = small_site / "site"
    pages = [site / "index.html", site / "updates/2022-10-update/index.html",
             site / "about/index.html", site / "404.html"]
    for page in pages:
        assert [tag for tag in scripts(page) if "src" not in tag] == []  # nothing inline
        counters = [tag for tag in scripts(page) if tag.get("defer") is not None]
        assert len(counters) == 1, page
        counter = counters[0]
        if service.startswith("plausible"):
            assert counter["data-domain"] == "rating.fenwold.example"
            assert counter["src"] == origin + ("/js/script.js")
        elif service == "matomo":
            assert counter["data-matomo"] == "https://stats.fenwold.example/"
            assert counter["data-site-id"] == "7"
            assert (site / counter["src"].lstrip("/")).is_file()
        else:
            assert counter["src"] == origin + "/beacon.min.js"
            assert json.loads(counter["data-cf-beacon"]) == {"token": "0a1b2c"}
    policy = csp(site)
    assert origin in policy["script-src"]
    sends = "https://cloudflareinsights.com" if service == "cloudflare" else origin
    assert sends in policy["connect-src"]
    assert (sends in policy["img-src"]) is (service == "matomo")


def test_no_page_counts_visits_unless_asked_nor_in_previews(small_site: Path) -> None:
    build(small_site, today=SMALL_TODAY)
    assert scripts(small_site / "site/index.html") == []
    assert csp(small_site / "site")["script-src"] == ["'self'"]
    # A deploy preview, built for its own address: its visitors are the team.
    counting(small_site, SERVICES["matomo"][0])
    result = CliRunner().invoke(main, ["build", str(small_site), "--now", "2022-12-31",
                                       "--base-url", "https://deploy-preview-4.example/"])
    assert result.exit_code == 0, result.output
    assert scripts(small_site / "site/index.html") == []
    assert csp(small_site / "site")["script-src"] == ["'self'"]
    server = PreviewServer(small_site, BuildSettings(today=SMALL_TODAY), port=0,
                           report=lambda text: None)
    server.start()
    try:
        page = server.state.current.snapshot.pages["index.html"]  # type: ignore[union-attr]
        assert b"stats.fenwold.example" not in page
        assert b"matomo" not in page
    finally:
        server.stop()


@pytest.mark.parametrize(("settings", "said"), [
    ("provider: Google Analytics",
     'site.yaml:15:13: error: "Google Analytics" sets cookies, which need visitors\' consent '
     "first, and this site asks for none\n"),
    ("provider: plausable", 'site.yaml:15:13: error: "plausable" is not a valid provider\n'),
    ("provider: matomo\n  site_id: 3", "site.yaml:15:3: error: analytics with matomo needs url:"),
    ("provider: matomo\n  url: https://stats.fenwold.example/",
     "site.yaml:15:3: error: analytics with matomo needs site_id:"),
    ("provider: cloudflare", "site.yaml:15:3: error: analytics with cloudflare needs token:"),
    ("provider: matomo\n  url: http://stats.fenwold.example/\n  site_id: 3",
     'site.yaml:16:8: error: "http://stats.fenwold.example/" is not a web address starting '
     "https://"),
])
def test_what_cannot_count_visits_is_an_error_at_its_line(
        small_site: Path, settings: str, said: str) -> None:
    counting(small_site, settings)
    result = CliRunner().invoke(main, ["build", str(small_site), "--now", "2022-12-31"])
    assert result.exit_code == 1
    assert said in result.output, result.output
    assert "hint: " in result.output and "Traceback" not in result.output


def test_plausible_needs_the_sites_address(small_site: Path) -> None:
    yaml = small_site / "content/site.yaml"
    yaml.write_text(yaml.read_text().replace("  base_url: https://rating.fenwold.example/\n",
                                             ""))
    before = yaml.read_text()
    counting(small_site, "provider: plausible")
    result = CliRunner().invoke(main, ["build", str(small_site), "--now", "2022-12-31"])
    assert result.exit_code == 1
    assert "error: analytics with plausible needs the site's address" in result.output
    yaml.write_text(before)
    counting(small_site, "provider: plausible\n  domain: rating.fenwold.example")
    result = CliRunner().invoke(main, ["build", str(small_site), "--now", "2022-12-31"])
    assert result.exit_code == 0, result.output
    assert scripts(small_site / "site/index.html")[0]["data-domain"] == "rating.fenwold.example"


def test_journey_check_says_when_a_sites_own_base_html_does_not_count_visits(
        small_site: Path) -> None:
    """A base.html copied before it had the service's script: once, with the lines to add."""
    counting(small_site, SERVICES["plausible"][0])
    result = CliRunner().invoke(main, ["check", str(small_site), "--now", "2022-12-31"])
    assert "count visits" not in result.output, result.output
    own = (REPO / "templates/base.html").read_text()
    (small_site / "templates").mkdir()
    (small_site / "templates/base.html").write_text(own.replace("{{ analytics(site) }}", ""))
    result = CliRunner().invoke(main, ["check", str(small_site), "--now", "2022-12-31"])
    said = [line.strip() for line in result.output.splitlines() if "count visits" in line]
    assert said[1:] == [
        "templates/base.html: pages made by 404.html, glossary.html, home.html, "
        "page.html, update.html, updates.html do not count visits, though site.yaml's "
        "analytics: is on"], result.output
    assert 'add {% from "components/analytics.html" import analytics %}' in result.output
    result = CliRunner().invoke(main, ["build", str(small_site), "--strict",
                                       "--now", "2022-12-31"])
    assert result.exit_code == 1
