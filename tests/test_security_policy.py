"""Pictures, frames and scripts from other websites that the site's Content-Security-Policy
will not let in are found where they were written (blocked_by_policy): the browser would
leave a gap with nothing to say why."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_journey
from test_check import reported

from generator.quality.security_policy import SecurityPolicy

TITLE = "Pictures, frames and scripts the site's security policy stops"
NOW = "2022-12-31"
UPDATE = "content/updates/2022-10-update.md"


def added(root: Path, text: str) -> int:
    """Add ``text`` to the October update; the line it starts on."""
    update = root / UPDATE
    written = update.read_text(encoding="utf-8")
    update.write_text(written + "\n" + text + "\n", encoding="utf-8")
    return len(written.splitlines()) + 2


def stopped(root: Path) -> list[tuple[str, str, str]]:
    result = run_journey("check", str(root), "--now", NOW)
    assert "Traceback" not in result.stderr
    return [finding for finding in reported(result.stderr) if finding[0] == TITLE]


def test_a_picture_from_another_website_is_found_where_it_was_written(
        small_site: Path) -> None:
    line = added(small_site, "![Our new ward](https://www.fenwold.example/images/ward.jpg)\n\n"
                             "![Our team](/assets/team.png)")
    assert stopped(small_site) == [(
        TITLE, f"{UPDATE}:{line}", "the picture https://www.fenwold.example/images/ward.jpg is "
        "on another website, which the site's security policy does not let in: it would not "
        "be shown")]
    result = run_journey("check", str(small_site), "--now", NOW)
    assert ("hint: save the picture in content/assets/ and write its address there: "
            "(/assets/ward.jpg).") in result.stderr


def test_a_frame_written_in_html_is_found_with_the_link_to_write_instead(
        small_site: Path) -> None:
    site_yaml = small_site / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("site:\n", "site:\n  allow_html: true\n",
                                                       1))
    line = added(small_site, '<iframe src="https://www.youtube.com/embed/a1b2c3" '
                             'title="Our new ward"></iframe>')
    (found,) = stopped(small_site)
    assert found[1] == f"{UPDATE}:{line}"
    assert found[2].startswith("the frame https://www.youtube.com/embed/a1b2c3 is on another")
    result = run_journey("check", str(small_site), "--now", NOW)
    assert ("link to it instead, with words that say what it is, for example: [Watch our "
            "video about the new ward](https://www.youtube.com/embed/a1b2c3)") in result.stderr


def test_what_a_sites_own_policy_lets_in_is_not_found(small_site: Path) -> None:
    added(small_site, "![Our new ward](https://www.fenwold.example/images/ward.jpg)")
    own = small_site / "templates" / "headers.txt"
    own.parent.mkdir(exist_ok=True)
    own.write_text((REPO / "templates/headers.txt").read_text().replace(
        "img-src 'self'", "img-src 'self' https://*.fenwold.example"))
    assert stopped(small_site) == []


def test_a_script_in_a_sites_own_template_is_found_once_at_the_template(
        small_site: Path) -> None:
    own = small_site / "templates" / "page.html"
    own.parent.mkdir(exist_ok=True)
    own.write_text('{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>'
                   '<script src="https://cdn.example.com/banner.js"></script>{% endblock %}')
    found = stopped(small_site)  # two pages use it
    assert [(where, message.split(" is ")[0]) for _, where, message in found] == [
        ("templates/page.html", "the script https://cdn.example.com/banner.js")]


@pytest.mark.parametrize(("policy", "tag", "address", "let_in"), [
    ("img-src 'self'", "img", "/assets/a.png", True),
    ("img-src 'self'", "img", "https://x.example/a.png", False),
    ("img-src 'self'", "img", "//x.example/a.png", False),
    ("img-src 'self'", "img", "data:image/png;base64,AAAA", False),
    ("img-src 'self' data:", "img", "data:image/png;base64,AAAA", True),
    ("img-src 'self' https:", "img", "https://x.example/a.png", True),
    ("img-src 'self' https:", "img", "http://x.example/a.png", False),
    ("img-src *", "img", "https://x.example/a.png", True),
    ("img-src https://*.example.com", "img", "https://a.b.example.com/a.png", True),
    ("img-src https://*.example.com", "img", "https://example.com/a.png", False),
    ("img-src https://www.cqc.org.uk", "img", "https://www.cqc.org.uk/a.png", True),
    ("img-src https://www.cqc.org.uk", "img", "http://www.cqc.org.uk/a.png", False),
    ("img-src www.cqc.org.uk", "img", "https://www.cqc.org.uk/a.png", True),
    ("default-src 'self'", "iframe", "https://www.youtube.com/embed/x", False),
    ("default-src 'self'; frame-src https://www.youtube.com", "iframe",
     "https://www.youtube.com/embed/x", True),
    ("frame-src 'none'", "script", "https://cdn.example.com/x.js", True),  # nothing says
    ("", "img", "https://x.example/a.png", True),  # no policy: nothing is stopped
])
def test_the_policy_lets_in_what_its_sources_name(policy: str, tag: str, address: str,
                                                  let_in: bool) -> None:
    headers = f"/*\n  Content-Security-Policy: {policy}\n".encode() if policy else b""
    assert SecurityPolicy(headers).lets_in(tag, address) is let_in


def test_a_full_address_of_the_site_itself_is_let_in_where_it_is_published() -> None:
    policy = SecurityPolicy(b"/*\n  Content-Security-Policy: img-src 'self'\n",
                            "https://rating.fenwold.example/")
    assert policy.lets_in("img", "https://rating.fenwold.example/assets/ward.jpg")
    assert policy.lets_in("img", "//rating.fenwold.example/assets/ward.jpg")
    assert not policy.lets_in("img", "http://rating.fenwold.example/assets/ward.jpg")
    assert not policy.lets_in("img", "https://www.fenwold.example/assets/ward.jpg")
    upgrading = SecurityPolicy(b"/*\n  Content-Security-Policy: img-src 'self'; "
                               b"upgrade-insecure-requests\n", "https://rating.fenwold.example/")
    assert upgrading.lets_in("img", "http://rating.fenwold.example/assets/ward.jpg")
