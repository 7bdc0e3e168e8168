"""A statement or page and its translations (translation_of: in theirs) link to each
other, in the page and for search engines; the home page shows the original; the
preview keeps the links true as they are edited, in set and in random saves; journey new
translation starts one."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import POLISH, SMALL_TODAY, URDU, parse, run_journey

from generator.build import build
from generator.content.loader import load_site
from generator.errors import ContentErrors
from generator.incremental import IncrementalBuilder
from generator.model.site import BuildSettings
from generator.rendering import render_site
from generator.serve.advice import findings_in

STATEMENT = """---
title: Our statement on the CQC report
date: 2022-12-12
kind: statement
summary: What we are doing after the inspection.
---
We accept every finding of the CQC.
"""
POLISH_ONE = "2022-12-12-oswiadczenie"
URDU_ONE = "2022-12-13-bayan"
TODAY = SMALL_TODAY


def translations_of(text: str, original: str) -> str:
    """POLISH or URDU, two months later (after the small site's updates), translating
    ``original``."""
    text = text.replace("date: 2022-10-", "date: 2022-12-")
    return text.replace("\n---\n", f"\ntranslation_of: {original}\n---\n", 1).replace(
        "related: [MD3]\n", "").replace("attachments:\n  - {title: Pełny raport, file: "
                                         "assets/raport.pdf}\n", "")


@pytest.fixture
def translated(copy_site: Callable[[str], Path]) -> Path:
    """The small site (it has a glossary and free pages) with a statement in English,
    translated into Polish and Urdu."""
    root = copy_site("small")
    updates = root / "content/updates"
    (updates / "2022-12-12-statement.md").write_text(STATEMENT, encoding="utf-8")
    (updates / f"{POLISH_ONE}.md").write_text(
        translations_of(POLISH, "2022-12-12-statement"), encoding="utf-8")
    (updates / f"{URDU_ONE}.md").write_text(
        translations_of(URDU, "/updates/2022-12-12-statement/"), encoding="utf-8")
    return root


def other_languages(page: object) -> list[tuple[str, str, str, str | None, str | None]]:
    """Each link of the page's list of its other versions: its words, address, hreflang,
    and the lang and dir its language's own name is marked with."""
    links = []
    for link in page.select("nav.versions a"):  # type: ignore[attr-defined]
        own = link.find("span")
        links.append((" ".join(link.get_text().split()), link["href"], link["hreflang"],
                      own.get("lang") if own else None, own.get("dir") if own else None))
    return links


def alternates(page: object) -> list[tuple[str, str]]:
    return [(link["hreflang"], link["href"])
            for link in page.find_all("link", rel="alternate", hreflang=True)]  # type: ignore[attr-defined]


def test_a_statement_and_its_translations_link_to_each_other(translated: Path) -> None:
    build(translated, today=TODAY)
    site = translated / "site"
    english = parse(site / "updates/2022-12-12-statement/index.html")
    assert other_languages(english) == [
        ("Polski (Polish)", f"/updates/{POLISH_ONE}/", "pl", "pl", None),
        ("اردو (Urdu)", f"/updates/{URDU_ONE}/", "ur", "ur", "rtl"),
    ]
    polish = parse(site / f"updates/{POLISH_ONE}/index.html")
    assert other_languages(polish) == [
        ("English", "/updates/2022-12-12-statement/", "en-GB", None, None),
        ("اردو (Urdu)", f"/updates/{URDU_ONE}/", "ur", "ur", "rtl"),
    ]
    # Each names all three for search engines, itself too, by their full addresses.
    every = [("en-GB", "https://rating.fenwold.example/updates/2022-12-12-statement/"),
             ("pl", f"https://rating.fenwold.example/updates/{POLISH_ONE}/"),
             ("ur", f"https://rating.fenwold.example/updates/{URDU_ONE}/")]
    for page in (english, polish, parse(site / f"updates/{URDU_ONE}/index.html")):
        assert alternates(page) == every
    # and so does the sitemap, for each of them
    names = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
             "x": "http://www.w3.org/1999/xhtml"}
    for url in ElementTree.parse(site / "sitemap.xml").getroot().findall("s:url", names):
        address = url.findtext("s:loc", namespaces=names)
        links = [(link.get("hreflang"), link.get("href"))
                 for link in url.findall("x:link", names)]
        assert links == (every if address in dict(every).values() else []), address
    # and so does the feed's entry for each
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(site / "feed.xml").getroot()
    for entry in feed.findall("a:entry", atom):
        address = entry.findtext("a:id", namespaces=atom)
        links = [(link.get("hreflang"), link.get("href"))
                 for link in entry.findall("a:link[@hreflang]", atom)]
        assert links == ([pair for pair in every if pair[1] != address]
                         if address in dict(every).values() else []), address
    # and in their JSON-LD, which translates which
    article = json.loads(polish.find("script", type="application/ld+json").string)
    assert article["translationOfWork"] == {"@id": every[0][1]}
    article = json.loads(english.find("script", type="application/ld+json").string)
    assert article["workTranslation"] == [{"@id": every[1][1]}, {"@id": every[2][1]}]
    # The glossary's English meanings are for English words: not marked in a translation.
    assert english.select_one("main abbr[title='Care Quality Commission']")
    assert not polish.select("main abbr")
    # An update without translations lists none.
    other = parse(site / "updates/2022-10-update/index.html")
    assert not other.select("nav.versions") and not alternates(other)


