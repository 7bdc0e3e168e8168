"""Generate the malformed-content corpus: hundreds of broken variants of a valid site.

Each case is a valid base site with one file broken in one way, and where the editor
should be sent: the file, and the line and column when the mistake has one place.

    python tests/corpus/malformed.py OUT_DIR     # writes one site folder per case
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

BASE: dict[str, str] = {
    "content/site.yaml": """\
trust:
  name: Corpus Trust
  short_name: CT
  phone: "01632 960000"
site:
  title: Our CQC rating
  base_url: https://corpus.example/
accessibility:
  prepared: 2023-01-01
  last_reviewed: 2023-01-01
cqc:
  profile_url: https://www.cqc.org.uk/provider/RZ0
""",
    "content/rating.yaml": """\
published: 2022-08-25
inspected:
  from: 2022-04-05
  to: 2022-04-28
overall: inadequate
key_questions:
  safe: {rating: inadequate, change: down}
  effective: good
  caring: good
  responsive: requires_improvement
  well_led: {rating: inadequate, change: down2}
services:
  - name: Maternity
    published: 2022-08
    safe: inadequate
    overall: inadequate
history:
  - {published: 2019-09-12, overall: good}
summary: |
  Inspectors found problems.
""",
    "content/updates/2022-11.md": """\
---
title: November 2022 update
date: 2022-11-30
kind: update
summary: Progress on the must-do actions.
signed_by:
  - name: Jo Bloggs
    role: Chief Executive
related: [MD1]
---
## What we did

We trained staff.
""",
    "content/glossary.yaml": """\
CQC: Care Quality Commission
ED: Emergency department
""",
    "content/journey/journey.yaml": """\
title: Our improvement journey
intro: What we are doing.
""",
    "content/journey/actions.yaml": """\
must_do:
  - id: MD1
    text: Staff every ward safely.
    due: 2022-09-30
    status: on_track
  - id: MD2
    text: Train staff.
    due: 2022-12-31
    status: complete
should_do:
  - {id: SD1, text: Add signs., status: not_started}
""",
    "content/journey/metrics.yaml": """\
- id: WAITS
  title: Patients seen within an hour
  unit: "%"
  points:
    - {period: 2022-09, value: 71}
    - {period: 2022-10, value: 75}
