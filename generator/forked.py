"""Work started ahead in a forked child, on a core the build would leave idle.

While one process reads the content, the other core has nothing to do: a child can
meanwhile compile the templates or count the pages of PDF attachments, and send back
its result pickled. Anything that goes wrong in the child (or no fork, as on Windows)
makes its result None, and the build does that work itself, as it otherwise would.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def start(work: Callable[[], T]) -> Callable[[], T | None]:
    """Run ``work()`` in a forked child; returns a function that waits for the child
    and gives its result (None if the child could not start or failed)."""
    if not sys.platform.startswith("linux"):
        return lambda: None
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return lambda: None
    if pid == 0:  # the child: never returns into the build
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
    answer: list[Any] = []  # the result, once waited for

    def result() -> T | None:
        if not answer:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            found = None
            if status == 0:
                with contextlib.suppress(Exception):  # cut short: no answer
                    found = pickle.loads(data)
            answer.append(found)
        value: T | None = answer[0]
        return value

    return result