def test_the_home_page_shows_the_original_and_links_its_translations(translated: Path) -> None:
    """The Urdu translation is the newest update, but the home page shows the statement it
    translates, with links to both translations, and lists neither among the earlier."""
    build(translated, today=TODAY)
    home = parse(translated / "site/index.html")
    assert home.select_one("#latest-title").get_text() == (
        "Latest update: Our statement on the CQC report")
    assert [text for text, *_ in other_languages(home)] == ["Polski (Polish)", "اردو (Urdu)"]
    earlier = [a.get_text() for a in home.select(".update-list__title a")]
    assert earlier and not {"Nasze Oświadczenie W Sprawie Raportu", "ہمارا بیان"} & set(earlier)
    assert not alternates(home)  # the home page is not a version of the statement
    # The list of every update lists them, each in its language, and says which it is.
    listed = parse(translated / "site/updates/index.html")
    entries = {item.select_one(".update-list__title a").get_text():
               [tag.get_text() for tag in item.select(".tag")]
               for item in listed.select(".update-list__item")}
    assert entries["ہمارا بیان"] == ["Public statement", "In Urdu"]
    assert entries["Our statement on the CQC report"] == ["Public statement"]


def test_a_translations_page_history_is_in_its_language(translated: Path) -> None:
    """Whoever edits a translation writes its changes' notes in its language (WCAG 3.1.2:
    a screen reader speaks them in it); the dates and the rest are the site's, in English."""
    polish = translated / f"content/updates/{POLISH_ONE}.md"
    polish.write_text(polish.read_text(encoding="utf-8").replace(
        "language: Polish\n", "language: Polish\nchanges: [{date: 2022-12-14, note: "
        "Poprawiliśmy datę spotkania.}]\n"), encoding="utf-8")
    build(translated, today=TODAY)
    page = parse(translated / f"site/updates/{POLISH_ONE}/index.html")
    notes = [(item.time.get_text(), item.span.get("lang") if item.span else None,
              " ".join(item.get_text().split())) for item in page.select("#page-history li")]
    assert notes == [
        ("14 December 2022", "pl", "14 December 2022: Poprawiliśmy datę spotkania."),
        ("12 December 2022", None, "12 December 2022: First published.")]


