"""YAML never guesses: what an editor types in a text field is the text shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content.loader import load_site
from generator.errors import ContentErrors
from generator.model.site import BuildSettings

TODAY = BuildSettings(today=dt.date(2023, 1, 1))


@pytest.mark.parametrize("typed", ["NO", "yes", "on", "off", "1.10", "10:00", "~", "null",
                                   "2024-03-05", "0o17", "1e3", ".inf", "0x1F", "True"])
def test_text_fields_keep_what_was_typed(write_site, typed: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({
        "content/site.yaml": f"trust:\n  name: {typed}\n  short_name: {typed}\n",
        "content/updates/a.md": f"---\ntitle: {typed}\ndate: 2022-11-30\nsummary: {typed}\n---\n",
    })
    site = load_site(root, TODAY)
    assert site.trust.name == typed
    assert site.trust.short_name == typed
    assert site.updates[0].title == typed
    assert site.updates[0].summary is not None and site.updates[0].summary.source == typed


@pytest.mark.parametrize(("typed", "shown"), [
    ('"Ward #3 reopens"', "Ward #3 reopens"), ("'#proud'", "#proud"),
    ("Ward#3", "Ward#3"),  # no space before it: not a comment
    ("Ward 3 reopens  # a note to ourselves", "Ward 3 reopens"),
    ("Ward 3 reopens # TODO check the date", "Ward 3 reopens")])
def test_a_hash_is_kept_in_quotes_and_a_comment_after_a_space_is_not_shown(
        write_site, typed: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/a.md": f"---\ntitle: {typed}\ndate: 2022-11-30\n"
                                               "summary: S\n---\n"})
    assert load_site(root, TODAY).updates[0].title == shown


def test_phone_numbers_keep_their_leading_zero(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/site.yaml": "trust:\n  name: T\n  phone: 01234 567890\n"})
    assert load_site(root, TODAY).trust.phone == "01234 567890"


@pytest.mark.parametrize(("typed", "expected"), [
    ("2022-11-30", dt.date(2022, 11, 30)),
    ('"2022-11-30"', dt.date(2022, 11, 30)),
    ("'2022-11-30'", dt.date(2022, 11, 30)),
])
def test_date_fields_read_dates(write_site, typed: str, expected: dt.date) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/a.md": f"---\ntitle: A\ndate: {typed}\n---\n"})
    assert load_site(root, TODAY).updates[0].date == expected


@pytest.mark.parametrize("typed", ["NO", "yes", "on", "10:00", "~", "null", "2022-11", "2022-11-31",
                                   "1.10", "30 November 2022"])
def test_date_fields_refuse_anything_else(write_site, typed: str) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/a.md": f"---\ntitle: A\ndate: {typed}\n---\n"})
    with pytest.raises(ContentErrors) as caught:
        load_site(root, TODAY)
    (error,) = caught.value.errors
    assert (error.pos.line, error.pos.col) == (3, 7)
    assert error.message.startswith("date: ")


def test_empty_value_means_not_given(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\nsummary:\n---\n"})
    assert load_site(root, TODAY).updates[0].summary is None


def test_crlf_bom_and_old_mac_line_endings_read_the_same(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    updates = root / "content/updates"
    updates.mkdir(parents=True)
    (updates / "a.md").write_bytes(b"\xef\xbb\xbf---\r\ntitle: A\r\ndate: 2022-11-30\r\n---\r\nBody\r\n")
    (updates / "b.md").write_bytes(b"---\rtitle: B\rdate: 2022-11-29\r---\rBody\r")
    site = load_site(root, TODAY)
    assert [u.title for u in site.updates] == ["A", "B"]
    assert site.updates[0].body.source.strip() == "Body"


def test_alias_bombs_are_refused(write_site) -> None:  # type: ignore[no-untyped-def]
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    root = write_site({"content/glossary.yaml": "\n".join(lines) + "\n"})
    with pytest.raises(ContentErrors) as caught:
        load_site(root, TODAY)
    assert "too much data" in caught.value.errors[0].message


def test_site_file_is_named_relative_to_site(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors) as caught:
        load_site(tmp_path, TODAY)
    assert caught.value.errors[0].message == "there is no content folder here"


def test_a_text_of_several_lines_with_a_line_starting_with_a_dash_is_kept_as_typed(
        write_site) -> None:  # type: ignore[no-untyped-def]
    """Where a list is wanted, "- " on a value's next line is a first item written without
    its "- " (an error, in test_content_errors); in a text, it is the text."""
    root = write_site({"content/updates/a.md": "---\ntitle: T\ndate: 2022-11-30\n"
                                               "summary: Safer staffing\n  - on every ward\n"
                                               "---\n"})
    summary = load_site(root, TODAY).updates[0].summary
    assert summary is not None and summary.source == "Safer staffing - on every ward"
