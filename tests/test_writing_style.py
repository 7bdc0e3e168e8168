"""journey check notes words with a plainer one ("utilise": use), dates written otherwise
than NHS.UK writes them ("1st December") and words in capitals, as advice: never in CQC's
own words, and never a reason a strict build stops."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DEFAULT_SITE_YAML, REPO, run_journey
from test_check import reported

from generator.model.checks import CheckSettings
from generator.quality.date_style import DateStyle
from generator.quality.plain_words import PlainWords, plainer

GROUP = "Words with a plainer alternative"
DATES_GROUP = "Dates and times not written as NHS.UK writes them"
CAPITALS_GROUP = "Words written in capitals"
TITLE_CASE_GROUP = "Headings and titles in title case"
BODY = """\
## Our plans

We will utilise the new ward in order
to see more patients. Whilst it is built, beds move.

> The inspectors said staff should utilise the checklist prior to every shift.

The assistant and the support staff who assisted were thanked.
"""
NOTICE = """\
---
id: WN1
title: Staff numbers
status: on_track
finding: The trust must utilise its bank staff prior to using agency staff.
---
We will recruit staff prior to the winter.
"""


def plain_findings(stderr: str, groups: tuple[str, ...] = (GROUP,)) -> list[tuple[str, str]]:
    return [(where, message) for group, where, message in reported(stderr) if group in groups]


@pytest.fixture
def plain_site(write_site: Callable[[dict[str, str]], Path]) -> Path:
    return write_site({
        "content/updates/2023-01.md": "---\ntitle: Commencing our winter plan\n"
                                      "date: 2023-01-31\nsummary: News.\n---\n" + BODY,
        "content/journey/journey.yaml": "title: Our improvement journey\n",
        "content/journey/actions.yaml": (
            "must_do:\n  - id: MD1\n    status: on_track\n"
            "    text: The trust must utilise its theatres fully.\n"
            "    progress:\n      - date: 2023-01-31\n"
            "        note: Theatres are used on a daily basis now.\n"),
        "content/journey/warning-notices/wn1.md": NOTICE,
    })


def test_plainer_words_are_noted_at_their_line_but_not_in_cqcs_words(plain_site: Path) -> None:
    result = run_journey("check", str(plain_site), "--now", "2023-02-01")
    assert "Traceback" not in result.stderr
    update = "content/updates/2023-01.md"
    assert sorted(plain_findings(result.stderr)) == sorted([
        (f"{update}:2", '"Commencing" has a plainer word: start'),  # its title
        (f"{update}:8", '"utilise" has a plainer word: use'),
        (f"{update}:8", '"in order to" has a plainer word: to'),  # across two lines
        (f"{update}:9", '"Whilst" has a plainer word: while'),
        ("content/journey/actions.yaml:7", '"on a daily basis" has a plainer word: every day'),
        ("content/journey/warning-notices/wn1.md:7", '"prior to" has a plainer word: before'),
    ]), result.stderr  # not the quotation, the action's text or the finding: CQC's
    assert "add it under known_words: in checks: in site.yaml" in result.stderr
    strict = run_journey("build", str(plain_site), "--strict", "--now", "2023-02-01")
    assert strict.returncode == 0, strict.stderr  # notes: advice, not a reason to stop


def test_known_words_and_the_rule_turned_off_are_not_noted(plain_site: Path) -> None:
    site_yaml = plain_site / "content/site.yaml"
    site_yaml.write_text(DEFAULT_SITE_YAML + "checks:\n  known_words: [whilst, Utilise]\n")
    result = run_journey("check", str(plain_site), "--now", "2023-02-01")
    assert [message for _, message in plain_findings(result.stderr)
            if "utilise" in message.lower() or "Whilst" in message] == []
    site_yaml.write_text(DEFAULT_SITE_YAML + "checks:\n  severity:\n    plain_words: off\n")
    result = run_journey("check", str(plain_site), "--now", "2023-02-01")
    assert plain_findings(result.stderr) == []


@pytest.mark.parametrize(("written", "instead"), [
    ("Utilised", "use"), ("facilitating", "help, or make possible"),
    ("With regards to", "about"), ("in  relation\nto", "about"), ("stakeholders",
     "the people you mean (patients, staff, partners)"), ("going forwards",
     "from now on, or in future"), ("E.g.", "for example"), ("etc", "and so on, or name them all")])
def test_each_word_has_what_to_write_instead(written: str, instead: str) -> None:
    assert plainer(written) == instead


def test_letters_that_only_look_alike_are_not_words_of_the_list() -> None:
    """Unicode's case rules make "ſ" (a long s) an "s": such a word is not one of the list
    (it has no plainer one to say), and is not taken for one."""
    found = PlainWords(CheckSettings(), frozenset({"plain_words"}))._found(
        "The stakeholders and ſtakeholders, whilſt...")
    assert [word for _, word in found] == ["stakeholders"]


def test_a_two_digit_year_is_read_as_one_from_1970_to_2069() -> None:
    found = DateStyle(frozenset({"date_style"}))._found("On 5/6/99, 05/06/26 and 31/12/69.")
    assert [instead for _, _, instead in found] == [
        "5 June 1999", "5 June 2026", "31 December 2069"]


def test_a_range_of_times_is_said_once_with_to_between_them() -> None:
    found = DateStyle(frozenset({"date_style"}))._found(
        "Open 09:00 – 17:00, 9am-5pm, 10:00-12:00pm and 9am to 5pm.")
    assert [(written, instead) for _, written, instead in found] == [
        ("09:00 – 17:00", "9am to 5pm"), ("9am-5pm", "9am to 5pm"),
        ("10:00-12:00pm", "10am to midday")]


def test_a_range_of_days_is_said_once_with_to_between_them() -> None:
    found = DateStyle(frozenset({"date_style"}))._found(
        "Closed 1-5 December 2026, 1st – 5th of December, 1 to 5 December; 2-3 weeks in May.")
    assert [(written, instead) for _, written, instead in found] == [
        ("1-5 December 2026", "1 to 5 December 2026"), ("1st – 5th of December",
                                                         "1 to 5 December")]


def test_latin_abbreviations_are_found_with_their_full_stops() -> None:
    found = PlainWords(CheckSettings(), frozenset({"plain_words"}))._found(
        "Wards (e.g. Ward 7, Ward 9, etc.) and eggs; I.e. more; egg.")
    assert [word for _, word in found] == ["e.g.", "etc.", "I.e."]


def test_the_sample_and_starter_sites_have_none(tmp_path: Path) -> None:
    assert run_journey("new", "site", str(tmp_path / "starter")).returncode == 0
    for root in (tmp_path / "starter", REPO):
        result = run_journey("check", str(root))
        assert plain_findings(result.stderr, (GROUP, DATES_GROUP, CAPITALS_GROUP,
                                              TITLE_CASE_GROUP)) == [], result.stderr


DATES = """\
## From the 1st of December 2026