def test_translations_into_two_scripts_of_a_language_are_told_apart(translated: Path) -> None:
    """Trusts publish in Chinese twice, Simplified and Traditional: each is named so."""
    for language in ("Simplified Chinese", "zh-Hant"):
        made = run_journey("new", "translation", "2022-12-12-statement", str(translated),
                           "--language", language)
        assert made.returncode == 0, made.stderr
    updates = translated / "content/updates"
    for name in ("chinese-simplified", "chinese-traditional"):
        path = updates / f"2022-12-12-statement-{name}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false")
                        .replace("We accept", "我们接受"), encoding="utf-8")
    build(translated, today=TODAY)
    english = parse(translated / "site/updates/2022-12-12-statement/index.html")
    assert other_languages(english) == [  # by their English names
        ("中文（简体） (Chinese, Simplified)",
         "/updates/2022-12-12-statement-chinese-simplified/", "zh-Hans", "zh-Hans", None),
        ("中文（繁體） (Chinese, Traditional)",
         "/updates/2022-12-12-statement-chinese-traditional/", "zh-Hant", "zh-Hant", None),
        ("Polski (Polish)", f"/updates/{POLISH_ONE}/", "pl", "pl", None),
        ("اردو (Urdu)", f"/updates/{URDU_ONE}/", "ur", "ur", "rtl"),
    ]
    made = (translated / "content/updates/2022-12-12-statement-chinese-simplified.md").read_text(
        encoding="utf-8")
    assert "\nlanguage: Chinese (Simplified)\n" in made  # as an editor would name it


def test_a_page_and_its_translation_link_to_each_other(translated: Path) -> None:
    (translated / "content/pages/o-nas.md").write_text(
        "---\ntitle: O nas\nlanguage: Polski\ntranslation_of: about.md\n---\nZapraszamy.\n",
        encoding="utf-8")
    build(translated, today=TODAY)
    about = parse(translated / "site/about/index.html")
    assert other_languages(about) == [("Polski (Polish)", "/o-nas/", "pl", "pl", None)]
    polish = parse(translated / "site/o-nas/index.html")
    assert other_languages(polish) == [("English", "/about/", "en-GB", None, None)]
    # It is reached from the page it translates, not from every page's navigation.
    navigation = [a.get_text() for a in polish.select(".navigation__link, .footer__link")]
    assert "About" in " ".join(navigation) and "O nas" not in navigation


def test_a_translation_published_before_its_original_stops_the_build(translated: Path) -> None:
    statement = translated / "content/updates/2022-12-12-statement.md"
    statement.write_text(STATEMENT.replace("kind: statement\n",
                                           "kind: statement\npublish_date: 2023-01-20\n"),
                         encoding="utf-8")
    result = run_journey("build", str(translated), "--now", TODAY.isoformat())
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (f"content/updates/{POLISH_ONE}.md:7:17: error: \"2022-12-12-statement\", which "
            "this one translates, is not published yet (not until 20 January 2023)"
            in result.stderr), result.stderr
    assert not (translated / "site").exists()  # nothing half-built


SETTINGS = BuildSettings(today=SMALL_TODAY, drafts=True)


def test_saves_to_translations_in_a_row_each_match_a_full_build(translated: Path) -> None:
    """The preview reuses an update's page while what it shows is the same: a
    translation's language, or whether it is one, changes its original's page too."""
    builder = IncrementalBuilder(translated, SETTINGS)
    builder.rebuild()
    polish = translated / f"content/updates/{POLISH_ONE}.md"
    urdu = translated / f"content/updates/{URDU_ONE}.md"
    english = translated / "content/updates/2022-12-12-statement.md"
    polish_text = polish.read_text(encoding="utf-8")
    steps: list[tuple[Path, str | None, set[str] | None]] = [
        (polish, polish_text.replace("Dziękujemy", "Bardzo dziękujemy"),
         {f"updates/{POLISH_ONE}/index.html", "feed.xml"}),  # its text: its page alone
        (polish, polish_text.replace("language: Polish", "language: Czech"), None),
        (urdu, None, None),  # deleted: the others no longer link to it
        (polish, polish_text.replace("translation_of: 2022-12-12-statement\n", ""), None),
        (urdu, translations_of(URDU, "2022-12-12-statement"), None),  # made again
        (english, STATEMENT.replace("We accept", "We have accepted"),
         {"updates/2022-12-12-statement/index.html", "feed.xml"}),
        (polish, polish_text, None),
    ]
    for file, text, rendered in steps:
        if text is None:
            file.unlink()
        else:
            file.write_text(text, encoding="utf-8")
        result = builder.rebuild({file})
        expected = render_site(translated, SETTINGS, fingerprinted=False)[1]
        assert result.snapshot.pages == expected, (file.name, text)
        if rendered is not None:
            assert set(result.rendered) == rendered, (file.name, text)
    english_page = result.snapshot.pages["updates/2022-12-12-statement/index.html"]
    assert b'hreflang="pl"' in english_page and b'hreflang="ur"' in english_page
    english.unlink()  # its translations now translate nothing: an error, the site kept
    with pytest.raises(ContentErrors) as raised:
        builder.rebuild({english})
    assert {e.message for e in raised.value.errors} == {
        'there is no update called "2022-12-12-statement" for this one to translate'}


