"""A progress line for long builds: quiet for the first second, and off a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressLine:
    """Shows "Rendering: 1,200 of 4,000 files" in place, once a build has run a second;
    then, if it counts something else, "Search index: 3 of 8 parts"."""

    def __init__(self, stream: TextIO | None = None, after: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.after, self.clock = after, clock
        self.started = clock()
        self.shown = False
        self.what, self.unit = "Rendering", "files"
        self.width = 0  # of the text shown: a shorter one covers it with spaces

    def __call__(self, done: int, total: int) -> None:
        if not self.stream.isatty() or self.clock() - self.started < self.after:
            return
        text = f"{self.what}: {done:,} of {total:,} {self.unit}"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.shown, self.width = True, len(text)

    def counting(self, what: str, unit: str) -> ProgressLine:
        """The line, counting ``unit`` of ``what`` from now on."""
        self.what, self.unit = what, unit
        return self

    def close(self) -> None:
        """End the line, so the summary starts on a line of its own."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
