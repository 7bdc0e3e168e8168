"""What the site's Content-Security-Policy will not let in (pictures, frames, videos and
scripts from other websites, embedded files, styles and scripts written into a page) is
found where it was written (blocked_by_policy): the browser would leave a gap, or ignore
it, with nothing to say why."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_journey
from test_check import reported

from generator.quality.security_policy import SecurityPolicy

TITLE = "Pictures, videos, fonts, scripts and styles the site's security policy stops"
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
    allow_html(small_site)
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
        ("templates/page.html:1", "the script https://cdn.example.com/banner.js")]


def test_a_script_in_a_sites_own_base_template_is_found_once_where_written(
        small_site: Path) -> None:
    """Every page's template extends base.html: the script is found there, at its line,
    not once at each template of a page (404.html, home.html...)."""
    base = (REPO / "templates/base.html").read_text()
    (small_site / "templates").mkdir(exist_ok=True)
    (small_site / "templates/base.html").write_text(base.replace(
        "<main", '<script src="https://cdn.example.com/banner.js"></script>\n<main', 1))
    line = base[:base.index("<main")].count("\n") + 1
    assert [(where, message) for _, where, message in stopped(small_site)] == [
        (f"templates/base.html:{line}", "the script https://cdn.example.com/banner.js is on "
                                        "another website, which the site's security policy "
                                        "does not let in: it would not run")]


def allow_html(root: Path) -> None:
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("site:\n", "site:\n  allow_html: true\n",
                                                       1))


def test_videos_embedded_files_and_styles_written_in_html_are_found_where_written(
        small_site: Path) -> None:
    allow_html(small_site)
    line = added(small_site, '<video src="https://media.fenwold.example/ward.mp4" controls>'
                             '</video>\n\n'
                             '<object data="/assets/plan.pdf" type="application/pdf"></object>'
                             '\n\n<p style="color: red">Our wards are open.</p>\n\n'
                             '<img src="/assets/team.png" alt="Our team" '
                             'srcset="https://www.fenwold.example/team-2x.png 2x">\n\n'
                             '<form action="https://news.fenwold.example/join" method="post">'
                             '<button>Join</button></form>')
    assert [(where, message) for _, where, message in stopped(small_site)] == [
        (f"{UPDATE}:{line}", "the video or sound https://media.fenwold.example/ward.mp4 is on "
                             "another website, which the site's security policy does not let "
                             "in: it would not be shown"),
        (f"{UPDATE}:{line + 2}", "the embedded file /assets/plan.pdf is not let in by the "
                                 "site's security policy, not even from the site itself: it "
                                 "would not be shown"),
        (f"{UPDATE}:{line + 4}", "the style written into the page (color: red) is not let in "
                                 "by the site's security policy: the browser ignores it"),
        (f"{UPDATE}:{line + 6}", "the picture https://www.fenwold.example/team-2x.png is on "
                                 "another website, which the site's security policy does not "
                                 "let in: it would not be shown"),
        (f"{UPDATE}:{line + 8}", "the form sending to https://news.fenwold.example/join is on "
                                 "another website, which the site's security policy does not "
                                 "let in: it would not be sent")]
    result = run_journey("check", str(small_site), "--now", NOW)
    assert ("hint: link to the file instead, with words that say what it is, for example: "
            "[Read our improvement plan (PDF)](/assets/plan.pdf)") in result.stderr
    assert "hint: in a page's text, take it out: the site's stylesheet sets how" in result.stderr


def test_a_column_aligned_in_markdown_is_not_a_style_the_policy_stops(
        small_site: Path) -> None:
    """Markdown's |--:| is a class of the site's stylesheet, not an inline style."""
    added(small_site, "| Ward | Nurses |\n|:--|--:|\n| Kestrel | 12 |")
    assert stopped(small_site) == []
    assert run_journey("build", str(small_site), "--now", NOW).returncode == 0
    page = (small_site / "site/updates/2022-10-update/index.html").read_text()
    assert '<td class="table__cell--right">12</td>' in page and " style=" not in page


def test_a_script_or_style_written_into_a_template_is_found_there_but_not_data(
        small_site: Path) -> None:
    own = small_site / "templates" / "page.html"
    own.parent.mkdir(exist_ok=True)
    own.write_text('{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>\n'
                   '<script type="application/ld+json">{"@type": "Hospital"}</script>\n'
                   '<script>\n  document.title = "Our rating";\n</script>\n'
                   '<style>h1 { color: #005eb8; }</style>\n'
                   '<button onclick="print()">Print</button>{% endblock %}')
    found = stopped(small_site)  # two pages use it
    assert [(where, message.split(")")[0]) for _, where, message in found] == [
        ("templates/page.html:4", 'the script written into the page (document.title = "Our '
                                  'rating";'),
        ("templates/page.html:6", "the style written into the page (h1 { color: #005eb8; }"),
        ("templates/page.html:7", "the script written into the page (print(")]
    # What a site's own policy lets in is let in.
    headers = small_site / "templates" / "headers.txt"
    headers.write_text((REPO / "templates/headers.txt").read_text().replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
        "script-src 'self'", "script-src 'self' 'unsafe-inline'"))
    assert stopped(small_site) == []


@pytest.mark.parametrize(("policy", "kind", "address", "let_in"), [
    ("form-action 'self'", "form", "https://newsletter.example/join", False),
    ("form-action 'self'", "form", "/search/", True),
    ("default-src 'self'", "form", "https://newsletter.example/join", True),  # no fallback
    ("object-src 'none'", "object", "/assets/plan.pdf", False),
    ("frame-src 'none'", "iframe", "/assets/plan.pdf", False),
    ("default-src 'self'", "media", "/assets/ward.mp4", True),
    ("default-src 'self'", "media", "https://x.example/ward.mp4", False),
    ("default-src 'self'; media-src https://x.example", "media", "https://x.example/a.mp4",
     True),
    ("default-src 'self'; child-src https://www.youtube.com", "iframe",
     "https://www.youtube.com/embed/x", True),
    ("style-src 'self'", "stylesheet", "https://fonts.example/a.css", False),
    ("style-src 'self'", "inline style", "color: red", False),
    ("style-src 'self' 'unsafe-inline'", "inline style", "color: red", True),
    ("style-src 'self' 'sha256-a1b2'", "inline style", "color: red", True),  # not judged
    ("default-src 'self'", "inline script", "print()", False),
    ("img-src 'self'", "inline script", "print()", True),  # nothing says
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
def test_the_policy_lets_in_what_its_sources_name(policy: str, kind: str, address: str,
                                                  let_in: bool) -> None:
    headers = f"/*\n  Content-Security-Policy: {policy}\n".encode() if policy else b""
    assert SecurityPolicy(headers).lets_in(kind, address) is let_in


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


# A stylesheet of the site's own (templates/static/css/), as a trust styling its site
# writes one: its fonts and pictures.
STYLESHEET = "templates/static/css/trust.css"
STYLED = """@font-face {
  font-family: "Frutiger";
  src: url("https://assets.nhs.uk/fonts/FrutigerLTW01-55Roman.woff2") format("woff2"),
       url("../fonts/frutiger.woff2") format("woff2");
}
.header { background-image: url('../images/wave.svg'); }
.card { background: url(../images/Corner.png) no-repeat; }
.footer { background-image: url(data:image/png;base64,iVBORw0KGgo=); }
.panel { background-image: url(/static/images/wave.svg); }
@import "more.css";
@import url(https://fonts.example/css?family=Frutiger);
.ward { background: url(../../assets/ward.jpg); }
"""


def test_what_a_sites_own_stylesheet_names_is_found_at_its_line(small_site: Path) -> None:
    """A font from another website (as NHS.UK's frontend names Frutiger) or a picture
    written in as data, which the policy stops; a file that is not there, or named from
    the site's root (which the published file's new name does not follow): broken. The
    stylesheet's own files, named from its folder, are found as they are."""
    (small_site / "templates/static/fonts").mkdir(parents=True)
    (small_site / "templates/static/fonts/frutiger.woff2").write_bytes(b"wOF2")
    (small_site / "templates/static/images").mkdir()
    (small_site / "templates/static/images/wave.svg").write_text("<svg/>")
    (small_site / "templates/static/css").mkdir()
    (small_site / STYLESHEET).write_text(STYLED)
    result = run_journey("check", str(small_site), "--now", NOW)
    assert "Traceback" not in result.stderr
    found = [(where, message) for _, where, message in reported(result.stderr)
             if where.startswith(STYLESHEET)]
    assert found == [
        (f"{STYLESHEET}:7", "the stylesheet names the picture ../images/Corner.png, which "
                            "the site does not have: the browser would not find it"),
        (f"{STYLESHEET}:9", "the stylesheet names the picture /static/images/wave.svg from "
                            "the site's root: published, its name has a code added to it (so "
                            "browsers never keep an old copy), which only an address from "
                            "the stylesheet's own folder follows"),
        (f"{STYLESHEET}:10", "the stylesheet imports more.css, which the site does not "
                             "have: the browser would not find it"),
        (f"{STYLESHEET}:12", "the stylesheet names the picture ../../assets/ward.jpg, which "
                             "the site does not have: the browser would not find it"),
        (f"{STYLESHEET}:3", "the font https://assets.nhs.uk/fonts/FrutigerLTW01-55Roman.woff2 "
                            "is on another website, which the site's security policy does "
                            "not let in: the browser would not load it"),
        (f"{STYLESHEET}:8", "the picture written into the stylesheet as data "
                            "(data:image/png;base64,iVBORw0KGgo=) is not let in by the site's "
                            "security policy: the browser would not load it"),
        (f"{STYLESHEET}:11", "the stylesheet https://fonts.example/css?family=Frutiger is on "
                             "another website, which the site's security policy does not let "
                             "in: the browser would not load it")], result.stderr
    assert ("hint: save it as a file in templates/static/fonts/ and name it from there: "
            "url(../fonts/FrutigerLTW01-55Roman.woff2); or have whoever looks after the site's "
            "templates name that website in the security policy (templates/headers.txt), "
            "under font-src.") in result.stderr
    assert "hint: write url(../images/wave.svg)." in result.stderr
    assert ("hint: put the file at templates/static/images/Corner.png, or correct the name "
            "(capital letters count).") in result.stderr
    assert "hint: put the file at content/assets/ward.jpg, or" in result.stderr
    # A policy that lets the font's website in lets it in.
    own = small_site / "templates" / "headers.txt"
    own.write_text((REPO / "templates/headers.txt").read_text().replace(
        "font-src 'self'", "font-src 'self' https://assets.nhs.uk"))
    assert not any("assets.nhs.uk" in message for _, _, message in stopped(small_site))


def own_policy(root: Path, *replaced: tuple[str, str]) -> int:
    """Give the site a templates/headers.txt of its own: journey's with ``replaced``; the
    line its Content-Security-Policy is on."""
    text = (REPO / "templates/headers.txt").read_text()
    for old, new in replaced:
        assert old in text
        text = text.replace(old, new)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/headers.txt").write_text(text)
    return next(number for number, line in enumerate(text.splitlines(), 1)
                if line.strip().startswith("Content-Security-Policy:"))


def test_a_sites_own_policy_that_stops_search_is_found_at_its_line(small_site: Path) -> None:
    """Search fetches its index and runs it as WebAssembly: no page's HTML shows either
    (test_browser.py has search finding nothing under these policies)."""
    site_yaml = small_site / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("site:\n", "site:\n  search: true\n"))
    line = own_policy(small_site, ("{{ wasm | safe }}", ""),
                      ("""connect-src 'self'{{ cqc }}""", "connect-src https://plausible.io"))
    found = stopped(small_site)
    assert [(where, message) for _, where, message in found] == [
        (f"templates/headers.txt:{line}", "the site's security policy does not let the "
         "search page fetch its index from the site itself: search would find nothing"),
        (f"templates/headers.txt:{line}", "the site's security policy does not let the "
         "search page run its index (WebAssembly): search would find nothing")]
    result = run_journey("check", str(small_site), "--now", NOW)
    assert ("hint: add 'wasm-unsafe-eval' to the Content-Security-Policy's script-src in the "
            "site's templates/headers.txt (journey's own has it)") in result.stderr
    # connect-src left out, what the site fetches falls back to default-src 'self'.
    own_policy(small_site, ("""connect-src 'self'{{ cqc }}{{ let_in("connect-src") }}; """, ""))
    assert stopped(small_site) == []
    # With search off, nothing is fetched.
    site_yaml.write_text(site_yaml.read_text().replace("search: true", "search: false"))
    own_policy(small_site, ("{{ wasm | safe }}", ""), ("default-src 'self'", "default-src 'none'"),
               ("""connect-src 'self'{{ cqc }}{{ let_in("connect-src") }}; """, ""))
    assert stopped(small_site) == []


def test_a_sites_own_policy_from_before_it_counted_visits_is_found(small_site: Path) -> None:
    site_yaml = small_site / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "analytics:\n  provider: plausible\n")
    assert stopped(small_site) == []  # journey's own policy lets the service in
    line = own_policy(small_site, ("""{{ let_in("connect-src") }}""", ""))
    found = stopped(small_site)
    assert [(where, message) for _, where, message in found] == [
        (f"templates/headers.txt:{line}", "the site's security policy does not let the visit "
         "counter send its counts to https://plausible.io: no visit would be counted")]
