"""The journey command through its real entry points."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, make_starter_our_own, parse, run_journey

from generator.cli import COMMANDS, main
from generator.content.loader import load_site
from generator.model.dates import MONTHS
from generator.model.site import BuildSettings


def test_python_m_generator_builds_the_sample_site_like_journey(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_journey("build", str(REPO), "--out", str(out), "--now", "2026-11-23")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built ")
    assert (out / "index.html").is_file()
    assert "Traceback" not in result.stderr


def test_build_defaults_to_the_current_folder_and_site_dir(small_site: Path) -> None:
    result = run_journey("build", "--now", "2022-12-31", cwd=small_site)
    assert result.returncode == 0, result.stderr
    assert "Built 9 pages into site/" in result.stdout
    assert (small_site / "site/index.html").is_file()


def test_usage_errors_exit_2() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--no-such-option"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2
    assert runner.invoke(main, ["build", "--now", "30/11/2022"]).exit_code == 2


@pytest.mark.parametrize("command", [("build",), ("check",), ("serve", "--port", "0"),
                                     ("new", "update")])
def test_a_folder_without_content_says_where_to_run_it_or_how_to_start(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    result = run_journey(*command, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "error:" in result.stderr and "content" in result.stderr
    assert "in your site's folder" in result.stderr, result.stderr
    if command[0] != "new":
        assert "journey new site my-site" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing made, nothing served


def test_content_errors_exit_1_and_print_no_traceback(small_site: Path) -> None:
    rating = small_site / "content/rating.yaml"
    original = rating.read_text(encoding="utf-8")
    rating.write_text("overall: bad\n", encoding="utf-8")
    result = run_journey("build", str(small_site))
    assert result.returncode == 1
    assert "content/rating.yaml:1:10: error:" in result.stderr
    assert "Traceback" not in result.stderr
    # What happened, and what to do, for more errors and for one.
    assert result.stderr.endswith("2 errors found. Nothing was published; fix them and build "
                                  "again.\n")
    rating.write_text(re.sub(r"(?m)^overall: .*$", "overall: bad", original), encoding="utf-8")
    result = run_journey("build", str(small_site))
    assert result.stderr.endswith("1 error found. Nothing was published; fix it and build "
                                  "again.\n")


def test_drafts_flag_includes_drafts_and_embargoed_with_a_banner(small_site: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(small_site), "--drafts", "--now", "2022-12-31"])
    assert result.exit_code == 0, result.output
    draft = parse(small_site / "site/updates/2022-12-draft/index.html")
    assert draft.select_one(".draft-banner") is not None
    assert (small_site / "site/updates/2023-01-embargoed/index.html").is_file()


@pytest.mark.parametrize(("now", "due"), [("2022-12-29", False), ("2022-12-30", True),
                                         ("2023-01-15", True)])
def test_a_draft_past_its_publish_date_says_so_in_its_banner_and_in_check(
        small_site: Path, now: str, due: bool) -> None:
    draft = small_site / "content/updates/2022-12-draft.md"
    draft.write_text(draft.read_text().replace("draft: true", "draft: true\npublish_date: 2022-12-30"))
    result = CliRunner().invoke(main, ["build", str(small_site), "--drafts", "--now", now])
    assert result.exit_code == 0, result.output
    banner = parse(small_site / "site/updates/2022-12-draft/index.html").select_one(".draft-banner")
    assert banner is not None
    said = ("It was due to be published on 30 December 2022: to publish it, change draft: "
            "true to draft: false at the top of its file.")
    assert (said in " ".join(banner.get_text().split())) == due
    for drafts in ((), ("--drafts",)):  # hidden or shown, it is found once
        check = run_journey("check", str(small_site), "--now", now, *drafts)
        assert check.stderr.count("is still a draft, though it was due to be published on "
                                  "30 December 2022") == due, check.stderr


def test_embargo_lifts_on_the_publish_date(small_site: Path) -> None:
    CliRunner().invoke(main, ["build", str(small_site), "--now", "2023-01-30"])
    assert not (small_site / "site/updates/2023-01-embargoed").exists()
    CliRunner().invoke(main, ["build", str(small_site), "--now", "2023-01-31"])
    assert (small_site / "site/updates/2023-01-embargoed/index.html").is_file()


def test_source_date_epoch_sets_the_build_date(small_site: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(dt.datetime(2023, 2, 1, tzinfo=dt.UTC).timestamp()))}
    result = run_journey("build", str(small_site), env=env)
    assert result.returncode == 0, result.stderr
    assert (small_site / "site/updates/2023-01-embargoed/index.html").is_file()


def test_base_url_sets_where_links_point(small_site: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(small_site), "--now", "2022-12-31",
                                       "--base-url", "https://preview.example/pr-12/"])
    assert result.exit_code == 0, result.output
    home = parse(small_site / "site/index.html")
    assert re.fullmatch(r"/pr-12/static/css/journey\.[0-9a-f]{10}\.css",
                        home.select_one('link[rel="stylesheet"]')["href"])
    assert home.select_one("nav.navigation a")["href"] == "/pr-12/"


def test_strict_fails_on_warnings(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\n---\nBody\n"})
    runner = CliRunner()
    relaxed = runner.invoke(main, ["build", str(root), "--now", "2022-12-01"])
    assert relaxed.exit_code == 0
    assert 'warning: the update "A" has no summary' in relaxed.output
    strict = runner.invoke(main, ["build", str(root), "--strict", "--now", "2022-12-01"])
    assert strict.exit_code == 1
    assert 'content/updates/a.md:1:1: error: the update "A" has no summary' in strict.output


def test_check_writes_nothing(small_site: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(small_site), "--now", "2022-12-31"])
    assert result.exit_code == 0, result.output
    assert "Checked 9 pages: 0 errors, 0 warnings, 0 notes." in result.output
    assert not (small_site / "site").exists()


def test_new_site_scaffolds_a_site_that_builds(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", "site", str(tmp_path / "my-site")])
    assert result.exit_code == 0, result.output
    assert "/site/\n" in (tmp_path / "my-site/.gitignore").read_text(encoding="utf-8")
    built = runner.invoke(main, ["build", str(tmp_path / "my-site")])
    assert built.exit_code == 0, built.output
    home = parse(tmp_path / "my-site/site/index.html")
    assert home.select_one("section.rating-panel") is not None
    for page in ("journey", "journey/actions/md1", "journey/warning-notices/wn1", "board",
                 "accessibility-statement"):  # the statement made from site.yaml's answers
        assert (tmp_path / "my-site/site" / page / "index.html").is_file(), page
    again = runner.invoke(main, ["new", "site", str(tmp_path / "my-site")])
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.mark.parametrize("today", ["2026-11-30", "2027-01-01", "2028-02-29", "2031-08-31"])
def test_a_new_site_is_up_to_date_and_publishable_once_made_our_own(tmp_path: Path,
                                                                   today: str) -> None:
    """The starter's dates move to the month it is made: nothing late, overdue or to come
    that has been. It cannot be published until its example words are replaced and its
    accessibility statement is dated."""
    env = {"SOURCE_DATE_EPOCH": str(int(dt.datetime.fromisoformat(f"{today}T12:00+00:00")
                                        .timestamp()))}
    runner = CliRunner(env=env)
    assert runner.invoke(main, ["new", "site", str(tmp_path / "s")]).exit_code == 0
    update = tmp_path / "s/content/updates" / f"{today[:7]}-{MONTHS[int(today[5:7]) - 1].lower()}-update.md"
    assert f"\ndate: {today}\n" in update.read_text(encoding="utf-8")
    checked = runner.invoke(main, ["check", str(tmp_path / "s")])
    assert re.search(r"Checked \d+ pages: 0 errors, \d+ warnings, 0 notes\.", checked.output)
    assert "does not say when it was prepared" in checked.output
    # Every file with words in it has an example to replace, found where it is.
    starter = REPO / "generator/starter/content"
    for path in sorted(starter.rglob("*")):
        if path.suffix in (".md", ".yaml") and path.name != "glossary.yaml":
            rel = path.relative_to(starter.parent).as_posix()
            if path.parent.name == "updates":
                rel = update.relative_to(tmp_path / "s").as_posix()
            assert re.search(rf"^  {re.escape(rel)}:\d+: \"[^\"]+\" is the starter site's example",
                             checked.output, re.MULTILINE), rel
    refused = runner.invoke(main, ["build", str(tmp_path / "s"), "--strict"])
    assert refused.exit_code == 1 and not (tmp_path / "s/site").exists()
    make_starter_our_own(tmp_path / "s")
    built = runner.invoke(main, ["build", str(tmp_path / "s"), "--strict"])
    assert built.exit_code == 0, built.output
    panel = parse(tmp_path / "s/site/index.html").select_one("section.rating-panel")
    assert panel is not None and "Report published by CQC on" in panel.get_text()


def test_an_update_published_as_journey_new_update_made_it_is_not_published(  # type: ignore[no-untyped-def]
        write_site) -> None:
    root = write_site({})
    runner = CliRunner()
    assert runner.invoke(main, ["new", "update", str(root), "--date", "2023-01-31"]).exit_code == 0
    update = root / "content/updates/2023-01-january-update.md"
    update.write_text(update.read_text(encoding="utf-8").replace("draft: true", "draft: false"),
                      encoding="utf-8")
    refused = runner.invoke(main, ["build", str(root), "--strict", "--now", "2023-02-01"])
    assert refused.exit_code == 1
    assert ('2023-01-january-update.md:5:10: error: "One sentence on the most important '
            "progress this month\" is the starter site's example") in refused.output
    assert "Write this month's update here\" is the starter" in refused.output
    # Its summary written, and paragraphs above the outline's words: still refused.
    written = update.read_text(encoding="utf-8").replace(
        "One sentence on the most important progress this month.", "We opened a ward.")
    update.write_text(written.replace("---\nWrite this", "---\n" + "We did much.\n\n" * 40
                                      + "Write this"), encoding="utf-8")
    refused = runner.invoke(main, ["build", str(root), "--strict", "--now", "2023-02-01"])
    assert refused.exit_code == 1
    assert re.search(r"2023-01-january-update.md:88:1: error: \"Write this month's update "
                     r"here\" is the starter", refused.output), refused.output
    # Its first line written, the example words under the headings left: still refused.
    update.write_text(written.replace("Write this month's update here.", "We did much."),
                      encoding="utf-8")
    refused = runner.invoke(main, ["build", str(root), "--strict", "--now", "2023-02-01"])
    assert refused.exit_code == 1
    assert "What you did this month, in short paragraphs or a list\" is the starter" \
        in refused.output
    assert "What you will do next month\" is the starter" in refused.output


def test_new_site_goes_beside_the_tool_in_place_of_the_sample(tmp_path: Path,  # type: ignore[no-untyped-def]
                                                              monkeypatch) -> None:
    """A trust's copy of this repository: the sample's content/ renamed, the rest kept."""
    copy = tmp_path / "our-copy"
    copy.mkdir()
    shutil.copytree(REPO / "content", copy / "content")
    (copy / "netlify.toml").write_text("[build]\n", encoding="utf-8")
    (copy / ".gitignore").write_text("/.venv/\n/site/", encoding="utf-8")
    monkeypatch.chdir(copy)
    runner = CliRunner()
    refused = runner.invoke(main, ["new", "site", "."])
    assert refused.exit_code == 1 and "rename or delete that content folder" in refused.output
    assert (copy / "content/updates/2026-10-30-october-update.md").is_file()  # untouched
    (copy / "content").rename(copy / "sample-content")
    made = runner.invoke(main, ["new", "site", "."])
    assert made.exit_code == 0, made.output
    assert "cd " not in made.output and made.output.rstrip().endswith("journey serve")
    assert (copy / "netlify.toml").read_text(encoding="utf-8") == "[build]\n"
    assert (copy / ".gitignore").read_text(encoding="utf-8") == (
        "/.venv/\n/site/\n/.site.previous/\n.cache/\n")  # kept, with what it lacked
    assert "Your Trust Name" in (copy / "content/site.yaml").read_text(encoding="utf-8")
    built = runner.invoke(main, ["build"])
    assert built.exit_code == 0, built.output


def test_new_update_creates_the_months_draft_with_front_matter(small_site: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", "update", str(small_site), "--date", "2022-12-30"])
    assert result.exit_code == 0, result.output
    path = small_site / "content/updates/2022-12-december-update.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: December 2022 update\ndate: 2022-12-30\nkind: update\n")
    assert "draft: true" in text
    assert "signed_by" not in text  # the latest update (January, embargoed) has none
    # Nothing recorded: what to write under each heading, not an empty section.
    assert text.endswith("## What we have done\n\nWhat you did this month, in short "
                         "paragraphs or a list.\n\n## What we will do next\n\nWhat you will "
                         "do next month.\n")
    # It is valid content: a drafts build shows it.
    built = runner.invoke(main, ["build", str(small_site), "--drafts", "--now", "2022-12-31"])
    assert built.exit_code == 0, built.output
    assert (small_site / "site/updates/2022-12-december-update/index.html").is_file()
    again = runner.invoke(main, ["new", "update", str(small_site), "--date", "2022-12-30"])
    assert again.exit_code == 1 and "already exists" in again.output
    assert path.read_text(encoding="utf-8") == text


def test_new_update_starts_from_what_the_journey_recorded_since_the_last_update(
        tmp_path: Path) -> None:
    """Progress notes (whole: paragraphs and lists), milestones done and figures since the
    October update (the November draft removed), as list items under the outline's
    headings, and what is due next; the actions they name are related. What it makes
    builds, and is still refused as written."""
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    (root / "content/updates/2026-11-27-november-update.md").unlink()
    actions = root / "content/journey/actions.yaml"
    actions.write_text(actions.read_text().replace(
        "        note: CQC lifted warning notice WN1. We will keep reporting the figure every "
        "month.\n",
        "        note: CQC lifted warning notice WN1. We will keep reporting the figure every "
        "month.\n      - date: 2026-11-16\n        note: |\n          94% assessed within "
        "15 minutes.\n\n          The best month yet:\n          - day and night\n", 1))
    timeline = root / "content/journey/timeline.yaml"
    timeline.write_text(timeline.read_text() + "- {when: 2026-11-20, title: Our discharge "
                        "lounge opens, status: done}\n")
    runner = CliRunner()
    made = runner.invoke(main, ["new", "update", str(root), "--date", "2026-11-30"])
    assert made.exit_code == 0, made.output
    text = (root / "content/updates/2026-11-november-update.md").read_text()
    front, body = text.split("---\n")[1:3]
    assert "related: [MD1, MD4, SD1, SD4, MD7]\n" in front
    done = body.split("## What we have done\n\n")[1].split("\n\n## ")[0].splitlines()
    assert done == [  # a note of two paragraphs and a list keeps them, in its item
        "- MD1: 94% assessed within 15 minutes.", "", "  The best month yet:",
        "  - day and night",
        "- Our discharge lounge opens (20 November 2026)",
        "- Patients assessed within 15 minutes of arriving in our emergency department: 86% "
        "in October 2026 (target: 95%)",
        "- Maternity shifts with the planned number of midwives: 96% in October 2026 "
        "(target: 100%)",
        "- Daily medicines checks done correctly: 96% in October 2026 (target: 98%)"]
    coming = body.split("## What we will do next\n\n")[1].splitlines()
    assert coming[0] == ("- MD4, due 31 December 2026: Make sure every maternity shift is "
                         "staffed with enough midwives to keep women and babies safe.")
    assert "- Winter plan: 24 extra beds and seven-day community referrals (Winter 2026/27)" \
        in coming
    assert not any("(2027)" in line for line in coming)  # a year is not "next"
    built = runner.invoke(main, ["build", str(root), "--drafts", "--now", "2026-11-30"])
    assert built.exit_code == 0, built.output
    page = parse(root / "site/updates/2026-11-november-update/index.html")
    item = page.select("main li")[0]
    assert [" ".join(p.get_text().split()) for p in item.find_all("p")] == [
        "MD1: 94% assessed within 15 minutes.", "The best month yet:"]
    assert [li.get_text() for li in item.select("li")] == ["day and night"]


def test_new_statement_creates_a_draft_statement_named_by_its_title(small_site: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["new", "statement", "Statement: our new CQC report",
                                str(small_site), "--date", "2022-12-20"])
    assert made.exit_code == 0, made.output
    path = small_site / "content/updates/2022-12-20-statement-our-new-cqc-report.md"
    assert f"Created {path}." in made.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Statement: our new CQC report"\ndate: 2022-12-20\n'
                           "kind: statement\n"), text
    built = runner.invoke(main, ["build", str(small_site), "--drafts", "--now", "2022-12-31"])
    assert built.exit_code == 0, built.output
    page = parse(small_site / "site/updates/2022-12-20-statement-our-new-cqc-report/index.html")
    assert " ".join(page.select_one("h1").get_text().split()) == "Statement: our new CQC report"
    assert "Public statement" in page.get_text()
    # Published as made, it is refused: its words are the outline's.
    path.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    refused = runner.invoke(main, ["build", str(small_site), "--strict", "--now", "2022-12-31"])
    assert refused.exit_code == 1
    assert '"One sentence saying what this statement is about" is the starter' in refused.output
    assert '"Write your statement here" is the starter' in refused.output
    again = runner.invoke(main, ["new", "statement", "Statement: our new CQC report",
                                 str(small_site), "--date", "2022-12-20"])
    assert again.exit_code == 1 and "already exists" in again.output
    nameless = runner.invoke(main, ["new", "statement", "!!!", str(small_site)])
    assert nameless.exit_code == 1 and "no letters or numbers" in nameless.output
    odd = ("No", "1.5", "Our response", "#1 priority", "'Sorry'", "Siân: \u201cour report\u201d",
           "A\u2028line", "Stra\u00dfe\x85\x80")
    for title in odd:  # read back as made
        assert runner.invoke(main, ["new", "statement", title, str(small_site)]).exit_code == 0
    site = load_site(small_site, BuildSettings(today=dt.date(2030, 1, 1), drafts=True))
    titles = {update.title for update in site.updates}
    assert set(odd) <= titles
    # Written as an editor reads it, not as \u escapes.
    made = (small_site / "content/updates").glob("*-sian-our-report.md")
    assert 'title: "Siân: \u201cour report\u201d"\n' in next(made).read_text(encoding="utf-8")


def test_new_page_creates_a_draft_page_named_by_its_title(small_site: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(main, ["new", "page", "Our maternity services: what's changing",
                                str(small_site)])
    assert made.exit_code == 0, made.output
    path = small_site / "content/pages/our-maternity-services-what-s-changing.md"
    assert f"Created {path}." in made.output
    text = path.read_text(encoding="utf-8")
    built = runner.invoke(main, ["build", str(small_site), "--drafts", "--now", "2022-12-31"])
    assert built.exit_code == 0, built.output
    page = parse(small_site / "site/our-maternity-services-what-s-changing/index.html")
    assert page.select_one("h1").get_text() == "Our maternity services: what's changing"
    assert "Our maternity services: what's changing" in [
        a.get_text() for a in page.select(".navigation__link")]
    # Published as made, it is refused: its words are the outline's.
    path.write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    refused = runner.invoke(main, ["build", str(small_site), "--strict", "--now", "2022-12-31"])
    assert refused.exit_code == 1
    assert '"One sentence saying what this page is about" is the starter' in refused.output
    assert '"Write this page here" is the starter' in refused.output
    again = runner.invoke(main, ["new", "page", "Our maternity services: what's changing",
                                 str(small_site)])
    assert again.exit_code == 1 and "already exists" in again.output
    nameless = runner.invoke(main, ["new", "page", "???", str(small_site)])
    assert nameless.exit_code == 1 and 'journey new page "Our maternity' in nameless.output
    taken = runner.invoke(main, ["new", "page", "Updates", str(small_site)])  # the site's
    assert taken.exit_code == 1 and 'journey new page "Updates information"' in taken.output
    assert not (small_site / "content/pages/updates.md").exists()


def test_new_update_copies_signatories_from_the_latest_update(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({"content/updates/a.md": (
        '---\ntitle: A\ndate: 2022-11-30\nsummary: S\nsigned_by:\n'
        '  - {name: "Jo O\'Neill", role: "Chair: interim"}\n---\n')})
    runner = CliRunner()
    assert runner.invoke(main, ["new", "update", str(root), "--date", "2022-12-01"]).exit_code == 0
    text = (root / "content/updates/2022-12-december-update.md").read_text(encoding="utf-8")
    assert '  - name: "Jo O\'Neill"\n    role: "Chair: interim"\n' in text
    assert runner.invoke(main, ["check", str(root), "--drafts"]).exit_code == 0


def test_help_lists_every_command_without_loading_any() -> None:
    # A fresh interpreter: this one has imported the commands already.
    result = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom generator.cli import main\n"
         "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
         "print(sorted(m for m in sys.modules if m.startswith('generator.')))"],
        capture_output=True, text=True, check=True)
    commands = result.stdout.partition("Commands:")[2]
    listed = re.findall(r"^  ([a-z-]+)  +(\S.*)$", commands, re.MULTILINE)
    assert [name for name, _ in listed] == sorted(COMMANDS)
    assert all(len(line) > 20 for _, line in listed)
    loaded = ast.literal_eval(result.stdout.splitlines()[-1])
    assert "generator.cli" in loaded
    assert not [m for m in loaded if m.startswith(("generator.commands", "generator.model",
                                                    "generator.serve", "generator.render"))]
    for name in COMMANDS:  # every verb named there exists
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "journey" in result.output


def test_a_site_with_only_a_rating_and_updates_builds(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({
        "content/rating.yaml": "published: 2022-08-25\noverall: good\nreport_url: https://www.cqc.org.uk/x\n",
        "content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\nsummary: S\n---\nBody\n",
    })
    result = CliRunner().invoke(main, ["build", str(root), "--strict", "--now", "2022-12-01"])
    assert result.exit_code == 0, result.output
    # home, updates index, one update, the accessibility statement, 404
    assert "Built 5 pages" in result.output
    nav = [a.get_text() for a in parse(root / "site/index.html").select("nav.navigation a")]
    assert nav == ["Our CQC rating", "Updates", "Accessibility statement"]


def test_a_site_with_nothing_but_site_yaml_builds(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    result = CliRunner().invoke(main, ["build", str(root), "--strict"])
    assert result.exit_code == 0, result.output
    home = parse(root / "site/index.html")
    assert home.select_one("aside.rating-badge") is None
    assert home.h1 is not None and home.h1.get_text() == "Our CQC rating"


def test_an_unwritable_output_is_a_clear_error(small_site: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", str(small_site), "--out", str(blocker / "site")])
    assert result.exit_code == 1
    assert "error: the site could not be written" in result.output
    assert "Traceback" not in result.output
