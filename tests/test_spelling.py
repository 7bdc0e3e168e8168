"""journey check finds words spelt wrongly and American spellings, and nothing else:
names, places, addresses and British words are never flagged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DEFAULT_SITE_YAML, run_journey
from test_check import reported

from generator.quality.spelling import SPELLING_RULES, misspellings, word_lists

SITE_YAML = DEFAULT_SITE_YAML

BODY = """\
## Our plans

We recieve about 40 letters a week.

Teh ward opened in March. Alot of staff helped.

We wrote to the World Health Organization, to Dr Teh and to the Goverment Office.

Our [children's team](https://www.example.org/pediatric/) is at
www.example.org/color and e-mail goverment@example.org; the file is recieve.pdf,
the code `recieve`, the 2nd ward and add-ons.

We were licensed by CQC in 2010, and our GP practice and specialty training focused
on what CQC despatched.

The color of the new signs helps people with dementia, and the center is open.
"""


def spelling_findings(stderr: str) -> list[tuple[str, str, str]]:
    return [(t, w, m) for t, w, m in reported(stderr)
            if t in ("Words spelt wrongly", "American spellings")]


@pytest.fixture
def spelling_site(write_site: Callable[[dict[str, str]], Path]) -> Path:
    return write_site({
        "content/site.yaml": SITE_YAML,
        "content/updates/2023-01.md": "---\ntitle: January update on the pediatric ward\n"
                                      "date: 2023-01-31\nsummary: News.\nvideo:\n  url: "
                                      "https://youtu.be/a\n  title: Our goverment visit\n"
                                      "  transcript: Hello.\nattachments:\n  - title: Our "
                                      "organization chart\n    file: assets/chart.pdf\n"
                                      "---\n" + BODY,
        "content/assets/chart.pdf": "not really a PDF",
        "content/board.yaml": "executive:\n  - name: Dr A Jones\n    role: Cheif Executive\n",
        "content/journey/journey.yaml": "title: Our improvement journey\n",
        "content/journey/actions.yaml": "must_do:\n  - id: MD1\n    status: on_track\n"
                                        "    title: Triage in the center\n    text: Do.\n",
        "content/journey/metrics.yaml": "- id: WAITS\n  unit: '%'\n"
                                        "  title: Patients seen whithin an hour\n"
                                        "  points:\n    - {period: 2023-01, value: 71}\n",
        "content/journey/timeline.yaml": "- when: 2023-03\n  status: planned\n"
                                         "  title: New signs in every color\n",
    })


def test_misspelt_and_american_words_are_found_at_their_line_with_what_to_write(
        spelling_site: Path) -> None:
    result = run_journey("check", str(spelling_site), "--now", "2023-02-01")
    assert "Traceback" not in result.stderr
    update = "content/updates/2023-01.md"
    assert sorted(spelling_findings(result.stderr)) == sorted([
        ("Words spelt wrongly", f"{update}:7", '"goverment" is misspelt'),  # the video's title
        ("American spellings", f"{update}:10", '"organization" is the American spelling'),
        ("Words spelt wrongly", f"{update}:15", '"recieve" is misspelt'),
        ("Words spelt wrongly", f"{update}:17", '"Teh" is misspelt'),  # a sentence's start
        ("Words spelt wrongly", f"{update}:17", '"Alot" is misspelt'),
        ("American spellings", f"{update}:28", '"color" is the American spelling'),
        ("American spellings", f"{update}:28", '"center" is the American spelling'),
        ("Words spelt wrongly", "content/board.yaml:3", '"Cheif" is misspelt'),
        ("American spellings", f"{update}:2", '"pediatric" is the American spelling'),
        ("Words spelt wrongly", "content/journey/metrics.yaml:3", '"whithin" is misspelt'),
        ("American spellings", "content/journey/actions.yaml:4",
         '"center" is the American spelling'),
        ("American spellings", "content/journey/timeline.yaml:3",
         '"color" is the American spelling'),
    ]), result.stderr
    assert 'hint: write "receive"; if it is right as it is (a name, say), add it under ' \
           "known_words: in checks: in site.yaml." in result.stderr
    assert 'hint: write "A lot" or "Allot";' in result.stderr  # in the word's case
    assert 'hint: write "paediatric": NHS websites use British spelling' in result.stderr
    assert '"CODE"' not in result.stderr  # `recieve` was once an abbreviation, "CODE"
    assert result.returncode == 0  # warnings: they stop a strict build only
    strict = run_journey("build", str(spelling_site), "--strict", "--now", "2023-02-01")
    assert strict.returncode == 1 and '"recieve" is misspelt' in strict.stderr


def test_words_the_site_says_are_right_and_rules_turned_off_are_not_reported(
        spelling_site: Path) -> None:
    site_yaml = spelling_site / "content/site.yaml"
    site_yaml.write_text(SITE_YAML + "checks:\n  known_words: [teh, Alot, whithin, Goverment, cheif]\n"
                                     "  severity:\n    american_spelling: off\n")
    result = run_journey("check", str(spelling_site), "--now", "2023-02-01")
    assert spelling_findings(result.stderr) == [
        ("Words spelt wrongly", "content/updates/2023-01.md:15", '"recieve" is misspelt')]
    site_yaml.write_text(SITE_YAML + "checks:\n  severity:\n    spelling: off\n")
    result = run_journey("check", str(spelling_site), "--now", "2023-02-01")
    assert {t for t, _, _ in spelling_findings(result.stderr)} == {"American spellings"}


def test_the_lists_leave_british_english_alone() -> None:
    """codespell's lists are American English's: its misspellings that are British, and
    the American spellings that are British words too, are left out."""
    lists = word_lists()
    assert lists is not None
    for british in ("despatch", "instal", "connexion", "colour", "organise", "programme",
                    "paediatric", "travelled", "ageing"):
        assert british not in lists.words, british
    for also_british in ("licensed", "practice", "specialty", "focused", "story", "meter"):
        assert also_british not in lists.american, also_british
    assert lists.american["color"] == "colour" and lists.american["anesthesia"] == "anaesthesia"
    assert lists.typos["goverment"] == "government"


def test_a_computer_program_is_british_english_an_improvement_program_is_not() -> None:
    lists = word_lists()
    assert lists is not None
    found = misspellings("We bought a computer program and software programs for our "
                         "improvement program.", lists, frozenset(), SPELLING_RULES)
    assert [(f.word, f.fixes, f.at) for f in found] == [("program", ("programme",), 71)]


def test_the_sample_and_starter_sites_have_no_spelling_findings(tmp_path: Path) -> None:
    run_journey("new", "site", str(tmp_path))
    for root in (tmp_path, Path(__file__).resolve().parents[1]):
        result = run_journey("check", str(root))
        assert "Traceback" not in result.stderr
        assert spelling_findings(result.stderr) == [], result.stderr


def test_without_codespell_the_check_says_it_could_not_check_spelling(
        spelling_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A copy of the tool updated without installing it again has no codespell: said,
    with how to install it, rather than passing without a word."""
    from generator.checking import check_site
    from generator.model.site import BuildSettings
    from generator.quality import spelling
    monkeypatch.setattr(spelling, "_data_folder", lambda: None)
    spelling.word_lists.cache_clear()
    try:
        found = check_site(spelling_site, BuildSettings(today=dt.date(2023, 2, 1)),
                           use_cache=False).findings
    finally:
        spelling.word_lists.cache_clear()
    said = [(f.rule, f.pos.path.name, f.message, f.hint) for f in found
            if f.rule in ("spelling", "american_spelling")]
    assert said == [("spelling", "site.yaml", "the spelling could not be checked: codespell, "
                     "which the check needs, is not installed",
                     "install the tool again, as the README says: pip install -e . in its "
                     "folder.")]
