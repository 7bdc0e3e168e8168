"""A link in an update's or page's text to a file says what the file is, as GOV.UK and
NHS.UK ask ("our plan (PDF, 330KB, 12 pages)"): part of the link, so a screen reader
reads it with the link's words."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import unquote

from markupsafe import Markup

from generator.model.attachments import LinkedFile

# The links our Markdown renderer writes: <a href="..."> with nothing else but a title.
_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def described_files(body: object, files: Sequence[LinkedFile]) -> Markup:
    """``body`` (HTML) with each link to one of ``files`` saying the file's type and
    size, unless its words already say its type ("(PDF")."""
    text = body.__html__() if hasattr(body, "__html__") else html.escape(str(body))
    if not files:
        return Markup(text)
    notes = {unquote(f.href): f.description for f in files}

    def describe(link: re.Match[str]) -> str:
        note = notes.get(unquote(html.unescape(link.group(1))))
        words = html.unescape(_TAGS.sub("", link.group(3)))
        if note is None or f"({note.split(',')[0]}" in words:
            return link.group(0)
        return f'<a href="{link.group(1)}"{link.group(2)}>{link.group(3)} ({note})</a>'

    return Markup(_LINK.sub(describe, text))
