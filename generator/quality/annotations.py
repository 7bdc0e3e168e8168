"""``journey check --format github``: each finding as a GitHub Actions annotation, which
GitHub shows on its line among a pull request's changed files and on the commit's checks;
and the whole report, as journey check prints it, on the workflow run's summary page.

An annotation is one line: ``::warning file=content/x.md,line=14,title=...::message``
(GitHub's "workflow commands"). Its file is relative to the folder the check runs in,
the repository's top folder in a workflow, as GitHub needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.errors import NOWHERE, ContentError, display_path
from generator.model.checks import CheckSettings, Severity
from generator.quality.findings import RULES, Finding, severity

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def finding_annotations(findings: Sequence[Finding], settings: CheckSettings,
                        strict: bool = False) -> list[str]:
    """One annotation for each finding, in the order journey check lists them; with
    ``strict``, a warning is an error, as it stops publishing (journey build --strict)."""
    order = {rule: number for number, rule in enumerate(RULES)}
    levels = {**LEVELS, Severity.WARNING: "error"} if strict else LEVELS
    return [_annotation(levels[severity(f.rule, settings)], f.pos.path, f.pos.line,
                        f.pos.col, f"{RULES[f.rule].title} ({f.rule})", f.message, f.hint)
            for f in sorted(findings, key=lambda f: order[f.rule])]


def error_annotations(errors: Iterable[ContentError]) -> list[str]:
    """One annotation for each error that stopped the check (a file it could not read)."""
    return [_annotation("error", e.pos.path, e.pos.line, e.pos.col,
                        "The site could not be checked", e.message, e.hint) for e in errors]


def _annotation(level: str, path: Path, line: int, col: int, title: str, message: str,
                hint: str) -> str:
    place = ([] if path == NOWHERE.path
             else [f"file={_property(display_path(path, Path.cwd()))}"])
    if place and line:
        place.append(f"line={line}")
        if col:
            place.append(f"col={col}")
    text = f"{message}\nhint: {hint}" if hint else message
    return f"::{level} {','.join([*place, f'title={_property(title)}'])}::{_data(text)}"


def _data(text: str) -> str:
    # GitHub's escapes: a message's new lines would otherwise end the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def job_summary(summary: str, report: str) -> str:
    """Markdown for the run's summary page: GitHub shows ten annotations of each kind on
    the changed files, so the report (every finding, grouped) goes here, as typed."""
    if not report:
        return f"### {summary}\n"
    longest = max((len(run) for run in re.findall(r"`+", report)), default=0)
    fence = "`" * max(3, longest + 1)  # one a finding's text cannot end
    return f"### {summary}\n\n{fence}text\n{report}\n{fence}\n"
