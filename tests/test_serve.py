"""The preview server, started on a free loopback port and spoken to over HTTP."""

from __future__ import annotations

import datetime as dt
import gc
import http.client
import io
import json
import os
import queue
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import watchfiles
from conftest import REPO, SITES, SMALL_TODAY, netlify_headers, run_journey
from PIL import Image

from generator.content.loader import load_site
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings
from generator.progress import ProgressLine
from generator.serve import PreviewServer
from generator.serve.advice import MOST_FILES, Outstanding, reminders
from generator.serve.watch import ContentFilter

SCRIPT = re.compile(rb'<script src="/__journey/reload.js" data-version="[0-9a-f]+\.\d+">'
                    rb'</script>')


class Preview:
    def __init__(self, root: Path):
        self.root = root
        self.messages: list[str] = []
        self.server = PreviewServer(root, BuildSettings(today=SMALL_TODAY, drafts=True),
                                    port=0, report=self.messages.append)

    def get(self, path: str, host: str | None = None, origin: str | None = None,
            ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host if host is not None else f"127.0.0.1:{self.server.port}")
        if origin is not None:
            conn.putheader("Origin", origin)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), body

    def page(self, path: str) -> bytes:
        status, _, body = self.get(path)
        assert status == 200, (path, status)
        return SCRIPT.sub(b"", body)

    def events(self, page: str | None = None) -> queue.Queue[tuple[str, str]]:
        """Listen to the live-reload channel in the background (for ``page``, as the page
        at that address does; None: for any change)."""
        found: queue.Queue[tuple[str, str]] = queue.Queue()
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        conn.request("GET", "/__journey/events" + (f"?page={quote(page)}" if page else ""))
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/event-stream"

        def read() -> None:
            name = ""
            try:
                for raw in response:
                    line = raw.decode().rstrip("\n")
                    if line.startswith("event: "):
                        name = line[7:]
                    elif line.startswith("data: "):
                        found.put((name, line[6:]))
            except (OSError, ValueError):
                pass

        threading.Thread(target=read, daemon=True).start()
        return found


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    (root / "templates").mkdir()
    running = Preview(root)
    running.server.start()
    yield running
    running.server.stop()


def no_event(events: queue.Queue[tuple[str, str]], name: str, within: float = 1.5) -> bool:
    """Whether no ``name`` event comes ``within`` seconds (a rebuild takes milliseconds)."""
    try:
        next_event(events, name, timeout=within)
    except AssertionError:
        return True
    return False


