"""An update or page written in another language (language: in its front matter): each
part of it that a page shows is marked so a screen reader speaks it in that language,
and the checks of English leave its words alone."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import POLISH, SITES, URDU, parse, run_journey

from generator.build import build
from generator.model.languages import Language, code_of

TODAY = dt.date(2022, 10, 15)
@pytest.fixture
def translated(copy_site: Callable[[str], Path]) -> Path:
    """The journey fixture site with a statement in Polish and one in Urdu."""
    root = copy_site("journey")
    (root / "content/updates/2022-10-12-oswiadczenie.md").write_text(POLISH, encoding="utf-8")
    (root / "content/updates/2022-10-13-bayan.md").write_text(URDU, encoding="utf-8")
    (root / "content/assets").mkdir(exist_ok=True)
    shutil.copy(next(SITES.rglob("*.pdf")), root / "content/assets/raport.pdf")
    return root


def marked(soup: object, selector: str) -> list[tuple[str, str | None, str | None]]:
    """The text, lang and dir of each element ``selector`` finds."""
    return [(" ".join(el.get_text().split()), el.get("lang"), el.get("dir"))
            for el in soup.select(selector)]  # type: ignore[attr-defined]


def test_each_part_of_a_translated_update_says_its_language(translated: Path) -> None:
    build(translated, today=TODAY)
    site = translated / "site"
    polish = parse(site / "updates/2022-10-12-oswiadczenie/index.html")
    assert marked(polish, "h1") == [("Nasze Oświadczenie W Sprawie Raportu", "pl", None)]
    assert marked(polish, ".lede") == [("Co robimy po inspekcji, po polsku.", "pl", None)]
    body = marked(polish, ".update__body")
    assert body[0][0].startswith("Dziękujemy pracownikom.") and body[0][1:] == ("pl", None)
    assert marked(polish, ".attachment__link") == [("Pełny raport", "pl", None)]
    # The page's own words stay in the site's language.
    assert polish.html["lang"] == "en-GB"
    assert polish.select_one(".update__date").get("lang") is None
    article = json.loads(polish.find("script", type="application/ld+json").string)
    assert article["inLanguage"] == "pl"  # for search engines
    urdu = parse(site / "updates/2022-10-13-bayan/index.html")
    assert marked(urdu, "h1") == [("ہمارا بیان", "ur", "rtl")]
    # Where they are listed: the list of updates, the home page, the action they are about.
    listed = parse(site / "updates/index.html")
    titles = {text: (lang, direction) for text, lang, direction in
              marked(listed, ".update-list__title a")}
    assert titles["ہمارا بیان"] == ("ur", "rtl")
    assert titles["Nasze Oświadczenie W Sprawie Raportu"] == ("pl", None)
    assert all(lang is None for text, (lang, _) in titles.items()
               if text not in ("ہمارا بیان", "Nasze Oświadczenie W Sprawie Raportu"))
    assert ("Co robimy po inspekcji, po polsku.", "pl", None) in marked(
        listed, ".update-list__summary")
    home = parse(site / "index.html")  # its latest update is the one in Urdu
    assert marked(home, "#latest-title span") == [("ہمارا بیان", "ur", "rtl")]
    assert marked(home, ".latest-update .update__body")[0][1:] == ("ur", "rtl")
    action = parse(site / "journey/actions/md3/index.html")
    mentions = marked(action, "section[aria-labelledby=mentions-title] li a")
    assert ("Nasze Oświadczenie W Sprawie Raportu", "pl", None) in mentions
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert '<entry xml:lang="pl">' in feed and '<entry xml:lang="ur">' in feed
    assert feed.count("<entry>") == feed.count("<entry") - 2  # the English ones: unmarked


def test_a_translated_page_says_its_language(translated: Path) -> None:
    (translated / "content/pages").mkdir(exist_ok=True)
    (translated / "content/pages/po-polsku.md").write_text(
        "---\ntitle: Informacje po polsku\nlanguage: pl\n---\nZapraszamy.\n",
        encoding="utf-8")
    build(translated, today=TODAY)
    page = parse(translated / "site/po-polsku/index.html")
    assert marked(page, "h1") == [("Informacje po polsku", "pl", None)]
    assert page.find("p", string="Zapraszamy.").parent.get("lang") == "pl"
    home = parse(translated / "site/index.html")  # the navigation, on every page
    assert [(a.get("lang"), a.get_text()) for a in home.select(".navigation__link")
            if a.get("lang")] == [("pl", "Informacje po polsku")]
    assert ("pl", "Informacje po polsku") in [
        (a.get("lang"), a.get_text()) for a in home.select(".footer__link")]


def test_the_checks_of_english_leave_a_translation_alone(translated: Path) -> None:
    """A date and a time as Poland writes them, and words in capitals: found in the same
    words without language:, not in the Polish statement."""
    english = translated / "content/updates/2022-10-14-english.md"
    english.write_text(POLISH.replace("language: Polish\n", "").replace("related: [MD3]\n", ""),
                       encoding="utf-8")
    result = run_journey("check", str(translated), "--now", TODAY.isoformat())
    assert "Traceback" not in result.stderr
    found: dict[str, list[str]] = {}
    rule = ""
    said = result.stderr + result.stdout  # findings, then the count
    for line in said.splitlines():
        if line.endswith(")") and ": " in line and not line.startswith(" "):
            rule = line.rsplit("(", 1)[-1].rstrip(")")  # "...: 2 notes (date_style)"
        elif line.startswith("  content/updates/"):
            found.setdefault(line.split(":")[0].strip(), []).append(rule)
    assert sorted(found.get("content/updates/2022-10-14-english.md", [])) == [
        "capitals", "date_style", "date_style"], said
    assert "content/updates/2022-10-12-oswiadczenie.md" not in found, said


def test_the_page_at_a_translations_old_address_links_to_it_in_its_language(
        translated: Path) -> None:
    statement = translated / "content/updates/2022-10-12-oswiadczenie.md"
    statement.write_text(statement.read_text(encoding="utf-8").replace(
        "kind: statement\n", "kind: statement\nold_addresses: [/updates/stare/]\n"),
        encoding="utf-8")
    build(translated, today=TODAY)
    moved = parse(translated / "site/updates/stare/index.html")
    assert marked(moved, "main p a") == [("Nasze Oświadczenie W Sprawie Raportu", "pl", None)]


@pytest.mark.parametrize(("written", "code", "english", "own"), [
    ("Polish", "pl", "Polish", "Polski"),  # journey's own names for the languages
    ("Polski", "pl", "Polish", "Polski"),  # England speaks most after English
    ("pl-PL", "pl-PL", "Polish", "Polski"),
    # A script named, or implied by the region when not the language's usual one.
    ("PA-pk", "pa-PK", "Punjabi (Arabic)", "پنجابی (عربی)"),
    ("Traditional Chinese", "zh-Hant", "Chinese (Traditional)", "中文（繁體）"),
    ("zh-Hans", "zh-Hans", "Chinese (Simplified)", "中文（简体）"),
    ("Chinese (Simplified)", "zh-Hans", "Chinese (Simplified)", "中文（简体）"),  # as named
    ("Portuguese (Brazil)", "pt-BR", "Portuguese", "Português"),
    ("Hebrew", "he", "Hebrew", "עברית"),  # any other, by CLDR's names
    ("עברית", "he", "Hebrew", "עברית"),
    ("Sylheti", "syl", "Sylheti", "Sylheti"),  # CLDR has no name of its own for it
    ("hy", "hy", "Armenian", "Հայերեն"),  # "հայերեն": a capital, as a heading has
    ("Kurdish (Sorani)", "ckb", "Central Kurdish", "کوردیی ناوەندی"),
])
def test_a_language_is_known_by_its_name_or_its_registered_code(
        written: str, code: str, english: str, own: str) -> None:
    found = code_of(written)
    assert found == code
    assert (Language(found).english_name, Language(found).own_name) == (english, own)


@pytest.mark.parametrize(("code", "direction"), [
    ("ur", "rtl"), ("pl", "ltr"), ("pa", "ltr"),  # Punjabi: Gurmukhi, left to right
    ("pa-PK", "rtl"), ("pa-Arab", "rtl"),  # as written in Pakistan: Arabic script
    ("ks", "rtl"), ("syr", "rtl"), ("sd-Deva", "ltr"), ("ku", "ltr"), ("ku-Arab", "rtl"),
])
def test_a_language_is_set_in_the_direction_of_its_script(code: str, direction: str) -> None:
    assert Language(code).direction == direction


@pytest.mark.parametrize("written", ["zz", "po", "yes", "und", "qaa", "Polsih",
                                     "Chief Executive"])
def test_a_code_no_language_has_is_not_taken_for_one(written: str) -> None:
    """Well formed as a code, but no language's ("zz", or "po" for Polish; "und" is
    undetermined, "qaa" for private use), or no name."""
    assert code_of(written) is None


def test_a_statement_in_a_language_journey_has_no_table_for_is_marked_and_listed(
        translated: Path) -> None:
    hebrew = translated / "content/updates/2022-10-14-hebrew.md"
    hebrew.write_text("---\ntitle: הצהרה\ndate: 2022-10-14\nkind: statement\n"
                      "language: Hebrew\nsummary: בקצרה.\n---\nטקסט.\n", encoding="utf-8")
    build(translated, today=TODAY)
    page = parse(translated / "site/updates/2022-10-14-hebrew/index.html")
    assert marked(page, "h1") == [("הצהרה", "he", "rtl")]
    languages = parse(translated / "site/other-languages/index.html")
    assert [" ".join(h.get_text().split()) for h in languages.select("main h2")
            ][:3] == ["עברית (Hebrew)", "Polski (Polish)", "اردو (Urdu)"]  # by English name