def test_journey_new_translation_starts_one_from_the_original(translated: Path) -> None:
    result = run_journey("new", "translation", "2022-12-12-statement.md", str(translated),
                         "--language", "Tigrinya")
    assert result.returncode == 0, result.stderr
    made = translated / "content/updates/2022-12-12-statement-tigrinya.md"
    assert str(made) in result.stdout
    text = made.read_text(encoding="utf-8")
    assert "language: Tigrinya\ntranslation_of: 2022-12-12-statement\ndraft: true\n" in text
    assert "date: 2022-12-12\nkind: statement\n" in text
    assert text.endswith("We accept every finding of the CQC.\n")  # for the translator
    build(translated, today=TODAY, drafts=True)
    draft = parse(translated / "site/updates/2022-12-12-statement-tigrinya/index.html")
    assert other_languages(draft)[0][0] == "English"
    assert ("ትግርኛ (Tigrinya)", "/updates/2022-12-12-statement-tigrinya/", "ti", "ti",
            None) in other_languages(parse(
                translated / "site/updates/2022-12-12-statement/index.html"))
    # Published as it was made, it is still in English: journey check says so.
    made.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    checked = run_journey("check", str(translated), "--now", TODAY.isoformat())
    assert ("Translations still in English: 1 warning (untranslated)\n  content/updates/"
            "2022-12-12-statement-tigrinya.md:1: this Tigrinya translation has the same "
            "title, summary and text as 2022-12-12-statement.md, in English") in checked.stdout + checked.stderr
    again = run_journey("new", "translation", "2022-12-12-statement", str(translated),
                        "--language", "ti")
    assert again.returncode == 1 and "already exists; nothing was changed" in again.stderr
    unknown = run_journey("new", "translation", "2022-12-21-statement", str(translated),
                          "--language", "Polish")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert 'there is no update or page called "2022-12-21-statement"' in unknown.stderr
    english = run_journey("new", "translation", "about", str(translated), "--language", "en")
    assert english.returncode == 1 and "is not a language to translate into" in english.stderr
    misspelt = run_journey("new", "translation", "about", str(translated), "--language", "Polsih")
    assert misspelt.returncode == 1 and 'hint: did you mean "Polish"?' in misspelt.stderr
    (translated / "content/rating.yaml").write_text("overall: [", encoding="utf-8")
    broken = run_journey("new", "translation", "about", str(translated), "--language", "pl")
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert "the site has errors" in broken.stderr and "journey check" in broken.stderr


LANGUAGES = ("Polish", "Urdu", "Czech", "Welsh", "Hebrew", "pa-PK")  # the last two: CLDR's


