"""site/staticwebapp.config.json tells Azure Static Web Apps what _headers and _redirects tell
Netlify: the same security headers and cache lifetimes, the 404 page, a permanent redirect
from each old address; and the types of Pagefind's files, which Azure serves only if it
knows them. (Checked by hand in Azure's own emulator, `swa start` in site/, on 1
December 2026: every header, redirect and the 404 page as here, and the search page
finding results in Chromium with no error.) And the workflow that publishes site/ there.
"""

from __future__ import annotations

import json
import mimetypes
import re
import shutil
from pathlib import Path

import yaml
from conftest import (
    REPO,
    SMALL_TODAY,
    GitHubContext,
    github_if,
    github_value,
    netlify_headers,
    run_as_github_does,
)
from test_old_addresses import published_at, redirects, renamed_october

from generator.build import build
from generator.render.azure_config import MOST_BYTES, azure_config

CONFIG = "staticwebapp.config.json"


def azure(site: Path) -> dict:  # type: ignore[type-arg]
    text = (site / CONFIG).read_text(encoding="utf-8")
    assert len(text.encode()) <= MOST_BYTES  # Azure reads no more than 20 KB
    return json.loads(text)  # type: ignore[no-any-return]


def test_azure_sends_the_headers_netlify_sends_and_the_404_page(built_small: Path) -> None:
    config = azure(built_small)
    netlify = netlify_headers(built_small)
    assert config["globalHeaders"] == netlify["/*"]
    assert "Content-Security-Policy" in config["globalHeaders"]
    assert config["routes"] == [{"route": "/static/*", "headers": netlify["/static/*"]}]
    assert config["responseOverrides"] == {"404": {"rewrite": "/404.html", "statusCode": 404}}
    assert (built_small / "404.html").is_file()
    assert "mimeTypes" not in config  # no search index, no files of unknown types


def test_each_old_address_is_redirected_on_azure_too(small_site: Path) -> None:
    renamed_october(small_site, '[/updates/2022-10-update/, /news/oct.aspx, '
                                '"https://rating.fenwold.example/news/Board report (Oct)/"]')
    build(small_site, today=SMALL_TODAY)
    site = small_site / "site"
    routes = azure(site)["routes"]
    # The same as Netlify's, before the other routes; a folder's route names its index.html,
    # which Azure matches with and without the last slash.
    assert routes[:-1] == [{"route": old + "index.html" if old.endswith("/") else old,
                            "redirect": new, "statusCode": 301}
                           for old, new, _ in redirects(site)]
    assert routes[0]["route"] == "/news/Board%20report%20(Oct)/index.html"
    assert routes[-1]["route"] == "/static/*"


def test_a_site_in_a_folder_keeps_its_folder(small_site: Path) -> None:
    published_at(small_site, "https://www.fenwold.example/cqc/")
    renamed_october(small_site, "[/updates/2022-10-update/]")  # from the site's folder
    build(small_site, today=SMALL_TODAY)
    config = azure(small_site / "site")
    assert config["responseOverrides"]["404"]["rewrite"] == "/cqc/404.html"
    assert config["routes"][0] == {"route": "/cqc/updates/2022-10-update/index.html",
                                   "redirect": "/cqc/updates/2022-10-31-october/",
                                   "statusCode": 301}


def test_a_sites_own_headers_are_sent_on_azure_and_kept_up_to_date(small_site: Path) -> None:
    own = small_site / "templates" / "headers.txt"
    own.parent.mkdir(exist_ok=True)
    built_in = (REPO / "templates" / "headers.txt").read_text(encoding="utf-8")
    own.write_text(built_in.replace("  X-Frame-Options: DENY", "  X-Frame-Options: DENY\n"
                                    "  Cross-Origin-Opener-Policy: same-origin"))
    build(small_site, today=SMALL_TODAY)
    assert azure(small_site / "site")["globalHeaders"]["Cross-Origin-Opener-Policy"] == (
        "same-origin")
    # The next build, with the build cache, makes the file again when the headers change.
    own.write_text(own.read_text().replace("same-origin", "same-origin-allow-popups"))
    build(small_site, today=SMALL_TODAY)
    assert azure(small_site / "site")["globalHeaders"]["Cross-Origin-Opener-Policy"] == (
        "same-origin-allow-popups")


