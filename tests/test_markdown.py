"""The Markdown pipeline: safe by default, tables, prefixed heading ids."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, modules_a_build_imports, parse, run_journey
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import SCALE

from generator.render.markdown import Markdown, MarkdownRenderer

md = MarkdownRenderer()


def test_raw_html_is_escaped_by_default() -> None:
    html = md.render('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_a_site_may_allow_raw_html() -> None:
    html = MarkdownRenderer(allow_html=True).render("<details><summary>More</summary>x</details>")
    assert "<details><summary>More</summary>" in html


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "vbscript:msgbox",
    "data:text/html;base64,PHNjcmlwdD4=", "data:image/png;base64,AAAA", "file:///etc/passwd",
    "jav&#x61;script:alert(1)", "%6Aavascript:alert(1)",
])
def test_unsafe_link_schemes_are_refused(url: str) -> None:
    for source in (f"[x]({url})", f"![x]({url})", f"<{url}>"):
        html = md.render(source)
        assert "href=" not in html and "src=" not in html, (source, html)


@pytest.mark.parametrize("url", ["https://www.cqc.org.uk/", "http://a.example/", "mailto:a@b.example",
                                 "tel:01632960000", "/updates/", "assets/a.pdf", "#h-top",
                                 "../x", "page?x=1:2"])
def test_safe_links_are_kept(url: str) -> None:
    assert 'href="' in md.render(f"[x]({url})")


def test_tables_render_with_a_scrolling_wrapper_and_headers() -> None:
    html = md.render("| Month | Value |\n|---|---|\n| March | 41% |\n")
    assert html.startswith('<div class="table-container" role="region" aria-label="Table" '
                           'tabindex="0">\n<table>')
    assert "<th>Month</th>" in html and "<td>41%</td>" in html


def test_heading_ids_are_prefixed_and_unique() -> None:
    html = md.render("## Main content\n\n## Main content\n\n### What's next?\n")
    assert '<h2 id="h-main-content">' in html
    assert '<h2 id="h-main-content-2">' in html
    assert '<h3 id="h-what-s-next">' in html


def test_headings_can_be_demoted_for_nested_bodies() -> None:
    html = md.render("## A\n\n###### B\n", heading_offset=1)
    assert '<h3 id="h-a">A</h3>' in html and '<h6 id="h-b">B</h6>' in html


inline_text = st.text(alphabet=st.sampled_from(
    list("Aa1 .,;'\"()/?|£é\u00a0\u2028\t\r\x00\x0b") + list("\n!#$%&*+-:<=>@[\\]^_`{}~")),
    max_size=30)


@settings(max_examples=int(2000 * SCALE), deadline=1000)
@given(inline_text)
def test_plain_one_line_fields_skip_the_parser_with_the_same_result(source: str) -> None:
    """A field with no Markdown syntax at all is only escaped, not parsed: it must come
    out exactly as markdown-it-py renders it."""
    assert md.render_inline(source) == str(md._md.renderInline(source))


def test_plain_one_line_fields_are_escaped_without_the_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = MarkdownRenderer()
    assert renderer.render_inline("**Bold** move") == "<strong>Bold</strong> move"
    assert renderer.render_inline("A & E <b>") == "A &amp; E &lt;b&gt;"

    def parse(source: str) -> str:
        raise AssertionError(f"parsed {source!r}")

    monkeypatch.setattr(renderer._md, "renderInline", parse)
    assert renderer.render_inline('Our "new" ward opens') == "Our &quot;new&quot; ward opens"
    assert renderer.render_inline("Ward-level data: 100% (+4) #1") == \
        "Ward-level data: 100% (+4) #1"


line_text = st.lists(st.sampled_from(
    list("Aa1 .,;'\"()/?£é\u00a0\u2028\u3000\t\x00\x0b\x0c") + list("!#$%&*+-:<=>@[\\]^_`{}~|")
    + ["1.", "1)", "#", "# ", "- ", "> ", "    ", "```", "~~~", "---", "***", "&amp;", "http://a.b"]),
    max_size=12).map("".join)


@settings(max_examples=int(2000 * SCALE), deadline=1000)
@given(line_text)
def test_plain_text_of_a_plain_line_is_the_line_with_the_same_result(source: str) -> None:
    """A summary shown as plain text (a page's description) is rendered only when it has
    Markdown syntax: otherwise it must be exactly the text of what would be rendered."""
    expected = " ".join(html.unescape(re.sub(r"<[^>]*>", "", md.render(source))).split())
    assert Markdown(source, md).text == expected


def test_plain_text_parts_blocks_and_keeps_punctuation_by_its_words() -> None:
    """A page's description and its feed summary read as written: "our report.", not
    "our report ." (a link's tags part no words)."""
    source = ("See [our report](/x). Our **new**, *bigger* ward: `Ward 7`! Email "
              "pals@kvh.nhs.uk.\n\n- One\n- Two\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\nA  \nB")
    assert Markdown(source, md).text == ("See our report. Our new, bigger ward: Ward 7! Email "
                                         "pals@kvh.nhs.uk. One Two A B 1 2 A B")


def test_plain_text_of_a_plain_line_is_not_rendered(monkeypatch: pytest.MonkeyPatch) -> None:
    renderer = MarkdownRenderer()
    assert Markdown("# Our  *new* ward", renderer).text == "Our new ward"

    def render(source: str, heading_offset: int = 0) -> str:
        raise AssertionError(f"rendered {source!r}")

    monkeypatch.setattr(renderer, "render", render)
    assert Markdown("Our  \"new\" ward opens: 100% (+4) #1", renderer).text == \
        'Our "new" ward opens: 100% (+4) #1'


def test_the_sample_site_is_built_without_loading_markdown_it_py(tmp_path: Path) -> None:
    """The fast path renders all of it: markdown-it-py, which took 0.03 s to import, is
    loaded only for what the fast path leaves to it."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    assert modules_a_build_imports(tmp_path, dt.date(2026, 11, 23), ("markdown_it",)) == []
    assert len(list((tmp_path / "site/updates").iterdir())) > 5  # it built the site


ADDRESSES = (
    "Email pals@kvh.nhs.uk or Email:board@kvh.nhs.uk, see www.cqc.org.uk/provider/RXX.\n\n"
    "Read it at https://www.kvh.nhs.uk/a?b=1&c=2 (our site) or http://old.kvh.nhs.uk.\n\n"
    "## Write to press@kvh.nhs.uk\n\n| Team | Email |\n|---|---|\n| PALS | pals@kvh.nhs.uk |\n\n"
    "> Ask \"info@kvh.nhs.uk\".\n\n"
    "Or jo.bloggs+board@nhs.net, https://www.kvh.nhs.uk/contact?to=pals@kvh.nhs.uk.\n\n"
    "Left alone: `code@kvh.nhs.uk`, [our team](mailto:team@kvh.nhs.uk), "
    "[www.kvh.nhs.uk](https://www.kvh.nhs.uk/), <https://a.kvh.nhs.uk>, update.md, "
    "journey.py, ward 7.5 and @KVHospitals.\n\n```\nwww.kvh.nhs.uk\n```\n")


def test_email_and_web_addresses_typed_as_text_become_links(write_site) -> None:  # type: ignore[no-untyped-def]
    """NHS.UK writes an email address as a link: one typed as text is made one, as are web
    addresses that say they are one; addresses already in a link or in code are not."""
    root = write_site({"content/updates/2023-01.md": "---\ntitle: Write to info@kvh.nhs.uk\n"
                       "date: 2023-01-31\nsummary: Or to www.kvh.nhs.uk.\n---\n" + ADDRESSES})
    result = run_journey("build", str(root), "--now", "2023-02-01")
    assert result.returncode == 0, result.stderr
    body = parse(root / "site/updates/2023-01/index.html").select_one(".update__body")
    assert body is not None
    links = [(a.get_text(), a["href"]) for a in body.find_all("a")]
    assert links == [
        ("pals@kvh.nhs.uk", "mailto:pals@kvh.nhs.uk"),
        ("board@kvh.nhs.uk", "mailto:board@kvh.nhs.uk"),
        ("www.cqc.org.uk/provider/RXX", "https://www.cqc.org.uk/provider/RXX"),
        ("https://www.kvh.nhs.uk/a?b=1&c=2", "https://www.kvh.nhs.uk/a?b=1&c=2"),
        ("http://old.kvh.nhs.uk", "http://old.kvh.nhs.uk"),
        ("press@kvh.nhs.uk", "mailto:press@kvh.nhs.uk"),
        ("pals@kvh.nhs.uk", "mailto:pals@kvh.nhs.uk"),
        ("info@kvh.nhs.uk", "mailto:info@kvh.nhs.uk"),
        ("jo.bloggs+board@nhs.net", "mailto:jo.bloggs+board@nhs.net"),
        ("https://www.kvh.nhs.uk/contact?to=pals@kvh.nhs.uk",
         "https://www.kvh.nhs.uk/contact?to=pals@kvh.nhs.uk"),
        ("our team", "mailto:team@kvh.nhs.uk"),
        ("www.kvh.nhs.uk", "https://www.kvh.nhs.uk/"),
        ("https://a.kvh.nhs.uk", "https://a.kvh.nhs.uk"),
    ], links
    # Links whose words are their address: their address is not printed again after them.
    assert [a.get_text() for a in body.find_all("a") if "typed-address" not in
            a.get("class", [])] == ["our team", "www.kvh.nhs.uk"]
    text = body.get_text()
    assert "Email:board@kvh.nhs.uk, see" in text and "(our site)" in text
    assert body.find("h2", id="h-write-to-press-kvh-nhs-uk") is not None
    assert [c.get_text() for c in body.find_all("code")] == ["code@kvh.nhs.uk", "www.kvh.nhs.uk\n"]
    # A title sits inside links (lists of updates), so it and its summary are not linked.
    h1 = parse(root / "site/updates/2023-01/index.html").find("h1")
    assert h1 is not None and h1.find("a") is None
    listing = parse(root / "site/updates/index.html").select_one(".update-list__item")
    assert listing is not None and [a.get_text() for a in listing.find_all("a")] == [
        "Write to info@kvh.nhs.uk"]


def test_both_markdown_paths_link_addresses_alike() -> None:
    fast, reference = MarkdownRenderer(fast=True), MarkdownRenderer(fast=False)
    assert fast._fast is not None and reference._fast is None
    for source in (ADDRESSES, *ADDRESSES.split("\n\n")):
        assert fast.render(source) == reference.render(source), source
    assert fast._fast.render(ADDRESSES) is not None  # the fast path took it
    assert "<a" not in md.render("No address here, nor @ alone.")