def random_translation_save(rng: random.Random, updates: Path, step: int) -> set[Path]:
    """One random save of the translations in ``updates`` (named t-*.md): a new one, one
    deleted, its language, what it translates (or nothing), its text, or the date of an
    update it may translate. It may make a mistake (two into one language): the loader
    says so, and the next save may mend it."""
    originals = sorted(p for p in updates.glob("*.md") if not p.name.startswith("t-"))
    translations = sorted(updates.glob("t-*.md"))
    action = rng.choice(["new", "new", "delete", "language", "of", "text", "redate"])
    if action == "new" or not translations:
        made = updates / f"t-{step}.md"
        made.write_text(f"---\ntitle: T{step}\ndate: 2022-10-1{rng.randint(0, 9)}\n"
                        f"summary: S.\nlanguage: {rng.choice(LANGUAGES)}\ntranslation_of: "
                        f"{rng.choice(originals).stem}\n---\nTekst {step}.\n", encoding="utf-8")
        return {made}
    if action == "redate":
        target = rng.choice(originals)
        text = target.read_text(encoding="utf-8")
        start = text.index("date: ") + 6
        target.write_text(f"{text[:start]}2022-10-2{rng.randint(0, 9)}{text[start + 10:]}",
                          encoding="utf-8")
        return {target}
    target = rng.choice(translations)
    if action == "delete":
        target.unlink()
        return {target}
    lines = target.read_text(encoding="utf-8").split("\n")
    if action == "language":
        lines = [f"language: {rng.choice(LANGUAGES)}" if line.startswith("language:")
                 else line for line in lines]
    elif action == "of":
        lines = [line for line in lines if not line.startswith("translation_of:")]
        if rng.random() < 0.7:
            lines.insert(3, f"translation_of: {rng.choice(originals).stem}")
    else:
        lines.insert(-1, f"Więcej {step}.")
    target.write_text("\n".join(lines), encoding="utf-8")
    return {target}


@pytest.mark.parametrize("seed", [1, 3, 6])
def test_random_saves_of_translations_each_match_a_full_build(translated: Path,
                                                              seed: int) -> None:
    """The preview's pages after each save are a full build's, or both refuse the save:
    the memo of update pages follows which translates which as they change."""
    for name in (POLISH_ONE, URDU_ONE):  # the fixture's two, as random ones
        path = translated / f"content/updates/{name}.md"
        path.rename(path.with_name(f"t-{name}.md"))
    builder = IncrementalBuilder(translated, SETTINGS)
    builder.rebuild()
    rng = random.Random(seed)
    matched = failed = 0
    for step in range(30):
        touched = random_translation_save(rng, translated / "content/updates", step)
        try:
            expected = render_site(translated, SETTINGS, fingerprinted=False)[1]
        except ContentErrors:
            with pytest.raises(ContentErrors):
                builder.rebuild(touched)
            failed += 1
            continue
        assert builder.rebuild(touched).snapshot.pages == expected, step
        matched += 1
    assert matched > 15 and failed  # the run went through mistakes and out of them


def test_a_page_lists_what_is_in_each_other_language(translated: Path) -> None:
    """Linked from every page's footer: each language by its own name, and in it the
    updates and pages written in it."""
    (translated / "content/pages/o-nas.md").write_text(
        "---\ntitle: O nas\nlanguage: Polish\n---\nZapraszamy.\n", encoding="utf-8")
    build(translated, today=TODAY)
    site = translated / "site"
    page = parse(site / "other-languages/index.html")
    assert page.h1.get_text() == "Information in other languages"
    contents = [(a.get_text(), a["href"]) for a in page.select(".languages__contents a")]
    assert contents == [("Polski (Polish)", "#language-pl"), ("اردو (Urdu)", "#language-ur")]
    sections = {" ".join(s.h2.get_text().split()): [
        (a.get_text(), a["href"], a.get("lang")) for a in s.select("a")]
        for s in page.select("main section[aria-labelledby^=language-]")}
    assert sections == {
        "Polski (Polish)": [("Nasze Oświadczenie W Sprawie Raportu", f"/updates/{POLISH_ONE}/",
                             "pl"), ("O nas", "/o-nas/", "pl")],
        "اردو (Urdu)": [("ہمارا بیان", f"/updates/{URDU_ONE}/", "ur")]}
    assert page.select_one("#language-ur span")["dir"] == "rtl"
    ask = page.select_one("section[aria-labelledby=ask-title] p")  # from site.yaml
    assert [a["href"] for a in ask.select("a")] == ["mailto:rating@fenwold.example",
                                                    "tel:01632960123"]
    assert not page.select("main abbr")  # the glossary's meanings are English
    for shown in ("index.html", "updates/2022-10-update/index.html", "about/index.html"):
        footer = parse(site / shown).select(".footer__link")
        assert "/other-languages/" in [a["href"] for a in footer], shown
    # The home page names each language at its top, by its own name, for its readers.
    home = parse(site / "index.html")
    assert [(a.get_text(), a["href"], a["hreflang"]) for a in home.select(".other-languages a")
            ] == [("Polski", "/other-languages/#language-pl", "pl"),
                  ("اردو", "/other-languages/#language-ur", "ur")]
    assert home.select_one(".other-languages a span[lang=ur]")["dir"] == "rtl"
    # Without anything in another language, there is neither the page nor the link.
    for path in (translated / "content/updates").glob("2022-12-1[23]-[ob]*.md"):
        path.unlink()
    (translated / "content/pages/o-nas.md").unlink()
    build(translated, today=TODAY)
    assert not (site / "other-languages").exists()
    assert "other-languages" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_sites_own_page_of_other_languages_is_kept(translated: Path) -> None:
    (translated / "content/pages/other-languages.md").write_text(
        "---\ntitle: Our leaflets in other languages\n---\nAsk us for one.\n",
        encoding="utf-8")
    build(translated, today=TODAY)
    page = parse(translated / "site/other-languages/index.html")
    assert page.h1.get_text() == "Our leaflets in other languages"
    footer = [a["href"] for a in page.select(".footer__link")]
    assert footer.count("/other-languages/") == 1
    home = parse(translated / "site/index.html")  # its languages link to it as it is
    assert {a["href"] for a in home.select(".other-languages a")} == {"/other-languages/"}


