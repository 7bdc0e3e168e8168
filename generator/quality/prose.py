"""Checks on what editors wrote: images, headings, tables, link text and plain English."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from generator.digests import key_of
from generator.errors import SourcePos
from generator.model.checks import CheckSettings, Severity
from generator.model.glossary import GlossaryTerm
from generator.quality.bold_lines import bold_heading
from generator.quality.capitals import Capitals
from generator.quality.date_style import DateStyle
from generator.quality.findings import Finding, severity, shorten
from generator.quality.html_tags import unclosed_tags
from generator.quality.markdown_slips import (
    HTML_TAG,
    cut_addresses,
    first_tick_box,
    hidden_definitions,
    joined_lines,
    paragraph_slips,
    quoted_figure,
    renumbered_item,
    starts_with_a_tick_box,
    typed_slips,
)
from generator.quality.memo import CheckMemo
from generator.quality.nhs_abbreviations import STANDS_FOR
from generator.quality.plain_words import PlainWords
from generator.quality.private_links import private_link
from generator.quality.sources import Text, Title, line_with
from generator.quality.spelling import Speller
from generator.quality.tables import cells_not_shown, not_a_table, pasted_table
from generator.quality.title_case import heading_finding, title_finding
from generator.render.markdown import SENTENCE_END

# Link text that says nothing on its own (screen reader users list links out of context).
VAGUE_LINK_TEXT = frozenset({
    "click here", "here", "read more", "more", "link", "this link", "this", "this page",
    "find out more", "learn more", "more info", "more information", "details", "go",
    "click", "see more", "page",
})
# Link text telling a reader to click says nothing of where it goes ("click here to
# read our plan": the link is "our plan").
_CLICK = ("click here", "click to", "click on", "click this")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_ABBREVIATION = re.compile(r"(?<![\w&])([A-Z][A-Z&]*[A-Z])(?:s)?(?![\w&])")
MIN_SENTENCES_FOR_READING_AGE = 5  # SMOG is meaningless on a line or two
# Rules of English, left out for an update or page written in another language.
ENGLISH_ONLY = frozenset({"vague_link", "abbreviation", "long_sentence", "reading_age",
                          "spelling", "american_spelling", "plain_words", "date_style",
                          "capitals", "title_case"})
PROSE_RULES = ("broken_link", "heading_level", "underlined_heading", "bold_heading",
               "table_headers", "table_cells", "image_alt", "computer_link", "staff_link",
               "wrapped_link", "vague_link", "markdown_slip", "html_tags", "abbreviation",
               "long_sentence", "reading_age", "spelling", "american_spelling",
               "plain_words", "date_style", "capitals", "title_case")


@dataclass(frozen=True)
class Block:
    """A paragraph, heading, list item or table cell: its text and first line."""

    text: str  # soft line breaks kept as "\n", so lines can be counted
    line: int  # in the Markdown text, 0-based
    quoted: bool = False  # in a quotation (> ...): someone else's words


@dataclass
class _File:
    """What an editor wrote in one file: its Markdown texts and its titles."""

    texts: list[Text]
    titles: list[Title]
    on: frozenset[str] = frozenset()  # the rules it is checked for


def check_prose(texts: list[Text], settings: CheckSettings,
                glossary: Iterable[GlossaryTerm], memo: CheckMemo,
                titles: Iterable[Title] = (),
                other_languages: frozenset[Path] = frozenset()) -> list[Finding]:
    """Every text's findings, and the spelling of every title. A file's texts are checked
    together (an abbreviation explained in one need not be in the next; the reading age
    is the file's), and files on every core, but for those an earlier check read as they
    are now. The files in ``other_languages`` are not checked for ENGLISH_ONLY rules."""
    known = frozenset(t.abbreviation for t in glossary) | set(settings.known_abbreviations)
    by_file: dict[Path, _File] = {}
    for text in texts:
        by_file.setdefault(text.path, _File([], [])).texts.append(text)
    for title in titles:
        by_file.setdefault(title.path, _File([], [])).titles.append(title)
    files = list(by_file.values())
    on = frozenset(rule for rule in PROSE_RULES if severity(rule, settings) is not Severity.OFF)
    shared = key_of(b"prose", settings, sorted(known))  # settings include the severities
    for path, file in by_file.items():
        file.on = on - ENGLISH_ONLY if path in other_languages else on
    keys = [key_of(shared, str(path), sorted(file.on), *(part for t in file.texts for part in (
        (t.first_line, t.quoted, t.markdown.settings), t.markdown.source)),
        *((t.line, t.words) for t in file.titles)) for path, file in by_file.items()]
    found = memo.results(keys, files, functools.partial(_check_file, settings=settings,
                                                        known=known))
    return [finding for findings in found for finding in findings]


def _check_file(file: _File, settings: CheckSettings, known: frozenset[str]) -> list[Finding]:
    """The findings of the rules on for one file, in its texts (rules turned off in
    site.yaml are not worked out: sentences are most of the work)."""
    on = file.on
    findings: list[Finding] = []
    explained = set(known)
    sentences: list[str] = []
    spelling = Speller(settings, on)
    plain = PlainWords(settings, on)
    dates = DateStyle(on)
    capitals = Capitals(on, known)
    # Each link's words and address, in a file that is one page (not a journey's list).
    links: dict[str, str] | None = {} if file.texts and file.texts[0].path.suffix == ".md" \
        else None
    for text in file.texts:
        tokens = text.markdown.tokens()
        findings += (f for f in _structure(text, tokens, links) if f.rule in on)
        if "html_tags" in on and "<" in text.markdown.source:
            findings += unclosed_tags(text, tokens)
        for block in _blocks(tokens):
            shouted = capitals.runs(block.text)  # words in capitals, not abbreviations
            if "abbreviation" in on:
                findings += _abbreviations(text, block, explained, shouted)
            findings += spelling.in_text(text, block.text, block.line)
            if not (text.quoted or block.quoted):  # CQC's words are as CQC wrote them
                findings += plain.in_text(text, block.text, block.line)
                findings += dates.in_text(text, block.text, block.line)
                findings += capitals.in_text(text, block.text, block.line, shouted)
            if "long_sentence" not in on and "reading_age" not in on:
                continue
            for sentence, line in _sentences(block):
                sentences.append(sentence)
                words = len(_WORD.findall(sentence))
                if words > settings.sentence_words and "long_sentence" in on:
                    findings.append(Finding(
                        "long_sentence", text.pos(line),
                        f"a sentence of {words} words: \"{shorten(sentence)}\"",
                        f"aim for {settings.sentence_words} words or fewer: split it "
                        "into two sentences, or use a list."))
    for title in file.titles:
        findings += spelling.in_title(title)
        findings += plain.in_title(title)
        findings += dates.in_title(title)
        findings += capitals.in_title(title)
        if title.heading and "title_case" in on:
            findings += title_finding(title)
        if "<" in title.words and "markdown_slip" in on and HTML_TAG.search(title.words):
            findings.append(Finding(
                "markdown_slip", SourcePos(title.path, line_with(title.path, title.words,
                                                                 title.line), 1),
                f'"{shorten(title.words)}" shows HTML tags as they are typed',
                "take the tags out: a title is plain words (the site's style sets how it "
                "looks)."))
    if "reading_age" in on and file.texts:
        findings += _reading_age(file.texts[0], sentences, settings)
    return findings


def _structure(text: Text, tokens: list[Token], links: dict[str, str] | None,
               ) -> Iterator[Finding]:
    """Images, headings, tables and link text: what assistive technology relies on
    (``links``: the page's links so far, by their words, if the file is a page)."""
    level = 1  # the page title is the one h1
    columns = 0  # of the table the tokens are in
    source: list[str] = []  # the text's lines, split when a table's row is read
    if "]:" in text.markdown.source:
        yield from hidden_definitions(text, tokens)
    for i, token in enumerate(tokens):
        line = token.map[0] if token.map else 0
        if token.type == "heading_open":
            if token.markup == "-" and token.map:  # a line of --- straight under text
                yield Finding("underlined_heading", text.pos(token.map[1] - 1),
                              f'the line of --- under "{shorten(tokens[i + 1].content)}" '
                              "makes that text a heading",
                              "for a dividing line, leave an empty line above the ---; for "
                              'a heading, write "## " before the text instead.')
            new = int(token.tag[1])
            if not text.quoted:
                yield from heading_finding(tokens[i + 1].content, text.pos(line))
            if not tokens[i + 1].content.strip():
                yield Finding("heading_level", text.pos(line),
                              f'an empty heading: "{token.markup}" with nothing after it',
                              f"write the heading after the {token.markup}, or delete the "
                              "line (a screen reader lists it as a heading that says "
                              "nothing).")
            elif new == 1 and token.markup == "=":  # a line of === straight under text
                yield Finding("heading_level", text.pos(line),
                              f'the line of === under "{shorten(tokens[i + 1].content)}" '
                              "makes it a top-level heading: the page title is the only one",
                              'for a heading, write "## " before the text and delete the '
                              "===; for a dividing line, write --- with an empty line above "
                              "it.")
            elif new == 1:
                yield Finding("heading_level", text.pos(line),
                              "a top-level heading (#) in the text: the page title is the "
                              "only one", "start headings in the text at ## (level 2).")
            elif new > level + 1:
                yield Finding("heading_level", text.pos(line),
                              f"a level {new} heading after level {level}: a level is skipped",
                              f"use {'#' * (level + 1)} for this heading.")
            if tokens[i + 1].content.strip() and _nothing_under(tokens, i + 3, new):
                yield Finding("heading_level", text.pos(line),
                              f'the heading "{shorten(tokens[i + 1].content)}" has nothing '
                              "under it",
                              "write what goes under it, or delete the heading (a screen "
                              "reader lists it as a part of the page with nothing in it).")
            level = new
        elif token.type == "code_block":  # indented: pasted with spaces or a tab before it
            first = token.content.strip().split("\n", 1)[0]
            yield Finding("markdown_slip", text.pos(line),
                          f'"{shorten(first)}" is shown as computer code, in a box and a '
                          "typewriter font: its line starts with four spaces or a tab",
                          "take out the spaces or tab at the start of its lines.")
        elif token.type == "blockquote_open":
            yield from quoted_figure(text, tokens, i)
        elif token.type == "ordered_list_open":
            yield from renumbered_item(text, tokens, i)
        elif token.type == "thead_open":
            header = _until(tokens, i, "thead_close")
            if not any(t.content.strip() for t in header if t.type == "inline"):
                yield Finding("table_headers", text.pos(line), "a table with empty headers",
                              "write what each column holds in the table's first row.")
            columns = sum(1 for t in header if t.type == "th_open")
        elif token.type == "tr_open" and token.map and tokens[i - 1].type != "thead_open":
            source = source or text.markdown.source.split("\n")
            yield from cells_not_shown(text, line, columns, source)
        elif token.type == "inline" and token.children:
            yield from _inline(text, line, token.children, links)
            if i and tokens[i - 1].type == "paragraph_open":
                if tokens[i - 1].level == 0 and token.content.startswith(("**", "__")) and (
                        bold := bold_heading(text, tokens, i, level)):
                    yield bold
                yield from paragraph_slips(text, line, token.children)
                if ("_" in token.content or "*" in token.content) and (
                        "://" in token.content or "www." in token.content):
                    yield from cut_addresses(text, line, token)
                if tokens[i - 1].level and starts_with_a_tick_box(token.content):
                    source = source or text.markdown.source.split("\n")
                    yield from first_tick_box(text, line, token.content, source)
                if "|" in token.content:
                    yield from not_a_table(text, line, token.content.split("\n"))
                if token.content.count("\n") >= 2:
                    yield from joined_lines(text, line, token)
                if "\t" in token.content:
                    yield from pasted_table(text, line, token.content.split("\n"))


def _nothing_under(tokens: list[Token], after: int, level: int) -> bool:
    """Whether a heading of ``level`` whose tokens end before ``after`` is followed by
    nothing: the text's end, or a heading of its level or higher."""
    return after >= len(tokens) or (tokens[after].type == "heading_open"
                                    and int(tokens[after].tag[1]) <= level)


def _inline(text: Text, line: int, children: list[Token], links: dict[str, str] | None,
            ) -> Iterator[Finding]:
    """A paragraph's links and pictures, and what its text shows as typed."""
    breaks = 0
    for i, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            breaks += 1
        elif child.type == "text":
            yield from typed_slips(text, line + breaks, child.content)
        elif child.type in ("link_open", "image"):
            address = child.attrGet("href" if child.type == "link_open" else "src")
            if private := private_link(str(address or ""), text.pos(line + breaks),
                                       "link" if child.type == "link_open" else "image"):
                yield private
        if child.type == "image" and not child.content.strip():
            src = child.attrGet("src") or ""
            yield Finding("image_alt", text.pos(line + breaks), f"the image {src} has no alt text",
                          "write what the image shows between the brackets: "
                          "![A ward at Kestrel Valley General Hospital](...)")
        elif child.type == "image" and _says_nothing(child.content, child.attrGet("src")):
            src = child.attrGet("src") or ""
            yield Finding("image_alt", text.pos(line + breaks),
                          f'the alt text "{child.content.strip()}" does not say what the image '
                          f"{src} shows", "write what it shows, as you would to someone on "
                          "the phone: ![Nurses at the new handover board on Ward 7](...)")
        elif child.type == "link_open":
            inside = _until(children, i, "link_close")
            words = " ".join(t.content for t in inside
                             if t.type in ("text", "code_inline", "image"))
            if child.attrGet("href") in ("", "#"):  # "[our plan]()": left to fill in
                yield Finding("broken_link", text.pos(line + breaks),
                              f'the link "{shorten(words.strip())}" has no address, so it goes '
                              "nowhere", "write where it goes between the ( ): a page of this "
                              "site from its / (/journey/), or another website's address in "
                              "full (https://...); or take away the [ ] and ( ) if it is not "
                              "meant to be a link.")
            if not _normal(words):  # nothing a screen reader can say ("[](...)", "[**](...)")
                yield Finding("vague_link", text.pos(line + breaks),
                              f"the link to {child.attrGet('href')} has no words, so it does "
                              "not say where it goes",
                              "write what the link is for between the brackets: "
                              "[read our March update](...).")
            elif _normal(words) in VAGUE_LINK_TEXT or _normal(words).startswith(_CLICK):
                yield Finding("vague_link", text.pos(line + breaks),
                              f'the link text "{words.strip()}" does not say where it goes',
                              'say what the link is for: "read our March update", not '
                              '"click here".')
            elif links is not None and child.attrGet("href") not in ("", "#"):
                href = str(child.attrGet("href"))
                first = links.setdefault(_normal(words), href)
                if first.rstrip("/") != href.rstrip("/"):
                    yield Finding("vague_link", text.pos(line + breaks),
                                  f'the link text "{shorten(words.strip())}" is used for two '
                                  f"different addresses on this page: {first} and {href}",
                                  "give each link words of its own (a screen reader lists a "
                                  'page\'s links by their words alone): "the March board '
                                  'report", "the April board report".')


# Alt text that says an image is there, not what it shows (a screen reader says "image"
# already).
_NOTHING_SAID = frozenset({"image", "picture", "photo", "photograph", "graphic", "img", "pic",
                           "icon", "screenshot", "alt", "alt text", "placeholder"})


def _says_nothing(alt: str, src: str | int | float | None) -> bool:
    """Whether the alt text is a word for any image, or the image's file name
    ("IMG_1234", "ward.jpg")."""
    words = _normal(alt)
    name = str(src or "").rsplit("/", 1)[-1]
    return words in _NOTHING_SAID or (bool(name) and words in (
        _normal(name), _normal(name.rsplit(".", 1)[0])))


def _until(tokens: list[Token], start: int, closing: str) -> list[Token]:
    end = next((j for j in range(start + 1, len(tokens)) if tokens[j].type == closing),
               len(tokens))
    return tokens[start + 1:end]


def _normal(words: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", words.lower()).split())


def _blocks(tokens: list[Token]) -> Iterator[Block]:
    quotes = 0  # how many quotations the token is in
    for token in tokens:
        if token.type.startswith("blockquote_"):
            quotes += 1 if token.nesting > 0 else -1
        if token.type != "inline" or not token.children:
            continue
        parts = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content if child.type == "text" else "code")
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
        yield Block("".join(parts), token.map[0] if token.map else 0, quotes > 0)


def _sentences(block: Block) -> Iterator[tuple[str, int]]:
    start = 0
    for match in [*SENTENCE_END.finditer(block.text), None]:
        end = match.start() if match else len(block.text)
        sentence = block.text[start:end].strip()
        if sentence:
            yield " ".join(sentence.split()), block.line + block.text.count("\n", 0, start)
        if match:
            start = match.end()


def _abbreviations(text: Text, block: Block, explained: set[str],
                   shouted: list[tuple[int, int]]) -> Iterator[Finding]:
    """An abbreviation must be in the glossary or spelt out the first time it is used
    (words in ``shouted``, runs of words in capitals, are not abbreviations)."""
    for match in _ABBREVIATION.finditer(block.text):
        word = match.group(1)
        if word in explained or len(word) < 2 or any(
                start <= match.start() < end for start, end in shouted):
            continue
        explained.add(word)
        before = block.text[:match.start()].rstrip()
        after = block.text[match.end():].lstrip()
        if before.endswith("(") or after.startswith("("):
            continue  # "Care Quality Commission (CQC)" or "CQC (Care Quality Commission)"
        if word in ("AM", "PM") and before[-1:].isdigit():
            continue  # "9 AM": a time (date_style says how NHS.UK writes it), not a name
        line = block.line + block.text.count("\n", 0, match.start())
        meaning = STANDS_FOR.get(word)
        yield Finding("abbreviation", text.pos(line),
                      f'"{word}" is not explained the first time it is used',
                      f'add this line to glossary.yaml: "{word}: {meaning}" (if that is what '
                      "it stands for here), or write it out in full the first time, with "
                      f'"({word})" after it.'
                      if meaning else "add it to glossary.yaml, or write it out in full "
                      f'first: "Full Name ({word})".')


def _reading_age(text: Text, sentences: list[str], settings: CheckSettings) -> list[Finding]:
    if len(sentences) < MIN_SENTENCES_FOR_READING_AGE:
        return []
    age = reading_age(sentences)
    if age <= settings.reading_age:
        return []
    return [Finding("reading_age", text.pos(0),
                    f"this text has a reading age of about {age} (SMOG): aim for "
                    f"{settings.reading_age} or lower",
                    "use shorter sentences and everyday words; NHS content is read by "
                    "people of every reading ability, and by people who are unwell.")]


def reading_age(sentences: list[str]) -> int:
    """The SMOG reading age (grade + 5) of some sentences, as the NHS service manual uses."""
    polysyllables = sum(1 for s in sentences for w in _WORD.findall(s) if syllables(w) >= 3)
    grade = 1.0430 * math.sqrt(polysyllables * 30 / len(sentences)) + 3.1291
    return round(grade + 5)


@functools.lru_cache(maxsize=65536)  # words repeat: a page has few distinct ones
def syllables(word: str) -> int:
    """An estimate good enough for SMOG: vowel groups, less a silent final e."""
    w = _NOT_LETTER.sub("", word.lower())
    if w in _SYLLABLE_EXCEPTIONS:
        return _SYLLABLE_EXCEPTIONS[w]
    if len(w) <= 3:
        return 1
    w = _SILENT_E_BEFORE_SUFFIX.sub(r"\1\2", w)  # safely, careful
    w = _SILENT_ENDING.sub("", w)
    w = w.removeprefix("y")
    return max(1, len(_VOWEL_GROUP.findall(w)))


_NOT_LETTER = re.compile(r"[^a-z]")
_SILENT_E_BEFORE_SUFFIX = re.compile(r"([^aeiouy])e(ly|ful|ment|ness|less)$")
_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")
_VOWEL_GROUP = re.compile(r"[aeiouy]{1,2}")


# Everyday words the vowel count gets wrong.
_SYLLABLE_EXCEPTIONS = {"every": 2, "everyone": 3, "everything": 3, "business": 2,
                        "evening": 2, "several": 2, "family": 2, "interest": 2}
