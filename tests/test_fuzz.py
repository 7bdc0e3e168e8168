"""Property-based fuzzing (Hypothesis) of Markdown bodies and update front matter.

10,000 generated inputs a run by default: none may raise anything but a content error,
each must finish within a second, and no output may carry a script, an event handler
attribute or a javascript:, vbscript: or data: link. JOURNEY_FUZZ_SCALE=10 runs ten times
as many (the long run).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.content.loader import load_site
from generator.errors import ContentErrors, format_errors
from generator.model.site import BuildSettings
from generator.pages import collect_pages
from generator.quality.html_scan import scan_page
from generator.quality.html_tags import unclosed_tags
from generator.quality.sources import Text
from generator.render.markdown import MarkdownRenderer
from generator.render.page import render_page
from generator.render.templates import make_environment

SCALE = float(os.environ.get("JOURNEY_FUZZ_SCALE", "1"))
BODY_EXAMPLES = int(7000 * SCALE)
FRONT_MATTER_EXAMPLES = int(3000 * SCALE)

# Pieces that make Markdown, HTML and YAML parsers work hard, and classic attacks.
FRAGMENTS = [
    "[", "]", "(", ")", "](", "![", "<", ">", "</", "/>", "\n", "\n\n", "    ", "\t", "#", "## ",
    "*", "_", "`", "```", "~~~", "|", "|---|", "> ", "- ", "1. ", "---", "***", "\\", "&",
    "&#106;", "&#x6A;", "&amp;", "&lt;", "%0a", "%20", '"', "'", "=", ":", "://", "?", "#x",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:", " javascript:", "vbscript:",
    "data:text/html,", "data:image/svg+xml,", "DATA:", "file:///etc/passwd", "mailto:a@b.c",
    "https://example.nhs.uk/", "/updates/", "<script>alert(1)</script>", "<SCRIPT SRC=x>",
    "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "onload=",
    "<svg onload=alert(1)>", "<iframe src=x>", "<style>*{}</style>", "<!--", "-->",
    "<details open ontoggle=alert(1)>", "\u202e", "\u0000", "\ufeff", "é", "🏥", "{{ 7*7 }}",
    "{% raw %}", "CQC", "NHS",
]
markdown_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
                         max_size=40).map("".join)

# markdown-it's own XSS cases (test/fixtures/markdown-it/xss.txt, MIT licence).
MARKDOWN_IT_XSS = [
    "[normal link](javascript)",
    "[xss link](javascript:alert(1))", "[xss link](JAVASCRIPT:alert(1))",
    "[xss link](vbscript:alert(1))", "[xss link](VBSCRIPT:alert(1))", "[xss link](file:///123)",
    "[xss link](&#34;&#62;&#60;script&#62;alert&#40;&#34;xss&#34;&#41;&#60;/script&#62;)",
    "[xss link](&#74;avascript:alert(1))", "[xss link](&#x26;#74;avascript:alert(1))",
    "[xss link](\\&#74;avascript:alert(1))", "[xss link](<javascript:alert(1)>)",
    "[xss link](javascript&#x3A;alert(1))",
    "![](data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7)",
    "[xss link](data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K)",
    "[normal link](/javascript:link)", "![xss link](javascript:alert(1))",
    "<javascript&#x3A;alert(1)>", "<javascript:alert(1)>", "javascript&#x3A;alert(1)",
    "javascript:alert(1)", "[test]: javascript:alert(1)\n\n[test]",
    "```js&#32;custom-class\ntest1\n```", "```js&#x0C;custom-class\ntest2\n```",
]
UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


# A start tag as a browser reads it: quoted values may hold ">".
TAG = re.compile(r"""<[a-z](?:"[^"]*"|'[^']*'|[^'">])*>""")
QUOTED = re.compile(r""""[^"]*"|'[^']*'""")


