"""The fast Markdown path (markdown-it-pyrs) gives byte for byte what the reference
(markdown-it-py with our rules) gives, or steps aside: on the sample site, the benchmark
corpus, markdown-it's XSS cases and fuzzed input."""

from __future__ import annotations

import random
import re
from string import ascii_letters, digits

import pytest
from conftest import REPO
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_fuzz import FRAGMENTS, MARKDOWN_IT_XSS, SCALE, markdown_text

from bench.corpus import update_text
from generator.render import fast_markdown
from generator.render.markdown import TABLE_OPEN, MarkdownRenderer

RENDERER = MarkdownRenderer()
REFERENCE = MarkdownRenderer(fast=False)  # the whole pipeline, with markdown-it-py alone
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
    assert RENDERER.render(source) == REFERENCE.render(source)


printable = st.lists(st.one_of(
    st.sampled_from([f for f in FRAGMENTS if f.isprintable() or f in ("\n", "\n\n")]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF,
                                   blacklist_categories=("Cs", "Cc", "Zs")), max_size=12)),
    max_size=40).map("".join)


@settings(max_examples=int(3000 * SCALE), deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(markdown_text, printable))
def test_fuzzed_markdown_is_identical_or_left_to_the_reference(source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


# Pieces of block syntax (quotes, lists, tables, code, headings, link definitions) whose
# meeting places the two libraries have disagreed on.
blocks = st.lists(st.sampled_from(
    ["-", "|", ":", " ", "    ", "a", "b c", "\n", "\n\n", "---", ":--", "| a |", "*", "_",
     "#", "`", "```", ">", "1.", "1)", "[x]", "(y)", "==", "<", "&amp;", "\\", "!", "~", "+"]),
    max_size=30).map("".join)


@settings(max_examples=int(3000 * SCALE), deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(blocks)
# Found by this test: an escaped | straight before a | splits a table's rows differently.
@example("\\||-\n-|")
@example("a | b\n--|--\nx\\||2")
@example("a\\|\\||b\n-|-")
# And (in a CI run): an empty list item under a quote's text, which Rust reads as its text.
@example(">:\n* ")
# And (in another): emphasis closed by a run of both * and _ between punctuation.
@example("_-&amp;*_*-*-")
def test_fuzzed_block_syntax_is_identical_or_left_to_the_reference(source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


# Emphasis beside punctuation and symbols outside ASCII, which the libraries class
# differently (they follow different CommonMark versions).
emphasis = st.lists(st.sampled_from(
    ["*", "**", "_", "__", "***", "£", "’", "“", "”", "‘", "€", "©", "–", "…", "a", " ", "\n",
     "(", ")", "é", "!", ".", "5m", "`", "[", "](/x)", "¬", "°", "§", "«", "×", "\u2030",
     "\u20b9", "\u3001", "\u0e3f", "\u058a", "\u1800", "\u2e3a", "\U0001F3E5", "\u02c2",
     "\u00a8", "\u2190", "\u301c"]), max_size=14).map("".join)


@settings(max_examples=int(2000 * SCALE), deadline=1000)
@given(emphasis)
def test_fuzzed_emphasis_by_unicode_punctuation_is_identical_or_left_to_the_reference(
        source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


# Runs of * and _ beside letters, punctuation and white space, of both kinds in one text:
# where a run closes emphasis, the libraries have paired the runs after it differently.
emphasis_runs = st.lists(st.sampled_from(
    ["*", "**", "***", "_", "__", "___", "-", ";", ".", "(", ")", "!", "a", "b c", "x_y",
     " ", "\n", "&amp;", "£"]), max_size=16).map("".join)


@settings(max_examples=int(2000 * SCALE), deadline=1000)
@given(emphasis_runs)
@example("**x*-*- -!***)*(")
@example("&amp;_a****&amp;*&amp;_ ***a*b c__")
def test_fuzzed_runs_of_emphasis_marks_are_identical_or_left_to_the_reference(
        source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


@pytest.mark.parametrize("source", ["We invested **£5m** in wards.",
                                    "**_Bold italic_** in a sentence.",
                                    "(*See below*), **Note:** **bold**. A_B_C's *own*.",
                                    "*‘Requires improvement’* in 2025", "**“Safe”** care",
                                    "Dr\xa0Ada Okafor, from 10\xa0am: £5\xa0million."])
def test_common_texts_outside_ascii_are_fast(source: str) -> None:
    """The libraries class £ and ’ differently, but beside white space that changes
    nothing; they treat a no-break space alike between words (pasted text has many); and
    they pair emphasis alike unless its marks are tangled: such common texts need not
    wait for the reference."""
    assert same_or_steps_aside(source)


# Documents as editors write them, block by block: paragraphs with emphasis, links, code
# and hard breaks; nested, ordered and loose lists; tables with or without outer pipes and
# with missing cells; headings; fenced and indented code; rules. Meeting places of blocks
# (a list straight after a table) are where character-level fuzzing rarely reaches.
_WORDS = ["care", "staff", "ward", "safety", "CQC", "£5m", "10%", "A&E", "don't", "x_y", "*",
          "trust’s", "“safe”", "café", "&nbsp;", "&#8217;", "\\|", "`a|b`", "<b>", "1.", "#",
          "Dr\xa0Okafor", "£5\xa0million"]
inline = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).flatmap(lambda w: st.sampled_from([
        f"*{w}*", f"**{w}**", f"_{w}_", f"`{w}`", f"[{w}](https://example.org/{w})",
        f'[{w}](/updates/ "Title {w}")', f"![{w}](/a.png)", f"~~{w}~~", f"**{w}", f"[{w}",
        f"{w}*", f"[{w}](/a{w})", f'[{w}](/a "")', f'![{w}](/a.png "{w}")',
        f"[{w}](https://{w}.org/)"])),
    st.sampled_from(["<https://example.org>", "&amp;", "&copy;", "\\*", "www.example.org",
                     "https://example.org/x"]))
text_line = st.lists(inline, min_size=1, max_size=8).map(" ".join)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    lines = draw(st.lists(text_line, min_size=1, max_size=3))
    return draw(st.sampled_from(["\n", "  \n", "\\\n"])).join(lines)


@st.composite
def a_list(draw: st.DrawFn, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    start = draw(st.sampled_from([1, 2, 0, 10, 999]))
    bullet = draw(st.sampled_from("-*+"))
    items = []
    for i in range(draw(st.integers(1, 4))):
        marker = f"{start + i}{draw(st.sampled_from('.)'))}" if ordered else bullet
        indent = " " * (len(marker) + 1)
        item = f"{marker} {draw(text_line)}"
        extra = draw(st.sampled_from(["", "", "", "continued", "lazy", "paragraph", "nested"]))
        if extra == "continued":
            item += f"\n{indent}{draw(text_line)}"
        elif extra == "lazy":
            item += f"\n{draw(text_line)}"
        elif extra == "paragraph":
            item += f"\n\n{indent}" + draw(paragraph()).replace("\n", "\n" + indent)
        elif extra == "nested" and depth < 2:
            nested = draw(st.one_of(a_list(depth + 1), table()))
            item += "\n" + "\n".join(indent + line if line else line
                                      for line in nested.split("\n"))
        items.append(item)
    return draw(st.sampled_from(["\n", "\n\n"])).join(items)


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 4))

    def row(cells: int) -> str:
        return "| " + " | ".join(draw(text_line) for _ in range(cells)) + " |"

    delimiter = "|" + "|".join(draw(st.sampled_from(["---", ":--", "--:", ":-:"]))
                               for _ in range(columns)) + "|"
    rows = [row(columns), delimiter, *(row(draw(st.integers(1, columns + 1)))
                                       for _ in range(draw(st.integers(0, 3))))]
    if draw(st.booleans()):  # without the outer pipes
        rows = [line.strip("|").strip() for line in rows]
    return "\n".join(rows)


heading = st.one_of(
    st.builds("{} {}".format, st.integers(1, 6).map("#".__mul__), text_line),
    st.builds("{}\n{}".format, text_line, st.sampled_from(["===", "---"])))
code = st.one_of(
    st.builds("```{}\n{}\n{}\n```".format, st.sampled_from(["", "yaml"]), text_line, text_line),
    st.builds("    {}\n    {}".format, text_line, text_line))
@st.composite
def quote(draw: st.DrawFn, depth: int = 0) -> str:
    """A quote: each line starts with > (and a space, or not, or a tab), its blocks apart
    by an empty quote line, an empty line or nothing; now and then a line without > (lazy)."""
    inner = [paragraph(), paragraph(), a_list(), table(), heading, code]
    blocks = draw(st.lists(st.one_of(*inner, *([quote(depth + 1)] if depth < 2 else [])),
                           min_size=1, max_size=3))
    marker = draw(st.sampled_from(["> ", "> ", ">", ">\t"]))
    lines: list[str] = []
    for block in blocks:
        if lines and draw(st.integers(0, 3)):
            lines.append(draw(st.sampled_from([">", "> ", ""])))
        lines.extend(marker + line if line else ">" for line in block.split("\n"))
    if len(lines) > 1 and draw(st.integers(0, 5)) == 0:
        lazy = draw(st.integers(1, len(lines) - 1))
        lines[lazy] = lines[lazy].lstrip("> ")
    return "\n".join(lines)


document = st.lists(
    st.tuples(st.one_of(paragraph(), a_list(), table(), heading, code, quote(),
                        st.sampled_from(["---", "***", "* * *"])),
              st.sampled_from(["\n\n", "\n"])),
    min_size=1, max_size=8).map(lambda blocks: "".join(b + gap for b, gap in blocks))


@settings(max_examples=int(1000 * SCALE), deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_fuzzed_documents_are_identical_or_left_to_the_reference(source: str) -> None:
    same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


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


@pytest.mark.parametrize("source", [
    "s|s\n-|-\n4.", "a | b\n--|--\nc\n2. x", "| a | b |\n|---|---|\n| c | d |\n*",
    "- a | b\n  --|--\n  1)", "- x\n- a|b\n  -|-", "*\n* |E\n-|-", "```a|b\n-|-\n"])
def test_tables_beside_lists_and_fences_are_left_to_the_reference(source: str) -> None:
    """Found by fuzzing realistic documents: a list item among a table's rows (the
    reference ends the table at any, Rust only at one that could interrupt a paragraph), a
    table's first line on a list item after another, a fence's line with a |."""
    assert not same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


@pytest.mark.parametrize("source", [
    "![A&amp;E ward](/a.png)", "![Chart \\* 3](/a.png)", "![Two  \nlines](/a.png)",
    '[x](/a "")', "![x](/a.png '')", "[x](/a&nbsp;)", "[x](&#32;)", "<https://café.org>",
    "[x](https://münchen.de/a)", "[x](mailto:josé@café.org)"])
def test_images_and_addresses_rust_renders_otherwise_are_left_to_the_reference(
        source: str) -> None:
    """Found by fuzzing documents: Rust drops escapes, entities and hard breaks from an
    image's alt text (A&amp;E became "AE"), keeps an empty title, keeps white space at
    either end of an address (from an entity), which the reference trims, and
    percent-encodes a host outside ASCII, which the reference writes in punycode."""
    assert not same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


def test_the_rows_of_a_long_table_are_searched_for_list_items_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """They were searched again under each row that looks like a delimiter row (|-|-|),
    which took time in the square of the rows: seconds at 5,000."""
    searched: list[tuple[int, int]] = []
    list_item = fast_markdown._LIST_ITEM

    class Counting:
        match = list_item.match

        def search(self, source: str, start: int, end: int) -> re.Match[str] | None:
            searched.append((start, end))
            return list_item.search(source, start, end)

    monkeypatch.setattr(fast_markdown, "_LIST_ITEM", Counting())
    source = "a | b\n" + "-|-\n" * 5000 + "\nc | d\n--|--\n- e"
    assert fast_markdown._table_the_libraries_differ_on(source)  # the list item under the second
    assert len(searched) == 2  # once for each table


def test_a_table_in_a_tight_list_item_renders_the_same_both_ways() -> None:
    """Found by fuzzing documents: after a tight item's text, the reference put the line
    break between the table's scrolling wrapper and the table, the fast path before both."""
    source = "- Beds\n  | Ward | Beds |\n  |---|---|\n  | A | 4 |\n"
    assert same_or_steps_aside(source)
    assert "<li>Beds\n" + TABLE_OPEN + "<table>" in RENDERER.render(source)


@pytest.mark.parametrize("source", [">a\n*", ">a|\n-|", ">-\n>:--", ">`\n -`", "- > a\n1.",
                                    ">>a\n>3.", ">>  \to", ">>>- \n>> >\t+", "> a\n> --:",
                                    "[x]:a:"])
def test_quotes_and_link_definitions_are_left_to_the_reference(source: str) -> None:
    """Found by fuzzing: where a quote's paragraph ends (lines with fewer > or none, an
    empty list item, a table's row), tables and tabs in quotes, and link definitions the
    reference refuses."""
    assert not same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


@pytest.mark.parametrize("source", [
    "> We are disappointed by the rating.\n> We accept every finding.\n\nAda Okafor, chief executive",
    "> **Safe**: requires improvement\n>\n> - Staffing at night\n> - [Checks](/journey/)\n",
    "Before\n\n> One\n>\n> > Two\n> >\n> > ## Three\n\nAfter"])
def test_quotes_as_editors_write_them_are_fast(source: str) -> None:
    """Each line starting with >, blocks apart by an empty quote line: the libraries
    agree (quotes used to wait for the reference, about 15 times slower)."""
    assert same_or_steps_aside(source)
    assert "<blockquote>" in RENDERER.render(source)


@pytest.mark.parametrize("source", ["`    `", "a `  ` b", "``  ``", "`\n \n`"])
def test_code_spans_of_spaces_only_are_left_to_the_reference(source: str) -> None:
    """Found by fuzzing: markdown-it-pyrs trims a space from each end of `    `."""
    assert not same_or_steps_aside(source)
    assert RENDERER.render(source) == REFERENCE.render(source)


def test_a_panic_in_the_rust_library_falls_back_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    source = "[``"  # makes markdown-it-pyrs 0.4 panic (found by fuzzing)
    assert RENDERER._fast is not None and RENDERER._fast._rust_render(source) is None
    assert RENDERER.render(source) == REFERENCE.render(source)
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
    ["-", "|", ":", " ", "\t", "a", "\n", "2.", "1)", "*", "+", "```", "~~", "<h", "<h1>",
     "</h1>", "<h2>", "</h2>", "<hr />", "\x07", "\x7f", "\xa0", "\xa0", "é", "£", "(", ".",
     "\u2028"]), max_size=40).map("".join)


@settings(max_examples=int(2000 * SCALE), deadline=1000)
@given(tricky)
def test_quick_checks_agree_with_their_plain_definitions(source: str) -> None:
    """The fast path's checks avoid scanning every character with a regular
    expression; they must say exactly what the plain, slower forms say."""
    lines = source.split("\n")

    def list_item(line: str) -> bool:
        return bool(re.fullmatch(r"[ \t]*([*+-]|[0-9]{1,9}[.)])([ \t].*)?", line))

    def rows_under(i: int) -> list[str]:
        blank = next((j for j in range(i + 1, len(lines)) if not lines[j].strip(" \t")),
                     len(lines))
        return lines[i + 1:blank]

    a_row_the_libraries_differ_on = any(
        re.fullmatch(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*", line)
        and ("|" not in lines[i - 1] or "|" not in line or list_item(lines[i - 1])
             or any(map(list_item, rows_under(i))))
        for i, line in enumerate(lines) if i > 0)
    assert (fast_markdown._table_the_libraries_differ_on(source)
            == a_row_the_libraries_differ_on)
    assert fast_markdown._fence_with_pipe(source) == any(
        re.search(r"(```|~~~).*\|", line) for line in lines)
    between_words = [i for i, char in enumerate(source) if char == "\xa0" and 0 < i < len(source) - 1
                     and source[i - 1] in ascii_letters + digits + ".,;:%)"
                     and source[i + 1] in ascii_letters + digits + "£("]
    assert fast_markdown._differs(source) == any(
        fast_markdown._DIFFERS.match(char) for i, char in enumerate(source)
        if i not in between_words)
    mark = "<h2>{}</h2>".format
    assert (fast_markdown._replace_headings(source, lambda m: mark(m.group(2)))
            == fast_markdown._HEADING.sub(lambda m: mark(m.group(2)), source))
