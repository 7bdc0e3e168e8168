"""journey check: every finding at the right file and line, severities from site.yaml,
--strict, --external against a real local server, and the generated accessibility statement.

tests/sites/findings is seeded with one instance of every finding.
"""

from __future__ import annotations

import datetime as dt
import http.server
import re
import shutil
import subprocess
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import DEFAULT_SITE_YAML, REPO, SITES, SMALL_TODAY, build_copy, parse, run_journey

from generator.content.loader import load_site
from generator.model.site import BuildSettings
from generator.quality import pdf_files, template_files
from generator.quality.memo import CheckMemo
from generator.quality.nhs_abbreviations import STANDS_FOR

FINDINGS_NOW = "2023-04-01"
UPDATE = "content/updates/2023-01-update.md"

# (group title, where, start of the message) for each seeded finding.
EXPECTED = {
    ("Links to pages that do not exist", f"{UPDATE}:8", "the link /no-such-page/"),
    ("Links to a part of a page that does not exist", f"{UPDATE}:10",
     "the link /updates/2023-01-statement/#no-such-heading"),
    ("Links to files that do not exist", f"{UPDATE}:12", "the link /assets/missing.pdf"),
    ("Links to drafts or embargoed updates", f"{UPDATE}:14", "the link /updates/2023-02-draft/"),
    ("Images without alt text", f"{UPDATE}:16", "the image /assets/photo.png has no alt text"),
    ("Headings that skip a level or are empty", f"{UPDATE}:18", "a level 4 heading after level 2"),
    ("Text made a heading by a line of --- under it", f"{UPDATE}:29",
     'the line of --- under "We will write again in March." makes that text a heading'),
    ("Bold text standing for a heading", f"{UPDATE}:33",
     '"Who we heard from" is bold text standing for a heading'),
    ("Links to your computer or your organisation's network", f"{UPDATE}:37",
     "the link C:\\Plans\\plan.docx is a file on your computer"),
    ("Links that need a staff login", f"{UPDATE}:39",
     "the link https://ashbymarsh.sharepoint.com/sites/board goes to SharePoint"),
    ("Tables without headers", f"{UPDATE}:20", "a table with empty headers"),
    ("Table cells that are not shown", "content/journey/actions.yaml:13",
     'a row of the table has 3 cells but the table has 2 columns, so "of 14" is not shown'),
    ("Link text that does not say where it goes", f"{UPDATE}:24", 'the link text "click here"'),
    ("Very long sentences", f"{UPDATE}:26", "a sentence of 32 words"),
    ("Abbreviations not explained", f"{UPDATE}:26", '"ICS" is not explained'),
    ("Words spelt wrongly", f"{UPDATE}:4", '"acheived" is misspelt'),
    ("American spellings", f"{UPDATE}:8", '"pediatric" is the American spelling'),
    ("Pages that are hard to read", "content/pages/governance.md:4", "this text has a reading age"),
    ("Regulation 20A: the rating on the home page", "templates/home.html",
     "the home page does not show the CQC rating panel"),
    ("Regulation 20A: the rating on every page", "templates/glossary.html",
     "glossary/index.html does not show the CQC rating"),
    ("Content warnings", "content/updates/2023-01-statement.md:1", "the update \"Statement"),
    ("Monthly updates overdue", f"{UPDATE}:1", "the latest monthly update is 60 days old"),
    ("Figures not updated", "content/journey/metrics.yaml:1",
     'the latest figure for "Patients seen within an hour" is for October 2022'),
    ("Drafts past their publish date", "content/updates/2023-02-draft.md:1",
     'the update "February 2023 update" is still a draft, though it was due to be published '
     "on 1 March 2023"),
    ("Actions past their due date", "content/journey/actions.yaml:2",
     "action MD1 was due on 28 February 2023"),
    ("Milestones still planned after their date", "content/journey/timeline.yaml:1",
     'the milestone "The new ward opens" (February 2023) is still planned, though its date '
     "has passed"),
    ("CQC has published something newer", "content/rating.yaml:1",
     "CQC published a newer report for Ashby Marsh"),
    ("CQC has published something newer", "content/rating.yaml:1",
     "CQC's rating of Ashby Marsh Hospitals NHS Trust (RZ1) was published more than 21 days"),
    ("Accessibility statement", "content/site.yaml",
     "the accessibility statement does not say when it was prepared"),
    ("Markdown shown as it is typed", f"{UPDATE}:31",
     '"#What happens next" is shown as it is typed, not as a heading'),
    ("Images too big for a phone", "content/assets/photo.png",
     "the image assets/photo.png is 1KB, so a page showing it loads slowly"),
    ("Example words from the starter site, not yet replaced", "content/journey/journey.yaml:2",
     '"example.nhs.uk" is the starter site\'s example'),
    ("Templates with mistakes that no page uses yet", "templates/partials/quote.html:3",
     "template syntax error: Unexpected end of template"),
    ("PDFs not everyone can read", "content/assets/plan.pdf",
     "the PDF assets/plan.pdf is not tagged (its headings, lists and tables are read as one "
     "run of words) and does not say what language it is in, so not everyone can read it"),
}


def reported(stderr: str) -> list[tuple[str, str, str]]:
    """(group title, path:line, message) for each finding in check's output."""
    found, title = [], ""
    for line in stderr.splitlines():
        heading = re.match(r"^(\S.*): \d+ (errors?|warnings?|notes?) \(\w+\)$", line)
        if heading:
            title = heading.group(1)
        entry = re.match(r"^  (\S+?): (.*)$", line)
        if entry and not line.startswith("    "):
            found.append((title, entry.group(1), entry.group(2)))
    return found


def findings_under(title: str, root: Path,
                   ) -> tuple[list[tuple[str, str]], subprocess.CompletedProcess[str]]:
    """journey check's findings under the heading ``title`` in the site at ``root`` (where,
    message), and the check's run (for its hints)."""
    result = run_journey("check", str(root), "--now", "2023-02-01")
    return [(where, message) for heading, where, message in reported(result.stderr)
            if heading == title], result


def markdown_slips(root: Path,
                   ) -> tuple[list[tuple[str, str]], subprocess.CompletedProcess[str]]:
    return findings_under("Markdown shown as it is typed", root)


def january_update(body: str) -> dict[str, str]:
    """The files of a site with one update, January 2023's, whose text is ``body``."""
    return {"content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\n"
                                          "summary: News.\n---\n" + body}


@pytest.fixture
def findings_site(tmp_path: Path) -> Path:
    root = tmp_path / "findings"
    shutil.copytree(SITES / "findings", root)
    return root


def test_every_seeded_finding_is_reported_at_its_file_and_line(findings_site: Path) -> None:
    result = run_journey("check", str(findings_site), "--now", FINDINGS_NOW)
    assert "Traceback" not in result.stderr
    found = reported(result.stderr)
    for title, where, message in EXPECTED:
        assert any(t == title and w == where and m.startswith(message)
                   for t, w, m in found), (title, where, message, found)
    assert len(found) == len(EXPECTED), found  # nothing reported twice, nothing extra
    assert result.returncode == 1  # there are errors
    assert "Checked 13 pages: 8 errors, 21 warnings, 5 notes." in result.stdout
    # Each finding has a hint under it.
    lines = result.stderr.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^  \S+?: ", line):
            assert lines[i + 1].startswith("    hint: "), line


def test_strict_build_fails_on_findings_and_writes_nothing(findings_site: Path) -> None:
    result = run_journey("build", str(findings_site), "--strict", "--now", FINDINGS_NOW)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{UPDATE}:8:1: error: the link /no-such-page/" in result.stderr
    assert "action MD1" not in result.stderr  # notes never stop a build
    assert not (findings_site / "site").exists()
    plain = run_journey("build", str(findings_site), "--now", FINDINGS_NOW)
    assert plain.returncode == 0  # checks are for check and --strict; a build is a build


def test_a_failed_strict_build_says_how_to_publish_before_a_warning_is_fixed(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """An urgent statement agreed word for word: its check made a note, as the build says,
    it publishes."""
    long = " ".join(["We will keep every ward open this winter"] * 5) + "."
    root = write_site(january_update(f"{long}\n"))
    result = run_journey("build", str(root), "--strict", "--now", "2023-02-01")
    assert result.returncode == 1 and "a sentence of 40 words" in result.stderr
    assert result.stderr.endswith(
        "Nothing was published; fix it and build again.\nIf something must be published "
        "before a warning can be fixed, make its check a note for now: in content/site.yaml, "
        "under checks: and severity:, add long_sentence: info; take it out again once it is "
        "fixed.\n"), result.stderr
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "checks:\n  severity:\n    long_sentence: info\n")
    published = run_journey("build", str(root), "--strict", "--now", "2023-02-01")
    assert published.returncode == 0, published.stderr
    assert (root / "site/updates/2023-01/index.html").is_file()
    # Errors are not waved through: the advice is for warnings alone.
    (root / "content/updates/2023-01.md").write_text(
        "---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n---\nSee [x](/nowhere/).\n")
    broken = run_journey("build", str(root), "--strict", "--now", "2023-02-01")
    assert broken.returncode == 1 and "If something must" not in broken.stderr


def test_a_new_sites_failed_strict_build_offers_no_way_round_its_example_words(
        tmp_path: Path) -> None:
    """Example words and the accessibility statement's dates are to fix, never to turn
    down: publishing them would put placeholders, or no statement, on a public site."""
    assert run_journey("new", "site", str(tmp_path / "ours")).returncode == 0
    result = run_journey("build", str(tmp_path / "ours"), "--strict")
    assert result.returncode == 1 and "is the starter site's example" in result.stderr
    assert "If something must be published" not in result.stderr


def write_vague_link_site(write_site: Callable[[dict[str, str]], Path], checks: str) -> Path:
    return write_site({
        "content/site.yaml": "trust:\n  name: Test Trust\naccessibility:\n"
                             "  prepared: 2023-01-01\n  last_reviewed: 2023-01-01\n" + checks,
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n"
                                      "---\nSee [here](/updates/).\n",
    })


