"""What the preview is serving right now, swapped whole so no request sees half a build."""

from __future__ import annotations

import dataclasses
import secrets
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from generator.incremental import Snapshot

# The lists of the "Before you publish" box, in order.
SAID = ("advice", "style", "gone", "todo")


@dataclass(frozen=True)
class Served:
    """One consistent view: the last good build, and the errors of a later failed one.

    ``version`` counts the changes served; a page's own version is that of the last change
    to what it shows, so a browser reloads only when its page would look different.
    """

    snapshot: Snapshot | None
    errors_text: str | None
    version: int
    changed_at: Mapping[str, int] = field(default_factory=dict)  # page: version it changed
    everything_at: int = 0  # the version every page changed (overlay, styles, first build)
    run: str = ""  # this preview's own: a page from an earlier one is never taken as current
    advice: str = ""  # what journey check will ask about the files saved (see advice.py)
    style: str = ""  # and its notes on how NHS.UK would write them (advice.ADVISED)
    gone: str = ""  # pages gone since the preview started (see gone.py)
    todo: str = ""  # what the date says is to do (see advice.reminders)

    @property
    def said(self) -> tuple[str, str, str, str]:
        """What the "Before you publish" box shows, by its event's name (``SAID``)."""
        return self.advice, self.style, self.gone, self.todo

    def version_of(self, key: str | None) -> str:
        """The version of what the page ``key`` shows (None: of the whole site), as the
        browser is told it. A page not in the build (a "not found") has the whole site's:
        any change may make it."""
        if key is None or self.snapshot is None or key not in self.snapshot.pages:
            return f"{self.run}.{self.version}"
        return f"{self.run}.{max(self.everything_at, self.changed_at.get(key, 0))}"


def pages_changed(before: Snapshot | None, after: Snapshot, rendered: Collection[str],
                  ) -> set[str] | None:
    """The pages that look different in ``after`` than in ``before`` (None: all of them):
    of those rendered again (new pages are), the others kept their bytes."""
    if before is None:
        return None
    old, new = before.pages, after.pages
    changed = {path for path in rendered if old.get(path) != new[path]}
    # Pages gone show "not found", which any change reloads (see Served.version_of): they
    # count only when nothing else changed.
    return changed or old.keys() - new.keys()


class PreviewState:
    """Holds the current ``Served`` and wakes live-reload listeners when it changes."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        # Versions count from 1 in each preview: a browser left open while the preview was
        # started again must not find its page's version the same, though the files changed.
        self._served = Served(None, None, 0, run=secrets.token_hex(4))

    @property
    def current(self) -> Served:
        return self._served  # one reference read: always a whole, consistent view

    def publish(self, snapshot: Snapshot | None, errors_text: str | None,
                changed: set[str] | None = None) -> Served:
        """Serve ``snapshot`` (None: keep the last good one) with ``errors_text`` over it.
        ``changed``: the pages that look different (None: all of them). Listeners are woken
        only when some page does, or the errors shown are new or gone."""
        with self._changed:
            served = self._served
            kept = snapshot if snapshot is not None else served.snapshot
            if errors_text != served.errors_text or (kept is not None and served.snapshot is None):
                changed = None  # the overlay came, went or says otherwise; or the first build
            if changed is not None and not changed:
                self._served = dataclasses.replace(served, snapshot=kept)
                return self._served
            version = served.version + 1
            if changed is None:
                changed_at, everything_at = {}, version
            else:
                changed_at = {**served.changed_at, **dict.fromkeys(changed, version)}
                everything_at = served.everything_at
            self._served = dataclasses.replace(
                served, snapshot=kept, errors_text=errors_text, version=version,
                changed_at=changed_at, everything_at=everything_at)
            self._changed.notify_all()
            return self._served

    def advise(self, text: str, gone: str = "", todo: str = "", style: str = "") -> None:
        """Show ``text`` (what journey check will ask about the files saved), ``style``
        (its notes on how NHS.UK would write them), ``gone`` (pages gone since the preview started)
        and ``todo`` (what the date says is to do) on every page, in place: no page is
        reloaded for them."""
        with self._changed:
            if (text, style, gone, todo) != self._served.said:
                self._served = dataclasses.replace(self._served, advice=text,
                                                   style=style, gone=gone, todo=todo)
                self._changed.notify_all()

    def wait_for_change(self, seen: Served, timeout: float) -> Served:
        """Wait until the version or what the box says differ from ``seen``'s (or
        ``timeout``); what is served now."""
        with self._changed:
            self._changed.wait_for(
                lambda: (self._served.version, self._served.said) != (seen.version, seen.said),
                timeout)
            return self._served
