"""The shortcut for simple YAML (one ``name: value`` per line) gives exactly the nodes
libyaml gives, or steps aside."""

from __future__ import annotations

import random
from pathlib import Path

from conftest import REPO
from hypothesis import given, settings
from hypothesis import strategies as st
from test_fuzz import SCALE

from bench.corpus import update_text
from generator.content.simple_yaml import read_simple_mapping
from generator.content.yamlread import parse_with_libyaml
from generator.errors import ContentErrors

PATH = Path("content/updates/example.md")


def front_matter(text: str) -> str:
    return text.split("\n---\n", 1)[0].removeprefix("---\n")


def same_or_steps_aside(text: str) -> bool:
    """True if the shortcut read it (and agrees with libyaml); False if it stepped aside."""
    simple = read_simple_mapping(text, PATH, 1)
    if simple is None:
        return False
    assert simple == parse_with_libyaml(text, PATH, 1), text
    assert simple._index == {key.text: i for i, (key, _) in enumerate(simple.entries)}
    return True


def test_generated_updates_take_the_shortcut() -> None:
    rng = random.Random(3)
    assert all(same_or_steps_aside(front_matter(update_text(i, rng))) for i in range(100))


def test_the_sample_sites_front_matter_is_read_the_same_either_way() -> None:
    texts = [front_matter(p.read_text(encoding="utf-8"))
             for p in sorted((REPO / "content").rglob("*.md"))]
    taken = [same_or_steps_aside(text) for text in texts]
    assert any(taken) and not all(taken)  # nested fields (signed_by:) go to libyaml


VALUE_PARTS = ["a", "Safe care", " ", "  ", ":", ": ", " #", "#", "-", "- ", "[", "]", ",",
               ", ", "{", "}", "'", '"', "\\", "&", "*", "!", "|", ">", "%", "@", "`", "?",
               "~", "\t", "é", "\xa0", "\u2028", "\x85", "...", "2026-05-01", "yes", "[a, b]"]
value = st.lists(st.sampled_from(VALUE_PARTS), max_size=8).map("".join)
key = st.sampled_from(["title", "date", "a", "b_c", "x-y", "-a", "a b", "é", "related"])
line = st.one_of(st.tuples(key, st.sampled_from([":", ": ", ":  ", " : "]), value)
                 .map("".join), value)


@settings(max_examples=int(3000 * SCALE), deadline=1000)
@given(st.lists(line, min_size=1, max_size=5).map("\n".join))
def test_fuzzed_lines_are_read_as_libyaml_reads_them_or_left_to_it(text: str) -> None:
    try:
        parse_with_libyaml(text, PATH, 1)
    except ContentErrors:
        assert read_simple_mapping(text, PATH, 1) is None, text  # libyaml reports it
        return
    same_or_steps_aside(text)


def test_what_the_shortcut_leaves_to_libyaml() -> None:
    for text in ["title: a\n\ndate: b", "title: a # note", "title:", "title: 'it''s'",
                 'title: "a\\tb"', "title: a\ntitle: b", "list: [a, [b]]", "a:\n  b: c",
                 "title: a:", "title: - a", "title: a\u2028b", "title: a\u2028",
                 "title: a\tb", "list: [a{b]", "list: [a, ]", "list: [ ]"]:
        assert read_simple_mapping(text, PATH, 1) is None, text