@pytest.mark.parametrize(("checks", "exit_plain", "exit_strict", "shown"), [
    ("", 0, 1, "1 warning"),
    ("checks:\n  severity:\n    vague_link: error\n", 1, 1, "1 error"),
    ("checks:\n  severity:\n    vague_link: info\n", 0, 0, "1 note"),
    ("checks:\n  severity:\n    vague_link: off\n", 0, 0, None),
])
def test_severities_come_from_site_yaml(write_site, checks: str, exit_plain: int,  # type: ignore[no-untyped-def]
                                        exit_strict: int, shown: str | None) -> None:
    root = write_vague_link_site(write_site, checks)
    plain = run_journey("check", str(root), "--now", "2023-02-01")
    strict = run_journey("check", str(root), "--now", "2023-02-01", "--strict")
    assert (plain.returncode, strict.returncode) == (exit_plain, exit_strict), plain.stderr
    # Only a check that passes with warnings says publishing would stop on them.
    said = "Publishing (journey build --strict) stops on warnings: fix them first."
    assert (said in plain.stdout) is (shown == "1 warning"), plain.stdout
    assert said not in strict.stdout
    if shown:
        assert f"Link text that does not say where it goes: {shown}" in plain.stderr
        assert "content/updates/2023-01.md:6: the link text \"here\"" in plain.stderr
    else:
        assert "Link text" not in plain.stderr


def test_each_heading_names_its_rule_and_the_tip_to_set_it_works_as_written(  # type: ignore[no-untyped-def]
        write_site) -> None:
    root = write_vague_link_site(write_site, "")
    said = run_journey("check", str(root), "--strict", "--now", "2023-02-15").stderr
    assert said.startswith("Link text that does not say where it goes: 1 warning (vague_link)\n")
    tip = said[said.index("If a kind of warning"):]
    setting = tip[tip.index("  checks:"):].rstrip() + "\n"
    assert setting == "  checks:\n    severity:\n      vague_link: info\n"
    # Pasted into site.yaml as the tip says (its lines moved to the left edge), it works.
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text() + textwrap.dedent(setting))
    again = run_journey("check", str(root), "--strict", "--now", "2023-02-15")
    assert again.returncode == 0
    assert again.stderr.startswith("Link text that does not say where it goes: 1 note (vague_link)\n")
    # Notes stop nothing: no tip to turn them down (an overdue action is a fact to show).
    assert "If a kind of warning" not in again.stderr


def test_a_new_sites_example_words_and_statement_dates_get_no_tip_to_turn_them_down(
        tmp_path: Path) -> None:
    """They are to fix before publishing: the law asks for the statement."""
    assert run_journey("new", "site", str(tmp_path / "ours")).returncode == 0
    said = run_journey("check", str(tmp_path / "ours")).stderr
    assert "(starter_text)" in said and "(accessibility_statement)" in said
    assert "If a kind of warning" not in said


