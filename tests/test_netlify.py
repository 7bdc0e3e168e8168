"""netlify.toml builds strictly, publishes site/ and sends every security header."""

from __future__ import annotations

import tomllib

from conftest import REPO


def load() -> dict:  # type: ignore[type-arg]
    with (REPO / "netlify.toml").open("rb") as f:
        return tomllib.load(f)


def test_build_publish_and_previews() -> None:
    config = load()
    assert config["build"]["publish"] == "site"
    assert "journey build --strict" in config["build"]["command"]
    assert config["build"]["environment"]["PYTHON_VERSION"] == "3.11"
    preview = config["context"]["deploy-preview"]["command"]
    assert '--base-url "$DEPLOY_PRIME_URL/"' in preview and "--strict" in preview


def test_security_headers() -> None:
    headers = next(h["values"] for h in load()["headers"] if h["for"] == "/*")
    csp = dict(part.strip().split(" ", 1) if " " in part.strip() else (part.strip(), "")
               for part in headers["Content-Security-Policy"].split(";"))
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]


def test_built_pages_have_no_inline_scripts_or_styles(built_small) -> None:  # type: ignore[no-untyped-def]
    for page in built_small.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html and "<style" not in html and " style=" not in html, page
