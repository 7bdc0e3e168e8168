"""Work started ahead in a forked child: its result, or None whatever goes wrong."""

from __future__ import annotations

import os

import pytest

from generator import forked


def test_the_childs_result_comes_back_once_waited_for() -> None:
    parent = os.getpid()
    result = forked.start(lambda: {"pid": os.getpid(), "data": list(range(100_000))})
    found = result()
    assert found is not None and found["pid"] != parent
    assert found["data"] == list(range(100_000))  # more than a pipe holds at once
    assert result() is found  # asked again: the same answer, no second wait


def fail() -> None:
    raise ValueError("broken")


def test_a_child_that_fails_or_is_killed_gives_none() -> None:
    assert forked.start(fail)() is None
    assert forked.start(lambda: os.kill(os.getpid(), 9))() is None
    assert forked.start(lambda: lambda: None)() is None  # cannot be pickled


def test_without_fork_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked.sys, "platform", "win32")
    assert forked.start(lambda: pytest.fail("ran"))() is None
