"""What the preview adds to pages while serving: the reload script and the error overlay.

None of this is ever in a built site.
"""

from __future__ import annotations

import html

RELOAD_JS = b"""(function () {
  var script = document.currentScript;
  var loaded = script ? script.getAttribute("data-version") : null;
  // Only a change to what this page shows reloads it.
  var events = new EventSource(
    "/__journey/events?page=" + encodeURIComponent(window.location.pathname));
  function check(event) {
    if (loaded !== null && event.data !== loaded) { window.location.reload(); }
  }
  events.addEventListener("hello", check);
  events.addEventListener("reload", check);
})();
"""

OVERLAY_CSS = b"""#journey-error-overlay {
  position: fixed; inset: 0; z-index: 1000; overflow: auto; padding: 32px;
  background: rgba(33, 43, 50, 0.96); color: #fff; font-family: Arial, sans-serif;
}
#journey-error-overlay h2 { margin-top: 0; color: #fff; }
#journey-error-overlay pre {
  white-space: pre-wrap; font-size: 16px; line-height: 1.5; background: #000;
  padding: 16px; border-left: 8px solid #ffb81c; color: #fff;
}
"""


def overlay_html(errors_text: str) -> str:
    return (
        '<div id="journey-error-overlay" role="alert" aria-labelledby="journey-error-title">'
        '<h2 id="journey-error-title">This page is not up to date: your last change has a '
        "problem</h2><p>Fix the problem below and save. This page will reload by itself. "
        "Until then it shows the last version that built.</p>"
        f"<pre>{html.escape(errors_text)}</pre></div>"
    )


def inject(page: bytes, version: str, errors_text: str | None) -> bytes:
    """Add the reload script (and the overlay, if the last build failed) to a page."""
    text = page.decode("utf-8")
    head = '<link rel="stylesheet" href="/__journey/overlay.css">'
    script = f'<script src="/__journey/reload.js" data-version="{version}"></script>'
    text = text.replace("</head>", head + "</head>", 1)
    if errors_text is not None:
        text = _after_body_open(text, overlay_html(errors_text))
    if "</body>" in text:
        text = text.replace("</body>", script + "</body>", 1)
    else:
        text += script
    return text.encode("utf-8")


def _after_body_open(text: str, fragment: str) -> str:
    start = text.find("<body")
    end = text.find(">", start) if start != -1 else -1
    if end == -1:
        return fragment + text
    return text[: end + 1] + fragment + text[end + 1 :]


def error_page(errors_text: str, version: str) -> bytes:
    """Shown for every address when no build has succeeded yet."""
    page = ('<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            "<title>Build problem</title></head><body><main></main></body></html>")
    return inject(page.encode(), version, errors_text)
