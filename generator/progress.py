"""A progress line for long builds: quiet for the first second, and off a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


class ProgressLine:
    """Shows "Rendering: 1,200 of 4,000 files" in place, once a build has run a second."""

    def __init__(self, stream: TextIO | None = None, after: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.after, self.clock = after, clock
        self.started = clock()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.stream.isatty() or self.clock() - self.started < self.after:
            return
        self.stream.write(f"\rRendering: {done:,} of {total:,} files")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the line, so the summary starts on a line of its own."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
