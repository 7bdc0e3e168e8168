"""Work spread over every core in forked workers: the same results, in the same order."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import workers
from generator.errors import ContentError, SourcePos, format_errors
from generator.workers import WORTH_IT_FROM, map_on_every_core


def with_pid(item: int) -> tuple[int, int]:
    time.sleep(0.001)  # long enough for every worker to take some
    return item * item, os.getpid()


def test_much_work_is_done_in_worker_processes_and_comes_back_in_order() -> None:
    results = map_on_every_core(with_pid, range(WORTH_IT_FROM * 2))
    assert [square for square, _ in results] == [i * i for i in range(WORTH_IT_FROM * 2)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) == min(2, workers.usable_cores())


def test_little_work_is_done_here() -> None:
    results = map_on_every_core(with_pid, range(WORTH_IT_FROM - 1))
    assert {pid for _, pid in results} == {os.getpid()}


def fails_at_300(item: int) -> int:
    if item == 300:
        raise ValueError("item 300")
    return item


def test_a_failure_in_a_worker_reaches_the_caller() -> None:
    with pytest.raises(ValueError, match="item 300"):
        map_on_every_core(fails_at_300, range(WORTH_IT_FROM * 2))


def test_errors_read_each_file_once_however_many_there_are(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big site's strict build can report thousands of findings from a few files:
    reading the file again for each took most of a second a thousand."""
    source = tmp_path / "update.md"
    source.write_text("".join(f"line {n}\n" for n in range(1, 2001)), encoding="utf-8")
    reads: list[Path] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or real(self))
    errors = [ContentError(SourcePos(source, n, 3), f"problem {n}") for n in range(1, 2001)]
    text = format_errors(errors, tmp_path)
    assert reads == [source]
    assert "update.md:1500:3: error: problem 1500\n    1500 | line 1500\n" in text
