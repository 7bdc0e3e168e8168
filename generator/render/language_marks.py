"""What a template writes around the parts of an update or page written in a language
other than English (``language:``), so a screen reader speaks them in it (WCAG 3.1.2)
and search shows them in it."""

from __future__ import annotations

from markupsafe import Markup, escape


def language_attributes(item: object) -> Markup:
    """` lang="pl"` (and `dir="rtl"` for a language written right to left) for what an
    update or page written in another language shows of itself; nothing for English."""
    language = getattr(item, "language", None)
    if language is None or language.is_english:
        return Markup("")
    direction = ' dir="rtl"' if language.direction == "rtl" else ""
    return Markup(' lang="{}"{}').format(language.code, Markup(direction))


def search_language(item: object) -> Markup:
    """For search (search.js): the language of an update or page written in another,
    and its direction ("pl ltr"), to say of its result's title and words (one value:
    Pagefind reads a second after a comma as part of the first)."""
    language = getattr(item, "language", None)
    if language is None or language.is_english:
        return Markup("")
    return Markup(' data-pagefind-meta="language:{} {}"').format(
        language.code, language.direction)


def in_language_of(text: str, item: object) -> Markup:
    """``text`` (an update's title, inside words of the site's) in a span that says
    ``item``'s language, when it is not English."""
    attributes = language_attributes(item)
    return Markup("<span{}>{}</span>").format(attributes, text) if attributes else escape(text)