We open on December 3rd, and the clinic moves on March 31, 2027.
Bookings close 01/12/2026 (and 5/6/27). It opened in May 2026; 3 wards in May 2 weeks
ago; version 1/2; on 1 December 2026, as NHS.UK writes it.

It is open 09:00 to 17:30, and 9.30 AM to 12pm on Saturdays. 9am to 5:30pm, midday and
midnight are as NHS.UK writes them; a ratio of 3:1 is not a time. Visit 2pm-4pm.
It closes 24-26 December; it takes 2-3 weeks in May.

> Inspectors visited on the 4th of November 2025.
"""


def test_dates_and_times_not_written_as_nhs_uk_writes_them_are_noted(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    root = write_site({"content/updates/2023-01.md": "---\ntitle: News on 2nd February\n"
                                                    "date: 2023-01-31\nsummary: News.\n---\n"
                                                    + DATES})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    update = "content/updates/2023-01.md"
    assert sorted(plain_findings(result.stderr, (DATES_GROUP,))) == sorted([
        (f"{update}:2", '"2nd February" is written "2 February" on NHS.UK'),
        (f"{update}:6", '"1st of December 2026" is written "1 December 2026" on NHS.UK'),
        (f"{update}:8", '"December 3rd" is written "3 December" on NHS.UK'),
        (f"{update}:8", '"March 31, 2027" is written "31 March 2027" on NHS.UK'),
        (f"{update}:9", '"01/12/2026" is written "1 December 2026" on NHS.UK'),
        (f"{update}:9", '"5/6/27" is written "5 June 2027" on NHS.UK'),
        (f"{update}:12", '"09:00" is written "9am" on NHS.UK'),
        (f"{update}:12", '"17:30" is written "5:30pm" on NHS.UK'),
        (f"{update}:12", '"9.30 AM" is written "9:30am" on NHS.UK'),
        (f"{update}:12", '"12pm" is written "midday" on NHS.UK'),
        (f"{update}:13", '"2pm-4pm" is written "2pm to 4pm" on NHS.UK'),
        (f"{update}:14", '"24-26 December" is written "24 to 26 December" on NHS.UK'),
    ]), result.stderr  # not the quotation, nor "May 2026", "May 2 weeks" or "1/2"
    assert "no st, nd, rd or th, no commas" in result.stderr
    assert 'and "to" between two days, not a dash' in result.stderr
    assert "midday and midnight, not 12pm and 12am; and \"to\" between two" in result.stderr
    strict = run_journey("build", str(root), "--strict", "--now", "2023-02-01")
    assert strict.returncode == 0, strict.stderr


CAPITALS = """\
## WHAT WE HAVE DONE IN DECEMBER

