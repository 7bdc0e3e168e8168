"""What the preview is serving right now, swapped whole so no request sees half a build."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from generator.incremental import Snapshot


@dataclass(frozen=True)
class Served:
    """One consistent view: the last good build, and the errors of a later failed one."""

    snapshot: Snapshot | None
    errors_text: str | None
    version: int


class PreviewState:
    """Holds the current ``Served`` and wakes live-reload listeners when it changes."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._served = Served(None, None, 0)

    @property
    def current(self) -> Served:
        return self._served  # one reference read: always a whole, consistent view

    def publish(self, snapshot: Snapshot | None, errors_text: str | None) -> Served:
        with self._changed:
            kept = snapshot if snapshot is not None else self._served.snapshot
            self._served = Served(kept, errors_text, self._served.version + 1)
            self._changed.notify_all()
            return self._served

    def wait_for_change(self, version: int, timeout: float) -> int:
        """Wait until the version differs from ``version`` (or ``timeout``); the version now."""
        with self._changed:
            self._changed.wait_for(lambda: self._served.version != version, timeout)
            return self._served.version
