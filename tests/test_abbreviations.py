"""The first use of each glossary abbreviation in <main> is marked with <abbr>."""

from __future__ import annotations

import pytest

from generator.errors import SourcePos
from generator.model.glossary import GlossaryTerm
from generator.render.abbreviations import mark_abbreviations

TERMS = tuple(GlossaryTerm(abbreviation, expansion, SourcePos("glossary.yaml"))
              for abbreviation, expansion in [("CQC", "Care Quality Commission"),
                                              ("NHSE", "NHS England"),
                                              ("A&E", "Accident & Emergency"),
                                              ("ED", "Emergency Department")])
CQC = '<abbr title="Care Quality Commission">CQC</abbr>'


def main(inner: str) -> str:
    return f'<header>CQC</header><main id="main-content">{inner}</main><footer>CQC</footer>'


@pytest.mark.parametrize(("inner", "marked"), [
    # The first use only; the header and footer are never marked.
    ("<p>The CQC visited. CQC rated us.</p>", f"<p>The {CQC} visited. CQC rated us.</p>"),
    # Whole words, case as written.
    ("<p>cqc CQCs NHS-CQC CQC-led CQC's</p>", f"<p>cqc CQCs NHS-CQC CQC-led {CQC}'s</p>"),
    ("<p>xED EDs ED</p>", '<p>xED EDs <abbr title="Emergency Department">ED</abbr></p>'),
    # Never inside a tag's attributes.
    ('<p><a href="/cqc/" title="CQC report">The CQC</a></p>',
     f'<p><a href="/cqc/" title="CQC report">The {CQC}</a></p>'),
    # Not inside code, preformatted text, an existing abbreviation or an icon's title, but
    # after them; nested elements count.
    ("<pre><code>CQC</code> CQC</pre><p>CQC</p>", f"<pre><code>CQC</code> CQC</pre><p>{CQC}</p>"),
    ('<abbr title="x">CQC</abbr> CQC', f'<abbr title="x">CQC</abbr> {CQC}'),
    ("<svg><title>CQC</title></svg><p>CQC</p>", f"<svg><title>CQC</title></svg><p>{CQC}</p>"),
    ("<SCRIPT>CQC</SCRIPT >CQC", f"<SCRIPT>CQC</SCRIPT >{CQC}"),
    # A self-closing icon hides nothing after it.
    ('<svg class="icon"/>CQC', f'<svg class="icon"/>{CQC}'),
    # Each term once, wherever the others are; escaped terms and titles.
    ("<p>ED and A&amp;E, NHSE, ED, CQC</p>",
     '<p><abbr title="Emergency Department">ED</abbr> and '
     '<abbr title="Accident &amp; Emergency">A&amp;E</abbr>, '
     f'<abbr title="NHS England">NHSE</abbr>, ED, {CQC}</p>'),
    # Nothing to mark.
    ("<p>No abbreviations here.</p>", "<p>No abbreviations here.</p>"),
    ("<code>CQC</code>", "<code>CQC</code>"),
])
def test_marks_first_use_in_main_text(inner: str, marked: str) -> None:
    assert mark_abbreviations(main(inner), TERMS) == main(marked)


def test_pages_without_main_or_glossary_are_unchanged() -> None:
    assert mark_abbreviations("<p>CQC</p>", TERMS) == "<p>CQC</p>"
    assert mark_abbreviations(main("<p>CQC</p>"), ()) == main("<p>CQC</p>")


def test_a_long_list_marks_each_term_once() -> None:
    items = "".join(f'<li><a href="/u/{i}/" title="CQC">Update {i}</a><p>CQC and ED</p></li>'
                    for i in range(500))
    page = mark_abbreviations(main(f"<ul>{items}</ul>"), TERMS)
    assert page.count("<abbr") == 2
    assert page.index(CQC) < page.index('<abbr title="Emergency Department">ED</abbr>')
    assert page.replace(CQC, "CQC").replace(
        '<abbr title="Emergency Department">ED</abbr>', "ED") == main(f"<ul>{items}</ul>")