def test_redirects_past_azures_limit_are_left_out_in_order() -> None:
    moves = [(f"/news/{i:04d}/", f"/updates/{i:04d}/") for i in range(1000)]
    text = azure_config("/*\n  X-Frame-Options: DENY\n/static/*\n  Cache-Control: public\n",
                        moves, lambda path: "/" + path.lstrip("/"), search=False)
    assert len(text.encode()) <= MOST_BYTES
    routes = json.loads(text)["routes"]
    kept = routes[:-1]
    assert 50 < len(kept) < 1000
    assert [route["redirect"] for route in kept] == [new for _, new in moves[:len(kept)]]
    assert routes[-1] == {"route": "/static/*", "headers": {"Cache-Control": "public"}}
    # One more would not have fitted.
    more = azure_config("/*\n  X-Frame-Options: DENY\n/static/*\n  Cache-Control: public\n",
                        moves[:len(kept) + 1], lambda path: "/" + path.lstrip("/"), search=False)
    assert len(json.loads(more)["routes"]) == len(routes)


# The README's workflow for publishing on Azure (.github/workflows/azure.yml).

def _workflow() -> dict:  # type: ignore[type-arg]
    workflow = yaml.safe_load((REPO / ".github/workflows/azure.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert triggers["schedule"] == [{"cron": "5 6 * * *"}]  # every morning, as for Netlify
    assert set(triggers["pull_request"]["types"]) == {"opened", "synchronize", "reopened",
                                                      "closed"}
    return workflow  # type: ignore[no-any-return]


def _publish_job() -> dict:  # type: ignore[type-arg]
    return _workflow()["jobs"]["publish"]  # type: ignore[no-any-return]


def _context(event: str, branch: str = "main", action: str = "",
             pull_request: int = 0) -> GitHubContext:
    return GitHubContext(event_name=event, ref_name=branch, event={
        "repository": {"default_branch": "main"}, "action": action,
        "pull_request": {"number": pull_request} if pull_request else {}})


def _jobs_run(event: str, branch: str = "main", action: str = "") -> set[str]:
    return {name for name, job in _workflow()["jobs"].items()
            if github_if(job["if"], _context(event, branch, action))}


def test_the_main_branch_is_published_on_each_change_every_morning_and_on_request() -> None:
    assert _jobs_run("push", "main") == {"publish"}
    assert not _jobs_run("push", "draft-november-update")  # only checked (check.yml)
    assert _jobs_run("schedule") == _jobs_run("workflow_dispatch") == {"publish"}


def test_a_pull_request_is_previewed_until_it_is_closed() -> None:
    """Azure publishes a pull request's site to a preview of its own (the action knows it
    from the event), and takes it down when the job says "close"."""
    for action in ("opened", "synchronize", "reopened"):
        assert _jobs_run("pull_request", "draft", action) == {"publish"}
    assert _jobs_run("pull_request", "draft", "closed") == {"take-down-preview"}
    # Each preview, and the site, has its own queue: a preview never waits for or
    # replaces the site's publishing, and a preview is taken down after it is put up.
    group = _workflow()["concurrency"]
    expression = re.fullmatch(r"(.*)\$\{\{ (.*) \}\}", group)
    assert expression
    groups = {expression.group(1) + str(github_value(expression.group(2), _context(*args)))
              for args in [("push",), ("schedule",), ("pull_request", "a", "opened", 7),
                           ("pull_request", "a", "closed", 7), ("pull_request", "b", "", 8)]}
    assert groups == {"publish-on-azure-site", "publish-on-azure-7", "publish-on-azure-8"}
    preview = _publish_job()["permissions"]
    assert preview["pull-requests"] == "write"  # for Azure to give the preview's address


def test_a_closed_pull_requests_preview_is_taken_down_once_there_is_a_token() -> None:
    first, take_down = _workflow()["jobs"]["take-down-preview"]["steps"]
    assert first == _publish_job()["steps"][0]  # the token's step, tested below
    assert take_down["if"] == f"steps.{first['id']}.outputs.publish == 'yes'"
    assert take_down["uses"] == _publish_job()["steps"][-1]["uses"]
    assert take_down["with"]["action"] == "close"
    assert take_down["with"]["azure_static_web_apps_api_token"] == first["env"]["TOKEN"]


def test_the_workflow_publishes_the_built_site_once_it_has_a_token(tmp_path: Path) -> None:
    """Without the secret it succeeds doing nothing; with it, it builds the site as Netlify
    does and hands Azure site/, with Azure's settings in it."""
    job = _publish_job()
    first, *rest = job["steps"]
    assert first["env"] == {"TOKEN": "${{ secrets.AZURE_STATIC_WEB_APPS_API_TOKEN }}"}
    said = {}
    for token in ("", "a-deployment-token"):
        outputs = tmp_path / f"outputs-{bool(token)}"
        outputs.touch()
        ran = run_as_github_does(first["run"], tmp_path,
                                 {"TOKEN": token, "GITHUB_OUTPUT": str(outputs)})
        assert ran.returncode == 0, ran.stderr
        said[bool(token)] = (outputs.read_text(), ran.stdout)
    assert said[False] == ("publish=no\n", "No AZURE_STATIC_WEB_APPS_API_TOKEN secret in this "
                                           "repository, so nothing to publish.\n")
    assert said[True][0] == "publish=yes\n"
    assert all(step["if"] == f"steps.{first['id']}.outputs.publish == 'yes'" for step in rest)

    steps = {step.get("name", step.get("uses")): step for step in rest}
    assert steps["Install the tool"]["run"] == "pip install ."
    repository = tmp_path / "repository"
    shutil.copytree(REPO / "content", repository / "content")
    # A pull request's preview, which anyone with its address can open, is unlisted.
    building = steps["Build the site"]
    for event, unlisted in (("pull_request", True), ("push", False)):
        env = {name: str(github_value(re.fullmatch(r"\$\{\{ (.*) \}\}", value).group(1),
                                      _context(event, "draft", "opened", 7)))
               for name, value in building.get("env", {}).items()}
        built = run_as_github_does(building["run"], repository, env)
        assert built.returncode == 0, built.stdout + built.stderr
        headers = azure(repository / "site")["globalHeaders"]
        assert (headers.get("X-Robots-Tag") == "noindex") is unlisted, event
    publish = steps["Publish it"]
    assert publish["uses"].startswith("Azure/static-web-apps-deploy@")
    settings = publish["with"]
    assert settings["azure_static_web_apps_api_token"] == first["env"]["TOKEN"]
    assert settings["action"] == "upload" and settings["skip_app_build"] is True
    site = repository / settings["app_location"]
    assert (site / "index.html").is_file()
    # The sample has a search index: Azure is told the types of its files.
    unknown = {path.suffix for path in (site / "pagefind").rglob("*.*")
               if mimetypes.guess_type(path.name)[0] is None}
    assert unknown  # Pagefind's index and WebAssembly
    assert unknown <= azure(site)["mimeTypes"].keys()


# The README's pipeline for a repository in Azure DevOps (azure-pipelines.yml).

class _AzureVariables(dict):  # type: ignore[type-arg]
    """Azure's ``variables``, read as variables.name or variables['Name.Part']."""

    def __getattr__(self, name: str) -> str:
        return str(self[name])


def _azure_condition(expression: str, variables: _AzureVariables, succeeded: bool) -> object:
    """An Azure Pipelines expression, as far as ours use: and(), eq() (which compares a
    string without regard to case, and turns its right side into its left's type),
    succeeded(), variables."""
    def eq(left: object, right: object) -> bool:
        if isinstance(left, str):
            return left.lower() == str(right).lower()
        return left == right
    functions = {"and": lambda *parts: all(parts), "eq": eq, "succeeded": lambda: succeeded,
                 "true": True, "false": False, "variables": variables}
    python = expression.replace("and(", "and_(")
    return eval(python, {"__builtins__": {}}, {**functions, "and_": functions["and"]})


def _azure_pipeline() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((REPO / "azure-pipelines.yml").read_text())  # type: ignore[no-any-return]


def _steps_run(branch: str, succeeded: bool = True) -> list[str]:
    pipeline = _azure_pipeline()
    variables = _AzureVariables({"Build.SourceBranch": f"refs/heads/{branch}"})
    for name, value in pipeline["variables"].items():
        expression = re.fullmatch(r"\$\[(.*)\]", value)
        assert expression, value
        variables[name] = str(_azure_condition(expression.group(1), variables, succeeded))
    return [step.get("displayName", step.get("task")) for step in pipeline["steps"]
            if _azure_condition(step.get("condition", "succeeded()"), variables, succeeded)]


def test_on_azure_devops_every_change_is_checked_and_the_main_branch_published() -> None:
    pipeline = _azure_pipeline()
    assert pipeline["trigger"] == {"branches": {"include": ["*"]}}
    (morning,) = pipeline["schedules"]
    assert morning["cron"] == "5 6 * * *" and morning["always"] is True
    assert morning["branches"]["include"] == ["main"]
    assert _steps_run("main") == ["UsePythonVersion@0", "Install the tool", "Check the site",
                                  "Build the site", "Publish it"]
    assert _steps_run("draft-november-update") == [
        "UsePythonVersion@0", "Install the tool", "Check the site"]
    assert "Publish it" not in _steps_run("main", succeeded=False)  # a failed check stops it


def test_the_azure_devops_pipeline_lists_each_problem_then_builds_what_it_publishes(
        tmp_path: Path) -> None:
    steps = {step.get("displayName"): step for step in _azure_pipeline()["steps"]}
    assert steps["Install the tool"]["script"] == "pip install ."
    repository = tmp_path / "repository"
    shutil.copytree(REPO / "content", repository / "content")
    agent_temp = tmp_path / "agent-temp"
    agent_temp.mkdir()
    as_azure = {"TF_BUILD": "True", "AGENT_TEMPDIRECTORY": str(agent_temp)}
    checked = run_as_github_does(steps["Check the site"]["script"], repository, as_azure)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "##vso[task.logissue" not in checked.stdout
    assert f"##vso[task.uploadsummary]{agent_temp / 'journey-check.md'}" in checked.stdout

    update = repository / "content/updates/2026-10-30-october-update.md"
    lines = update.read_text(encoding="utf-8").splitlines()
    lines.append("Read [the plan](/journey/actions/md99/).")
    update.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = run_as_github_does(steps["Check the site"]["script"], repository, as_azure)
    assert failed.returncode == 1
    issue = (f"##vso[task.logissue type=error;sourcepath=content/updates/"
             f"2026-10-30-october-update.md;linenumber={len(lines)};")
    assert [line for line in failed.stdout.splitlines() if line.startswith(issue)]

    update.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    built = run_as_github_does(steps["Build the site"]["script"], repository, as_azure)
    assert built.returncode == 0, built.stdout + built.stderr
    publish = steps["Publish it"]
    assert publish["task"] == "AzureStaticWebApp@0"
    inputs = publish["inputs"]
    assert inputs["azure_static_web_apps_api_token"] == "$(AZURE_STATIC_WEB_APPS_API_TOKEN)"
    assert inputs["skip_app_build"] is True and inputs["skip_api_build"] is True
    site = repository / inputs["app_location"]
    assert (site / "index.html").is_file()
    assert azure(site)["responseOverrides"]["404"]["rewrite"] == "/404.html"
