"""Work started ahead in a forked child: its result, or None whatever goes wrong."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from generator import forked


def test_the_childs_result_comes_back_once_asked_for() -> None:
    parent = os.getpid()
    child = forked.Child(lambda: {"pid": os.getpid(), "data": list(range(100_000))})
    found = child.result()
    assert found is not None and found["pid"] != parent
    assert found["data"] == list(range(100_000))  # more than a pipe holds at once
    assert child.result() is found  # asked again: the same answer, no second wait
    child.cancel()  # too late to stop it: nothing happens
    assert child.result() is found


def fail() -> None:
    raise ValueError("broken")


def test_a_child_that_fails_or_is_killed_gives_none() -> None:
    assert forked.Child(fail).result() is None
    assert forked.Child(lambda: os.kill(os.getpid(), 9)).result() is None
    assert forked.Child(lambda: lambda: None).result() is None  # cannot be pickled


def test_a_child_no_longer_needed_is_stopped_at_once() -> None:
    started = time.monotonic()
    child = forked.Child(lambda: time.sleep(60))
    child.cancel()
    assert time.monotonic() - started < 30 and child.result() is None
    with pytest.raises(ChildProcessError):  # nothing left running or unwaited for
        os.waitpid(-1, os.WNOHANG)


def test_without_fork_nothing_is_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    child = forked.Child(lambda: pytest.fail("ran"))
    assert child.result() is None
    child.cancel()


def test_nothing_is_forked_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The preview's server has threads: a lock one of them held at a fork would never be
    released in the child, which could then wait for ever (and the build with it)."""
    monkeypatch.setattr(forked.os, "fork", lambda: pytest.fail("forked"))
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        child = forked.Child(lambda: pytest.fail("ran"))
        assert child.result() is None  # the caller does the work itself
        child.cancel()
    finally:
        stop.set()
        server.join()
