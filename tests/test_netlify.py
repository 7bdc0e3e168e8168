"""netlify.toml builds strictly and publishes site/, whose _headers sends every security
header; the daily build workflow asks Netlify to build every morning."""

from __future__ import annotations

import datetime as dt
import http.server
import os
import re
import shutil
import subprocess
import threading
import tomllib
from pathlib import Path

import yaml
from conftest import REPO, netlify_headers, parse, run_as_github_does, run_journey

from generator.build import build


def load() -> dict:  # type: ignore[type-arg]
    with (REPO / "netlify.toml").open("rb") as f:
        return tomllib.load(f)


def test_build_publish_and_previews() -> None:
    config = load()
    assert config["build"]["publish"] == "site"
    assert "journey build --strict" in config["build"]["command"]
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    assert "--unlisted" not in config["build"]["command"]


def test_previews_are_built_for_their_own_address_and_unlisted(tmp_path: Path) -> None:
    """A deploy preview or branch deploy, run as Netlify runs it: its links and feed give
    its own address, and search engines are asked not to list it (anyone with the
    address can open it)."""
    config = load()
    shutil.copytree(REPO / "content", tmp_path / "content")
    for context in ("deploy-preview", "branch-deploy"):
        command = config["context"][context]["command"]
        install, build_it = command.split(" && ", 1)
        assert install == "pip install ."  # the tool: this one, as run_as_github_does runs
        address = f"https://{context}--kestrel.netlify.app"
        built = run_as_github_does(build_it, tmp_path, {"DEPLOY_PRIME_URL": address})
        assert built.returncode == 0, built.stdout + built.stderr
        home = parse(tmp_path / "site/index.html")
        assert home.select_one('link[rel="canonical"]')["href"] == address + "/"
        assert home.select_one('meta[name="robots"]')["content"] == "noindex"
        assert netlify_headers(tmp_path / "site")["/*"]["X-Robots-Tag"] == "noindex"


def _csp(value: str) -> dict[str, str]:
    parts = (part.strip() for part in value.split(";"))
    return dict(part.split(" ", 1) if " " in part else (part, "") for part in parts)


def test_security_headers(built_small) -> None:  # type: ignore[no-untyped-def]
    assert "headers" not in load()  # one place for them: the built _headers file
    headers = netlify_headers(built_small)["/*"]
    csp = _csp(headers["Content-Security-Policy"])
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'"
    assert "cqc.org.uk" not in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_cqc_widget_opens_the_csp_to_cqc_only(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({
        "content/site.yaml": "trust:\n  name: Test Trust\ncqc:\n  provider_id: RZ9\n"
                             "  profile_url: https://www.cqc.org.uk/provider/RZ9\n  widget: true\n",
        "content/rating.yaml": "published: 2026-02-18\noverall: good\n",
    })
    build(root, today=dt.date(2026, 3, 1))
    csp = _csp(netlify_headers(root / "site")["/*"]["Content-Security-Policy"])
    assert csp["script-src"] == "'self' https://www.cqc.org.uk"
    assert csp["default-src"] == "'self'" and "unsafe-inline" not in csp["style-src"]
    home = parse(root / "site" / "index.html")
    script = home.select_one(".cqc-widget script")
    assert script is not None and not script.string
    assert script["src"].startswith("https://www.cqc.org.uk/") and "data-id=RZ9" in script["src"]
    # The static panel is still there: the rating shows without JavaScript.
    assert "Good" in home.select_one(".rating-panel").get_text()
    for page in (root / "site").rglob("*.html"):
        if page.name != "index.html" or page.parent != root / "site":
            assert "<script" not in page.read_text(encoding="utf-8"), page


def test_cqc_widget_needs_the_provider_id(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/site.yaml": "trust:\n  name: Test Trust\ncqc:\n  widget: true\n"})
    result = run_journey("build", str(root))
    assert result.returncode == 1
    assert "site.yaml:4:11" in result.stderr and "provider_id" in result.stderr


def test_built_pages_have_no_inline_scripts_or_styles(built_small) -> None:  # type: ignore[no-untyped-def]
    """The only inline <script> is JSON-LD: data, which browsers never run."""
    for page in built_small.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all('type="application/ld+json"' in tag or " src=" in tag for tag in scripts), page
        assert "<style" not in html and " style=" not in html, page


def test_netlify_gets_a_custom_404_page(built_small) -> None:  # type: ignore[no-untyped-def]
    page = parse(built_small / "404.html")
    assert page.h1.get_text() == "Page not found"
    assert page.select_one("aside.rating-badge") is not None


def _daily_build_step() -> dict:  # type: ignore[type-arg]
    workflow = yaml.safe_load((REPO / ".github/workflows/daily-build.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["schedule"] == [{"cron": "5 6 * * *"}] and "workflow_dispatch" in triggers
    (job,) = workflow["jobs"].values()
    (step,) = job["steps"]
    assert step["env"] == {"HOOK": "${{ secrets.NETLIFY_BUILD_HOOK }}"}
    return step  # type: ignore[no-any-return]


def _run_step(step: dict, hook: str) -> subprocess.CompletedProcess[str]:  # type: ignore[type-arg]
    return subprocess.run(["bash", "-e", "-c", step["run"]], env={**os.environ, "HOOK": hook},
                          capture_output=True, text=True, timeout=60)


def test_the_morning_build_asks_netlify_once_it_has_a_hook_and_does_nothing_before() -> None:
    """The README's daily build (for publish_date and overdue actions): its step, run as
    GitHub runs it, posts to the build hook; without the secret it succeeds doing nothing;
    a hook Netlify does not know fails the run, so someone sees it."""
    step = _daily_build_step()
    posts: list[tuple[str, bytes]] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            posts.append((self.path, self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200 if self.path == "/build_hooks/abc" else 404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        none = _run_step(step, "")
        assert none.returncode == 0 and "nothing to build" in none.stdout and posts == []
        done = _run_step(step, f"{address}/build_hooks/abc")
        assert done.returncode == 0, done.stderr
        assert posts == [("/build_hooks/abc", b"{}")]
        wrong = _run_step(step, f"{address}/build_hooks/old")
        assert wrong.returncode != 0 and "404" in wrong.stderr
    finally:
        server.shutdown()
