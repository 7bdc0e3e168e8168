"""A link written in a text to a file says what the file is, as GOV.UK and NHS.UK ask
("our plan (PDF, 330KB, 12 pages)"): part of the link, so a screen reader reads it with
the link's words."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

from markupsafe import Markup

from generator.model.attachments import LinkedFile
from generator.render.markdown import Markdown

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


class DescribedMarkdown(Markdown):
    """A Markdown field of the journey or the rating whose links to ``files`` say what
    each file is, wherever a template shows it (the site's own templates too): their
    texts are many fields, where an update's is one body."""

    __slots__ = ("files",)

    def __init__(self, markdown: Markdown, files: tuple[LinkedFile, ...]):
        super().__init__(markdown.source, markdown._renderer, markdown.pos)
        self.files = files

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore_described, (Markdown(self.source, self._renderer, self.pos),
                                     self.files))

    def __html__(self) -> str:
        return str(described_files(Markup(super().__html__()), self.files))

    def nested(self, offset: int = 1) -> Markup:
        return described_files(super().nested(offset), self.files)

    @property
    def inline(self) -> Markup:
        return described_files(super().inline, self.files)


def _restore_described(markdown: Markdown, files: tuple[LinkedFile, ...]) -> DescribedMarkdown:
    return DescribedMarkdown(markdown, files)