def assert_safe(page_html: str) -> None:
    """No script, no on* attribute, no link or source with a dangerous scheme. JSON-LD
    (data, never run) is allowed: it must be JSON with no "<" that could end it."""
    for data in JSON_LD.findall(page_html):
        assert "<" not in data
        json.loads(data)
    lowered = JSON_LD.sub("", page_html).lower()
    assert "<script" not in lowered, page_html
    for tag in TAG.findall(lowered):  # an attribute's quoted value is text: " onerror=" too
        assert not re.search(r"[\s/]on[a-z]+\s*=", QUOTED.sub(" ", tag)), (tag, page_html)
    for link in scan_page(page_html).links:
        compact = re.sub(r"[\x00-\x20]", "", link)
        assert not UNSAFE_SCHEME.match(compact), (link, page_html)


RENDERER = MarkdownRenderer()


@pytest.mark.parametrize("source", MARKDOWN_IT_XSS)
def test_markdown_it_xss_cases_are_safe(source: str) -> None:
    assert_safe(RENDERER.render(source))
    assert_safe(RENDERER.render_inline(source))


@settings(max_examples=BODY_EXAMPLES, deadline=1000, derandomize=False)
@given(markdown_text)
def test_markdown_bodies_never_crash_and_stay_safe(source: str) -> None:
    assert_safe(RENDERER.render(source))
    assert_safe(RENDERER.render(source, heading_offset=1))
    assert_safe(RENDERER.render_inline(source))
    RENDERER.parse(source)  # what journey check reads


HTML_ON = MarkdownRenderer(allow_html=True)


@settings(max_examples=BODY_EXAMPLES // 4, deadline=1000)
@given(markdown_text)
@example("<div>\n<![; x\n</div>")  # html.parser cannot read the line after the <div>
def test_html_written_with_allow_html_on_is_checked_without_a_crash(source: str) -> None:
    found = list(unclosed_tags(Text(None, Path("u.md"), 6), HTML_ON.parse(source)))  # type: ignore[arg-type]
    assert all(f.rule == "html_tags" and f.pos.line >= 6 for f in found)
    if source == "<div>\n<![; x\n</div>":
        assert found == []  # the </div> it could not read closes the <div>


KEYS = ["title", "date", "kind", "summary", "signed_by", "related", "draft", "publish_date",
        "attachments", "name", "role", "titel", "- ", "  "]
yaml_value = st.one_of(
    markdown_text, st.sampled_from(["2022-11-30", "2022-02-31", "yes", "NO", "~", "null",
                                    "10:00", "1.10", "[MD1", "{a: 1}", "[]", "|", ">", "&a",
                                    "*a", "!!python/object:os.system", "'''", '"', "statement"]),
    st.dates().map(dt.date.isoformat))
front_matter = st.lists(st.tuples(st.sampled_from(KEYS), yaml_value), max_size=8).map(
    lambda pairs: "\n".join(f"{k}: {v}" for k, v in pairs))


@pytest.fixture(scope="module")
def fuzz_site() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="journey-fuzz-"))
    (root / "content" / "updates").mkdir(parents=True)
    (root / "content" / "site.yaml").write_text("trust:\n  name: Fuzz Trust\n")
    yield root
    shutil.rmtree(root)


# No deadline: each example is a whole build, whose time on a shared machine's disk
# varies tenfold (1.7 s once, 0.24 s when tried again); a crash is what is looked for.
@settings(max_examples=FRONT_MATTER_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(front=front_matter, body=markdown_text,
       title=st.one_of(st.just("title: A"), st.just("")))
@example(front="title: <img src=x onerror=alert(1)>", body="", title="")  # escaped: safe
def test_update_files_never_crash_and_pages_stay_safe(fuzz_site: Path, front: str, body: str,
                                                      title: str) -> None:
    update = fuzz_site / "content" / "updates" / "fuzz.md"
    text = f"---\n{title}\ndate: 2022-11-30\n{front}\n---\n{body}"
    update.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        site = load_site(fuzz_site, BuildSettings(today=dt.date(2023, 1, 1), drafts=True))
    except ContentErrors as exc:
        lines = text.count("\n") + 2
        for error in exc.errors:
            assert error.pos.path == update and error.pos.line <= lines, error
        format_errors(exc.errors, fuzz_site)
        return
    env = make_environment(fuzz_site, site.config.site.base_path)
    for page in collect_pages(site):
        if page.output_path.endswith(".html"):
            assert_safe(render_page(env, site, page))