def test_the_first_update_in_another_language_adds_the_footer_link_to_every_page(
        translated: Path) -> None:
    polish = translated / f"content/updates/{POLISH_ONE}.md"
    urdu = translated / f"content/updates/{URDU_ONE}.md"
    polish_text = polish.read_text(encoding="utf-8")
    urdu.unlink()
    polish.write_text(polish_text.replace("language: Polish\n", "").replace(
        "translation_of: 2022-12-12-statement\n", ""), encoding="utf-8")
    builder = IncrementalBuilder(translated, SETTINGS)
    builder.rebuild()
    for text in (polish_text, polish_text.replace("language: Polish", "language: Czech"),
                 polish_text.replace("language: Polish\n", "").replace(
                     "translation_of: 2022-12-12-statement\n", "")):
        polish.write_text(text, encoding="utf-8")
        result = builder.rebuild({polish})
        assert result.snapshot.pages == render_site(translated, SETTINGS,
                                                    fingerprinted=False)[1]
        has_link = b"/other-languages/" in result.snapshot.pages["about/index.html"]
        assert has_link == ("language:" in text)


def test_a_translation_older_than_what_it_translates_is_named(translated: Path) -> None:
    """By journey check, and by the preview as the English one is saved."""
    english = translated / "content/updates/2022-12-12-statement.md"
    english.write_text(STATEMENT.replace(
        "kind: statement\n", "kind: statement\nchanges:\n  - {date: 2022-12-20, note: "
        "Added what we did next.}\n"), encoding="utf-8")
    checked = run_journey("check", str(translated), "--now", TODAY.isoformat())
    said = checked.stdout + checked.stderr
    assert ("Translations older than what they translate: 2 warnings (translation_outdated)\n"
            f"  content/updates/{POLISH_ONE}.md:1: 2022-12-12-statement.md, which this Polish "
            "translation translates, changed on 20 December 2022, after this was last changed "
            "(12 December 2022)") in said, said
    site = load_site(translated, SETTINGS)
    saved = findings_in(site, {english})
    assert {path.name: [f.rule for f in found] for path, found in saved.items() if found} == {
        f"{POLISH_ONE}.md": ["translation_outdated"], f"{URDU_ONE}.md": ["translation_outdated"]}
    # Once a translation says it was changed since, it is not named.
    polish = translated / f"content/updates/{POLISH_ONE}.md"
    polish.write_text(polish.read_text(encoding="utf-8").replace(
        "language: Polish\n", "language: Polish\nchanges: [{date: 2022-12-21, note: Dodano.}]\n"),
        encoding="utf-8")
    checked = run_journey("check", str(translated), "--now", TODAY.isoformat())
    said = checked.stdout + checked.stderr
    assert "1 warning (translation_outdated)" in said and POLISH_ONE not in said, said