""",
}
UPDATE = "content/updates/2022-11.md"
DATE_FIELDS = ("published", "from", "to", "date", "due", "prepared", "last_reviewed")
SCALAR_FIELDS = ("name", "title", "summary", "text", "overall", "status", "kind", "role",
                 "short_name", "base_url", "unit", "intro", "effective", "caring")
_KEY_LINE = re.compile(r"^(\s*(?:- )?)([a-z_]+): (.+)$")


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes]  # the whole site, one file broken
    path: str  # the file the error must name
    line: int | None = None  # None: the file as a whole (or a line we cannot predict)
    col: int | None = None
    # A truncated file may still be valid (cut at a line end after an optional field), or
    # break another file's reference to it; its own errors are no further down than this.
    max_line: int | None = None


def _site(path: str, broken: bytes) -> dict[str, bytes]:
    files = {p: t.encode() for p, t in BASE.items()}
    files[path] = broken
    return files


def _yaml_lines(path: str) -> tuple[list[str], int]:
    """The YAML lines of a file, and how many file lines come before them."""
    text = BASE[path]
    if path.endswith(".md"):
        lines = text.split("\n")
        close = lines.index("---", 1)
        return lines[1:close], 1
    return text.split("\n")[:-1], 0


def _replace_line(path: str, index: int, new: str) -> bytes:
    lines = BASE[path].split("\n")
    offset = _yaml_lines(path)[1]
    lines[offset + index] = new
    return "\n".join(lines).encode()


def _insert_line(path: str, index: int, new: str) -> bytes:
    lines = BASE[path].split("\n")
    offset = _yaml_lines(path)[1]
    lines.insert(offset + index, new)
    return "\n".join(lines).encode()


def _key_lines() -> Iterator[tuple[str, int, int, re.Match[str]]]:
    """(file, index in its YAML, file line, match) for every "key: value" line."""
    for path in BASE:
        lines, offset = _yaml_lines(path)
        for i, line in enumerate(lines):
            match = _KEY_LINE.match(line)
            if match:
                yield path, i, offset + i + 1, match


def tabs() -> Iterator[Case]:
    for path in BASE:
        lines, offset = _yaml_lines(path)
        for i, line in enumerate(lines):
            if line.startswith(" "):
                yield Case(f"tab-{path}-{i}", _site(path, _replace_line(path, i, "\t" + line[1:])),
                           path, offset + i + 1)


def unclosed_quotes() -> Iterator[Case]:
    for path, i, line_no, m in _key_lines():
        value = m.group(3)
        if value[0] not in "\"'[{|" and '"' not in BASE[path]:
            col = len(m.group(1)) + len(m.group(2)) + 3
            yield Case(f"quote-{path}-{i}", _site(path, _replace_line(
                path, i, f'{m.group(1)}{m.group(2)}: "{value}')), path, line_no, col)


def unclosed_brackets() -> Iterator[Case]:
    for path in BASE:
        lines, offset = _yaml_lines(path)
        for i, line in enumerate(lines):
            for opening, closing in (("{", "}"), ("[", "]")):
                if line.rstrip().endswith(closing) and opening in line:
                    col = line.index(opening) + 1
                    broken = _replace_line(path, i, line.rstrip()[:-1])
                    yield Case(f"bracket-{path}-{i}", _site(path, broken), path,
                               offset + i + 1, col)


def unknown_keys() -> Iterator[Case]:
    for path, i, line_no, m in _key_lines():
        indent = m.group(1).replace("-", " ")
        if path == "content/glossary.yaml" or (path.endswith("metrics.yaml") and "- " in m.group(1)):
            continue  # glossary keys are the terms; a metric point is {period, value}
        if m.group(3).startswith("{"):
            continue
        broken = _insert_line(path, i + 1, f"{indent}colour: blue")
        yield Case(f"unknown-{path}-{i}", _site(path, broken), path, line_no + 1, len(indent) + 1)


def wrong_types() -> Iterator[Case]:
    for path, i, line_no, m in _key_lines():
        block = m.group(3)[0] in "|>"  # a block of text follows on the next lines
        if m.group(2) in SCALAR_FIELDS and path != "content/glossary.yaml" and not block:
            col = len(m.group(1)) + len(m.group(2)) + 3
            for name, value in (("list", "[one, two]"), ("map", "{a: 1}")):
                broken = _replace_line(path, i, f"{m.group(1)}{m.group(2)}: {value}")
                yield Case(f"type-{name}-{path}-{i}", _site(path, broken), path, line_no, col)


def impossible_dates() -> Iterator[Case]:
    for path, i, line_no, m in _key_lines():
        if m.group(2) in DATE_FIELDS and re.fullmatch(r"\d{4}-\d{2}-\d{2}", m.group(3)):
            col = len(m.group(1)) + len(m.group(2)) + 3
            for bad in ("2022-02-31", "2021-02-29", "2022-13-01", "2022-04-31", "31/02/2022"):
                broken = _replace_line(path, i, f"{m.group(1)}{m.group(2)}: {bad}")
                yield Case(f"date-{bad.replace('/', '-')}-{path}-{i}", _site(path, broken),
                           path, line_no, col)


def duplicate_keys() -> Iterator[Case]:
    for path, i, line_no, m in _key_lines():
        if m.group(1).endswith("- "):
            continue  # the first key of a list item: a copy would be a different item
        broken = _insert_line(path, i + 1, _yaml_lines(path)[0][i])
        yield Case(f"duplicate-key-{path}-{i}", _site(path, broken), path, line_no + 1,
                   len(m.group(1)) + 1)


def duplicate_ids() -> Iterator[Case]:
    actions = "content/journey/actions.yaml"
    yield Case("duplicate-id-action", _site(actions, BASE[actions].replace(
        "id: MD2", "id: MD1").encode()), actions, 6)
    yield Case("duplicate-id-should-do", _site(actions, BASE[actions].replace(
        "id: SD1", "id: MD2").encode()), actions, 11)
    metrics = "content/journey/metrics.yaml"
    yield Case("duplicate-id-metric", _site(metrics, (BASE[metrics] + BASE[metrics]).encode()),
               metrics, 7)


def front_matter() -> Iterator[Case]:
    text = BASE[UPDATE]
    yield Case("front-matter-unclosed", _site(UPDATE, text.replace("\n---\n##", "\n##").encode()),
               UPDATE, 1, 1)
    yield Case("front-matter-missing", _site(UPDATE, text.split("---\n", 2)[2].encode()),
               UPDATE, 1, 1)
    yield Case("front-matter-not-first", _site(UPDATE, ("\n" + text).encode()), UPDATE, 1, 1)
    # Typed in Word or Outlook, which make a dash of ---.
    close = text.split("\n").index("---", 1) + 1
    for dash in ("\u2014", "\u2013-", "----"):
        yield Case(f"front-matter-dashed-open-{dash}", _site(UPDATE, (
            dash + text.removeprefix("---")).encode()), UPDATE, 1, 1)
        yield Case(f"front-matter-dashed-close-{dash}", _site(UPDATE, text.replace(
            "\n---\n", f"\n{dash}\n", 1).encode()), UPDATE, close, 1)


def invalid_utf8() -> Iterator[Case]:
    for path in BASE:
        lines = BASE[path].split("\n")
        for i in range(0, len(lines) - 1, 2):
            col = min(3, len(lines[i]))
            raw = [line.encode() for line in lines]
            raw[i] = raw[i][:col] + b"\xff\xfe" + raw[i][col:]
            yield Case(f"utf8-{path}-{i}", _site(path, b"\n".join(raw)), path, i + 1, col + 1)


def binary_empty_huge() -> Iterator[Case]:
    for path in BASE:
        yield Case(f"binary-{path}", _site(path, bytes(range(256)) * 4), path)
        yield Case(f"huge-{path}", _site(path, b"# padding\n" * 600_000), path)
    # An empty glossary or list of actions is allowed: there are none yet.
    for path in ("content/site.yaml", "content/rating.yaml", UPDATE,
                 "content/journey/metrics.yaml"):
        yield Case(f"empty-{path}", _site(path, b""), path)


def truncations() -> Iterator[Case]:
    """Cut a file at every line end and mid-way through every line."""
    for path in ("content/rating.yaml", UPDATE, "content/journey/actions.yaml",
                 "content/site.yaml"):
        text = BASE[path]
        ends = [m.start() for m in re.finditer("\n", text)]
        cuts = sorted({*ends, *((a + b) // 2 for a, b in zip([0, *ends], ends, strict=False))})
        for cut in cuts:
            if path == UPDATE and cut >= text.index("\n---\n", 4):
                break  # a shorter body is still a valid update
            kept = text[:cut]
            yield Case(f"truncated-{path}-{cut}", _site(path, kept.encode()), path,
                       max_line=kept.count("\n") + 1)


def line_endings(cases: list[Case]) -> Iterator[Case]:
    """The same mistakes in files with a BOM, Windows line endings or a mix of both."""
    for case in cases[::3]:
        broken = case.files[case.path]
        variants = {
            "crlf": broken.replace(b"\n", b"\r\n"),
            "bom": b"\xef\xbb\xbf" + broken,
            "mixed": b"".join(line + (b"\r\n" if i % 2 else b"\n")
                              for i, line in enumerate(broken.split(b"\n")))[:-1],
        }
        for name, data in variants.items():
            yield Case(f"{name}-{case.name}", {**case.files, case.path: data}, case.path,
                       case.line, case.col, case.max_line)


def all_cases() -> list[Case]:
    positioned = [*tabs(), *unclosed_quotes(), *unclosed_brackets(), *unknown_keys(),
                  *wrong_types(), *impossible_dates(), *duplicate_keys(), *duplicate_ids(),
                  *front_matter()]
    return [*positioned, *line_endings(positioned), *invalid_utf8(), *binary_empty_huge(),
            *truncations()]


def write_case(case: Case, root: Path) -> None:
    for rel, data in case.files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    cases = all_cases()
    for case in cases:
        write_case(case, args.out / re.sub(r"[^\w.-]+", "_", case.name))
    print(f"wrote {len(cases)} cases to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
