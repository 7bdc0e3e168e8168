"""Work started ahead in a forked child, on a core the build would leave idle.

While one process reads the content, the other core has nothing to do: a child can
meanwhile compile the templates or count the pages of PDF attachments, and send back
its result pickled. Anything that goes wrong in the child (or no fork, as on Windows)
makes its result None, and the build does that work itself, as it otherwise would; so
does another thread running (see can_fork).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether this process may fork: on Linux, with no other thread running (a lock
    one held at the fork, such as the preview server's, would never be released)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class Child(Generic[T]):
    """A forked child working on something; ask for its :meth:`result`, or
    :meth:`cancel` it. One or the other must be called: either waits for the child."""

    def __init__(self, work: Callable[[], T]):
        self._pid = 0  # none: no fork here, or it failed
        self._answer: list[Any] = []  # the result, once waited for
        if not can_fork():
            return
        try:
            read_end, write_end = os.pipe()
            self._pid = os.fork()
        except OSError:
            return
        if self._pid == 0:  # the child: never returns into the build
            status = 1
            try:
                os.close(read_end)
                data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self._pipe = read_end

    def result(self) -> T | None:
        """What ``work()`` returned, once the child is done (None if it failed)."""
        if not self._answer:
            found = None
            if self._pid:
                with os.fdopen(self._pipe, "rb") as pipe:
                    data = pipe.read()
                _, status = os.waitpid(self._pid, 0)
                if status == 0:
                    with contextlib.suppress(Exception):  # cut short: no answer
                        found = pickle.loads(data)
            self._answer.append(found)
        value: T | None = self._answer[0]
        return value

    def cancel(self) -> None:
        """Stop the child if its result was never asked for (it is not needed)."""
        if not self._answer and self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.close(self._pipe)
            os.waitpid(self._pid, 0)
            self._answer.append(None)
