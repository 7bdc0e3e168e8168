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
import shutil
from pathlib import Path

import yaml
from conftest import (
    REPO,
    SMALL_TODAY,
    GitHubContext,
    github_if,
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

def _publish_job() -> dict:  # type: ignore[type-arg]
    workflow = yaml.safe_load((REPO / ".github/workflows/azure.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert triggers["schedule"] == [{"cron": "5 6 * * *"}]  # every morning, as for Netlify
    (job,) = workflow["jobs"].values()
    return job  # type: ignore[no-any-return]


def _publishes(event: str, branch: str = "main") -> bool:
    return github_if(_publish_job()["if"], GitHubContext(
        event_name=event, ref_name=branch, event={"repository": {"default_branch": "main"}}))


def test_the_main_branch_is_published_on_each_change_every_morning_and_on_request() -> None:
    assert _publishes("push", "main")
    assert not _publishes("push", "draft-november-update")  # only checked (check.yml)
    assert _publishes("schedule") and _publishes("workflow_dispatch")


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
    built = run_as_github_does(steps["Build the site"]["run"], repository, {})
    assert built.returncode == 0, built.stdout + built.stderr
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