def test_errors_alone_have_no_tip_to_turn_them_down(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({
        "content/site.yaml": "trust:\n  name: Test Trust\naccessibility:\n"
                             "  prepared: 2023-01-01\n  last_reviewed: 2023-01-01\n",
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n"
                                      "---\nSee [our plan](/no-such-page/).\n",
    })
    said = run_journey("check", str(root), "--now", "2023-02-01").stderr
    assert said.startswith("Links to pages that do not exist: 1 error (broken_link)\n")
    assert "If a kind of warning" not in said


def test_thresholds_come_from_site_yaml(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_vague_link_site(write_site, "checks:\n  update_days: 10\n")
    result = run_journey("check", str(root), "--now", "2023-02-15")
    assert "the latest monthly update is 15 days old" in result.stderr


@pytest.mark.parametrize(("checks", "published"), [
    ("", True),  # by default a late update is a note: it must not stop anything else
    ("checks:\n  severity:\n    stale_update: warning\n", False),
])
def test_a_late_monthly_update_stops_a_strict_build_only_if_the_site_says_so(  # type: ignore[no-untyped-def]
        write_site, checks: str, published: bool) -> None:
    root = write_site({
        "content/site.yaml": "trust:\n  name: Test Trust\naccessibility:\n"
                             "  prepared: 2023-01-01\n  last_reviewed: 2023-01-01\n" + checks,
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\n"
                                      "summary: News.\n---\nOur news.\n",
    })
    late = ("build", str(root), "--strict", "--now", "2023-06-01")
    result = run_journey(*late)
    assert (result.returncode == 0) is published, result.stderr
    assert (root / "site" / "updates" / "2023-01" / "index.html").exists() is published
    said = "the latest monthly update is 121 days old (31 January 2023)"
    assert (said in result.stderr) is not published
    # Published, it says so: a strict build is where Netlify's log tells anyone.
    noted = ("Notes, which do not stop publishing (journey check lists them):\n"
             "  Monthly updates overdue: 1 note\n")
    assert (result.stdout.endswith(noted)) is published, result.stdout
    if published:  # and again when nothing has changed since
        assert run_journey(*late).stdout.endswith(noted)
    assert "Notes" not in run_journey("build", str(root), "--now", "2023-06-01").stdout
    check = run_journey("check", str(root), "--now", "2023-06-01")
    kind = "note" if published else "warning"
    assert f"Monthly updates overdue: 1 {kind}" in check.stderr
    assert f"content/updates/2023-01.md:1: {said}" in check.stderr


def test_a_template_using_one_that_does_not_exist_is_reported(write_site) -> None:  # type: ignore[no-untyped-def]
    """Though no page uses it (one that did would fail the build); the site's own
    templates that are right, and the built-in ones, are not."""
    root = write_vague_link_site(write_site, "")
    (root / "templates/static").mkdir(parents=True)
    (root / "templates/static/notes.txt").write_text("{% not a template")
    (root / "templates/statement.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{% include "partials/quotes.html" %}'
        "\n{% endblock %}\n")
    (root / "templates/quote.html").write_text('{% include "glossary.html" %}\n')
    result = run_journey("check", str(root), "--now", "2023-02-15")
    assert reported(result.stderr) == [
        ("Link text that does not say where it goes", "content/updates/2023-01.md:6",
         'the link text "here" does not say where it goes'),
        ("Templates with mistakes that no page uses yet", "templates/statement.html:3",
         'it uses the template "partials/quotes.html", which does not exist')], result.stderr


def test_templates_are_parsed_again_only_when_one_changed(
        small_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (small_site / "templates").mkdir()
    page = small_site / "templates/statement.html"
    page.write_text('{% extends "base.html" %}\n')
    site = load_site(small_site, BuildSettings(today=SMALL_TODAY))
    parsed: list[list[Path]] = []
    real = template_files._mistakes
    monkeypatch.setattr(template_files, "_mistakes",
                        lambda env, known, own, paths: parsed.append(paths) or real(
                            env, known, own, paths))
    first = CheckMemo()
    assert template_files.check_template_files(site, first) == []
    assert template_files.check_template_files(site, CheckMemo(first.now)) == []
    assert parsed == [[page]]
    page.write_text('{% extends "base.html" %}\n{% include "nowhere.html" %}\n')
    found = template_files.check_template_files(site, CheckMemo(first.now))
    assert [f.message for f in found] == ['it uses the template "nowhere.html", which does '
                                          "not exist"]
    assert len(parsed) == 2


@pytest.mark.parametrize(("checks", "reported"), [("", True), ("checks:\n  image_kb: 2000\n", False)])
def test_an_image_too_big_for_a_phone_is_reported(write_site, checks: str,  # type: ignore[no-untyped-def]
                                                  reported: bool) -> None:
    root = write_vague_link_site(write_site, checks)
    assets = root / "content/assets"
    assets.mkdir()
    (assets / "photo.JPG").write_bytes(b"\xff\xd8" + bytes(1536 * 1024))  # 1.5MB
    (assets / "small.png").write_bytes(bytes(900 * 1024))
    (assets / "report.pdf").write_bytes(b"%PDF" + bytes(3 * 1024 * 1024))  # not shown on a page
    result = run_journey("check", str(root), "--now", "2023-02-01")
    said = "content/assets/photo.JPG: the image assets/photo.JPG is 1.5MB, so a page showing it"
    assert (said in result.stderr) is reported, result.stderr
    assert "small.png" not in result.stderr and "report.pdf is" not in result.stderr
    if reported:
        assert "Images too big for a phone: 1 warning" in result.stderr
        assert "site.yaml checks: image_kb: is 1000" in result.stderr


def test_a_link_written_from_the_wrong_place_or_with_a_slip_gets_the_address_that_works(  # type: ignore[no-untyped-def]
        write_site) -> None:
    root = write_site({
        "content/site.yaml": "trust:\n  name: Test Trust\naccessibility:\n"
                             "  prepared: 2023-01-01\n  last_reviewed: 2023-01-01\n",
        "content/assets/report.pdf": "%PDF-1.4\n",
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: News."
                                      "\n---\nRead [our report](assets/report.pdf), [the same]"
                                      "(content/assets/report.pdf), [all updates](updates/), "
                                      "[nothing](nowhere/), [a slip](/asets/report.pdf), "
                                      "[another](/updates/2023-10/), [in capitals]"
                                      "(/assets/Report.PDF), [from Windows]"
                                      "(assets\\report.pdf), [CQC's page]"
                                      "(www.cqc.org.uk/provider/RXX) and [email us]"
                                      "(patient.experience@kvh.nhs.uk).\n",
    })
    result = run_journey("check", str(root), "--now", "2023-02-01")
    lines = result.stderr.splitlines()
    hints = {re.search(r"the link (\S+) (goes|has|is)", line)[1]:
             lines[i + 1].split("hint: ", 1)[1]
             for i, line in enumerate(lines) if re.search(r"the link \S+ (goes|has|is)", line)}
    assert hints == {
        "assets/report.pdf": "write it as /assets/report.pdf, from the top of the site.",
        "content/assets/report.pdf": "write it as /assets/report.pdf, from the top of the site.",
        "updates/": "write it as /updates/, from the top of the site.",
        "nowhere/": "check the address: copy it from the page you mean in the preview.",
        "/asets/report.pdf": "did you mean /assets/report.pdf? Check the address and change it.",
        "/updates/2023-10/": "did you mean /updates/2023-01/? Check the address and change it.",
        "/assets/Report.PDF": "did you mean /assets/report.pdf? Capital letters count in "
                              "addresses.",
        "assets%5Creport.pdf": "write it as /assets/report.pdf, from the top of the site, with "
                               "/ between folders, not \\.",
        "www.cqc.org.uk/provider/RXX": "write the website's address in full: "
                                       "https://www.cqc.org.uk/provider/RXX",
        "patient.experience@kvh.nhs.uk": "write mailto: before it: "
                                         "mailto:patient.experience@kvh.nhs.uk"}
    assert ("the link www.cqc.org.uk/provider/RXX has no https:// at its start, so it goes to "
            "a page of this site that does not exist") in result.stderr


def test_empty_headings_and_links_with_no_words_are_found(write_site) -> None:  # type: ignore[no-untyped-def]
    """A screen reader lists them as a heading, or a link, that says nothing."""
    body = ("## \n\nText.\n\n## What next\n\nSee [](/updates/) and [**](/updates/).\n\n"
            "[![The report's cover](/assets/cover.png)](/updates/) is a link with words.\n\n"
            "## What we have done\n\n## What we will do\n\n### This month\n\nThings.\n\n"
            "## Last of all\n")
    root = write_site({**january_update(body), "content/assets/cover.png": "a picture"})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(t, w, m) for t, w, m in reported(result.stderr)
             if t in ("Headings that skip a level or are empty",
                      "Link text that does not say where it goes")]
    assert found == [
        ("Headings that skip a level or are empty", "content/updates/2023-01.md:6",
         'an empty heading: "##" with nothing after it'),
        ("Headings that skip a level or are empty", "content/updates/2023-01.md:16",
         'the heading "What we have done" has nothing under it'),
        ("Headings that skip a level or are empty", "content/updates/2023-01.md:24",
         'the heading "Last of all" has nothing under it'),
        ("Link text that does not say where it goes", "content/updates/2023-01.md:12",
         "the link to /updates/ has no words, so it does not say where it goes"),
    ], result.stderr  # not "What we will do": its part of the page has one of its own


def test_an_abbreviation_not_explained_has_the_glossary_line_to_add_if_it_is_a_common_one(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """An editor copies the line rather than looking it up; COVID-19 needs no explaining."""
    root = write_site(january_update("We had no MRSA cases and fewer COVID-19 cases. Our "
                                     "KVWX team met.\n"))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [m for t, _, m in reported(result.stderr) if t == "Abbreviations not explained"]
    assert found == ['"KVWX" is not explained the first time it is used',
                     '"MRSA" is not explained the first time it is used'], result.stderr
    assert ('hint: add this line to glossary.yaml: "MRSA: Meticillin-resistant Staphylococcus '
            'aureus" (if that is what it stands for here), or write it out in full the first '
            'time, with "(MRSA)" after it.') in result.stderr
    assert 'hint: add it to glossary.yaml, or write it out in full first: "Full Name (KVWX)".' \
        in result.stderr
    # Each line as given is a glossary's line.
    lines = [f"{word}: {meaning}" for word, meaning in STANDS_FOR.items()]
    (root / "content/glossary.yaml").write_text("\n".join(lines) + "\nKVWX: Kestrel Valley\n")
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert result.returncode == 0 and " 0 warnings" in result.stdout, result.stderr
    assert run_journey("build", str(root), "--now", "2023-02-01").returncode == 0
    glossary = parse(root / "site/glossary/index.html")
    shown = {term.get_text(" ", strip=True) for term in glossary.find_all("dt")}
    assert {"MRSA", "A&E", "KVWX"} <= shown and len(shown) == len(lines) + 1, shown


def test_a_link_left_without_its_address_is_found(write_site) -> None:  # type: ignore[no-untyped-def]
    """"[our plan]()" or "[our plan](#)": written to fill in later, it goes nowhere."""
    root = write_site(january_update("Read [our plan]() and [the report](#).\n\n"
                                     "See [our updates](/updates/) and [the top](#top).\n"))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(t, w, m) for t, w, m in reported(result.stderr) if "Links" in t]
    assert found == [
        ("Links to pages that do not exist", "content/updates/2023-01.md:6",
         'the link "our plan" has no address, so it goes nowhere'),
        ("Links to pages that do not exist", "content/updates/2023-01.md:6",
         'the link "the report" has no address, so it goes nowhere'),
        ("Links to a part of a page that does not exist", "content/updates/2023-01.md:8",
         "the link #top goes to #top, which is not on that page"),
    ], result.stderr
    assert "hint: write where it goes between the ( ): a page of this site from its /" in (
        result.stderr)


def test_a_link_to_a_heading_without_its_h_prefix_gets_the_part_that_works(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """Headings' parts are named "h-" and their words, so a guessed #what-we-did, or one
    with a slip, gets the name that works in its hint; a part with nothing near, none."""
    root = write_site(january_update(
        "## What we did\n\nText.\n\nSee [what we did](#what-we-did), [again](#h-what-we-dd), "
        "[it](/updates/2023-01/#What-We-Did) and [the top](#top).\n"))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    hints = [line.strip() for line in result.stderr.splitlines()
             if "hint: link to" in line or "heading may have changed" in line]
    assert sorted(hints) == [
        "hint: check the part of the page you mean: its heading may have changed.",
        "hint: link to #h-what-we-did: a heading's part of the page is named from its words "
        "after h-.",
        "hint: link to #h-what-we-did: a heading's part of the page is named from its words "
        "after h-.",
        "hint: link to /updates/2023-01/#h-what-we-did: a heading's part of the page is named "
        "from its words after h-."], \
        result.stderr
    built = run_journey("build", str(root), "--now", "2023-02-01")
    assert 'id="h-what-we-did"' in (root / "site/updates/2023-01/index.html").read_text(), \
        built.stderr


def test_an_update_copied_and_left_as_it_was_is_found_by_its_title(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """A copy ("x copy.md"; "x - Copy.md" in File Explorer) would be published beside
    its original: the copy is named, whichever sorts first. The same title in another
    language (a translation not yet translated: its own rule) or in other words is not."""
    update = "---\ntitle: January update\ndate: 2023-01-31\nsummary: News.\n---\nText.\n"
    root = write_site({
        "content/updates/2023-01-31-january.md": update,
        "content/updates/2023-01-31-january-copy.md": update,
        "content/updates/2023-01-31-styczen.md": update.replace(
            "summary:", "language: Polish\ntranslation_of: 2023-01-31-january.md\nsummary:"),
        "content/updates/2023-02-28-february.md": update.replace("January", "February"),
        "content/pages/news.md": "---\ntitle: february  UPDATE\n---\nText.\n",
        "content/pages/other.md": "---\ntitle: January updates\n---\nText.\n"})
    found, result = findings_under("Updates and pages with the same title", root)
    assert found == [
        ("content/updates/2023-01-31-january-copy.md:2", '"January update" is also the '
         "title of content/updates/2023-01-31-january.md"),
        ("content/updates/2023-02-28-february.md:2", '"February update" is also the title of '
         "content/pages/news.md")], result.stderr
    assert "(same_title)" in result.stderr
    assert "hint: if this file is a copy, delete it; if not, give each its own title" in \
        result.stderr


def test_an_update_dated_after_today_and_published_is_found(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """A slip of the year ("2024" for "2023") put an update at the top of every list,
    dated a year ahead. Not tomorrow's (Netlify builds on UTC), nor one with a
    publish_date, which is hidden until then."""
    def update(date: str, extra: str = "") -> str:
        return f"---\ntitle: Update of {date}\ndate: {date}\nsummary: News.\n{extra}---\nText.\n"
    root = write_site({
        "content/updates/a.md": update("2024-01-31"),
        "content/updates/b.md": update("2023-02-02"),
        "content/updates/c.md": update("2023-03-01", "publish_date: 2023-03-01\n")})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(w, m) for t, w, m in reported(result.stderr) if t == "Updates dated after today"]
    assert found == [("content/updates/a.md:3", 'the update "Update of 2024-01-31" is dated '
                      "31 January 2024, after today, and is published now with that date")], \
        result.stderr
    assert ("hint: check the year; to publish it on that day and not before, add publish_date: "
            "2024-01-31.") in result.stderr
    built = run_journey("build", str(root), "--now", "2023-02-01")
    assert built.returncode == 0 and "31 January 2024, after today" in built.stderr
    assert run_journey("build", str(root), "--now", "2023-02-01", "--strict").returncode == 1
    # A preview with drafts shows the embargoed one and a draft: neither is a slip.
    (root / "content/updates/a.md").write_text(update("2024-01-31", "draft: true\n"))
    result = run_journey("check", str(root), "--now", "2023-02-01", "--drafts")
    assert "after today" not in result.stderr and "Update of 2023-03-01" not in \
        result.stderr, result.stderr


def test_an_update_with_no_text_is_found_unless_it_shares_a_file_or_a_video(  # type: ignore[no-untyped-def]
        write_site) -> None:
    front = "---\ntitle: {}\ndate: 2023-01-31\nsummary: News.\n{}---\n"
    root = write_site({
        "content/updates/a.md": front.format("Empty", ""),
        "content/updates/b.md": front.format("Only spaces", "") + "\n  \n",
        "content/updates/c.md": front.format("A video", "video:\n  url: https://www.youtube"
                                             ".com/watch?v=abcdefghijk\n  title: Our wards\n"
                                             "  transcript: We opened two wards.\n"),
        "content/updates/d.md": front.format("Written", "") + "Text.\n"})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(w, m) for t, w, m in reported(result.stderr) if t == "Updates with no text"]
    assert found == [
        ("content/updates/a.md:6", 'the update "Empty" has no text after its front matter, so '
         "its page has only its title and summary"),
        ("content/updates/b.md:6", 'the update "Only spaces" has no text after its front '
         "matter, so its page has only its title and summary")], result.stderr


def test_a_link_with_its_address_or_title_in_quotes_is_found(write_site) -> None:  # type: ignore[no-untyped-def]
    """Quotes pasted round an address are read as part of it; a title in curly quotes
    leaves the link as typed. Each is said as written, with the link that works."""
    root = write_site(january_update(
        "Read [our plan](\u201chttps://www.example.org/plan\u201d) and [updates](\"/updates/\").\n\n"
        "See [the report](https://www.cqc.org.uk/ \u201cCQC\u201d) and [our updates](/updates/"
        ' "All our updates").\n'))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(t, w, m) for t, w, m in reported(result.stderr)
             if "Links" in t or "typed" in t]
    assert found == [
        ("Links to pages that do not exist", "content/updates/2023-01.md:6",
         'the link "/updates/" has quote marks around its address, so it goes nowhere'),
        ("Links to pages that do not exist", "content/updates/2023-01.md:6",
         "the link \u201chttps://www.example.org/plan\u201d has quote marks around its address, "
         "so it goes nowhere"),
        ("Markdown shown as it is typed", "content/updates/2023-01.md:8",
         '"[the report](https://www.cqc.org.uk/ \u201cCQC\u201d)" is shown as it is typed, not '
         "as a link: its title \u201cCQC\u201d is in curly quotes"),
    ], result.stderr
    assert ("hint: take them out, leaving only the address between the brackets: "
            "(https://www.example.org/plan)") in result.stderr
    assert ("hint: leave the title out (the link's words say where it goes): [the report]"
            "(https://www.cqc.org.uk/)") in result.stderr


def test_link_text_telling_a_reader_to_click_is_found(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site(january_update("[Click here to read our plan](/updates/), [click on "
                                     "the map](/journey/) or see [the clinic](/updates/2023-01/)."
                                     "\n"))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [m for t, _, m in reported(result.stderr)
             if t == "Link text that does not say where it goes"]
    assert found == ['the link text "Click here to read our plan" does not say where it goes',
                     'the link text "click on the map" does not say where it goes'], found


def test_the_same_link_words_for_two_addresses_on_a_page_are_found(write_site) -> None:  # type: ignore[no-untyped-def]
    """A screen reader lists a page's links by their words: two "the board report" links
    to different reports cannot be told apart. Not the same address twice, nor in a
    journey's file, whose items are pages of their own."""
    root = write_site({
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: See "
                                      "[our updates](/updates/).\n---\nRead [the board report]"
                                      "(/updates/2023-01/) and [the Board Report](/updates/).\n\n"
                                      "See [our updates](/updates) again.\n",
        "content/journey/journey.yaml": "title: Our improvement journey\n",
        "content/journey/actions.yaml": "must_do:\n  - id: MD1\n    status: on_track\n"
                                        "    text: See [our plan](/updates/).\n  - id: MD2\n"
                                        "    status: on_track\n    text: See [our plan]"
                                        "(/journey/).\n"})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(w, m) for t, w, m in reported(result.stderr)
             if t == "Link text that does not say where it goes"]
    assert found == [("content/updates/2023-01.md:6", 'the link text "the Board Report" is '
                      "used for two different addresses on this page: /updates/2023-01/ and "
                      "/updates/")], result.stderr


def test_markdown_shown_as_typed_is_found_and_markdown_that_works_is_not(  # type: ignore[no-untyped-def]
        write_site) -> None:
    body = ("#What happens next\n\nWe will:\n-open a ward\n-hire staff\n\n"
            "Our **Bold plan ** is ready.\n\n"
            "## A heading\n\n- a list\n- that works\n\n1. and\n2. numbers\n\n"
            "Our **bold** words, #1 priority and #TeamNHS.\n\n#TeamNHS\n\n"
            "-5 degrees overnight.\n\nCode: `**`.\n"
            "See [our report](/assets/Board report (final).pdf) and "
            "![A ward](/assets/ward photo.jpg).\n\n- a [list link](/assets/a b.pdf)\n\n"
            "And [this one](</assets/a b.pdf>), [that](/updates/), [x](y) (in brackets).\n\n"
            "Read [our report] (/assets/report.pdf), ![a ward] (ward.jpg) and [sic] (as "
            "written).\n\n*Our new ward * opens. Figures marked * are provisional; 5 * 3 * 2 "
            "is 30; *fine*.\n\n1.Open a ward\n2.Hire staff\n")
    root = write_site({
        "content/site.yaml": "trust:\n  name: Test Trust\naccessibility:\n"
                             "  prepared: 2023-01-01\n  last_reviewed: 2023-01-01\n",
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: News."
                                      "\n---\n" + body,
    })
    found, result = markdown_slips(root)
    assert found == [
        ("content/updates/2023-01.md:6",
         '"#What happens next" is shown as it is typed, not as a heading'),
        ("content/updates/2023-01.md:9",
         'the lines starting "-open a ward" are shown as they are typed, not as a list'),
        ("content/updates/2023-01.md:12",
         '"Our **Bold plan ** is ready." shows its stars as they are typed'),
        ("content/updates/2023-01.md:29", '"![A ward](/assets/ward photo.jpg)" is shown as it '
         "is typed, not as an image: its address has a space in it"),
        ("content/updates/2023-01.md:29", '"[our report](/assets/Board report (final).pdf)" is '
         "shown as it is typed, not as a link: its address has a space in it"),
        ("content/updates/2023-01.md:31", '"[list link](/assets/a b.pdf)" is shown as it is '
         "typed, not as a link: its address has a space in it"),
        ("content/updates/2023-01.md:35", '"![a ward] (ward.jpg)" is shown as it is typed, not '
         "as an image: there is a space between ] and ("),
        ("content/updates/2023-01.md:35", '"[our report] (/assets/report.pdf)" is shown as it is '
         "typed, not as a link: there is a space between ] and ("),
        ("content/updates/2023-01.md:37",
         '"*Our new ward * opens. Figures marked * ..." shows its stars as they are typed'),
        ("content/updates/2023-01.md:39",
         'the lines starting "1.Open a ward" are shown as they are typed, not as a list'),
    ], result.stderr
    assert "hint: write them together: [our report](/assets/report.pdf)" in result.stderr
    assert "hint: words in italics are written with no space inside the stars" in result.stderr
    assert 'each item: "1. Open a ward".' in result.stderr
    assert 'hint: put a space after the #: "## What happens next".' in result.stderr
    assert ("hint: put an address with spaces between < and >: [our report](</assets/Board "
            "report (final).pdf>), or rename the file without spaces.") in result.stderr
    # The link written between < and > is found where it was written, though encoded.
    assert ("content/updates/2023-01.md:33: the link /assets/a%20b.pdf goes to a file that "
            "does not exist") in result.stderr
    # A short one as a link, not in the first word with that letter ("ready", line 12).
    assert "content/updates/2023-01.md:33: the link y goes to a page" in result.stderr


def test_a_top_level_heading_made_by_a_line_of_equals_signs_is_told_how_it_came(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """A line of === under text makes it a top-level heading, with no # typed: the hint
    for "# Heading" (start at ##) would not say what made it one."""
    root = write_site(january_update("Our news\n=====\n\nText.\n\n# Plans\n\nMore.\n"))
    headings, result = findings_under("Headings that skip a level or are empty", root)
    assert headings == [
        ("content/updates/2023-01.md:6", 'the line of === under "Our news" makes it a '
         "top-level heading: the page title is the only one"),
        ("content/updates/2023-01.md:11", "a top-level heading (#) in the text: the page title "
         "is the only one"),
    ], result.stderr
    assert ('hint: for a heading, write "## " before the text and delete the ===; for a '
            "dividing line, write --- with an empty line above it.") in result.stderr


def test_a_heading_or_list_with_a_non_breaking_space_after_its_mark_is_found(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """Pasted from Word or Outlook, "##\u00a0What we did" and "-\u00a0item" look right
    but are shown as typed: Markdown counts no non-breaking space as a space."""
    root = write_site(january_update(
        "##\u00a0What we did\n\n-\u00a0Opened a ward\n-\u00a0Hired staff\n\n"
        "Next:\n\n1.\u00a0Open another\n\n## What works\n\n- a list\n- as typed\n\n"
        "A price of\u00a0£5 and 10\u00a0km.\n"))
    found, result = markdown_slips(root)
    assert found == [
        ("content/updates/2023-01.md:6",
         '"## What we did" is shown as it is typed, not as a heading'),
        ("content/updates/2023-01.md:8",
         'the lines starting "- Opened a ward" are shown as they are typed, not as a list'),
        ("content/updates/2023-01.md:13",
         'the line starting "1. Open another" is shown as it is typed, not as a list'),
    ], result.stderr
    assert ("hint: the space after ## is a non-breaking space, which Markdown does not count "
            "as one") in result.stderr
    assert "type a space with the space bar on each line." in result.stderr
    built = run_journey("build", str(root), "--now", "2023-02-01")
    assert built.returncode == 0, built.stderr
    body = parse(root / "site/updates/2023-01/index.html").select_one(".update__body")
    assert body is not None
    assert [h.get_text() for h in body.select("h2")] == ["What works"]  # as the check says
    assert body.p is not None and body.p.get_text() == "##\u00a0What we did"
    assert len(body.select("li")) == 2


def test_crossed_out_words_tick_boxes_and_footnotes_written_as_github_does_are_found(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """GitHub's Markdown (and Teams) makes them; this site's shows them as typed. And a
    phone number as a link's address."""
    body = ("We ~~closed~~ reopened the ward.\n\n"
            "Our list:\n\n- [x] Hired nurses\n- [ ] Open the clinic\n- [X] Train porters\n\n"
            "See the board's note[^1].\n\n"
            "[Call us](01632 960123), [or](+44 (0)1632 960123).\n\n"
            "Left alone: ~~ two tildes ~~, `~~code~~`, [x] in a sentence, a link [x](/updates/), "
            "and `[^1]`.\n\n- a list\n- [an item](/updates/) that links\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    assert found == [
        ("content/updates/2023-01.md:6", '"~~closed~~" shows its ~~ as they are typed: this '
         "site does not cross words out"),
        ("content/updates/2023-01.md:10", '"[x] Hired nurses" shows its tick box as it is '
         "typed: this site does not make tick boxes"),
        ("content/updates/2023-01.md:14", '"See the board\'s note[^1]." shows the footnote [^1] '
         "as it is typed: this site does not make footnotes"),
        ("content/updates/2023-01.md:16", '"[Call us](01632 960123)" is shown as it is typed, '
         "not as a link: a phone number's link is tel: and its digits"),
        ("content/updates/2023-01.md:16", '"[or](+44 (0)1632 960123)" is shown as it is typed, '
         "not as a link: a phone number's link is tel: and its digits"),
    ], result.stderr
    assert "hint: write it as [Call us](tel:01632960123)." in result.stderr
    assert "hint: write it as [or](tel:+441632960123)." in result.stderr
    assert ('hint: say where each item stands in words, without the [ ]: "- Hired nurses: '
            'done", "- ...: to do".') in result.stderr
    assert "hint: put what the note says in the sentence itself, in brackets" in result.stderr


def test_text_pasted_with_spaces_before_it_is_found_shown_as_code(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """Four spaces or a tab make computer code (a box, a typewriter font, no wrapping)."""
    body = ("We opened:\n\n    The new ward on Monday, with 20 beds.\n    And a lounge.\n\n"
            "Then:\n\n\tThe clinic.\n\n- An item\n\n  its second paragraph, indented as it should be.\n"
            "\n```\nfenced on purpose\n```\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    assert found == [
        ("content/updates/2023-01.md:8", '"The new ward on Monday, with 20 beds." is shown as '
         "computer code, in a box and a typewriter font: its line starts with four spaces or "
         "a tab"),
        ("content/updates/2023-01.md:13", '"The clinic." is shown as computer code, in a box and '
         "a typewriter font: its line starts with four spaces or a tab")], result.stderr
    assert "hint: take out the spaces or tab at the start of its lines." in result.stderr


def test_a_numbered_list_shown_with_other_numbers_than_typed_is_found(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """Markdown numbers a list on from its first number: years typed as its numbers
    come out wrong, and a blank line does not start a new list. Lists numbered in order,
    or "1." for every item, or starting from another number, are as typed."""
    body = ("Our history:\n\n2022. CQC inspected us\n2024. CQC came back\n\n"
            "Steps:\n\n1. One\n2. Two\n\n1. Again\n2. More\n\n"
            "In order:\n\n1. a\n2. b\n3. c\n\nAll ones:\n\n1) a\n1) b\n\n"
            "From seven:\n\n7. g\n8. h\n   1. nested\n   1. nested too\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    assert found == [
        ("content/updates/2023-01.md:9", 'the item typed as "2024." is shown numbered 2023: a '
         "numbered list counts on from its first number, whatever the others say"),
        ("content/updates/2023-01.md:17", 'the item typed as "2." is shown numbered 4: a '
         "numbered list counts on from its first number, whatever the others say")], \
        result.stderr
    assert ('hint: number the items in order; for years or figures that are not a count, '
            'start each line with "- " instead: "- 2024: ...".') in result.stderr
    assert ("hint: number the items in order; a blank line between two numbered lists does "
            "not part them: write a line of words between them.") in result.stderr


def test_a_line_markdown_takes_for_a_links_address_and_hides_is_found(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """"[Correction]: 12%" is the address of links written [Correction], and not shown;
    definitions that links use, and such lines in a paragraph or a quotation, are fine."""
    body = ("[Correction]: 12%\n\nRead [our plan][plan] and [Board].\n\n[plan]: /journey/\n"
            "[board]: /board/\n\nWe said:\n[Note]: shown, in the paragraph\n\n"
            "> [Quote]: in a quotation\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    assert found == [("content/updates/2023-01.md:6", '"[Correction]: 12%" is not shown: '
                      'Markdown reads a line starting "[words]:" as the address of links '
                      "written [words]")], result.stderr
    assert 'hint: to show it, take out the brackets: "Correction: 12%".' in result.stderr
    built = run_journey("build", str(root), "--now", "2023-02-01")
    assert built.returncode == 0, built.stderr
    html = (root / "site/updates/2023-01/index.html").read_text()
    assert "Correction" not in html and "[Note]: shown" in html


def test_a_typed_address_markdown_cuts_short_at_a_star_or_underscore_is_found(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """"www.example.org/_ward_/visiting" links to www.example.org/ with "ward" in italics;
    written between < and >, in a link, in code or with its _ inside words, it is whole."""
    body = ("See https://www.example.org/_ward_/visiting and\nwww.example.org/*new*/x, "
            "[our page](https://x.org/_a_/b), <https://x.org/_a_/c>, https://x.org/a_b_c, "
            "`https://x.org/_d_/`.\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    cut = ("is cut short: Markdown reads the _ or * in it as the start of italics or bold")
    assert found == [
        ("content/updates/2023-01.md:6", f'the address "https://www.example.org/_ward_/visiting" '
         f"{cut}"),
        ("content/updates/2023-01.md:7", f'the address "www.example.org/*new*/x" {cut}')], \
        result.stderr
    assert ("hint: write the address between < and >: <https://www.example.org/_ward_/visiting>."
            in result.stderr)
    (root / "content/updates/2023-01.md").write_text(
        "---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n---\n"
        "See <https://www.example.org/_ward_/visiting>.\n")
    found, result = markdown_slips(root)
    assert found == [], result.stderr
    built = run_journey("build", str(root), "--now", "2023-02-01")
    assert 'href="https://www.example.org/_ward_/visiting"' in \
        (root / "site/updates/2023-01/index.html").read_text(), built.stderr


def test_a_figure_after_a_greater_than_sign_shown_as_a_quotation_is_found(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """"> 95% of patients" (more than 95%) is a quotation in Markdown; a quotation of
    someone's words is not found."""
    body = ("In November:\n\n> 95% of patients were seen\nwithin four hours.\n\n"
            ">= 90% had a bed\n\n> \"Thank you,\" said one patient.\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    assert found == [
        ("content/updates/2023-01.md:8", '"> 95% of patients were seen" is shown as a '
         "quotation: a line starting with > is one"),
        ("content/updates/2023-01.md:11", '">= 90% had a bed" is shown as a quotation: a line '
         "starting with > is one")], result.stderr
    assert ('hint: write it in words: "more than 95% of patients were seen" (as NHS.UK does).'
            in result.stderr)
    assert 'hint: write it in words: "at least 90% had a bed"' in result.stderr


def test_short_lines_typed_one_under_another_are_found_as_run_together(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """An address or opening times: Markdown keeps no single line break, so the page
    shows them on one line. Not text pasted from a PDF or an email (long lines), lines
    kept with a backslash, two lines, nor sentences."""
    body = ("Write to us at:\nPatient Experience Team\nKestrel Valley Hospital\n"
            "Kestrelford KV1 1AA\n\n"
            "Kept:\\\nMonday to Friday, 9am to 5pm\\\nSaturday, 10am to 2pm\n\n"
            "Two lines:\nMonday to Friday\n\n"
            "We opened the ward.\nIt has 20 beds.\nIt is full.\n\n"
            "In the year to March we saw more patients in our emergency department than\n"
            "ever before, and most of them within four hours of arriving, which is the\n"
            "standard the NHS sets for every hospital in England.\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    assert found == [("content/updates/2023-01.md:6", '"Write to us at:" and the 3 lines under '
                      "it are shown run together on one line: a single line break is not "
                      "kept")], result.stderr
    assert ("hint: to keep each line, end every line but the last with a backslash (\\); "
            'for a list, start each line with "- "') in result.stderr
    root.joinpath("content/updates/2023-01.md").write_text(
        january_update(body.replace("\nPatient", "\\\nPatient").replace(
            "Team\n", "Team\\\n").replace("Hospital\n", "Hospital\\\n"))[
            "content/updates/2023-01.md"])
    fixed = run_journey("check", str(root), "--now", "2023-02-01")
    assert "run together" not in fixed.stderr, fixed.stderr


def test_a_list_a_table_and_a_picture_pasted_in_are_found_and_dashes_and_tabs_in_prose_are_not(  # type: ignore[no-untyped-def]
        write_site) -> None:
    body = ("We have:\n\n\u2022 Hired 40 nurses\n\u2022 Opened **two** wards\n\n"
            "\uf0b7\tTrained every porter\n\n"
            "\u2013 Cut waiting times\n\u2013 Opened the lounge\n\n"
            "\u2013 a dash starting one line is a dash.\n\n"
            "Beds \u2013 and chairs \u2013 were bought.\n\n- a list\n- that works\n\n"
            "Prices \u00b7 times\n\nWard\tBeds\tStaff\nWard A\t12\t14\n\nA tab\there.\n\n"
            "![A chart of waiting times](data:image/png;base64,iVBORw0KGgo=)\n")
    root = write_site(january_update(body))
    found, result = markdown_slips(root)
    assert found == [
        ("content/updates/2023-01.md:8", '"\u2022 Hired 40 nurses" is shown as text with a '
         "\u2022 in it, not as a list: a screen reader does not read it out as one"),
        ("content/updates/2023-01.md:11", '"\uf0b7 Trained every porter" is shown as text with '
         "a \uf0b7 in it, not as a list: a screen reader does not read it out as one"),
        ("content/updates/2023-01.md:13", '"\u2013 Cut waiting times" is shown as text with a '
         "\u2013 in it, not as a list: a screen reader does not read it out as one"),
        ("content/updates/2023-01.md:25", 'the lines starting "Ward Beds Staff" are a table '
         "pasted from Word or Excel: they are shown as one paragraph, the cells run together"),
        ("content/updates/2023-01.md:30", '"![A chart of waiting times](data:...)" is shown as '
         "it is typed, not as a picture: a picture pasted into the text is not shown"),
    ], result.stderr
    assert ("and write its address: ![A chart of waiting times](/assets/chart.png)"
            in result.stderr)
    assert ('then "| --- | --- | --- |", then "| Ward A | 12 | 14 |" and the other rows.'
            in result.stderr)
    assert ('hint: start each item with a hyphen and a space in place of the \u2022, on a '
            'line of its own: "- Hired 40 nurses".') in result.stderr


def test_html_shown_as_typed_is_found_with_its_markdown(write_site) -> None:  # type: ignore[no-untyped-def]
    """Raw HTML is off (allow_html): tags pasted from another website show on the page."""
    body = ("This is <strong>vital</strong>.<br>\nIn code, `<br>` is fine, and 3 < 4 > 2.\n\n"
            '<p style="color:red">Red text</p>\n\n## A <EM>heading</EM>\n\n'
            'See <a href="https://x.example/">this site</a> and <div>a div</div>.\n')
    files = january_update(body)
    files["content/updates/2023-01.md"] = files["content/updates/2023-01.md"].replace(
        "title: January", "title: January <i>news</i>")
    root = write_site(files)
    found, result = markdown_slips(root)
    title = ("content/updates/2023-01.md:2",
             '"January <i>news</i>" shows HTML tags as they are typed')
    assert found == [
        title,
        ("content/updates/2023-01.md:6", '"This is <strong>vital</strong>.<br>" shows HTML tags '
         "as they are typed: <strong> and <br>"),
        ("content/updates/2023-01.md:9", '"<p style="color:red">Red text</p>" shows HTML tags '
         "as they are typed: <p>"),
        ("content/updates/2023-01.md:11", '"A <EM>heading</EM>" shows HTML tags as they are '
         "typed: <em>"),
        ("content/updates/2023-01.md:13", '"See <a href="https://x.example/">this site</a> and '
         '<div>a div</div>." shows HTML tags as they are typed: <a> and <div>'),
    ], result.stderr
    assert ("hint: write it in Markdown: **bold words** for <strong>; a blank line between "
            "paragraphs for <br>.") in result.stderr
    assert "hint: take the tags out: a title is plain words" in result.stderr
    # With allow_html on, the text's tags are the page's own HTML; a title is plain words.
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "site:\n  allow_html: true\n")
    result = run_journey("check", str(root), "--now", "2023-02-01")
    # The style in it is the page's too, which the site's security policy stops.
    found = reported(result.stderr)
    assert [(w, m) for t, w, m in found if t.startswith("Markdown shown")] == [title]
    assert [m.split(" is ")[0] for t, w, m in found if not t.startswith("Markdown shown")] == [
        "the style written into the page (color:red)"], result.stderr


def test_html_left_open_or_out_of_order_is_found_with_allow_html_on(write_site) -> None:  # type: ignore[no-untyped-def]
    """The page's own HTML, written by an editor: a <div> never closed puts the update's
    signature and the footer inside it; a browser guesses where misnested tags end."""
    body = ('<div class="box">\n\nWe opened a **new** ward.\n\n'
            "Read <strong>this <em>now</strong></em>, please.\n\n</span>\n\n"
            '<p>One<p>Two</p>\n\nA line<br>break, <img src="/x.png" alt="A ward"> and '
            "<br/>.\n\n<ul>\n<li>First\n<li>Second\n</ul>\n")
    root = write_site({**january_update(body), "content/site.yaml": DEFAULT_SITE_YAML
                       + "site:\n  allow_html: true\n"})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(w, m) for t, w, m in reported(result.stderr)
             if t == "HTML tags left open or out of order"]
    assert found == [
        ("content/updates/2023-01.md:6", "<div> is not closed, so what comes after it on the "
         "page is inside it"),
        ("content/updates/2023-01.md:10", "<em> is not closed before </strong>"),
        ("content/updates/2023-01.md:12", "</span> closes a <span> that is not open"),
    ], result.stderr
    assert "hint: write </em> before </strong>" in result.stderr
    # With allow_html off, the same tags show as typed: Markdown's slip, not this.
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(DEFAULT_SITE_YAML)
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert "HTML tags left open" not in result.stderr
    assert "Markdown shown as it is typed" in result.stderr


def test_a_bold_line_standing_for_a_heading_is_found_and_bold_words_are_not(  # type: ignore[no-untyped-def]
        write_site) -> None:
    body = ("**What we did**\n\nWe opened the new discharge lounge on Ward 12 and moved six "
            "beds there.\n\n## Staff\n\n__Who joined:__\n\n- 20 nurses\n- 4 doctors\n\n"
            "**The ward stays open until Monday.**\n\nIt was due to close on Friday.\n\n"
            "**A** and **B** are both open to visitors from today until the end of the year."
            "\n\n**Two lines**\nof bold words that we wrote here to see what it finds.\n\n"
            "- **In a list**\n\n  Under it, a paragraph of more than eight words is here.\n\n"
            "> **Quoted bold words**\n>\n> What CQC wrote is shown as it wrote it, whatever "
            "it is.\n\n**Last bold line**\n\n**Jo Bloggs**\n\nChief Executive, Test Trust\n")
    root = write_site(january_update(body))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(w, m) for t, w, m in reported(result.stderr)
             if t == "Bold text standing for a heading"]
    assert found == [
        ("content/updates/2023-01.md:6",
         '"What we did" is bold text standing for a heading: a screen reader does not list '
         "it as one"),
        ("content/updates/2023-01.md:12",
         '"Who joined:" is bold text standing for a heading: a screen reader does not list '
         "it as one"),
    ], result.stderr
    assert 'hint: make it a heading: "## What we did", without the stars.' in result.stderr
    assert 'hint: make it a heading: "### Who joined", without the stars.' in result.stderr


def test_links_the_public_cannot_open_are_found(write_site) -> None:  # type: ignore[no-untyped-def]
    """A file on a drive or a network share, a page of the preview or of the trust's
    network, SharePoint: each opens for the editor alone. Said once (not also as a missing
    file), with what to do."""
    body = ("See [the plan](C:\\Users\\jo\\plan.pdf), [the board's](\\\\kvh-fs01\\comms\\"
            "board.docx) and ![A chart](H:/charts/beds.png).\n\n"
            "Read [my copy](C:\\My documents\\plan v2.pdf) and [ours](file:///C:/plan.pdf).\n\n"
            "Copied: [action MD9](http://localhost:8000/journey/md9/#progress) and "
            "[our journey](http://127.0.0.1:8001/journey/).\n\n"
            "Staff: [the policy](http://intranet/policies/visiting), [the rota](https://"
            "192.168.4.20/rota) and [the board paper](https://kvhnhs.sharepoint.com/:b:/s/"
            "Board/paper.pdf).\n\n"
            "Fine: [the regulator](https://www.cqc.org.uk/), [updates](/updates/) "
            "and `C:\\Users`.\n")
    root = write_site(january_update(body))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(w, m) for t, w, m in reported(result.stderr)
             if t in ("Links to your computer or your organisation's network",
                      "Links that need a staff login")]
    on_it = "is a file on your computer or your organisation's network: no one else can open it"
    preview = "goes to the preview on your computer: no one else can open it"
    network = "goes to your organisation's own network: no one outside it can open it"
    assert found == [
        ("content/updates/2023-01.md:6", f"the image H:/charts/beds.png {on_it}"),
        ("content/updates/2023-01.md:6", f"the link C:\\Users\\jo\\plan.pdf {on_it}"),
        ("content/updates/2023-01.md:6", f"the link \\\\kvh-fs01\\comms\\board.docx {on_it}"),
        ("content/updates/2023-01.md:8", f"the link C:\\My documents\\plan v2.pdf {on_it}"),
        ("content/updates/2023-01.md:8", f"the link file:///C:/plan.pdf {on_it}"),
        ("content/updates/2023-01.md:10", f"the link http://127.0.0.1:8001/journey/ {preview}"),
        ("content/updates/2023-01.md:10",
         f"the link http://localhost:8000/journey/md9/#progress {preview}"),
        ("content/updates/2023-01.md:12", f"the link http://intranet/policies/visiting {network}"),
        ("content/updates/2023-01.md:12", f"the link https://192.168.4.20/rota {network}"),
        ("content/updates/2023-01.md:12", "the link https://kvhnhs.sharepoint.com/:b:/s/Board/"
         "paper.pdf goes to SharePoint, which asks for a staff login: the public cannot open it"),
    ], result.stderr
    assert result.returncode == 1  # errors: visitors would find nothing there
    assert ("hint: copy the file into content/assets/ and write its address there: "
            "(/assets/plan-v2.pdf), its name without spaces.") in result.stderr
    assert ("hint: write the address from the / after the preview's: "
            "(/journey/md9/#progress).") in result.stderr
    assert len(reported(result.stderr)) == len(found)  # not a missing file, nor Markdown
    # shown as typed; and not tried as another website's


def test_a_table_markdown_would_not_show_as_written_is_found_and_one_that_works_is_not(  # type: ignore[no-untyped-def]
        write_site) -> None:
    body = ("Intro.\n\n| Ward | Beds |\n|---|\n| 7 | 20 |\n\n"  # line 6: one column of ---
            "| Ward | Beds |\n| 7 | 20 |\n\n"  # line 10: no line of ---
            "| Ward | Beds |\n| --- | ---: |\n| 7 | 20 | closed |\n| 8 |\n| 9 | 4 | |\n\n"
            "> | Ward | Beds |\n> |---|---|\n> | 7 | 20 | x \\| y |\n\n"  # line 21: in a quote
            "- A list:\n\n  | Ward | Beds |\n  |:--|--|\n  | 7 \\| 8 | 20 |\n\n"
            "Text | with a bar,\nand | another.\n\n| Ward |\n|---|\n| 7 |\n")
    root = write_site({"content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31"
                                                     "\nsummary: News.\n---\n" + body})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(t, w, m) for t, w, m in reported(result.stderr) if "able" in t or "typed" in t]
    assert found == [
        ("Table cells that are not shown", "content/updates/2023-01.md:17",
         'a row of the table has 3 cells but the table has 2 columns, so "closed" is not shown'),
        ("Table cells that are not shown", "content/updates/2023-01.md:23",
         'a row of the table has 3 cells but the table has 2 columns, so "x | y" is not shown'),
        ("Markdown shown as it is typed", "content/updates/2023-01.md:8",
         'the lines starting "| Ward | Beds |" are shown as they are typed, not as a table: '
         "its heading row has 2 columns and the line of --- under it has 1"),
        ("Markdown shown as it is typed", "content/updates/2023-01.md:12",
         'the lines starting "| Ward | Beds |" are shown as they are typed, not as a table: '
         "there is no line of --- under its heading row"),
    ], result.stderr
    assert "hint: write one --- for each column in the line under the heading row: " \
           "| --- | --- |" in result.stderr
    assert "hint: add one under the first row, with a --- for each column: | --- | --- |" \
        in result.stderr
    assert "hint: give them a column of their own" in result.stderr
    # What the checks say is what the page shows: the cells dropped, the lines as typed.
    run_journey("build", str(root), "--now", "2023-02-01")
    page = (root / "site/updates/2023-01/index.html").read_text(encoding="utf-8")
    assert "closed" not in page and "x | y" not in page and page.count("<table>") == 4
    assert "| Ward | Beds |\n|---|" in page and "| Ward | Beds |\n| 7 | 20 |" in page


def test_files_that_are_not_read_are_said_with_what_to_name_them(small_site: Path) -> None:
    """A rating Netlify would not read, an update Notepad saved as .md.txt, a document
    among the updates: each would be missing from the site without a word."""
    content = small_site / "content"
    (content / "rating.yaml").rename(content / "Rating.yaml")
    (content / "glossary.yaml").rename(content / "glossary.yml")
    (content / "updates/2022-10-update.md").rename(content / "updates/2022-10-update.md.txt")
    (content / "updates/minutes.docx").write_bytes(b"PK")
    (content / "updates/ward-12.jpg").write_bytes(b"\xff\xd8\xff")
    (content / "updates/2021").mkdir()
    (content / "notes.txt").write_text("To do")
    (content / "updates/Thumbs.db").write_bytes(b"")  # Windows' own: not said
    # Made on GitHub's website without an extension, or with another one.
    (content / "updates/2022-12-december-update").write_text("---\ntitle: December\n---\nNews.\n")
    (content / "updates/2022-11.update").write_text("\ufeff---\ntitle: November\n---\n")
    result = run_journey("check", str(small_site), "--now", SMALL_TODAY.isoformat())
    found = {(w, m) for t, w, m in reported(result.stderr) if t == "Files that are not read"}
    file, folder = "file is not read, so nothing", "folder is not read, so nothing"
    assert found == {
        ("content/Rating.yaml", f"this {file} in it is on the site"),
        ("content/glossary.yml", f"this {file} in it is on the site"),
        ("content/notes.txt", f"this {file} in it is on the site"),
        ("content/updates/2021", f"this {folder} in it is on the site"),
        ("content/updates/2022-10-update.md.txt", f"this {file} in it is on the site"),
        ("content/updates/minutes.docx", f"this {file} in it is on the site"),
        ("content/updates/ward-12.jpg", f"this {file} in it is on the site"),
        ("content/updates/2022-12-december-update", f"this {file} in it is on the site"),
        ("content/updates/2022-11.update", f"this {file} in it is on the site"),
    }, result.stderr
    for hint in ('rename it "rating.yaml", in small letters', 'rename it "glossary.yaml". In '
                 "File Explorer", 'rename it "2022-10-update.md": only .md files are read here',
                 "files for people to download go in content/assets/",
                 "content/ holds only site.yaml, rating.yaml, glossary.yaml, board.yaml, "
                 "updates/, pages/, journey/, earlier-journeys/, assets/ and cqc/",
                 "put its files in content/updates/ itself",
                 'rename it "2022-12-december-update.md": only .md files are read here.',
                 "pictures go in content/assets/: move it there, and show it in the text "
                 "with ![what it shows](/assets/ward-12.jpg).",
                 'rename it "2022-11.update.md": only .md files are read here.'):
        assert f"hint: {hint}" in result.stderr, hint
    strict = run_journey("build", str(small_site), "--strict", "--now", SMALL_TODAY.isoformat())
    assert strict.returncode == 1
    assert "content/Rating.yaml: error: this file is not read" in strict.stderr


def test_a_misspelt_rule_name_is_a_content_error(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_vague_link_site(write_site, "checks:\n  severity:\n    vague_links: off\n")
    result = run_journey("check", str(root))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "site.yaml:8:5" in result.stderr and "did you mean \"vague_link\"" in result.stderr


class _Links(http.server.BaseHTTPRequestHandler):
    """Other websites, on loopback: one fine, one gone, one slow, one refusing HEAD."""

    gone = True  # /gone, until it comes back

    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self.send_error(405)
            return
        self.do_GET()

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(3)
        status = 404 if self.path == "/gone" and self.gone else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def other_website() -> Iterator[str]:
    # Not at 127.0.0.1 or localhost: journey check says a link there goes to the preview.
    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), _Links)
    server.daemon_threads = False  # so that closing joins its request threads
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    yield f"http://127.0.0.2:{server.server_address[1]}"
    server.shutdown()
    # A request thread still answering /slow would keep a later test's checks from
    # forking (see generator.forked.can_fork).
    server.server_close()
    serving.join()


def test_links_copied_from_an_email_or_a_search_are_found_with_the_address_they_wrap(write_site) -> None:  # type: ignore[no-untyped-def]
    """An email service's link checker rewrites every link in an email: through its
    servers, with the address of whoever received the email in it."""
    safe = ("https://eur02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.cqc.org.uk"
            "%2Fprovider%2FRXX&data=05%7C02%7Cjo.bloggs%40nhs.net%7Cabc&sdata=xyz&reserved=0")
    root = write_site(january_update(
        f"Read [the report]({safe}).\n\n"
        "See [the plan](https://urldefense.com/v3/__https://www.england.nhs.uk/plan/__;!!ab$)"
        " and [about CQC](https://urldefense.proofpoint.com/v2/url?u=https-3A__www.cqc.org.uk"
        "_about-2Dus&d=DwMF&c=x).\n\n"
        "And [this page](https://protect-eu.mimecast.com/s/AbCdEf?domain=cqc.org.uk), "
        "[CQC](https://www.cqc.org.uk/?url=https://example.org/).\n\n"
        "Search found [our plan](https://www.google.com/url?sa=t&url=https%3A%2F%2Fwww.kvh."
        "example%2Fplan&usg=x).\n"))
    result = run_journey("check", str(root), "--now", "2023-02-01")
    found = [(w, m if "Google" in m else m.split(" was copied")[0])
             for t, w, m in reported(result.stderr) if t == "Links copied from an email or a search"]
    assert found == [
        ("content/updates/2023-01.md:6", "the link https://eur02.safelinks.protection.outlook"
         ".com/?url=https://..."),
        ("content/updates/2023-01.md:8", "the link https://urldefense.com/v3/__https://www."
         "england.nhs.uk/plan/..."),
        ("content/updates/2023-01.md:8", "the link https://urldefense.proofpoint.com/v2/url?u="
         "https-3A__www.cqc..."),
        ("content/updates/2023-01.md:10", "the link https://protect-eu.mimecast.com/s/AbCdEf?"
         "domain=cqc.org.uk"),
        ("content/updates/2023-01.md:12", "the link https://www.google.com/url?sa=t&url=https:"
         "//www.kvh.example/... was copied from Google: it goes through Google first, which "
         "counts the click, and may stop working"),
    ], result.stderr
    for hint in ("(https://www.cqc.org.uk/provider/RXX)", "(https://www.england.nhs.uk/plan/)",
                 "(https://www.cqc.org.uk/about-us)", "(https://www.kvh.example/plan)",
                 "open it in a browser and copy the address of the page it opens"):
        assert hint in result.stderr


def test_external_links_only_on_request(write_site, other_website: str,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(f"- [{name} page]({other_website}/{name})\n"
                   for name in ("fine", "gone", "slow", "no-head"))
    root = write_site({
        "content/site.yaml": "trust:\n  name: Test Trust\naccessibility:\n"
                             "  prepared: 2023-01-01\n  last_reviewed: 2023-01-01\n",
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n"
                                      f"---\nOther websites:\n\n{body}",
    })
    offline = run_journey("check", str(root), "--now", "2023-02-01")
    assert offline.returncode == 0 and "other websites" not in offline.stderr
    started = time.monotonic()
    result = run_journey("check", str(root), "--now", "2023-02-01", "--external",
                         "--timeout", "1")
    assert time.monotonic() - started < 30
    # Only our loopback "websites": the accessibility statement's links need the internet.
    ours = [(w, m) for _, w, m in reported(result.stderr) if other_website in m]
    found = {m for _, m in ours}
    where = {w for w, _ in ours}
    assert f"the link {other_website}/gone answers 404 Not Found" in found
    assert f"the link {other_website}/slow did not answer within 1 seconds" in found
    assert len(found) == 2  # /fine works, and /no-head works with GET
    assert where == {"content/updates/2023-01.md:9", "content/updates/2023-01.md:10"}
    assert result.returncode == 0  # warnings: a dead link elsewhere is not our error
    monkeypatch.setattr(_Links, "gone", False)
    back = run_journey("check", str(root), "--now", "2023-02-01", "--external",
                       "--timeout", "1")  # nothing changed here, but there
    assert f"{other_website}/gone" not in back.stderr
    assert f"{other_website}/slow" in back.stderr
    build = run_journey("build", str(root), "--now", "2023-02-01", "--strict")
    assert build.returncode == 0  # and never part of a build


def test_sample_site_passes_strict_check() -> None:
    result = run_journey("check", str(REPO), "--strict", "--now", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_accessibility_statement_is_generated_when_missing(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    site = build_copy(tmp_path_factory, "journey", dt.date(2022, 10, 15))
    page = parse(site / "accessibility-statement" / "index.html")
    assert page.h1.get_text() == "Accessibility statement for Our CQC rating"
    headings = [h.get_text() for h in page.select("main h2")]
    assert headings == [
        "How accessible this website is", "Feedback and contact information",
        "Reporting accessibility problems with this website", "Enforcement procedure",
        "Technical information about this website's accessibility",
        "Preparation of this accessibility statement"]
    text = page.select_one("main").get_text(" ", strip=True)
    assert "fully compliant with the Web Content Accessibility Guidelines version 2.2" in text
    assert "prepared on 1 September 2022" in text and "last reviewed on 1 October 2022" in text
    home = parse(site / "index.html")
    assert home.select_one('footer a[href="/accessibility-statement/"]') is not None
    # A site with its own statement gets no second one.
    small = build_copy(tmp_path_factory, "small", dt.date(2022, 12, 31))
    assert not (small / "accessibility-statement").exists()


def test_a_rating_date_in_the_future_is_a_regulation_20a_error(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/rating.yaml": "overall: good\nhistory:\n  - overall: good\n"
                                              "    published: 2019-05-10\n"
                                              "published: 2023-05-10\n"
                                              "report_url: https://www.cqc.org.uk/x\n"})
    result = run_journey("check", str(root), "--now", "2023-04-01")
    assert result.returncode == 1
    # At the line to change: the rating's own date, not an earlier rating's.
    assert ("Regulation 20A: the rating's date: 1 error (rating_date)\n  content/rating.yaml:5: the rating's "
            "publication date (2023-05-10) is in the future") in result.stderr


@pytest.mark.parametrize(("summary", "said"), [
    # Written about the report before: the new overall rating is inadequate.
    ("In 2019 CQC rated our trust as **good** overall.", "good"),
    ("CQC rated us requires\n  improvement in all five areas.", "requires improvement"),
    ("CQC rated our trust as inadequate, down from good.", None),  # the rating now, said
    ("CQC rated our maternity unit as good.", None),  # a service's, not the trust's
    ("CQC rated us good for caring, and inadequate overall.", None),
    ("CQC rated us outstanding for caring.", None),  # a key question's rating
    ("Our rating went down from good.", None),
])
def test_a_summary_that_gives_another_rating_is_a_warning(
        write_site, summary: str, said: str | None) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/rating.yaml": "published: 2022-08-25\noverall: inadequate\n"
                                              "report_url: https://www.cqc.org.uk/x\n"
                                              f"summary: |\n  {summary}\n"})
    result = run_journey("check", str(root), "--now", "2022-09-01")
    found = [line for line in result.stderr.splitlines() if "the summary says" in line]
    if said is None:
        assert found == [], result.stderr
        return
    assert found == [f'  content/rating.yaml:4: the summary says CQC rated the trust "{said}", '
                     "but the overall rating is Inadequate"], result.stderr
    assert "(rating_summary)" in result.stderr


def test_a_big_sites_checks_on_every_core_find_what_one_process_finds(
        findings_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From WORTH_IT_FROM files or pages up, the prose and built pages are checked in
    worker processes: every finding still found, once, as in one process."""
    import os

    from generator import workers
    from generator.model.site import BuildSettings
    from generator.pages import collect_pages
    from generator.quality import built_pages, prose
    from generator.quality.run import run_checks
    from generator.rendering import render_site

    added = workers.WORTH_IT_FROM
    for i in range(added):
        date = dt.date(2021, 1, 1) + dt.timedelta(days=i)
        (findings_site / "content" / "updates" / f"{date}-news.md").write_text(
            f"---\ntitle: News {i}\ndate: {date}\nsummary: News.\n---\n"
            f"See [here](/updates/) and [our plan](/no-plan-{i}/). The XQZ team "
            "met. " + "The ward had many more staff this week than it had last week " * 3
            + ".\n\n![](/assets/photo.png)\n", encoding="utf-8")
    processes = tmp_path / "processes"
    for module, name in ((prose, "_check_file"), (built_pages, "scan_page")):
        real = getattr(module, name)

        def noted(*args: object, real: Callable[..., object] = real, **kwargs: object) -> object:
            with processes.open("a") as file:
                file.write(f"{os.getpid()}\n")
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, noted)
    site, files, copies = render_site(
        findings_site, BuildSettings(today=dt.date.fromisoformat(FINDINGS_NOW)))
    on_every_core = run_checks(site, collect_pages(site), files, copies)
    assert str(os.getpid()) not in processes.read_text().split()
    monkeypatch.setattr(workers, "WORTH_IT_FROM", 10**9)
    alone = run_checks(site, collect_pages(site), files, copies)
    assert on_every_core == alone
    rules = [finding.rule for finding in alone]
    for rule in ("vague_link", "broken_link", "long_sentence", "abbreviation", "image_alt"):
        assert rules.count(rule) > added, rule


@pytest.mark.parametrize(("summary", "body", "summary_line", "body_line"), [
    ("summary: See [here](/updates/).\n", "Text.\n", 4, None),
    ("summary: |\n  News.\n  See [here](/updates/).\n", "Text.\n", 6, None),
    ("summary: >-\n  See [here](/updates/).\n", "Text.\n", 5, None),
    ("summary: News.\n", ">\n> A quote, and [here](/updates/) is more.\n", None, 7),
    ("summary: News.\n", "|\nSee [here](/updates/).\n", None, 7),
])
def test_findings_in_fields_and_bodies_are_at_their_line(  # type: ignore[no-untyped-def]
        write_site, summary: str, body: str, summary_line: int | None,
        body_line: int | None) -> None:
    """A block (``summary: |``) starts on the line after its ``|``; a body is where it is,
    even when its first line is a ``>`` or ``|`` alone."""
    root = write_site({
        "content/updates/2023-01.md": f"---\ntitle: January\ndate: 2023-01-31\n{summary}"
                                      f"---\n{body}"})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    line = summary_line or body_line
    assert f'content/updates/2023-01.md:{line}: the link text "here"' in result.stderr, \
        result.stderr


def test_rules_turned_off_are_not_worked_out(write_site,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Sentences are most of the prose checks' work: not split when no rule reads them."""
    from generator.checking import check_site
    from generator.model.site import BuildSettings
    from generator.quality import prose
    root = write_vague_link_site(write_site, "checks:\n  severity:\n    long_sentence: off\n"
                                 "    reading_age: off\n    abbreviation: off\n")
    split: list[object] = []
    real = prose._sentences
    monkeypatch.setattr(prose, "_sentences", lambda block: split.append(block) or real(block))
    settings = BuildSettings(today=dt.date(2023, 2, 1))
    assert [f.rule for f in check_site(root, settings, use_cache=False).findings] == ["vague_link"]
    assert split == []
    (root / "content/site.yaml").write_text(
        (root / "content/site.yaml").read_text().replace("    reading_age: off\n", ""))
    check_site(root, settings, use_cache=False)
    assert split


def _pdf(kind: str) -> bytes:
    """A one-page PDF: tagged (as Word or WeasyPrint saves one for accessibility), a scan
    (a picture of words), protected by a password, or not a PDF at all."""
    import io

    import weasyprint
    from pypdf import PdfWriter

    if kind == "not a pdf":
        return b"%PDF-1.4 this was never a PDF"
    words = ('<!DOCTYPE html><html lang="en-GB"><head><title>Our plan</title></head>'
             "<body><h1>Our plan</h1><p>What we will do.</p></body></html>")
    if kind == "scan":  # no text at all: a drawn box stands for the scanned picture
        words = ('<html><body><div style="width:5cm;height:5cm;background:#333">'
                 "</div></body></html>")
    data = weasyprint.HTML(string=words).write_pdf(pdf_variant="pdf/ua-1")
    if kind == "password":
        writer = PdfWriter(clone_from=io.BytesIO(data))
        writer.encrypt("secret")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    return data


@pytest.mark.parametrize(("kind", "said"), [
    ("tagged", None),
    ("scan", "has no words a screen reader can read (a scan, or a picture of text), does not "
             "say what language it is in and has no title"),
    ("password", "is protected by a password"),
    ("not a pdf", "cannot be opened as a PDF"),
])
def test_a_pdf_not_everyone_can_read_is_found(write_site: Callable[[dict[str, str]], Path],
                                              kind: str, said: str | None) -> None:
    root = write_site({})
    (root / "content/assets").mkdir()
    (root / "content/assets/plan.pdf").write_bytes(_pdf(kind))
    result = run_journey("check", str(root))
    found = [(w, m) for t, w, m in reported(result.stderr) if t == "PDFs not everyone can read"]
    if said is None:
        assert found == [], result.stderr
    else:
        assert found == [("content/assets/plan.pdf",
                          f"the PDF assets/plan.pdf {said}, so not everyone can read it")]
        assert "Document structure tags for accessibility" in result.stderr


def test_a_pdf_is_opened_again_only_when_it_changed(
        write_site: Callable[[dict[str, str]], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_site({})
    (root / "content/assets").mkdir()
    plan = root / "content/assets/plan.pdf"
    shutil.copy(SITES / "findings/content/assets/plan.pdf", plan)  # not tagged
    site = load_site(root, BuildSettings(today=SMALL_TODAY))
    first = CheckMemo()
    found = pdf_files.check_pdf_files(site, first)
    assert [f.message.split(" is ")[0] for f in found] == ["the PDF assets/plan.pdf"]
    opened: list[Path] = []
    real = pdf_files._problems
    monkeypatch.setattr(pdf_files, "_problems", lambda path: opened.append(path) or real(path))
    assert pdf_files.check_pdf_files(site, CheckMemo(first.now)) == found
    assert opened == []
    plan.write_bytes(_pdf("tagged"))
    assert pdf_files.check_pdf_files(site, CheckMemo(first.now)) == []
    assert opened == [plan]


@pytest.mark.parametrize("named_in", ["site.yaml", "own statement", "nowhere"])
def test_a_pdf_named_in_the_accessibility_statement_is_let_be(
        write_site: Callable[[dict[str, str]], Path], named_in: str) -> None:
    """The public is told of a document that cannot be fixed yet, as the regulations ask."""
    problem = "Our 2019 board papers (Board-2019.pdf) are scans: ask us for them as text."
    files = {}
    if named_in == "site.yaml":
        files["content/site.yaml"] = (
            "trust:\n  name: Test Trust\naccessibility:\n  compliance: partial\n"
            f"  problems: ['{problem}']\n  prepared: 2022-01-01\n  last_reviewed: 2022-01-01\n")
    elif named_in == "own statement":
        files["content/pages/accessibility.md"] = (
            f"---\ntitle: Accessibility statement\n---\n## Content that is not accessible\n\n"
            f"{problem}\n")
    root = write_site(files)
    (root / "content/assets").mkdir()
    shutil.copy(SITES / "findings/content/assets/plan.pdf", root / "content/assets/board-2019.pdf")
    result = run_journey("check", str(root))
    found = [w for t, w, _ in reported(result.stderr) if t == "PDFs not everyone can read"]
    assert found == ([] if named_in != "nowhere" else ["content/assets/board-2019.pdf"]), \
        result.stderr
