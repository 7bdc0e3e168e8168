"""journey check --format github and --format azure, and the workflow that runs it: each
finding as a GitHub Actions annotation or an Azure Pipelines issue, at its file (from the
folder the check runs in) and line."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml
from conftest import REPO, GitHubContext, github_if, run_as_github_does, run_journey

from generator.model.checks import Severity
from generator.quality.annotations import Annotation, azure_command, job_summary

# ::level file=...,line=...,col=...,title=...::message (GitHub's workflow command)
ANNOTATION = re.compile(r"^::(error|warning|notice) ((?:\w+=[^,:]*,?)+)::(.*)$")


def annotations(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """(level, properties, message) for each annotation, unescaped as GitHub reads them."""
    def unescape(text: str) -> str:
        return text.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":").replace(
            "%2C", ",").replace("%25", "%")
    found = []
    for line in stdout.splitlines():
        if line.startswith("::"):
            match = ANNOTATION.match(line)
            assert match, line
            properties = dict(part.split("=", 1) for part in match.group(2).split(","))
            found.append((match.group(1), {k: unescape(v) for k, v in properties.items()},
                          unescape(match.group(3))))
    return found


def test_each_finding_is_an_annotation_at_its_file_and_line_from_where_the_check_runs(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    root = write_site({
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n"
                                      "---\nSee [our plan](/no%2Csuch-page/).\n\n"
                                      "Read [here](/updates/).\n\n"
                                      "We will utilise the new ward.\n\n"
                                      "100% of our wards, and every one of the clinics, "
                                      "theatres and day units across all three of our "
                                      "hospital sites, had the checks done this month, the "
                                      "first time since the inspection.\n",
        "content/rating.yaml": "overall: good\npublished: 2023-06-01\n"
                               "report_url: https://www.cqc.org.uk/provider/RXX\n",
    })
    result = run_journey("check", root.name, "--format", "github", "--now", "2023-02-01",
                         cwd=root.parent)
    assert result.returncode == 1
    update = f"{root.name}/content/updates/2023-01.md"
    found = annotations(result.stdout)
    assert [(level, props.get("file"), props.get("line")) for level, props, _ in found] == [
        ("error", update, "6"), ("warning", update, "8"), ("warning", update, "12"),
        ("notice", update, "10"), ("error", f"{root.name}/content/rating.yaml", "2")]
    _, props, message = found[0]
    assert props["title"] == "Links to pages that do not exist (broken_link)"
    assert message.startswith("the link /no%2Csuch-page/ goes to a page that does not exist\n"
                              "hint: ")
    assert found[1][2].startswith('the link text "here" does not say where it goes')
    # A %, a colon: each comes through whole, escaped on the line as GitHub reads it.
    assert found[2][2].startswith('a sentence of 33 words: "100% of our wards,')
    assert found[4][1]["title"] == "Regulation 20A: the rating's date (rating_date)"
    assert "title=Regulation 20A%3A the rating's date" in result.stdout
    assert result.stdout.splitlines()[-1] == "Checked 5 pages: 2 errors, 2 warnings, 1 note."
    assert result.stderr == ""  # the annotations say it all
    # With --strict (what publishing uses) a warning stops it: an error, as the build says.
    strict = run_journey("check", root.name, "--format", "github", "--strict", "--now",
                         "2023-02-01", cwd=root.parent)
    assert [level for level, _, _ in annotations(strict.stdout)] == [
        "error", "error", "error", "notice", "error"]


# ##vso[task.logissue type=...;sourcepath=...]message (Azure Pipelines' logging command)
AZURE_ISSUE = re.compile(r"^##vso\[task\.logissue ([^\]]*)\](.*)$")


def azure_issues(stdout: str) -> list[tuple[dict[str, str], str]]:
    """(properties, message) for each issue, unescaped as Azure's agent reads them."""
    def unescape(text: str) -> str:
        return text.replace("%3B", ";").replace("%0D", "\r").replace("%0A", "\n").replace(
            "%5D", "]")
    found = []
    for line in stdout.splitlines():
        if line.startswith("##vso[task.logissue"):
            match = AZURE_ISSUE.match(line)
            assert match, line
            properties = dict(part.split("=", 1) for part in match.group(1).split(";"))
            found.append(({k: unescape(v) for k, v in properties.items()},
                          unescape(match.group(2))))
    return found


