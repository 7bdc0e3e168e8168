"""The preview server: build once, serve from memory, rebuild on every save."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import collector
from generator.build import count_pages
from generator.collector import LongLived
from generator.errors import PREVIEW_KEPT, ContentErrors, counted, format_errors
from generator.incremental import IncrementalBuilder, RebuildResult, Snapshot
from generator.model.dates import nhs_date
from generator.model.site import BuildSettings
from generator.progress import ProgressLine
from generator.render.template_dirs import template_dirs
from generator.serve.advice import HEADING, STYLE, Outstanding, Shown, reminders
from generator.serve.gone import GonePages
from generator.serve.handler import PreviewHandler
from generator.serve.state import PreviewState, pages_changed
from generator.serve.watch import watch_site

Reporter = Callable[[str], None]
# A build that failed while files were changing is made again, after a moment (a save
# takes milliseconds), up to this many times in all.
_ATTEMPTS, _SAVED_IN = 3, 0.05


def built_line(rendered: int, total: int, seconds: float, first: bool,
               unchanged: bool = False) -> str:
    """What the preview says after a build, in words an editor reads at a glance.
    ``unchanged``: no page looks different (what was saved shows nowhere, or as before)."""
    took = f"{seconds * 1000:,.0f} ms"
    pages = counted(total, "page")
    if not first and unchanged:
        if rendered == 0:
            return f"No page changes with this save ({took})."
        return (f"Rebuilt {rendered:,} of {pages} in {took}; none looks different, "
                "so the browser was not reloaded.")
    if not first:
        return f"Rebuilt {rendered:,} of {pages} in {took}."
    if rendered == total:
        return f"Built {pages} in {took}."
    if rendered == 0:  # all kept from the last preview on this address
        return f"Ready in {took}: all {pages} are as the last preview left them."
    return (f"Built {rendered:,} of {pages} in {took}; the other {total - rendered:,} "
            "are as the last preview left them.")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # live-reload connections must not keep the process alive
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a dropped connection is normal for a preview; never print a traceback


@dataclass
class PreviewServer:
    """Serves ``root``'s site on ``host:port`` and keeps it up to date.

    ``port=0`` picks a free port (tests). Call :meth:`start`, then :meth:`stop`.
    """

    root: Path
    settings: BuildSettings
    host: str = "127.0.0.1"
    port: int = 8000
    report: Reporter = print
    # The first build's progress, which can take seconds on a big site (on a terminal only).
    progress_line: Callable[[], ProgressLine] = ProgressLine
    state: PreviewState = field(default_factory=PreviewState)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)
    _builder: IncrementalBuilder | None = None
    _httpd: _Server | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _long_lived: LongLived = field(default_factory=LongLived)
    _outstanding: Outstanding = field(default_factory=Outstanding)
    _gone: GonePages | None = None  # made from the first build's site
    # Today's date, asked every ``date_check`` seconds, when the preview follows the
    # calendar (None: a date given with --now).
    today: Callable[[], dt.date] | None = None
    date_check: float = 60.0

    @property
    def url(self) -> str:
        shown = "localhost" if self.host in ("127.0.0.1", "::1") else self.host
        return f"http://{shown}:{self.port}/"

    def start(self) -> None:
        """Bind, build, and start serving and watching in background threads.

        Raises:
            OSError: the address cannot be bound (for example the port is in use).
        """
        # A handler class of its own per server: no state shared between servers.
        handler: type[PreviewHandler] = type("Handler", (PreviewHandler,), {})
        self._httpd = _Server((self.host, self.port), handler)
        self.port = int(self._httpd.server_address[1])
        handler.state = self.state
        handler.bound_host = self.host
        handler.port = self.port
        handler.stopping = self._stop
        handler.allowed_roots = tuple(
            d.resolve() for d in [self.root / "content" / "assets", *template_dirs(self.root)])
        # The first build makes the site model the preview keeps, and little garbage:
        # collections walking it as it grew took a third of a start at 16,000 updates.
        # Its objects are left out of later ones (LongLived).
        with collector.paused():
            self._builder = IncrementalBuilder(self.root, self.settings, base_url=self.url)
            # Before the threads start: forking is safe only then.
            self.rebuild(None, fork=True, progress=self.progress_line())
        self._spawn(self._httpd.serve_forever, "preview-http")
        self._spawn(self._watch, "preview-watch")
        if self.today is not None:
            self._spawn(self._follow_the_date, "preview-date")

    def rebuild(self, changed: set[Path] | None, fork: bool = False,
                progress: ProgressLine | None = None) -> RebuildResult | None:
        """Build after a change; on failure keep the last good pages and show the errors.
        ``fork``: see :meth:`IncrementalBuilder.rebuild`; ``progress``: shown while the
        pages render, and ended before anything else is said."""
        assert self._builder is not None
        with self._lock:  # one build at a time, in change order
            try:
                with contextlib.closing(progress) if progress else contextlib.nullcontext():
                    result = self._build(changed, fork, progress)
            except ContentErrors as exc:
                text = format_errors(exc.errors, self.root.resolve(), PREVIEW_KEPT)
                self.state.publish(None, text, set())
                self.report(text)
                return None
            except Exception as exc:  # a bug: keep serving the last good pages, and say so
                text = (f"The preview hit an internal error while rebuilding: {exc!r}\n"
                        "Your last good pages are still shown. Please report this problem.")
                self.state.publish(None, text, set())
                self.report(text)
                return None
            before = self.state.current.snapshot
            looks_different = None if result.assets_changed else pages_changed(
                before, result.snapshot, result.rendered)
            self.state.publish(result.snapshot, None, looks_different)
            self._long_lived.rebuilt()
            if self._gone is None:  # the pages the preview starts with
                self._gone = GonePages(result.snapshot.site)
        # Web pages, as journey build counts them (not the feed, the sitemap and the like).
        self.report(built_line(count_pages(result.rendered), count_pages(result.snapshot.pages),
                               result.seconds, first=changed is None,
                               unchanged=looks_different is not None and not looks_different))
        if changed is None:  # the first build (journey serve says it under the address)
            self.state.advise("", "", reminders(result.snapshot.site))
        elif changed:  # after the browser was told: it need not wait for this
            try:
                self._advise(result.snapshot, changed)
            except Exception as exc:  # a bug: the preview must go on watching
                self.report(f"The preview could not look over what you saved: {exc!r}\n"
                            "journey check still will. Please report this problem.")
        return result

    def _advise(self, snapshot: Snapshot, saved: set[Path]) -> None:
        """Say in the terminal what journey check will ask about the files saved, and show
        on the pages what it will ask about every file saved since the preview started."""
        assert self._builder is not None
        site = snapshot.site
        shown = Shown(snapshot.pages, snapshot.copies, self._builder.pages_showing,
                      self._builder.pages_made_with)
        said, style = self._outstanding.saved(site, saved, shown)
        for heading, text in ((HEADING, said), (STYLE, style)):
            if text:
                self.report(f"\n{heading}\n{text}\n")
        gone = self._gone.text(site) if self._gone is not None else ""
        todo = reminders(site)  # a save may do it (a draft published), or add to it
        for text, before in ((gone, self.state.current.gone), (todo, self.state.current.todo)):
            if text and text != before:
                self.report(f"\n{text}\n")
        self.state.advise(self._outstanding.text(site), gone, todo,
                          self._outstanding.text(site, advised=True))

    def reminders(self) -> str:
        """What the date says is to do on the site served (see advice.reminders)."""
        return self.state.current.todo

    def _build(self, changed: set[Path] | None, fork: bool,
               progress: ProgressLine | None) -> RebuildResult:
        """The builder's rebuild, made again after a moment when it failed while a file
        was being saved: an editor that empties a file, then writes it, may be caught in
        between (an error that would flash over the preview until the save ends)."""
        assert self._builder is not None
        attempts = 1
        while True:
            try:
                return self._builder.rebuild(changed, fork, progress)
            except ContentErrors:
                saving = self._builder.unbuilt() if attempts < _ATTEMPTS else set()
                if not saving:
                    raise
                attempts += 1
                time.sleep(_SAVED_IN)
                if changed is not None:  # the first build stays one (it renders every page)
                    changed = saving

    def _follow_the_date(self) -> None:
        """A preview left running past midnight shows the site as of the new day (actions
        overdue, embargoes ended, what is to do), as one started that day would."""
        assert self.today is not None and self._builder is not None
        while not self._stop.wait(self.date_check):
            day = self.today()
            if day == self.settings.today:
                continue
            self.settings = dataclasses.replace(self.settings, today=day)
            with self._lock:
                self._builder.new_day(day)
            self.report(f"A new day: the preview now shows the site as of {nhs_date(day)}.")
            result = self.rebuild(set())
            if result is not None:
                self._advise(result.snapshot, set())

    def _watch(self) -> None:
        assert self._builder is not None
        for changes in watch_site(self.root, self._stop, unbuilt=self._builder.unbuilt):
            self.rebuild(changes)

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        """Stop serving and watching, and wait for both to finish."""
        self._stop.set()
        if self._httpd is not None:
            if self._threads:  # shutdown() waits for serve_forever, so only if it started
                self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        self._long_lived.release()

    def wait(self) -> None:
        """Block until stopped (Ctrl+C raises KeyboardInterrupt here)."""
        while not self._stop.is_set():
            time.sleep(0.2)
