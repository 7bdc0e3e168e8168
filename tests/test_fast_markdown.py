"""The fast Markdown path (markdown-it-pyrs) gives byte for byte what the reference
(markdown-it-py with our rules) gives, or steps aside: on the sample site, the benchmark
corpus, markdown-it's XSS cases and fuzzed input."""

from __future__ import annotations

import random
import re

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import FRAGMENTS, MARKDOWN_IT_XSS, SCALE, markdown_text

from bench.corpus import update_text
from generator.render import fast_markdown
from generator.render.markdown import MarkdownRenderer

RENDERER = MarkdownRenderer()
pytestmark = pytest.mark.skipif(RENDERER._fast is None, reason="markdown-it-pyrs not installed")


def same_or_steps_aside(source: str) -> bool:
    """True if the fast path rendered it (and equals the reference); False if it stepped aside."""
    assert RENDERER._fast is not None
    for offset in (0, 1, 2):
        fast = RENDERER._fast.render(source, offset)
        if fast is None:
            return False
        assert fast == RENDERER.reference_render(source, offset), (source, offset)
    return True


def bodies() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "content").rglob("*.md"))]
    rng = random.Random(7)
    texts += [update_text(i, rng) for i in range(200)]
    return [t.split("\n---\n", 1)[-1] for t in texts]


def test_sample_and_benchmark_texts_are_identical_and_fast() -> None:
    used = [same_or_steps_aside(body) for body in bodies()]
    assert all(used)  # ordinary content never needs the reference


@pytest.mark.parametrize("source", MARKDOWN_IT_XSS)
def test_xss_cases_are_identical_or_left_to_the_reference(source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == RENDERER.reference_render(source)


printable = st.lists(st.one_of(
    st.sampled_from([f for f in FRAGMENTS if f.isprintable() or f in ("\n", "\n\n")]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF,
                                   blacklist_categories=("Cs", "Cc", "Zs")), max_size=12)),
    max_size=40).map("".join)


@settings(max_examples=int(3000 * SCALE), deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(markdown_text, printable))
def test_fuzzed_markdown_is_identical_or_left_to_the_reference(source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == RENDERER.reference_render(source)


# Pieces of block syntax (quotes, lists, tables, code, headings, link definitions) whose
# meeting places the two libraries have disagreed on.
blocks = st.lists(st.sampled_from(
    ["-", "|", ":", " ", "    ", "a", "b c", "\n", "\n\n", "---", ":--", "| a |", "*", "_",
     "#", "`", "```", ">", "1.", "1)", "[x]", "(y)", "==", "<", "&amp;", "\\", "!", "~", "+"]),
    max_size=30).map("".join)


@settings(max_examples=int(3000 * SCALE), deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(blocks)
def test_fuzzed_block_syntax_is_identical_or_left_to_the_reference(source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == RENDERER.reference_render(source)


@pytest.mark.parametrize("source", ["CQC\njavascript:\n=", "Safe\ncare\n===",
                                    "One  \nTwo\n===", "One\\\nTwo\n==="])
def test_headings_over_two_lines_get_the_same_id_both_ways(source: str) -> None:
    """Found by fuzzing: a line break in a heading separates the words of its id."""
    assert same_or_steps_aside(source)
    assert 'id="h-' in RENDERER.render(source) and "--" not in RENDERER.render(source)


@pytest.mark.parametrize("source", ["[|\n---", "a|\n---", "|a|\n---\nb", "| a\n ---"])
def test_a_delimiter_row_without_a_pipe_is_left_to_the_reference(source: str) -> None:
    """Found by fuzzing: under a line of one cell, the reference sees a table, Rust a
    heading."""
    assert not same_or_steps_aside(source)
    assert "<table>" in RENDERER.render(source)


@pytest.mark.parametrize("source", [">a\n*", ">a|\n-|", ">-\n>:--", ">`\n -`", "- > a\n1.",
                                    "[x]:a:"])
def test_quotes_and_link_definitions_are_left_to_the_reference(source: str) -> None:
    """Found by fuzzing: where a quote's paragraph ends (lines without >, an empty list
    item, a table's row), tables in quotes, and link definitions the reference refuses."""
    assert not same_or_steps_aside(source)
    assert RENDERER.render(source) == RENDERER.reference_render(source)


@pytest.mark.parametrize("source", ["`    `", "a `  ` b", "``  ``", "`\n \n`"])
def test_code_spans_of_spaces_only_are_left_to_the_reference(source: str) -> None:
    """Found by fuzzing: markdown-it-pyrs trims a space from each end of `    `."""
    assert not same_or_steps_aside(source)
    assert RENDERER.render(source) == RENDERER.reference_render(source)


def test_a_panic_in_the_rust_library_falls_back_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    source = "[``"  # makes markdown-it-pyrs 0.4 panic (found by fuzzing)
    assert RENDERER._fast is not None and RENDERER._fast._rust_render(source) is None
    assert RENDERER.render(source) == RENDERER.reference_render(source)
    assert "panicked" not in capfd.readouterr().err


def test_the_fast_path_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    slow = MarkdownRenderer(fast=False)
    assert slow._fast is None
    monkeypatch.setenv("JOURNEY_FAST_MARKDOWN", "0")  # for the benchmark
    assert MarkdownRenderer()._fast is None
    assert MarkdownRenderer(allow_html=True)._fast is None  # raw HTML: the reference only
    body = bodies()[0]
    assert slow.render(body) == RENDERER.render(body)


tricky = st.lists(st.sampled_from(
    ["-", "|", ":", " ", "\t", "a", "\n", "<h", "<h1>", "</h1>", "<h2>", "</h2>", "<hr />",
     "\x07", "\x7f", "\xa0", "é", "\u2028"]), max_size=40).map("".join)


@settings(max_examples=int(2000 * SCALE), deadline=1000)
@given(tricky)
def test_quick_checks_agree_with_their_plain_definitions(source: str) -> None:
    """The fast path's checks avoid scanning every character with a regular
    expression; they must say exactly what the plain, slower forms say."""
    lines = source.split("\n")
    a_row_and_the_line_above_not_both_with_pipes = any(
        re.fullmatch(r"\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*", line)
        and ("|" not in lines[i - 1] or "|" not in line) for i, line in enumerate(lines) if i > 0)
    assert (fast_markdown._table_without_pipes(source)
            == bool(a_row_and_the_line_above_not_both_with_pipes))
    assert fast_markdown._differs(source) == bool(fast_markdown._DIFFERS.search(source))
    mark = "<h2>{}</h2>".format
    assert (fast_markdown._replace_headings(source, lambda m: mark(m.group(2)))
            == fast_markdown._HEADING.sub(lambda m: mark(m.group(2)), source))
