"""``journey check --format github`` and ``--format azure``: each finding as an
annotation of the service running the check, shown with its file and line; and the whole
report, as journey check prints it, on the run's summary page.

GitHub Actions reads ``::warning file=content/x.md,line=14,title=...::message`` (its
"workflow commands") and shows it on the line among a pull request's changed files.
Azure Pipelines reads ``##vso[task.logissue type=warning;sourcepath=...]message`` (its
"logging commands") and lists it on the run's summary. A file is named from the folder
the check runs in, the repository's top folder in either, as both need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from generator.errors import NOWHERE, ContentError, display_path
from generator.model.checks import CheckSettings, Severity
from generator.quality.findings import RULES, Finding, severity


class Annotation(NamedTuple):
    """One finding, or one error that stopped the check, where it was found."""

    severity: Severity
    path: Path
    line: int
    col: int
    title: str  # what kind of problem it is
    code: str  # the rule's name ("" for an error that stopped the check)
    message: str
    hint: str

    @property
    def file(self) -> str | None:
        """Its file from the folder the check runs in (None: not in one file)."""
        return None if self.path == NOWHERE.path else display_path(self.path, Path.cwd())

    @property
    def text(self) -> str:
        return f"{self.message}\nhint: {self.hint}" if self.hint else self.message


def finding_annotations(findings: Sequence[Finding], settings: CheckSettings,
                        strict: bool = False) -> list[Annotation]:
    """One annotation for each finding, in the order journey check lists them; with
    ``strict``, a warning is an error, as it stops publishing (journey build --strict)."""
    order = {rule: number for number, rule in enumerate(RULES)}
    annotations = []
    for f in sorted(findings, key=lambda f: order[f.rule]):
        level = severity(f.rule, settings)
        if strict and level is Severity.WARNING:
            level = Severity.ERROR
        annotations.append(Annotation(level, f.pos.path, f.pos.line, f.pos.col,
                                      f"{RULES[f.rule].title} ({f.rule})", f.rule, f.message,
                                      f.hint))
    return annotations


def error_annotations(errors: Iterable[ContentError]) -> list[Annotation]:
    """One annotation for each error that stopped the check (a file it could not read)."""
    return [Annotation(Severity.ERROR, e.pos.path, e.pos.line, e.pos.col,
                       "The site could not be checked", "", e.message, e.hint)
            for e in errors]


GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning",
                 Severity.INFO: "notice"}


def github_command(annotation: Annotation) -> str:
    """``::level file=...,line=...,col=...,title=...::message``."""
    place = [] if annotation.file is None else [f"file={_github_property(annotation.file)}"]
    if place and annotation.line:
        place.append(f"line={annotation.line}")
        if annotation.col:
            place.append(f"col={annotation.col}")
    properties = ",".join([*place, f"title={_github_property(annotation.title)}"])
    return f"::{GITHUB_LEVELS[annotation.severity]} {properties}::{_github_data(annotation.text)}"


def _github_data(text: str) -> str:
    # GitHub's escapes: a message's new lines would otherwise end the command.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def azure_command(annotation: Annotation) -> str:
    """``##vso[task.logissue type=...;sourcepath=...;linenumber=...]message``; a note,
    which Azure has no kind of issue for, is a line of the log as journey check says it."""
    if annotation.severity is Severity.INFO:  # laid out as in journey check's report
        where = ":".join(str(part) for part in (annotation.file, annotation.line) if part)
        hint = annotation.hint.replace("\n", "\n          ")
        return (f"{where + ': ' if where else ''}note: {annotation.message} ({annotation.code})"
                + (f"\n    hint: {hint}" if hint else ""))
    properties = [f"type={'error' if annotation.severity is Severity.ERROR else 'warning'}"]
    if annotation.file is not None:
        properties.append(f"sourcepath={_azure_escape(annotation.file)}")
        if annotation.line:
            properties.append(f"linenumber={annotation.line}")
            if annotation.col:
                properties.append(f"columnnumber={annotation.col}")
    if annotation.code:
        properties.append(f"code={annotation.code}")
    return f"##vso[task.logissue {';'.join(properties)}]{_azure_escape(annotation.text)}"


def _azure_escape(text: str) -> str:
    # The agent's escapes, for properties and message alike. A "%" is left as it is: the
    # agent reads "%AZP25" back as "%" only where a setting of its own says to.
    return (text.replace(";", "%3B").replace("\r", "%0D").replace("\n", "%0A")
            .replace("]", "%5D"))


def job_summary(summary: str, report: str) -> str:
    """Markdown for the run's summary page: GitHub shows ten annotations of each kind on
    the changed files, so the report (every finding, grouped) goes here, as typed."""
    if not report:
        return f"### {summary}\n"
    longest = max((len(run) for run in re.findall(r"`+", report)), default=0)
    fence = "`" * max(3, longest + 1)  # one a finding's text cannot end
    return f"### {summary}\n\n{fence}text\n{report}\n{fence}\n"
