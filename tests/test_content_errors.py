"""Each kind of content error gives the exact file:line:col, message and hint (fixture-driven)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import counted, display_path

FIXTURES = Path(__file__).parent / "fixtures" / "content_errors.txt"
DEFAULT_SITE_YAML = "trust:\n  name: Test Trust\n"


def load_cases() -> list[tuple[str, dict[str, str], list[str]]]:
    cases = []
    text = FIXTURES.read_text(encoding="utf-8")
    for block in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        name, _, rest = block.partition("\n")
        parts = re.split(r"^=== (.+)\n", rest, flags=re.MULTILINE)
        files = {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}
        expect = [line for line in files.pop("expect").splitlines() if line.strip()]
        cases.append((name.strip(), files, expect))
    return cases


CASES = load_cases()


@pytest.mark.parametrize(("files", "expect"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_content_error(tmp_path: Path, files: dict[str, str], expect: list[str]) -> None:
    files = {"content/site.yaml": DEFAULT_SITE_YAML, **files}
    for rel, body in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    if "content/.delete-site-yaml" in files:
        (tmp_path / "content/site.yaml").unlink()
    result = CliRunner().invoke(main, ["check", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for line in expect:
        assert line in result.output, f"missing {line!r} in:\n{result.output}"


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25


def test_not_utf8_names_line_and_column(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    bad = root / "content/updates/2022-11.md"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"---\ntitle: Caf\xe9 opening\ndate: 2022-11-30\n---\n")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "content/updates/2022-11.md:2:11: error: this file is not saved as UTF-8 text" in result.output


def test_binary_file_is_refused(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    (root / "content/rating.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert "content/rating.yaml:3:1: error: this file is not text" in result.output


def test_counts_read_as_editors_write_them() -> None:
    assert [counted(n, "page") for n in (0, 1, 2, 4060, 1_000_000)] == [
        "0 pages", "1 page", "2 pages", "4,060 pages", "1,000,000 pages"]


def test_paths_are_shown_from_the_site_folder_however_it_was_named(tmp_path: Path) -> None:
    site = tmp_path / "trust"
    update = site / "content" / "update.md"
    update.parent.mkdir(parents=True)
    update.write_text("x")
    (tmp_path / "link").symlink_to(site)
    assert display_path(update, site) == "content/update.md"
    assert display_path(tmp_path / "link/content/update.md", site) == "content/update.md"
    assert display_path(update, tmp_path / "link") == "content/update.md"
    assert display_path(Path("content/update.md"), Path(".")) == "content/update.md"
    outside = site / "content/../../notes.md"
    assert display_path(outside, site) == outside.as_posix()
    assert display_path(tmp_path / "notes.md", site) == (tmp_path / "notes.md").as_posix()


def test_a_journey_file_with_a_mistake_does_not_also_make_its_ids_unknown(  # type: ignore[no-untyped-def]
        write_site) -> None:
    """Its error is enough: "not the id of any metric" for every id it defines misleads."""
    root = write_site({
        "content/journey/metrics.yaml": "- id: WAITS\n  title: Waits\n  points:\n"
                                        "    - {period: 30/11/2022, value: 3}\n",
        "content/journey/actions.yaml": "must_do:\n  - {id: MD1, text: One., status: complete,"
                                        " priority: P1}\n",
        "content/journey/priorities.yaml": "- {id: P1, name: Safe wards, nonsense: 1}\n",
        "content/journey/warning-notices/wn1.md": "---\nid: WN1\ntitle: Waits\nstatus: "
                                                  "on_track\nmetrics: [WAITS]\n---\n",
        "content/updates/a.md": "---\ntitle: A\ndate: 2022-11-30\nrelated: [P1]\n---\n",
    })
    result = CliRunner().invoke(main, ["build", str(root)])
    assert result.exit_code == 1
    assert 'metrics.yaml:4:16: error: period: "30/11/2022"' in result.output
    assert 'priorities.yaml:1:30: error: "nonsense" is not a field' in result.output
    assert "is not the id of any" not in result.output, result.output