def test_on_azure_each_error_and_warning_is_an_issue_at_its_file_and_line_and_a_note_a_line(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    root = write_site({
        "content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n"
                                      "---\nSee [our plan](/no;such]page/).\n\n"
                                      "Read [here](/updates/).\n\n"
                                      "We will utilise the new ward.\n",
        "content/rating.yaml": "overall: good\npublished: 2023-06-01\n"
                               "report_url: https://www.cqc.org.uk/provider/RXX\n",
    })
    result = run_journey("check", root.name, "--format", "azure", "--now", "2023-02-01",
                         cwd=root.parent, env={k: v for k, v in os.environ.items()
                                               if k != "AGENT_TEMPDIRECTORY"})
    assert result.returncode == 1
    update = f"{root.name}/content/updates/2023-01.md"
    found = azure_issues(result.stdout)
    assert [(p["type"], p.get("sourcepath"), p.get("linenumber"), p.get("code"))
            for p, _ in found] == [
        ("error", update, "6", "broken_link"), ("warning", update, "8", "vague_link"),
        ("error", f"{root.name}/content/rating.yaml", "2", "rating_date")]
    # A ; and a ] (which would end the command) come through whole.
    assert found[0][1].startswith("the link /no;such]page/ goes to a page that does not "
                                  "exist\nhint: ")
    assert found[1][1].startswith('the link text "here" does not say where it goes')
    # Azure has no kind of issue for a note: it is a line of the log, as journey check says.
    (note,) = [line for line in result.stdout.splitlines() if ": note: " in line]
    assert note.startswith(f"{update}:10: note: ") and note.endswith("(plain_words)")
    assert result.stdout.splitlines()[-1] == "Checked 5 pages: 2 errors, 1 warning, 1 note."
    strict = run_journey("check", root.name, "--format", "azure", "--strict", "--now",
                         "2023-02-01", cwd=root.parent)
    assert [p["type"] for p, _ in azure_issues(strict.stdout)] == ["error"] * 3


def test_on_azure_the_whole_report_is_the_runs_summary(
        write_site: Callable[[dict[str, str]], Path], tmp_path: Path) -> None:
    root = write_site({"content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\n"
                                                     "summary: News.\n---\n"
                                                     "Read [here](/updates/).\n"})
    agent_temp = tmp_path / "agent-temp"
    agent_temp.mkdir()
    result = run_journey("check", str(root), "--format", "azure", "--now", "2023-02-01",
                         env={**os.environ, "AGENT_TEMPDIRECTORY": str(agent_temp)})
    page = agent_temp / "journey-check.md"
    assert f"##vso[task.uploadsummary]{page}" in result.stdout.splitlines()
    plain = run_journey("check", str(root), "--now", "2023-02-01")
    assert page.read_text(encoding="utf-8") == job_summary(
        plain.stdout.splitlines()[-1], plain.stderr.rstrip())


def test_an_azure_issue_cannot_be_ended_early_by_what_it_says() -> None:
    said = azure_command(Annotation(Severity.WARNING, Path("content/a;b].md"), 3, 0, "T", "r",
                                    "one; two] three\r\nfour", "five"))
    assert said == ("##vso[task.logissue type=warning;sourcepath=content/a%3Bb%5D.md;"
                    "linenumber=3;code=r]one%3B two%5D three%0D%0Afour%0Ahint: five")
    assert "\n" not in said


def test_the_run_summary_page_gets_the_whole_report_after_what_is_there(
        write_site: Callable[[dict[str, str]], Path], tmp_path: Path) -> None:
    """GitHub shows ten annotations of each kind on the changed files: every finding is on
    the run's summary page, as journey check prints it."""
    body = "".join(f"Read [here](/updates/) for part {n}.\n\n" for n in range(12))
    root = write_site({"content/updates/2023-01.md": "---\ntitle: January\ndate: 2023-01-31\n"
                                                     "summary: News.\n---\n" + body})
    page = tmp_path / "step-summary.md"
    page.write_text("## An earlier step\n", encoding="utf-8")
    result = run_journey("check", str(root), "--format", "github", "--now", "2023-02-01",
                         env={**os.environ, "GITHUB_STEP_SUMMARY": str(page)})
    assert len(annotations(result.stdout)) == 12
    plain = run_journey("check", str(root), "--now", "2023-02-01")
    said = page.read_text(encoding="utf-8")
    assert said == ("## An earlier step\n### Checked 5 pages: 0 errors, 12 warnings, 0 notes. "
                    "Publishing (journey build --strict) stops on warnings: fix them first.\n\n"
                    f"```text\n{plain.stderr.rstrip()}\n```\n")
    assert said.count("the link text \"here\" does not say where it goes") == 12


def test_the_summary_fence_is_longer_than_any_run_of_backticks_in_the_report() -> None:
    report = "Markdown shown as it is typed: 1 warning (markdown_slip)\n  a.md:3: ```` left open"
    said = job_summary("Checked 1 page: 0 errors, 1 warning, 0 notes.", report)
    assert said.splitlines()[2] == "`````text" and said.splitlines()[-1] == "`````"


def test_a_file_the_check_cannot_read_is_an_annotation_and_its_line_is_shown_too(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    root = write_site({"content/rating.yaml": "overall: inadequte\npublished: 2022-06-01\n"
                                                   "report_url: https://www.cqc.org.uk/provider/RXX\n"})
    result = run_journey("check", ".", "--format", "github", cwd=root)
    assert result.returncode == 1
    ((level, props, message),) = annotations(result.stdout)
    assert (level, props["file"], props["line"]) == ("error", "content/rating.yaml", "1")
    assert props["title"] == "The site could not be checked"
    assert '"inadequte"' in message and 'did you mean "inadequate"?' in message
    assert "1 | overall: inadequte" in result.stderr  # the log shows the line, as ever
    on_azure = run_journey("check", ".", "--format", "azure", cwd=root)
    assert on_azure.returncode == 1
    ((props, said),) = azure_issues(on_azure.stdout)
    assert (props["type"], props["sourcepath"], props["linenumber"]) == (
        "error", "content/rating.yaml", "1")
    assert said == message


def _workflow_steps() -> dict[str, str]:
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "push" in triggers and "pull_request" in triggers
    (job,) = workflow["jobs"].values()
    return {step["name"]: step["run"] for step in job["steps"] if "run" in step}


def test_the_workflow_check_passes_the_sample_and_points_at_a_broken_link(
        tmp_path: Path) -> None:
    steps = _workflow_steps()
    assert steps["Install the tool"] == "pip install ."
    repository = tmp_path / "repository"
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, repository / folder)
    passed = run_as_github_does(steps["Check the site"], repository)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert {level for level, _, _ in annotations(passed.stdout)} <= {"notice"}
    update = repository / "content/updates/2026-10-30-october-update.md"
    lines = update.read_text(encoding="utf-8").splitlines()
    lines.append("Read [the plan](/journey/actions/md99/).")
    update.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = run_as_github_does(steps["Check the site"], repository)
    assert failed.returncode == 1
    errors = [(props["file"], props["line"]) for level, props, _ in annotations(failed.stdout)
              if level == "error"]
    assert errors == [(update.relative_to(repository).as_posix(), str(len(lines)))]


def _runs_on(event: str, head_repository: str = "") -> bool:
    workflow = yaml.safe_load((REPO / ".github/workflows/check.yml").read_text())
    (job,) = workflow["jobs"].values()
    return github_if(job["if"], GitHubContext(
        event_name=event, repository="a-trust/our-cqc-rating",
        event={"pull_request": {"head": {"repo": {"full_name": head_repository}}}}
        if head_repository else {}))


def test_the_workflow_checks_each_change_once() -> None:
    """A push to any branch is checked; a pull request from a branch of the same repository
    was checked as it was pushed, so only one from another repository is checked again."""
    assert _runs_on("push")
    assert not _runs_on("pull_request", "a-trust/our-cqc-rating")
    assert _runs_on("pull_request", "someone/our-cqc-rating")
