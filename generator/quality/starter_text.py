"""Words of the starter site (``journey new site``) an editor has not replaced yet, such
as "Your Trust Name" or "The must-do action, in CQC's words.": they must not be published.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.content.files import is_scratch
from generator.errors import SourcePos
from generator.model.site import Site
from generator.model.updates import Update
from generator.quality.findings import Finding

# Each is found only in the starter (and in the outlines of journey new update, new
# statement and new page), never in words
# a trust would write itself. tests/test_check.py checks every starter file has one.
# Plain phrases, not a pattern: searching thousands of updates for them takes a
# quarter of the time.
PLACEHOLDERS = (
    "Your Trust Name", "Your Chief Executive", "Your Chief Nurse", "Your Medical Director",
    "Your Chair", "example.nhs.uk", "cqc.org.uk/provider/ABC",
    "Write your monthly update here", "Write this month's update here",
    "One sentence on the most important progress this month",
    "One sentence on what this priority", "Write two or three short paragraphs explaining",
    "Say in two or three short sentences what CQC found",
    "The must-do action, in CQC's words", "The should-do action, in CQC's words",
    "What CQC found, in CQC's words from the warning notice",
    "One thing you have promised to do", "Another thing you have promised to do",
    "(change this to what you measure)", "(change these to your own milestones)",
    "The warning notice's subject, in a few words",
    "Something you have done about it", "Something you still have to do",
    "Say here what this warning notice means", "What you did this month, in a sentence",
    "One sentence saying what this statement is about", "Write your statement here",
    "What you did this month, in short paragraphs or a list", "What you will do next month",
    "One sentence saying what this page is about", "Write this page here",
)
# The outlines' words in an update's body, looked for in the whole of it (an editor may
# write above them); the rest are never in one, and looking for all of them in
# thousands of bodies would take a tenth of a second.
BODY_PLACEHOLDERS = ("Write your monthly update here", "Write this month's update here",
                     "Write your statement here",
                     "What you did this month, in short paragraphs or a list",
                     "What you will do next month")


def check_starter_text(site: Site) -> Iterator[Finding]:
    """A finding for each line of the published content that still has starter words."""
    content = site.content_dir
    files = [content / "site.yaml", content / "rating.yaml", content / "board.yaml",
             *sorted((content / "journey").rglob("*")),
             *(page.source.path for page in site.pages),
             # Updates are read again only if they have starter words: there may be thousands.
             *(update.source.path for update in site.updates if _has_placeholder(update))]
    for path in files:
        if path.suffix in (".yaml", ".md") and not is_scratch(path.name) and path.is_file():
            yield from lines_with_placeholders(path)


def _has_placeholder(update: Update) -> bool:
    fields = "\n".join([update.title,
                        update.summary.source if update.summary is not None else "",
                        *(f"{s.name} {s.role}" for s in update.signed_by)])
    body = update.body.source
    return (any(phrase in fields for phrase in PLACEHOLDERS)
            or any(phrase in body for phrase in BODY_PLACEHOLDERS))


def lines_with_placeholders(path: Path) -> Iterator[Finding]:
    """A finding for each line of the file at ``path`` with starter words in it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return  # loading the site reported it
    for number, line in enumerate(lines, start=1):
        if path.suffix == ".yaml" and line.lstrip().startswith("#"):
            continue  # the starter's comments are meant to stay
        found = [(line.index(p), p) for p in PLACEHOLDERS if p in line]
        if found:
            column, phrase = min(found)
            yield Finding("starter_text", SourcePos(path, number, column + 1),
                          f'"{phrase}" is the starter site\'s example, not yet replaced',
                          "put your trust's own words, name or address here, or delete it "
                          "if your site does not need it.")
