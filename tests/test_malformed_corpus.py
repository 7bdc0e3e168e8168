"""Every case of the generated malformed-content corpus (tests/corpus/malformed.py) is a
content error at the real problem's path:line:col, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_journey
from corpus.malformed import Case, all_cases, write_case

from generator.content.loader import load_site
from generator.errors import ContentError, ContentErrors, format_errors
from generator.model.site import BuildSettings

CASES = all_cases()
SETTINGS = BuildSettings(today=dt.date(2023, 1, 1))


def test_the_corpus_is_big_and_varied() -> None:
    positioned = [c for c in CASES if c.line is not None]
    assert len(CASES) >= 200 and len(positioned) >= 200
    kinds = {c.name.split("-")[0] for c in CASES}
    assert {"tab", "quote", "bracket", "unknown", "type", "date", "duplicate", "front",
            "crlf", "bom", "mixed", "utf8", "binary", "huge", "empty", "truncated"} <= kinds


def errors_for(case: Case, root: Path) -> list[ContentError]:
    write_case(case, root)
    try:
        load_site(root, SETTINGS)
    except ContentErrors as exc:
        format_errors(exc.errors, root)  # showing them must work too
        return exc.errors
    return []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_is_reported_where_the_mistake_is(case: Case, tmp_path: Path) -> None:
    errors = errors_for(case, tmp_path)
    broken = (tmp_path / case.path).resolve()
    mine = [e for e in errors if e.pos.path.resolve() == broken]
    if case.max_line is not None:  # truncated: any of its own errors is within what is left
        assert all(e.pos.line <= case.max_line for e in mine), mine
        return
    assert mine, f"no error names {case.path}: {errors}"
    if case.line is not None:
        places = [(e.pos.line, e.pos.col) for e in mine]
        assert any(line == case.line and (case.col is None or col == case.col)
                   for line, col in places), f"expected {case.line}:{case.col}, got {places}"
    assert all(e.hint for e in mine)


@pytest.mark.parametrize("case", CASES[::25], ids=[c.name for c in CASES[::25]])
def test_the_command_line_exits_1_with_the_location(case: Case, tmp_path: Path) -> None:
    write_case(case, tmp_path)
    result = run_journey("build", str(tmp_path), "--now", "2023-01-01")
    assert "Traceback" not in result.stderr
    if case.max_line is None:
        assert result.returncode == 1
        where = case.path + (f":{case.line}:" if case.line else "")
        assert where in result.stderr, result.stderr
    assert not (tmp_path / "site").exists() or result.returncode == 0