PLEASE NOTE: visiting times have changed. Our NHS ICB partners and the NHS PALS team
agree. IMPORTANT news. Our COVID-19 WARD REOPENS on MONDAY: do NOT come before. Our
SHMI is as expected.

> CQC SAID THIS IN CAPITALS.
"""


def test_words_in_capitals_are_one_note_each_run_and_not_abbreviations(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    """"WHAT WE HAVE DONE" is one note, with the words in sentence case; its words are not
    abbreviations to explain, nor are "IMPORTANT" or "do NOT", notes of their own.
    Abbreviations side by side ("NHS ICB") are not capitals."""
    root = write_site({
        "content/updates/2023-01.md": "---\ntitle: OUR WINTER UPDATE\ndate: 2023-01-31\n"
                                      "summary: News.\n---\n" + CAPITALS,
        "content/glossary.yaml": "PALS: Patient Advice and Liaison Service\n"})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    update = "content/updates/2023-01.md"
    assert plain_findings(result.stderr, (CAPITALS_GROUP,)) == [
        (f"{update}:2", '"OUR WINTER UPDATE" is written in capitals'),
        (f"{update}:6", '"WHAT WE HAVE DONE IN DECEMBER" is written in capitals'),
        (f"{update}:8", '"PLEASE NOTE" is written in capitals'),
        (f"{update}:9", '"COVID-19 WARD REOPENS" is written in capitals'),
        (f"{update}:9", '"IMPORTANT" is written in capitals'),
        (f"{update}:9", '"MONDAY" is written in capitals'),
        (f"{update}:9", '"NOT" is written in capitals'),
    ], result.stderr  # not the quotation: someone else's words
    assert 'hint: write "What we have done in December": NHS.UK writes in sentence case' \
        in result.stderr
    assert 'hint: write "COVID-19 ward reopens"' in result.stderr  # not a sentence's start
    assert 'hint: write "Monday"' in result.stderr and 'hint: write "not"' in result.stderr
    # The runs' words are not abbreviations, nor are words notices shout, days and months;
    # "ICB" beside "NHS" is one, and so are other words alone (a name in capitals is more
    # often an abbreviation than shouting).
    abbreviations = [message.split('"')[1] for group, _, message in reported(result.stderr)
                     if group == "Abbreviations not explained"]
    assert abbreviations == ["ICB", "SHMI"], result.stderr
    strict = run_journey("build", str(root), "--strict", "--now", "2023-02-01")
    assert "Words written in capitals" not in strict.stderr  # a note: not why it stopped
    root.joinpath("content/site.yaml").write_text(
        DEFAULT_SITE_YAML + "checks:\n  severity:\n    capitals: off\n")
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert plain_findings(result.stderr, (CAPITALS_GROUP,)) == []
    assert "WHAT" not in result.stderr  # nor are its words abbreviations when it is off


TITLE_CASE = """\
## What We Did In October

Text.

## Maternity: What We Learned From Families

## Kestrel Valley General Hospital

## Our visit to the Royal College of Nursing

## A&E And Urgent Care

Text.
"""


def test_headings_and_titles_in_title_case_are_noted_and_names_are_not(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    """A heading with small words capitalised ("In", "Our") beside other capitals; not a
    name ("Kestrel Valley General Hospital"), nor a document's name or a board role."""
    root = write_site({
        "content/updates/2023-01.md": "---\ntitle: Our Plans For The Winter\ndate: 2023-01-31"
                                      "\nsummary: News.\nattachments:\n  - title: Our Plan For "
                                      "The Winter\n    file: assets/plan.pdf\n---\n" + TITLE_CASE,
        "content/assets/plan.pdf": "%PDF-1.4",
        "content/board.yaml": "executive:\n  - name: Dr A Jones\n    role: Director Of The "
                              "Board\n",
    })
    result = run_journey("check", str(root), "--now", "2023-02-01")
    update = "content/updates/2023-01.md"
    assert plain_findings(result.stderr, (TITLE_CASE_GROUP,)) == [
        (f"{update}:2", '"Our Plans For The Winter" is written in title case'),
        (f"{update}:9", '"What We Did In October" is written in title case'),
        (f"{update}:13", '"Maternity: What We Learned From Families" is written in title case'),
        (f"{update}:19", '"A&E And Urgent Care" is written in title case'),
    ], result.stderr
    assert "hint: NHS.UK writes headings and titles in sentence case" in result.stderr
    strict = run_journey("build", str(root), "--strict", "--now", "2023-02-01")
    assert TITLE_CASE_GROUP not in strict.stderr  # a note: never why a build stops
    root.joinpath("content/site.yaml").write_text(
        DEFAULT_SITE_YAML + "checks:\n  severity:\n    title_case: off\n")
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert plain_findings(result.stderr, (TITLE_CASE_GROUP,)) == []
