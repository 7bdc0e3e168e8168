"""What the preview adds to pages while serving: the reload script, the error overlay and
what journey check will ask about the files saved.

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

  // What journey check will ask about the files saved, shown in place. The box is there
  // (empty) from the start, so screen readers announce what comes into it.
  var box = document.createElement("div");
  box.id = "journey-advice";
  box.setAttribute("aria-live", "polite");
  document.body.appendChild(box);
  var HIDDEN = "journey-advice-hidden";
  function remembered() {
    try { return window.sessionStorage.getItem(HIDDEN); } catch (e) { return null; }
  }
  // Four lists: what journey check will ask ("advice"), its notes on how NHS.UK writes
  // ("style": a plainer word, a date, capitals, title case), pages gone since the preview
  // started ("gone"), which only journey check --external sees too, and what the date
  // says is to do ("todo").
  var KINDS = ["advice", "style", "gone", "todo"];
  var said = {advice: "", style: "", gone: "", todo: ""};
  var INTROS = {
    advice: "Publishing stops on these until they are fixed (journey check lists them " +
      "too). Fix them and save: this box goes by itself.",
    style: "Publishing does not stop on these: they are how NHS.UK would write it (a " +
      "plainer word, a date, a time, words not in capitals, headings in sentence case). " +
      "Change it, or leave it if it is right there.",
    gone: "Publishing does not stop on these: only this preview and journey check " +
      "--external (from the published site) can tell a page has gone.",
    todo: "Publishing does not stop on these: the date, not a mistake, makes them."
  };
  // On a phone the box starts folded to its heading, which opens it: open, it would
  // cover half the page. Opened or folded, it stays so as the lists change.
  var opened = null;
  function show() {
    box.replaceChildren();
    var text = KINDS.map(function (kind) { return said[kind]; }).join("\\n");
    if (!text.trim() || text === remembered()) { return; }
    var panel = document.createElement("section");
    panel.setAttribute("aria-labelledby", "journey-advice-title");
    var fold = document.createElement("details");
    fold.open = opened !== null ? opened : !window.matchMedia("(max-width: 40em)").matches;
    fold.addEventListener("toggle", function () { opened = fold.open; });
    var summary = document.createElement("summary");
    var title = document.createElement("h2");
    title.id = "journey-advice-title";
    title.textContent = "Before you publish";
    summary.appendChild(title);
    fold.appendChild(summary);
    panel.appendChild(fold);
    KINDS.forEach(function (kind) {
      if (!said[kind]) { return; }
      var intro = document.createElement("p");
      intro.textContent = INTROS[kind];
      var found = document.createElement("pre");
      found.textContent = said[kind];
      fold.append(intro, found);
    });
    var hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Hide until this list changes";
    hide.addEventListener("click", function () {
      try { window.sessionStorage.setItem(HIDDEN, text); } catch (e) { /* kept for now */ }
      box.replaceChildren();
    });
    fold.appendChild(hide);
    box.appendChild(panel);
  }
  KINDS.forEach(function (kind) {
    events.addEventListener(kind, function (event) {
      said[kind] = JSON.parse(event.data);
      show();
    });
  });
})();
"""

OVERLAY_CSS = b"""#journey-error-overlay {
  position: fixed; inset: 0; z-index: 1000; overflow: auto; padding: 32px;
  background: rgba(33, 43, 50, 0.96); color: #fff; font-family: Arial, sans-serif;
}
#journey-error-overlay h2 { margin-top: 0; color: #fff; }
#journey-advice section {
  position: fixed; right: 16px; bottom: 16px; z-index: 999; box-sizing: border-box;
  width: min(640px, calc(100% - 32px)); max-height: 45vh; overflow: auto; padding: 16px;
  background: #fff; color: #212b32; border: 4px solid #ffb81c; font-family: Arial, sans-serif;
  box-shadow: 0 4px 12px rgba(33, 43, 50, 0.4);
}
#journey-advice h2 { display: inline; margin: 0; font-size: 22px; color: #212b32; }
#journey-advice summary { margin-bottom: 8px; cursor: pointer; }
#journey-advice details:not([open]) summary { margin-bottom: 0; }
#journey-advice summary:focus { outline: 4px solid #ffeb3b; outline-offset: 0; }
#journey-advice p { margin: 0 0 8px; font-size: 16px; }
#journey-advice pre {
  white-space: pre-wrap; margin: 0 0 12px; font-size: 14px; line-height: 1.5;
  background: #f0f4f5; color: #212b32; padding: 8px;
}
#journey-advice button {
  font: inherit; font-size: 16px; padding: 8px 12px; color: #fff; background: #005eb8;
  border: 2px solid #005eb8; border-radius: 4px; cursor: pointer;
}
#journey-advice button:focus { outline: 4px solid #ffeb3b; outline-offset: 0; }
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
