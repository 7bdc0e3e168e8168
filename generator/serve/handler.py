"""HTTP requests to the preview: pages from memory, files of the build, live reload."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generator.booklet import BOOKLET, preview_booklet
from generator.errors import ContentErrors, format_errors
from generator.incremental import Snapshot
from generator.serve.client import OVERLAY_CSS, RELOAD_JS, error_page, inject
from generator.serve.security import host_allowed, origin_allowed, output_key
from generator.serve.site_policy import page_headers
from generator.serve.state import SAID, PreviewState
from generator.web_photos import is_photo, published_photo

EVENTS = "/__journey/events"
BOOKLET_NOT_MADE = "The booklet was not made; fix {them} and open it again."
TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".pdf": "application/pdf", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
    ".json": "application/json", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".csv": "text/csv; charset=utf-8", ".htm": "text/html; charset=utf-8",
}


class PreviewHandler(http.server.BaseHTTPRequestHandler):
    """Answers GET and HEAD; everything else is refused."""

    server_version = "journey-preview"
    protocol_version = "HTTP/1.1"
    # Set by PreviewServer on the handler class it makes.
    state: PreviewState
    bound_host: str
    port: int
    allowed_roots: tuple[Path, ...]
    stopping: threading.Event

    def do_GET(self) -> None:
        try:
            self._answer(head=False)
        except (OSError, ValueError):
            pass  # the browser went away, or the server is stopping
        except Exception:  # never let a request take the server down
            with contextlib.suppress(OSError, ValueError):
                self._plain(500, b"Internal error in the preview server.\n")

    def do_HEAD(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._answer(head=True)

    def do_POST(self) -> None:
        self._plain(405, b"Method not allowed.\n")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal is for build messages, not one line per request

    def _answer(self, head: bool) -> None:
        if not host_allowed(self.headers.get("Host"), self.bound_host, self.port):
            self._plain(403, b"Forbidden: this preview only answers to localhost.\n")
            return
        if self.path.startswith("/__journey/"):
            if not origin_allowed(self.headers.get("Origin"), self.bound_host, self.port):
                self._plain(403, b"Forbidden origin.\n")
            elif self.path.split("?")[0] == EVENTS:
                self._events()
            elif self.path.split("?")[0] == "/__journey/reload.js":
                self._send(200, TYPES[".js"], RELOAD_JS, head)
            elif self.path.split("?")[0] == "/__journey/overlay.css":
                self._send(200, TYPES[".css"], OVERLAY_CSS, head)
            else:
                self._not_found(head)
            return
        key = output_key(self.path)
        served = self.state.current
        snapshot = served.snapshot
        if key is None:
            self._not_found(head)
        elif snapshot is None:
            self._send(200, TYPES[".html"],
                       error_page(served.errors_text or "", served.version_of(None)), head)
        elif key in snapshot.pages:
            body = snapshot.pages[key]
            policy: list[tuple[str, str]] = []
            if key.endswith(".html"):
                body = inject(body, served.version_of(key), served.errors_text)
                policy = page_headers(snapshot.pages.get("_headers"))
            self._send(200, _type(key), body, head, policy)
        elif key in snapshot.copies:
            self._file(snapshot.copies[key], key, head, snapshot.site.root)
        elif f"{key}/index.html" in snapshot.pages:
            self._moved_to("/" + key + "/")
        elif (to := _redirected(snapshot.pages.get("_redirects"), self.path)) is not None:
            self._moved_to(to)
        elif not (key.endswith(BOOKLET) and self._booklet(snapshot, key, head)):
            self._not_found(head)

    def _booklet(self, snapshot: Snapshot, key: str, head: bool) -> bool:
        """Print the booklet at ``key`` as the content is now, if a journey has one there
        (the preview makes no booklet until one is opened: printing takes seconds)."""
        try:
            pdf = preview_booklet(snapshot.site, key, snapshot.copies)
        except ContentErrors as exc:
            text = format_errors(exc.errors, snapshot.site.root.resolve(), BOOKLET_NOT_MADE)
            self._plain(500, text.encode())
            return True
        if pdf is not None:
            self._send(200, TYPES[".pdf"], pdf, head)
        return pdf is not None

    def _moved_to(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _file(self, source: Path, key: str, head: bool, site_root: Path) -> None:
        try:
            real = source.resolve(strict=True)
        except OSError:
            self._not_found(head)
            return
        if not any(real.is_relative_to(root) for root in self.allowed_roots):
            self._not_found(head)  # a symlink out of the site: never followed
            return
        # A photo as it will be published (made fit for the web), as the page will show it.
        photo = published_photo(site_root, real) if is_photo(key) else None
        self._send(200, _type(key), photo if photo is not None else real.read_bytes(), head)

    def _not_found(self, head: bool) -> None:
        served = self.state.current
        page = served.snapshot.pages.get("404.html") if served.snapshot else None
        if page is None:
            self._plain(404, b"Not found.\n")
            return
        self._send(404, TYPES[".html"],
                   inject(page, served.version_of(None), served.errors_text), head,
                   page_headers(served.snapshot.pages.get("_headers") if served.snapshot
                                else None))

    def _events(self) -> None:
        """Server-sent events: 'hello' with the version of what the page (``?page=`` its
        path; none: the whole site) shows, and 'reload' whenever that changes; and for each
        list of the "Before you publish" box (``SAID``: what journey check will ask about the
        files saved, its notes on how NHS.UK would write them, the pages gone since the preview
        started, what the date says is to do) its text as a JSON string, when there is any
        and whenever it changes."""
        page = parse_qs(urlsplit(self.path).query).get("page", [None])[0]
        key = output_key(page) if page is not None else None
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        served = self.state.current
        shown = served.version_of(key)
        self._event("hello", shown)
        for name, text in zip(SAID, served.said, strict=True):
            if text:
                self._event(name, json.dumps(text))
        while not self.stopping.is_set():
            seen, served = served, self.state.wait_for_change(served, timeout=1.0)
            told = False
            if served.version_of(key) != shown:
                shown = served.version_of(key)
                self._event("reload", shown)
                told = True
            for name, text, before in zip(SAID, served.said, seen.said, strict=True):
                if text != before:
                    self._event(name, json.dumps(text))
                    told = True
            if not told:
                self.wfile.write(b": waiting\n\n")
                self.wfile.flush()

    def _event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
        self.wfile.flush()

    def _send(self, status: int, content_type: str, body: bytes, head: bool,
              headers: list[tuple[str, str]] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in headers or ():  # a page's: the published site's (site_policy)
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _plain(self, status: int, message: bytes) -> None:
        self._send(status, "text/plain; charset=utf-8", message, head=False)


def _redirected(rules: bytes | None, raw_path: str) -> str | None:
    """Where the built site's ``_redirects`` (Netlify's, from old_addresses) sends
    ``raw_path``, if anywhere: the preview does as Netlify will, for old addresses no page
    can be at (such as /news/item.aspx)."""
    if not rules:
        return None
    asked = urlsplit(raw_path).path.rstrip("/")
    for line in rules.decode("utf-8", "replace").splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].rstrip("/") == asked:
            return parts[1]
    return None


def _type(key: str) -> str:
    suffix = key[key.rfind("."):].lower() if "." in key.rsplit("/", 1)[-1] else ""
    return TYPES.get(suffix, "application/octet-stream")
