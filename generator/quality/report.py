"""How ``journey check`` shows its findings: grouped by rule, counted, each with a hint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SourceFiles, counted
from generator.model.checks import CheckSettings, Severity
from generator.quality.findings import RULES, TO_FIX, Finding, severity


@dataclass(frozen=True)
class Counts:
    errors: int
    warnings: int
    notes: int


def count(findings: Sequence[Finding], settings: CheckSettings) -> Counts:
    levels = [severity(f.rule, settings) for f in findings]
    return Counts(levels.count(Severity.ERROR), levels.count(Severity.WARNING),
                  levels.count(Severity.INFO))


def format_findings(findings: Sequence[Finding], settings: CheckSettings,
                    root: Path | None) -> str:
    """::

        Links to pages that do not exist: 1 error (broken_link)
          content/updates/2026-03.md:14: the link /journey/md9/ goes to a page that ...
            hint: check the address: copy it from the page you mean in the preview.
    """
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    files = SourceFiles(root)
    blocks = []
    for rule, info in RULES.items():
        group = by_rule.get(rule)
        if not group:
            continue
        level = {"info": "note"}.get(severity(rule, settings).value, severity(rule, settings).value)
        # The rule's name is what checks: severity: in site.yaml sets it by.
        lines = [f"{info.title}: {counted(len(group), level)} ({rule})"]
        for finding in group:
            pos = finding.pos
            where = f"{files.shown(pos.path)}:{pos.line}" if pos.line else files.shown(pos.path)
            lines.append(f"  {where}: {finding.message}")
            if finding.hint:
                hint = finding.hint.replace("\n", "\n          ")
                lines.append(f"    hint: {hint}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def notes_summary(findings: Sequence[Finding], settings: CheckSettings) -> tuple[str, ...]:
    """One line for each kind of note, counted ("Monthly updates overdue: 1 note"), in the
    order journey check lists them."""
    counts: dict[str, int] = {}
    for finding in findings:
        if severity(finding.rule, settings) is Severity.INFO:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return tuple(f"{info.title}: {counted(counts[rule], 'note')}"
                 for rule, info in RULES.items() if rule in counts)


def severity_tip(findings: Sequence[Finding], settings: CheckSettings) -> str:
    """How to make a kind of warning a note, with the first warning's rule that is a
    matter of judgement as the example; "" if there is none. Notes stop nothing (an
    overdue action is a fact to show, not to silence), and errors are to fix."""
    shown = {f.rule for f in findings}
    for rule in RULES:
        if (rule in shown and severity(rule, settings) is Severity.WARNING
                and rule not in TO_FIX):
            return ("If a kind of warning is not a problem for your site, name its rule (in "
                    "brackets after its heading)\nin site.yaml, to make it a note (info) or "
                    f"not checked (off):\n  checks:\n    severity:\n      {rule}: info")
    return ""