def next_event(events: queue.Queue[tuple[str, str]], name: str, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            event, data = events.get(timeout=deadline - time.monotonic())
        except queue.Empty:
            break
        if event == name:
            return data
    raise AssertionError(f"no {name!r} event within {timeout}s")


def wait_until(check: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_serves_the_site_with_the_reload_script_only_while_serving(preview: Preview) -> None:
    status, headers, body = preview.get("/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert SCRIPT.search(body)
    assert b"Our CQC rating" in body
    status, headers, _ = preview.get("/static/css/journey.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert preview.get("/assets/response.pdf")[1]["Content-Type"] == "application/pdf"
    status, headers, _ = preview.get("/updates")
    assert status == 301 and headers["Location"] == "/updates/"
    status, _, body = preview.get("/no/such/page/")
    assert status == 404 and b"Page not found" in body
    assert not (preview.root / "site").exists()  # the preview writes nothing


def test_pages_are_sent_with_the_published_sites_security_headers(
        preview: Preview, built_small: Path) -> None:
    """As Netlify and Azure send them (the build's _headers), so the preview blocks what
    the published site will; but for what means nothing over the preview's http."""
    published = netlify_headers(built_small)["/*"]
    policy = published["Content-Security-Policy"]
    assert policy.endswith("; upgrade-insecure-requests")
    for path, status in (("/", 200), ("/updates/2022-10-update/", 200), ("/no/such/", 404)):
        got, headers, _ = preview.get(path)
        assert got == status
        assert headers["Content-Security-Policy"] == policy.removesuffix(
            "; upgrade-insecure-requests")
        for name in ("X-Frame-Options", "Referrer-Policy", "Permissions-Policy"):
            assert headers[name] == published[name]
        assert "Strict-Transport-Security" not in headers
        assert headers["Cache-Control"] == "no-store"  # the preview's own, not the site's
    # A site's own headers.txt is sent as it changes.
    own = preview.root / "templates" / "headers.txt"
    own.write_text((REPO / "templates" / "headers.txt").read_text().replace(
        "  X-Frame-Options: DENY", "  X-Frame-Options: SAMEORIGIN"))
    wait_until(lambda: preview.get("/")[1]["X-Frame-Options"] == "SAMEORIGIN")


def test_drafts_are_shown_with_a_banner(preview: Preview) -> None:
    draft = preview.page("/updates/2022-12-draft/")
    assert b'class="draft-banner"' in draft and b"Draft:" in draft
    embargoed = preview.page("/updates/2023-01-embargoed/")
    assert b"Embargoed:</strong> this page will be published on 31 January 2023" in embargoed


def test_an_edit_reloads_and_changes_only_the_pages_that_depend_on_it(preview: Preview) -> None:
    pages = ["/", "/updates/", "/updates/2022-10-update/", "/updates/2022-11-update/",
             "/about/", "/glossary/", "/updates/2022-09-statement/"]
    before = {p: preview.page(p) for p in pages}
    events = preview.events()
    version = next_event(events, "hello")
    update = preview.root / "content/updates/2022-10-update.md"
    update.write_text(update.read_text().replace("We recruited", "This month we recruited"))
    assert next_event(events, "reload") != version
    after = {p: preview.page(p) for p in pages}
    changed = {p for p in pages if before[p] != after[p]}
    assert b"This month we recruited" in after["/updates/2022-10-update/"]
    # The October page changed; pages that show nothing of it did not.
    assert changed == {"/updates/2022-10-update/"}


def test_only_the_pages_that_look_different_are_told_to_reload(preview: Preview) -> None:
    october, about = "/updates/2022-10-update/", "/about/"
    listening = {path: preview.events(path) for path in (october, about)}
    anything = preview.events()
    shown = {path: next_event(events, "hello") for path, events in listening.items()}
    for path, version in shown.items():  # each page carries the version it is told of
        assert f'data-version="{version}"'.encode() in preview.get(path)[2]
    next_event(anything, "hello")
    update = preview.root / "content/updates/2022-10-update.md"
    update.write_text(update.read_text().replace("We recruited", "This month we recruited"))
    assert next_event(listening[october], "reload") != shown[october]
    next_event(anything, "reload")
    assert no_event(listening[about], "reload")
    assert f'data-version="{shown[about]}"'.encode() in preview.get(about)[2]  # as loaded


def test_a_page_left_open_reloads_when_the_preview_is_started_again(tmp_path: Path) -> None:
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    first = Preview(root)
    first.server.start()
    loaded = re.search(rb'data-version="([^"]+)"', first.get("/about/")[2])
    first.server.stop()
    assert loaded is not None
    about = root / "content/pages/about.md"
    about.write_text(about.read_text() + "\nWritten while the preview was stopped.\n")
    second = Preview(root)
    second.server.start()  # the browser's page connects to it again
    try:
        assert next_event(second.events("/about/"), "hello") != loaded.group(1).decode()
    finally:
        second.server.stop()


@pytest.mark.parametrize("how", ["touched", "same bytes"])
def test_a_save_that_changes_nothing_renders_and_reloads_nothing(preview: Preview,
                                                                  how: str) -> None:
    anything = preview.events()
    next_event(anything, "hello")
    update = preview.root / "content/updates/2022-10-update.md"
    if how == "touched":
        os.utime(update, ns=(time.time_ns(), time.time_ns()))
    else:
        update.write_bytes(update.read_bytes())
    wait_until(lambda: len(preview.messages) > 1)
    assert re.fullmatch(r"No page changes with this save \(\d+ ms\)\.", preview.messages[-1])
    assert no_event(anything, "reload")


def test_after_a_save_the_preview_says_what_journey_check_will_ask_about_it(
        preview: Preview) -> None:
    """Prose and Markdown findings of the file saved, as journey check words them; and
    nothing once they are fixed."""
    update = preview.root / "content/updates/2022-10-update.md"
    written = update.read_text(encoding="utf-8")
    update.write_text(written + "\n#What happens next\n\nRead [here](/updates/).\n",
                      encoding="utf-8")
    wait_until(lambda: any("will ask about" in m for m in preview.messages))
    said = next(m for m in preview.messages if "will ask about" in m)
    assert re.search(r"^Markdown shown as it is typed: 1 warning \(markdown_slip\)\n  content/updates/2022-10-"
                     r'update.md:\d+: "#What happens next" is shown as it is typed', said,
                     re.MULTILINE), said
    assert 'the link text "here" does not say where it goes' in said
    assert "2022-11" not in said  # only what was saved
    assert "--drafts" not in said  # a published update's
    before = len(preview.messages)
    update.write_text(written + "\n## What happens next\n\nRead [our updates](/updates/).\n",
                      encoding="utf-8")
    wait_until(lambda: len(preview.messages) > before)
    time.sleep(0.5)  # anything it says after the build line has been said
    assert not any("will ask about" in m for m in preview.messages[before:]), preview.messages


def test_what_the_preview_says_of_a_draft_says_journey_check_needs_drafts_for_it(
        preview: Preview) -> None:
    """journey check leaves drafts out: said after what was found in one, not of others."""
    page = preview.events("/")
    next_event(page, "hello")
    draft = preview.root / "content/updates/2022-12-draft.md"
    draft.write_text(draft.read_text() + "\n#What happens next\n")
    said = json.loads(next_event(page, "advice"))
    assert re.match(r'Markdown shown as it is typed: 1 warning \(markdown_slip\)\n  content/updates/2022-12-'
                    r'draft.md:\d+: "#What happens next" is shown', said), said
    assert said.endswith("\n\nThose in a draft, or in an update not due yet, journey check "
                         "lists with --drafts: publishing stops on them once it is published."), said
    assert any("will ask about" in m and "--drafts" in m for m in preview.messages)


def test_the_pages_show_what_journey_check_will_ask_about_every_file_saved(
        preview: Preview) -> None:
    """In place (an 'advice' event, no reload), for each file saved since the preview
    started until it is fixed; and to a page opened later."""
    page = preview.events("/about/")
    next_event(page, "hello")
    october = preview.root / "content/updates/2022-10-update.md"
    about = preview.root / "content/pages/about.md"
    october_text, about_text = october.read_text(), about.read_text()
    october.write_text(october_text + "\n#What happens next\n")
    said = json.loads(next_event(page, "advice"))
    assert re.match(r'Markdown shown as it is typed: 1 warning \(markdown_slip\)\n  content/updates/2022-10-'
                    r'update.md:\d+: "#What happens next" is shown', said), said
    about.write_text(about_text + "\n-first\n-second\n")
    said = json.loads(next_event(page, "advice"))
    assert "2022-10-update.md" in said and "about.md" in said  # both, until fixed
    opened_later = preview.events("/")
    assert json.loads(next_event(opened_later, "advice")) == said
    october.write_text(october_text)
    said = json.loads(next_event(page, "advice"))
    assert "2022-10-update.md" not in said and "about.md" in said
    about.write_text(about_text)
    assert json.loads(next_event(page, "advice")) == ""
    # Fixed by saving another file: looked at again after each save.
    october.write_text(october_text + "\nThe PALS team helped.\n")
    assert '"PALS" is not explained' in json.loads(next_event(page, "advice"))
    glossary = preview.root / "content/glossary.yaml"
    glossary.write_text(glossary.read_text() + "PALS: Patient Advice and Liaison Service\n")
    assert json.loads(next_event(page, "advice")) == ""


def test_the_pages_show_what_a_stylesheet_saved_names_that_would_not_load(
        preview: Preview) -> None:
    """A site's own stylesheet, as journey check reads it; gone once the font is saved."""
    page = preview.events("/")
    next_event(page, "hello")
    css = preview.root / "templates/static/css"
    css.mkdir(parents=True)
    (css / "brand.css").write_text(
        "body { color: #212b32; }\n"
        "@font-face { font-family: Brand; src: url(../fonts/brand.woff2); }\n")
    said = json.loads(next_event(page, "advice"))
    assert re.search(r"templates/static/css/brand\.css:2: the stylesheet names the font "
                     r"\.\./fonts/brand\.woff2, which the site does not have", said), said
    assert "put the file at templates/static/fonts/brand.woff2" in said
    (css.parent / "fonts").mkdir()
    (css.parent / "fonts/brand.woff2").write_bytes(b"wOF2 a font")
    assert json.loads(next_event(page, "advice")) == ""


def test_the_pages_show_what_a_template_saved_names_that_would_not_load(
        preview: Preview) -> None:
    """A site's own copy of a template, as journey check reads it: found on a page made
    with it, said once at the template's line; gone once fixed."""
    page = preview.events("/")
    next_event(page, "hello")
    base = (REPO / "templates/base.html").read_text(encoding="utf-8")
    mine = preview.root / "templates/base.html"
    mine.write_text(base.replace("</main>", '<img src="/static/images/crest.png" alt="Our '
                                 'crest">\n<script src="https://widgets.example.com/w.js">'
                                 "</script>\n</main>", 1), encoding="utf-8")
    said = json.loads(next_event(page, "advice"))
    line = base[:base.index("</main>")].count("\n") + 1
    assert re.search(rf"templates/base\.html:{line}: .*/static/images/crest\.png", said), said
    assert re.search(rf"templates/base\.html:{line + 1}: the script https://widgets\.example"
                     r"\.com/w\.js", said), said
    assert said.count("crest.png") == 1, said  # once, not once a page
    mine.write_text(base, encoding="utf-8")
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_when_the_sites_own_policy_saved_stops_search(
        preview: Preview) -> None:
    page = preview.events("/")
    next_event(page, "hello")
    site_yaml = preview.root / "content/site.yaml"  # the small site has search off
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace(
        "site:\n", "site:\n  search: true\n", 1), encoding="utf-8")
    next_event(page, "reload")
    journeys = (REPO / "templates/headers.txt").read_text(encoding="utf-8")
    mine = preview.root / "templates/headers.txt"
    mine.write_text(journeys.replace("{{ wasm | safe }}", ""), encoding="utf-8")
    said = json.loads(next_event(page, "advice"))
    assert re.search(r"templates/headers\.txt:\d+: the site's security policy does not let "
                     r"the search page run its index \(WebAssembly\)", said), said
    mine.write_text(journeys, encoding="utf-8")
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_when_a_word_saved_is_misspelt(preview: Preview) -> None:
    """In a title too; gone once site.yaml says the word is right (saving it looks again
    at the update)."""
    page = preview.events("/")
    next_event(page, "hello")
    october = preview.root / "content/updates/2022-10-update.md"
    october.write_text(october.read_text().replace("title: October 2022 update",
                                                   "title: What we recieved in October", 1))
    said = json.loads(next_event(page, "advice"))
    assert said.startswith('Words spelt wrongly: 1 warning (spelling)\n  content/updates/2022-10-update.md:2: '
                           '"recieved" is misspelt\n    hint: write "received"'), said
    site_yaml = preview.root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "checks:\n  known_words: [recieved]\n")
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_notes_how_nhs_uk_would_write_a_word_in_a_list_of_its_own(
        preview: Preview) -> None:
    """A note: not among what publishing stops on; in the terminal too; gone once site.yaml
    says the word is right. Set to a warning, it is one of those."""
    page = preview.events("/")
    next_event(page, "hello")
    october = preview.root / "content/updates/2022-10-update.md"
    october.write_text(october.read_text() + "\nWe will utilise the new ward.\n")
    said = json.loads(next_event(page, "style"))
    assert re.match(r'Words with a plainer alternative: 1 note \(plain_words\)\n  content/updates/2022-10-'
                    r'update.md:\d+: "utilise" has a plainer word: use\n', said), said
    assert no_event(page, "advice")
    assert any(m.startswith("\njourney check notes how NHS.UK would write these, in what "
                            'you saved:\nWords with a plainer alternative: 1 note (plain_words)\n') and
               '"utilise" has a plainer word' in m for m in preview.messages)
    assert not any("will ask about" in m for m in preview.messages)
    site_yaml = preview.root / "content/site.yaml"
    written = site_yaml.read_text()
    site_yaml.write_text(written + "checks:\n  severity:\n    plain_words: warning\n")
    # (The box's lists are sent in its order: what publishing stops on first.)
    assert '"utilise" has a plainer word' in json.loads(next_event(page, "advice"))
    assert json.loads(next_event(page, "style")) == ""
    site_yaml.write_text(written + "checks:\n  known_words: [utilise]\n")
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_shows_a_video_and_says_when_it_has_no_transcript(
        preview: Preview) -> None:
    page = preview.events("/updates/2022-10-update/")
    next_event(page, "hello")
    october = preview.root / "content/updates/2022-10-update.md"
    text = october.read_text()
    video = "video:\n  url: https://youtu.be/abc123\n  title: Our October\n"
    october.write_text(text.replace("title:", video + "title:", 1))
    said = json.loads(next_event(page, "advice"))
    assert said.startswith("Videos without a transcript: 1 warning (video_transcript)\n  content/updates/2022-10-"
                           'update.md:3: the video "Our October" has no transcript'), said
    assert b'Watch "Our October" on YouTube' in preview.page("/updates/2022-10-update/")
    october.write_text(text.replace("title:", video + "  transcript: Hello.\ntitle:", 1))
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_when_an_update_saved_is_dated_ahead_or_has_no_text(
        preview: Preview) -> None:
    """Each save of one update is read alone (the preview's fast path): what the warnings
    about it say follows each save, not the site as it first loaded."""
    page = preview.events("/updates/2022-10-update/")
    next_event(page, "hello")
    october = preview.root / "content/updates/2022-10-update.md"
    text = october.read_text()
    dated = re.search(r"^date: (\S+)$", text, re.MULTILINE)
    assert dated is not None
    october.write_text(text.replace(dated[0], "date: 2099-10-20"))
    said = json.loads(next_event(page, "advice"))
    assert said.startswith("Updates dated after today: 1 warning (future_date)\n  content/"
                           "updates/2022-10-update.md:"), said
    assert "is dated 20 October 2099, after today" in said
    october.write_text(text.split("\n---\n", 1)[0] + "\n---\n")
    said = json.loads(next_event(page, "advice"))
    assert said.startswith("Updates with no text: 1 warning (empty_update)"), said
    october.write_text(text)
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_when_a_file_saved_is_not_read(preview: Preview) -> None:
    """As Notepad saves an update as .md.txt: the site does not change, and the editor
    would not know why without it."""
    page = preview.events("/")
    next_event(page, "hello")
    update = preview.root / "content/updates/2022-12-update.md.txt"
    update.write_text("---\ntitle: December\ndate: 2022-12-20\nsummary: News.\n---\nNews.\n")
    said = json.loads(next_event(page, "advice"))
    assert said.startswith("Files that are not read: 1 warning (unread_file)\n  content/updates/2022-12-"
                           "update.md.txt: this file is not read, so nothing in it is on the "
                           'site\n    hint: rename it "2022-12-update.md"'), said
    update.rename(update.with_suffix(""))
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_when_a_pdf_saved_is_not_one_everyone_can_read(
        preview: Preview) -> None:
    """As it is copied into content/assets/; gone once the accessibility statement names
    it (saving the statement looks again at the PDF)."""
    page = preview.events("/")
    next_event(page, "hello")
    plan = preview.root / "content/assets/plan.pdf"
    shutil.copy(SITES / "findings/content/assets/plan.pdf", plan)
    said = json.loads(next_event(page, "advice"))
    assert said.startswith("PDFs not everyone can read: 1 warning (pdf_accessibility)\n  content/assets/plan.pdf: "
                           "the PDF assets/plan.pdf is not tagged"), said
    statement = preview.root / "content/pages/accessibility.md"
    statement.write_text(statement.read_text() + "\nOur plan (plan.pdf) is not tagged yet.\n")
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_when_a_picture_saved_is_one_most_browsers_cannot_show(
        preview: Preview) -> None:
    page = preview.events("/")
    next_event(page, "hello")
    photo = preview.root / "content/assets/IMG_0001.HEIC"
    photo.write_bytes(b"an iPhone's photo")
    said = json.loads(next_event(page, "advice"))
    assert said.startswith("Pictures most browsers cannot show: 1 warning (image_format)\n  content/assets/"
                           "IMG_0001.HEIC: the picture assets/IMG_0001.HEIC is saved as HEIC"), said
    photo.unlink()
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_which_links_written_in_a_file_saved_go_nowhere(
        preview: Preview) -> None:
    """Those the file's pages have (not the template's), as journey check words them;
    still said after a save that changes nothing, gone once fixed."""
    page = preview.events("/")
    next_event(page, "hello")
    update = preview.root / "content/updates/2022-10-update.md"
    written = update.read_text()
    update.write_text(written + "\nSee [our plan](/no-such-plan/), [the ward](/about/#no-ward)"
                      " and ![](/assets/none.png).\n")
    said = json.loads(next_event(page, "advice"))
    line = len(written.splitlines()) + 2
    assert re.search(rf"^Links to pages that do not exist: 1 error \(broken_link\)\n  content/updates/2022-10-"
                     rf"update.md:{line}: the link /no-such-plan/ goes to a page that does not "
                     r"exist\n    hint: ", said, re.MULTILINE), said
    assert "the link /about/#no-ward goes to #no-ward, which is not on that page" in said
    assert "the link /assets/none.png goes to a file that does not exist" in said
    assert "the image /assets/none.png has no alt text" in said
    assert len(re.findall("^  content/", said, re.MULTILINE)) == 4  # none of the templates'

    update.write_bytes(update.read_bytes())  # saved again, unchanged: no page rendered
    assert no_event(page, "advice")
    update.write_text(written)
    assert json.loads(next_event(page, "advice")) == ""


def test_the_preview_says_when_a_picture_saved_is_one_the_sites_policy_stops(
        preview: Preview) -> None:
    page = preview.events("/")
    next_event(page, "hello")
    update = preview.root / "content/updates/2022-10-update.md"
    written = update.read_text()
    update.write_text(written + "\n![Our new ward](https://www.fenwold.example/ward.jpg)\n")
    said = json.loads(next_event(page, "advice"))
    line = len(written.splitlines()) + 2
    assert ("Pictures, videos, fonts, scripts and styles the site's security policy stops: 1 warning "
            f"(blocked_by_policy)\n  content/updates/2022-10-update.md:{line}: the picture "
            "https://www.fenwold.example/ward.jpg is on another website") in said, said


def test_the_preview_says_when_a_published_page_is_gone_and_how_to_keep_its_address(
        preview: Preview) -> None:
    """An update renamed (its address comes from its file name): in the terminal and on
    the pages, with the old_addresses line for its new file; gone once it has it. A
    draft renamed is not said: it was never published."""
    page = preview.events("/")
    next_event(page, "hello")
    updates = preview.root / "content/updates"
    text = (updates / "2022-10-update.md").read_text()
    (updates / "2022-10-31-october.md").write_text(text)
    (updates / "2022-10-update.md").unlink()
    said = json.loads(next_event(page, "gone"))
    assert said == (
        "Pages gone since the preview started: 1 warning\n"
        '  content/updates/2022-10-update.md: "October 2022 update" was at '
        '/updates/2022-10-update/: a link to it would now find "Page not found"\n'
        "    hint: if it was published, add old_addresses: [/updates/2022-10-update/] to the "
        "front matter of content/updates/2022-10-31-october.md, so the address takes "
        "visitors there."), said
    wait_until(lambda: any(m.strip() == said for m in preview.messages))
    (updates / "2022-10-31-october.md").write_text(
        text.replace("---\n", "---\nold_addresses: [/updates/2022-10-update/]\n", 1))
    assert json.loads(next_event(page, "gone")) == ""
    assert b"url=/updates/2022-10-31-october/" in preview.page("/updates/2022-10-update/")
    # An old address no page can be at is redirected, as Netlify's _redirects will.
    (updates / "2022-10-31-october.md").write_text(text.replace(
        "---\n", "---\nold_addresses: [/updates/2022-10-update/, /news/oct.aspx]\n", 1))
    wait_until(lambda: preview.get("/news/oct.aspx")[0] == 301)
    assert preview.get("/news/oct.aspx")[1]["Location"] == "/updates/2022-10-31-october/"
    assert preview.get("/news/other.aspx")[0] == 404

    draft = updates / "2022-12-draft.md"
    draft.rename(updates / "2022-12-20-draft.md")
    assert no_event(page, "gone")


def test_the_pages_say_what_the_date_says_is_to_do_until_it_is_done(tmp_path: Path) -> None:
    """A draft whose publish_date has come: said on the pages from the start (the
    terminal says it under the preview's address), gone once it is published."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    draft = root / "content/updates/2022-12-draft.md"
    draft.write_text(draft.read_text().replace("draft: true", "draft: true\npublish_date: "
                                                              "2022-12-21"))
    preview = Preview(root)
    preview.server.start()
    try:
        page = preview.events("/")
        assert json.loads(next_event(page, "todo")) == (
            "To do, by the date (journey check lists it too):\n"
            "  content/updates/2022-12-draft.md:1:1: the update \"December 2022 update\" is "
            "still a draft, though it was due to be published on 21 December 2022\n"
            "    hint: to publish it, change draft: true to draft: false at the top of its "
            "file; if it is not ready, change its publish_date:.")
        assert preview.server.reminders().startswith("To do, by the date")
        draft.write_text(draft.read_text().replace("draft: true", "draft: false"))
        assert json.loads(next_event(page, "todo")) == ""
        assert not any("To do" in message for message in preview.messages)
        draft.write_text(draft.read_text().replace("draft: false", "draft: true"))
        said = json.loads(next_event(page, "todo"))
        assert "December 2022 update" in said
        wait_until(lambda: any(m.strip() == said for m in preview.messages))
    finally:
        preview.server.stop()


def test_a_preview_left_running_past_midnight_shows_the_new_days_site(
        tmp_path: Path) -> None:
    """An embargo ends at midnight: the update is served and listed without a save, the
    pages that show it reload, and the terminal says so. With --now, the date stays."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    days = [dt.date(2023, 1, 30)]
    said: list[str] = []
    server = PreviewServer(root, BuildSettings(today=days[0]), port=0, report=said.append,
                           today=lambda: days[0], date_check=0.05)
    server.start()
    try:
        preview = Preview(root)
        preview.server = server
        assert preview.get("/updates/2023-01-embargoed/")[0] == 404
        home = preview.events("/")
        next_event(home, "hello")
        days[0] = dt.date(2023, 1, 31)
        next_event(home, "reload")
        assert b"January 2023 update" in preview.page("/updates/2023-01-embargoed/")
        assert b"/updates/2023-01-embargoed/" in preview.page("/")
        assert "A new day: the preview now shows the site as of 31 January 2023." in said
        assert server.settings.today == dt.date(2023, 1, 31)
    finally:
        server.stop()


def test_the_preview_starts_by_saying_what_the_date_says_is_to_do() -> None:
    """A late update (drafts, which the preview shows, are not out yet), a draft whose day
    has come, figures to bring up to date; not actions past their due date."""
    site = load_site(REPO, BuildSettings(today=dt.date(2027, 1, 20), drafts=True))
    said = reminders(site).splitlines()
    assert said[0] == "To do, by the date (journey check lists it too):"
    assert said[1:3] == [
        "  content/updates/2026-10-30-october-update.md:1:1: the latest monthly update is 82 "
        "days old (30 October 2026)",
        "    hint: publish this month's update: journey new update. (site.yaml checks: "
        "update_days: is 45.)"]
    assert said[3].startswith("  content/updates/2026-11-27-november-update.md:1:1: the "
                              'update "November 2026 update" is still a draft, though it '
                              "was due to be published on 27 November 2026")
    rest = [line for line in said[5:] if "the latest figure for" not in line
            and line != "    hint: add the latest figure under its points:."]
    assert rest == []
    assert reminders(load_site(REPO, BuildSettings(today=dt.date(2026, 11, 1)))) == ""


def test_the_preview_does_not_build_for_files_programs_leave_beside_the_content(
        preview: Preview) -> None:
    watched = ContentFilter()
    updates = preview.root / "content/updates"
    assert watched(watchfiles.Change.modified, str(updates / "2022-10-update.md"))
    for name in ("~$22-10-update.md", "#2022-10-update.md#", "2022-10-update.md~",
                 ".2022-10-update.md.swp", "Thumbs.db", "desktop.ini", ".DS_Store"):
        assert not watched(watchfiles.Change.added, str(updates / name)), name
    before = len(preview.messages)
    (updates / "~$22-10-update.md").write_text("Word's, while the update is open in it")
    time.sleep(1.5)  # a save is seen and built within a second
    assert preview.messages[before:] == []


def test_the_preview_leaves_a_checkout_of_many_files_to_journey_check(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({f"content/updates/2022-{n:02d}.md": (
        f"---\ntitle: Update {n}\ndate: 2022-01-{n:02d}\nsummary: News.\n---\n#What next\n")
        for n in range(1, MOST_FILES + 2)}).absolute()
    site = load_site(root, BuildSettings(today=SMALL_TODAY, drafts=True))
    files = sorted((root / "content/updates").glob("*.md"))
    outstanding = Outstanding()
    assert "is shown as it is typed" in outstanding.saved(site, files[:1])[0]
    assert outstanding.saved(site, files[1:MOST_FILES + 1])[0].count("content/") == MOST_FILES
    assert outstanding.text(site).count("content/") == MOST_FILES + 1
    assert outstanding.saved(site, files) == ("", "")
    assert outstanding.text(site) == ""


def test_a_save_no_page_shows_renders_its_page_and_reloads_nothing(preview: Preview) -> None:
    anything = preview.events()
    next_event(anything, "hello")
    about = preview.root / "content/pages/about.md"
    about.write_text(about.read_text() + "\n\n\n")  # blank lines: the same HTML
    wait_until(lambda: len(preview.messages) > 1)
    assert re.fullmatch(r"Rebuilt 1 of \d+ pages in \d+ ms; none looks different, so the "
                        r"browser was not reloaded\.", preview.messages[-1])
    assert no_event(anything, "reload")


def test_a_changed_asset_reloads_every_page(preview: Preview) -> None:
    about = preview.events("/about/")
    next_event(about, "hello")
    (preview.root / "content/assets/response.pdf").write_bytes(b"%PDF-1.4 changed")
    next_event(about, "reload")


def test_the_same_error_saved_again_reloads_nothing(preview: Preview) -> None:
    about = preview.events("/about/")
    next_event(about, "hello")
    rating = preview.root / "content/rating.yaml"
    broken = rating.read_text().replace("overall: inadequate", "overall: inadequte")
    rating.write_text(broken)
    next_event(about, "reload")  # the overlay is on every page
    rating.write_text(broken + "\n")
    wait_until(lambda: sum("inadequte" in m for m in preview.messages) == 2)
    assert no_event(about, "reload")


def test_a_save_made_while_the_preview_starts_is_shown(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved after the first build read the file, before watching began: the watcher
    never reports it, and the preview showed the old text until the next save."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    update = root / "content/updates/2022-10-update.md"
    real = IncrementalBuilder.rebuild

    def then_saved(builder: IncrementalBuilder, *args: Any, **kwargs: Any) -> Any:
        result = real(builder, *args, **kwargs)
        if "Saved while starting" not in update.read_text():
            update.write_text(update.read_text().replace("We recruited",
                                                         "Saved while starting, we recruited"))
        return result

    monkeypatch.setattr(IncrementalBuilder, "rebuild", then_saved)
    running = Preview(root)
    running.server.start()
    try:
        assert b"Saved while starting" not in running.page("/updates/2022-10-update/")
        wait_until(lambda: b"Saved while starting" in running.page("/updates/2022-10-update/"))
        first, then = running.messages  # only what the save changed rendered again
        assert int(then.split()[1]) < int(first.split()[1])
    finally:
        running.server.stop()


def test_the_preview_says_what_its_first_build_made_and_what_it_kept(tmp_path: Path) -> None:
    """Started again on the same address with nothing changed, it makes no page and says
    so in words (it said "Rebuilt 0 of 12 pages")."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    old = time.time() - 60  # stamps trusted only once a file has not changed for a while
    for path in (root / "content").rglob("*"):
        os.utime(path, (old, old))
    first = Preview(root)
    first.server.start()
    first.server.stop()
    again = Preview(root)
    again.server.port = first.server.port
    again.server.start()
    again.server.stop()
    built = re.fullmatch(r"Built ([\d,]+) pages in \d+ ms\.", first.messages[0])
    assert built, first.messages
    # The web pages, as journey build counts them (it said 69 where the build said 63),
    # the drafts too, as the preview shows them.
    build = run_journey("build", str(root), "--drafts", "--now", SMALL_TODAY.isoformat())
    assert f"Built {built[1]} pages into " in build.stdout
    assert re.fullmatch(r"Ready in \d+ ms: all [\d,]+ pages are as the last preview left "
                        r"them\.", again.messages[0]), again.messages


def test_the_first_build_shows_its_progress_on_a_terminal_then_what_it_made(
        tmp_path: Path) -> None:
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    said: list[str] = []  # the terminal's and the report's, in the order they came

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def write(self, text: str) -> int:
            said.append(text)
            return len(text)

    # Shown from the start (a build of thousands of pages takes a second before it shows).
    server = PreviewServer(root, BuildSettings(today=SMALL_TODAY), port=0, report=said.append,
                           progress_line=lambda: ProgressLine(Terminal(), after=0))
    server.start()
    server.stop()
    built = re.fullmatch(r"Built (\d+) pages in \d+ ms\.", said[-1])
    assert built is not None, said
    # Every file it renders (the feed, the sitemap...), then the web pages among them.
    rendering, end = said[:-1]
    files = re.fullmatch(r"\rRendering: (\d+) of \1 files", rendering)
    assert files is not None and end == "\n", said
    assert int(files[1]) > int(built[1])


def test_the_preview_starts_with_no_collection(tmp_path: Path) -> None:
    """Its first build makes the model it keeps, and little garbage: collections walking
    that model as it grew took a third of a start at 16,000 updates."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    collections: list[object] = []

    def noted(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and threading.current_thread() is threading.main_thread():
            collections.append(info["generation"])

    gc.callbacks.append(noted)
    running = Preview(root)
    try:
        running.server.start()
    finally:
        gc.callbacks.remove(noted)
        running.server.stop()
    assert collections == []


def test_the_preview_keeps_its_site_out_of_collections_until_it_stops(preview: Preview) -> None:
    assert gc.get_freeze_count() > 0  # since the first build
    preview.server.stop()
    assert gc.get_freeze_count() == 0


def test_a_title_change_reaches_every_page_that_shows_it(preview: Preview) -> None:
    events = preview.events()
    next_event(events, "hello")
    update = preview.root / "content/updates/2022-10-update.md"
    update.write_text(update.read_text().replace("title: October 2022 update", "title: Octobre"))
    next_event(events, "reload")
    for path in ("/", "/updates/", "/updates/2022-09-statement/", "/updates/2022-11-update/"):
        assert b"Octobre" in preview.page(path), path
    assert b"Octobre" not in preview.page("/about/")


def test_a_new_update_is_served_and_listed_and_a_deleted_one_is_gone(preview: Preview) -> None:
    events = preview.events()
    next_event(events, "hello")
    new = preview.root / "content/updates/2022-11-extra.md"
    new.write_text("---\ntitle: An extra November note\ndate: 2022-11-15\n"
                   "summary: A note between two updates.\n---\nExtra body text.\n",
                   encoding="utf-8")
    next_event(events, "reload")
    assert b"Extra body text." in preview.page("/updates/2022-11-extra/")
    assert b"An extra November note" in preview.page("/updates/")
    assert b"An extra November note" in preview.page("/updates/2022-11-update/")  # neighbour
    new.unlink()
    next_event(events, "reload")
    assert preview.get("/updates/2022-11-extra/")[0] == 404
    assert b"An extra November note" not in preview.page("/updates/")
    assert b"An extra November note" not in preview.page("/updates/2022-11-update/")


def test_a_template_change_rebuilds_the_pages_using_it(preview: Preview) -> None:
    events = preview.events()
    next_event(events, "hello")
    (preview.root / "templates/page.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Own {{ page.title }}</h1>{% endblock %}')
    next_event(events, "reload")
    assert b"<h1>Own About us</h1>" in preview.page("/about/")
    assert b"<h1>Own" not in preview.page("/")


def test_a_broken_file_shows_the_overlay_everywhere_and_fixing_it_recovers(preview: Preview) -> None:
    events = preview.events()
    next_event(events, "hello")
    good = preview.page("/updates/2022-10-update/")
    rating = preview.root / "content/rating.yaml"
    original = rating.read_text()
    rating.write_text(original.replace("overall: inadequate", "overall: inadequte"))
    next_event(events, "reload")
    for path in ("/", "/updates/2022-10-update/", "/about/", "/nowhere/"):
        body = preview.get(path)[2]
        assert b'id="journey-error-overlay"' in body, path
        assert b"content/rating.yaml:4:10: error: &quot;inadequte&quot; is not a valid overall" in body
        assert b"    4 | overall: inadequte" in body
        assert b"did you mean &quot;inadequate&quot;?" in body
    # The last good page is still served under the overlay.
    assert b"Staffing" in preview.get("/updates/2022-10-update/")[2]
    assert any("inadequte" in m for m in preview.messages)  # and the terminal says so too
    assert b"1 error found. The preview still shows your last good version; fix it and " \
        b"save, and it updates." in preview.get("/")[2]
    rating.write_text(original)
    next_event(events, "reload")
    assert b"journey-error-overlay" not in preview.get("/")[2]
    assert preview.page("/updates/2022-10-update/") == good


@pytest.mark.parametrize("finished", [True, False])
def test_a_file_caught_while_it_is_saved_is_read_again_once_saved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, finished: bool) -> None:
    """Editors that empty a file and then write it can be caught in between: the error
    that gives is not shown if the file has changed since (the rest of the save)."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    monkeypatch.setattr("generator.serve.server.watch_site", lambda *args, **kwargs: iter(()))
    running = Preview(root)
    running.server.start()
    update = root / "content/updates/2022-10-update.md"
    saved = update.read_text().replace("We recruited", "This month we recruited")
    builder = running.server._builder
    assert builder is not None
    first_read = builder.rebuild

    def read_while_saving(*args: Any, **kwargs: Any) -> Any:
        try:
            return first_read(*args, **kwargs)
        finally:  # the rest of the save comes just after the file was read
            monkeypatch.setattr(builder, "rebuild", first_read)
            if finished:
                update.write_text(saved)

    try:
        update.write_text("")  # the first half of the save
        monkeypatch.setattr(builder, "rebuild", read_while_saving)
        running.server.rebuild({update})
        page = running.get("/updates/2022-10-update/")[2]
        if finished:
            assert b"This month we recruited" in page and b"journey-error-overlay" not in page
            assert not any("error" in message for message in running.messages)
        else:  # an empty file that stays so is an error, said at once
            assert b"journey-error-overlay" in page
            assert "does not start with front matter" in running.messages[-1]
    finally:
        running.server.stop()


def test_a_page_requested_during_rebuilds_is_always_whole(preview: Preview) -> None:
    update = preview.root / "content/updates/2022-11-update.md"
    text = update.read_text()
    stop = threading.Event()
    problems: list[bytes] = []

    def hammer() -> None:
        while not stop.is_set():
            body = preview.get("/updates/2022-11-update/")[2]
            if not body.rstrip().endswith(b"</html>") or b"November body text" not in body:
                problems.append(body[-200:])

    reader = threading.Thread(target=hammer)
    reader.start()
    for i in range(15):
        update.write_text(text.replace("November body text", f"November body text {i}"))
        time.sleep(0.08)
    stop.set()
    reader.join()
    assert problems == []


TRAVERSAL = [
    "/../../../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
    "/%252e%252e/%252e%252e/etc/passwd", "/..%252f..%252fetc%252fpasswd", "/static/../../content/site.yaml",
    "/static/%2e%2e/%2e%2e/content/site.yaml", "/..\\..\\etc\\passwd", "/static\\..\\..\\content\\site.yaml",
    "/%5c..%5c..%5cetc%5cpasswd", "/index.html%00.css", "/%00", "/assets/../../content/rating.yaml",
    "/../small-secrets/secret.txt", "/..%2fsmall-secrets%2fsecret.txt", "/content/site.yaml",
    "/templates/base.html", "/assets/", "/static/", "/static/css/", "//etc/passwd",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/assets/outside.txt", "/./index.html",
]


@pytest.mark.parametrize("path", TRAVERSAL)
def test_nothing_outside_the_build_is_served(preview: Preview, path: str) -> None:
    secrets = preview.root.parent / "small-secrets"
    secrets.mkdir(exist_ok=True)
    (secrets / "secret.txt").write_text("TOP SECRET")
    status, _, body = preview.get(path)
    assert status in (400, 404), (path, status)
    assert b"TOP SECRET" not in body and b"root:" not in body and b"trust:" not in body
    assert preview.get("/")[0] == 200  # and the server keeps serving


def test_a_symlink_out_of_the_assets_is_never_followed(preview: Preview) -> None:
    outside = preview.root.parent / "outside.txt"
    outside.write_text("TOP SECRET")
    events = preview.events()
    next_event(events, "hello")
    os.symlink(outside, preview.root / "content/assets/outside.txt")
    next_event(events, "reload")
    status, _, body = preview.get("/assets/outside.txt")
    assert status == 404 and b"TOP SECRET" not in body
    assert b"is a link to a file outside" in preview.get("/")[2]  # reported as a content error


@pytest.mark.parametrize(("host", "allowed"), [
    (None, True), ("localhost:{port}", True), ("127.0.0.1:{port}", True), ("[::1]:{port}", True),
    ("localhost", True), ("evil.example", False), ("evil.example:{port}", False),
    ("127.0.0.1.nip.io:{port}", False), ("localhost.evil.example:{port}", False),
    ("localhost:1", False), ("", False), ("127.0.0.1:{port}@evil.example", False),
    ("192.168.1.20:{port}", False),
])
def test_host_header_must_name_this_server(preview: Preview, host: str | None, allowed: bool) -> None:
    value = None if host is None else host.format(port=preview.server.port)
    status = preview.get("/", host=value)[0]
    assert (status == 200) is allowed, (value, status)
    assert status in (200, 403)


@pytest.mark.parametrize(("origin", "allowed"), [
    (None, True), ("http://localhost:{port}", True), ("http://127.0.0.1:{port}", True),
    ("https://evil.example", False), ("http://evil.example:{port}", False), ("null", False),
    ("http://localhost:1", False), ("file://", False),
])
def test_live_reload_checks_origin(preview: Preview, origin: str | None, allowed: bool) -> None:
    value = None if origin is None else origin.format(port=preview.server.port)
    if allowed:
        assert preview.events() is not None
        return
    status = preview.get("/__journey/events", origin=value)[0]
    assert status == 403


def test_other_methods_are_refused(preview: Preview) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=10)
    conn.request("POST", "/", body=b"x")
    assert conn.getresponse().status == 405


def _serve_process(root: Path, port: int, ignoring_ctrl_c: bool = False,
                   ) -> subprocess.Popen[str]:
    def ignore_ctrl_c() -> None:  # as some shells and IDEs start programs
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    return subprocess.Popen([sys.executable, "-m", "generator", "serve", str(root), "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=ignore_ctrl_c if ignoring_ctrl_c else None)


def _copy_of_small(tmp_path: Path) -> Path:
    """The small site to serve: serving the fixture itself would write .cache/ into it,
    which tests copying it at the same moment (on another worker) could copy half-made."""
    root = tmp_path / "small"
    shutil.copytree(SITES / "small", root)
    return root


def test_open_opens_the_preview_in_the_browser_once_it_is_ready(tmp_path: Path) -> None:
    """The browser is whatever $BROWSER names (as Python's webbrowser looks for it): here
    a script noting the address it was given."""
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text("import pathlib, sys\npathlib.Path(sys.argv[1]).write_text(sys.argv[2])\n")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(_copy_of_small(tmp_path)), "--port",
         str(port), "--open"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "BROWSER": f"{sys.executable} {browser} {opened} %s"})
    try:
        wait_until(opened.exists, timeout=30)
        assert opened.read_text() == f"http://localhost:{port}/"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:  # ready by then
            assert page.status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)


def test_port_in_use_gives_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _serve_process(_copy_of_small(tmp_path), port)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"error: port {port} is already in use" in err
    assert f"journey serve --port {port + 1}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("ignoring_ctrl_c", [False, True])
def test_ctrl_c_stops_cleanly(tmp_path: Path, ignoring_ctrl_c: bool) -> None:
    """Also when started by a program that ignores Ctrl+C (the child inherits that)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = _serve_process(_copy_of_small(tmp_path), port, ignoring_ctrl_c)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith(f"Previewing at http://localhost:{port}/")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Stopped." in out and "Traceback" not in err


def test_a_preview_started_in_the_sites_folder_renders_only_what_a_save_changes(
        journey_site: Path) -> None:
    """`journey serve` with no folder named, as the README starts it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)],
                            cwd=journey_site, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(f"Previewing at http://localhost:{port}/")
        assert proc.stderr is not None
        assert re.match(r"Built [\d,]+ pages in", proc.stderr.readline())  # the first
        # Today, the fixture's update is years late: the preview says so as it starts.
        assert proc.stderr.readline() == "To do, by the date (journey check lists it too):\n"
        assert re.fullmatch(r"  content/updates/2022-10.md:1:1: the latest monthly update is "
                            r"[\d,]+ days old \(10 October 2022\)\n", proc.stderr.readline())
        update = journey_site / "content/updates/2022-09.md"
        line = "nothing within 30 s"
        for attempt in range(15):  # the watcher may not be watching yet when it says so
            update.write_text(update.read_text().replace("Progress this month",
                                                         f"Progress this month {attempt}"))
            while select.select([proc.stderr], [], [], 2)[0]:
                line = proc.stderr.readline()
                if not line.startswith("  "):  # the rest of what is to do
                    break
            if line.startswith("Rebuilt"):
                break
        assert re.match(r"Rebuilt 1 of [\d,]+ pages", line), line  # the update's (and the feed)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)


def test_an_internal_error_keeps_the_preview_running(preview: Preview, monkeypatch: pytest.MonkeyPatch) -> None:
    assert preview.server._builder is not None

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(preview.server._builder, "rebuild", broken)
    assert preview.server.rebuild(set()) is None
    body = preview.get("/")[2]
    assert b"internal error while rebuilding: RuntimeError(&#x27;boom&#x27;)" in body
    assert b"Our CQC rating" in body  # the last good page is still there


def test_a_new_asset_is_served_after_it_is_saved(preview: Preview) -> None:
    events = preview.events()
    next_event(events, "hello")
    assert preview.get("/assets/new.pdf")[0] == 404
    (preview.root / "content/assets/new.pdf").write_bytes(b"%PDF-1.4 new")
    next_event(events, "reload")
    status, _, body = preview.get("/assets/new.pdf")
    assert status == 200 and body == b"%PDF-1.4 new"


def test_a_photo_is_served_as_it_will_be_published(preview: Preview) -> None:
    """Made fit for the web, as the build publishes it (see test_web_photos)."""
    from test_web_photos import from_a_phone, jpeg
    events = preview.events()
    next_event(events, "hello")
    (preview.root / "content/assets/ward.jpg").write_bytes(jpeg((2400, 1800), from_a_phone()))
    next_event(events, "reload")
    status, _, body = preview.get("/assets/ward.jpg")
    assert status == 200
    with Image.open(io.BytesIO(body)) as ward:
        assert ward.size == (1600, 2133) and dict(ward.getexif()) == {}


def traversal_corpus() -> list[str]:
    """Paths that try to climb out of site/: every prefix x encoding of ../ x target."""
    climbs = ["../", "..%2f", "..%2F", "%2e%2e/", "%2e%2e%2f", "..%5c", "..\\", "%252e%252e/",
              "..%c0%af", ".%2e/", "%2e./", "..;/", "%u002e%u002e/", "..%00/"]
    targets = ["etc/passwd", "small-secrets/secret.txt", "small/content/site.yaml"]
    prefixes = ["/", "/static/", "/assets/", "/updates/2022-11-update/"]
    return [prefix + climb * depth + target for prefix in prefixes for climb in climbs
            for depth, target in zip((4, 2, 1), targets, strict=True)]


HOSTILE_HOSTS = ["evil.example", "evil.example:{port}", "localhost.evil.example:{port}",
                 "127.0.0.1.nip.io:{port}", "{port}", "", " ", "127.0.0.1:{port}@evil.example",
                 "127.0.0.1:{port}/evil", "localhost:{port}.evil.example", "0.0.0.0:{port}",
                 "[::ffff:127.0.0.1]:{port}", "127.1:{port}", "2130706433:{port}",
                 "LOCALHOST.:{port}", "192.168.1.20:{port}", "10.0.0.1:{port}"]
HOSTILE_ORIGINS = ["https://evil.example", "http://evil.example:{port}", "null", "file://",
                   "http://localhost.evil.example:{port}", "http://127.0.0.1:{port}.evil.example",
                   "chrome-extension://abc", "http://localhost:1", "https://localhost:{port}"]


def test_a_corpus_of_hostile_requests_gets_nothing_and_the_server_carries_on(
        preview: Preview) -> None:
    secrets = preview.root.parent / "small-secrets"
    secrets.mkdir(exist_ok=True)
    (secrets / "secret.txt").write_text("TOP SECRET")
    port = preview.server.port
    corpus = traversal_corpus()
    assert len(corpus) + len(HOSTILE_HOSTS) + len(HOSTILE_ORIGINS) >= 60
    leaks = []
    for path in corpus:
        status, _, body = preview.get(path)
        if status not in (400, 403, 404) or any(
                marker in body for marker in (b"TOP SECRET", b"root:", b"trust:")):
            leaks.append((path, status))
    for host in HOSTILE_HOSTS:
        status, _, body = preview.get("/", host=host.format(port=port))
        if status != 403 or b"Fenwold" in body:
            leaks.append((f"Host: {host}", status))
    for origin in HOSTILE_ORIGINS:
        status = preview.get("/__journey/events", origin=origin.format(port=port))[0]
        if status != 403:
            leaks.append((f"Origin: {origin}", status))
    assert leaks == []
    assert preview.get("/")[0] == 200  # still serving
    assert b"Fenwold" in preview.page("/")


def test_a_booklet_is_printed_as_the_content_is_when_opened_in_the_preview(
        tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    root = tmp_path / "journey"
    shutil.copytree(SITES / "journey", root)
    (root / "templates").mkdir()
    running = Preview(root)
    running.server.start()

    def booklet_text() -> str:
        status, headers, body = running.get("/improvement-journey.pdf")
        assert status == 200 and headers["Content-Type"] == "application/pdf", body[:300]
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)

    try:
        assert "Fix the alarm system." in booklet_text()
        actions = root / "content/journey/actions.yaml"
        actions.write_text(actions.read_text().replace("Fix the alarm", "Mend the alarm"))
        wait_until(lambda: b"Mend the alarm" in running.page("/journey/actions/md3/"))
        assert "Mend the alarm system." in booklet_text()
        assert running.get("/earlier-journeys/2021/improvement-journey.pdf")[0] == 404
        # A mistake in the booklet's template is said, with its file, not a traceback.
        (root / "templates/booklet").mkdir()
        (root / "templates/booklet/booklet.html").write_text("{{ journey.intro.title( }}")
        wait_until(lambda: running.get("/improvement-journey.pdf")[0] == 500)
        said = running.get("/improvement-journey.pdf")[2].decode()
        assert "templates/booklet/booklet.html:1" in said and "Traceback" not in said
        assert "The booklet was not made; fix it and open it again." in said
    finally:
        running.server.stop()
