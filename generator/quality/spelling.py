"""Words spelt wrongly, and American spellings, in what editors wrote.

Only words known to be wrong are found: codespell's list of common misspellings
("recieve", "goverment") and the American spellings of British words ("color",
"pediatric"). A dictionary of right words would flag every name, place and NHS word
an editor writes; these flag almost none (a name that is also a misspelling, at the start
of a sentence, can be listed as right in site.yaml), so a warning is worth fixing.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import SourcePos
from generator.model.checks import CheckSettings
from generator.quality.findings import Finding
from generator.quality.sources import Text, Title, line_with

SPELLING_RULES = frozenset({"spelling", "american_spelling"})

# A word: letters, with apostrophes or hyphens inside ("don't", "add-ons": checked whole,
# as codespell does), not part of a number or a name with digits ("2nd", "MD1").
_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?:['’-][A-Za-z]+)*(?![\w-])")
# Most texts have no word in the lists: their runs of letters, split out in C (bytes'
# translate and split, twice as fast as a regular expression), say so at once.
LETTERS_ONLY = bytes(b if chr(b).isascii() and chr(b).isalpha() else 32 for b in range(256))
_NOT_LETTERS = re.compile(r"[^a-z]+")
# Addresses, e-mail addresses, file names and paths: not words.
_NOT_WORDS = re.compile(r"(?<!\S)\S*?(?:://|www\.|@|/|\\|\w\.\w)\S*")
_OPENING = " \t\"“‘'(*_["

# Words codespell lists as misspellings that British English spells so.
_BRITISH = frozenset({
    "combatting", "connexion", "despatch", "despatched", "despatches", "despatching",
    "instal", "instals", "useable",
})
# American spellings (inverted from codespell's British-to-American list) that are
# British English too, in another sense or as a variant NHS writing uses: "licensed by
# CQC", "GP practice", "specialty training", "focused".
_ALSO_BRITISH = frozenset({
    "acknowledgment", "acknowledgments", "analog", "biased", "dialog", "dialogs",
    "focused", "focuses", "focusing", "judgment", "judgments", "lambaste", "lambastes",
    "license", "licensed", "licenses", "licensing", "meter", "meters", "overwritable",
    "practice", "practices", "refocused", "refocuses", "refocusing", "routing",
    "specialties", "specialty", "stories", "story", "sulfate", "sulfide", "sulfur",
    "sulfureous", "sulfuric", "sulfurous", "writable",
})
# "Program" is British English for software's: "a computer program", "software programs".
_SOFTWARE = frozenset({"program", "programs"})
_SOFTWARE_BEFORE = frozenset({"computer", "software", "antivirus", "it"})
# American spellings codespell's list does not have: health care's, and everyday ones.
_MORE_AMERICAN = {
    "pediatric": "paediatric", "pediatrics": "paediatrics", "pediatrician": "paediatrician",
    "pediatricians": "paediatricians", "anesthesia": "anaesthesia",
    "anesthetic": "anaesthetic", "anesthetics": "anaesthetics",
    "anesthetist": "anaesthetist", "anesthetists": "anaesthetists",
    "anesthesiologist": "anaesthetist", "anesthesiologists": "anaesthetists",
    "hematology": "haematology", "hematologist": "haematologist",
    "hemoglobin": "haemoglobin", "gynecology": "gynaecology",
    "gynecologist": "gynaecologist", "gynecologists": "gynaecologists",
    "gynecological": "gynaecological", "orthopedic": "orthopaedic",
    "orthopedics": "orthopaedics", "edema": "oedema", "esophagus": "oesophagus",
    "estrogen": "oestrogen", "diarrhea": "diarrhoea", "anemia": "anaemia",
    "cesarean": "caesarean", "tumor": "tumour", "tumors": "tumours",
    "hospitalization": "hospitalisation", "hospitalizations": "hospitalisations",
    "hospitalized": "hospitalised", "immunization": "immunisation",
    "immunizations": "immunisations", "immunize": "immunise", "immunized": "immunised",
    "stabilize": "stabilise", "stabilized": "stabilised", "mobilize": "mobilise",
    "mobilized": "mobilised", "mobilization": "mobilisation", "harmonize": "harmonise",
    "familiarize": "familiarise", "familiarized": "familiarised",
    "jeopardize": "jeopardise", "jeopardized": "jeopardised", "scrutinize": "scrutinise",
    "scrutinized": "scrutinised", "incentivize": "incentivise", "sympathize": "sympathise",
    "aging": "ageing", "toward": "towards", "afterward": "afterwards", "mom": "mum",
    "moms": "mums", "traveled": "travelled", "traveling": "travelling",
    "traveler": "traveller", "travelers": "travellers", "counseling": "counselling",
    "counseled": "counselled", "fueled": "fuelled", "installment": "instalment",
    "installments": "instalments", "rumor": "rumour", "rumors": "rumours", "odor": "odour",
    "odors": "odours", "programs": "programmes",
}


class Speller:
    """The spelling rules on (of SPELLING_RULES), for the texts and titles of a file."""

    def __init__(self, settings: CheckSettings, on: frozenset[str]) -> None:
        self.rules = on & SPELLING_RULES
        self.lists = word_lists() if self.rules else None
        self.known = frozenset(word.lower() for word in settings.known_words)

    def in_text(self, text: Text, words: str, line: int) -> Iterator[Finding]:
        """The findings in ``words``, a paragraph or heading of ``text`` starting on its
        ``line`` (0-based)."""
        if self.lists is None:
            return
        for found in misspellings(words, self.lists, self.known, self.rules):
            yield _finding(found, text.pos(line + words.count("\n", 0, found.at)))

    def in_title(self, title: Title) -> Iterator[Finding]:
        if self.lists is None:
            return
        for found in misspellings(title.words, self.lists, self.known, self.rules):
            yield _finding(found, SourcePos(title.path, line_with(
                title.path, found.word, title.line), 1))


def _finding(found: Misspelling, pos: SourcePos) -> Finding:
    fixes = " or ".join(f'"{fix}"' for fix in found.fixes)
    if found.rule == "american_spelling":
        return Finding("american_spelling", pos,
                       f'"{found.word}" is the American spelling',
                       f"write {fixes}: NHS websites use British spelling (for a name, add "
                       "it under known_words: in checks: in site.yaml).")
    return Finding("spelling", pos, f'"{found.word}" is misspelt',
                   f"write {fixes}; if it is right as it is (a name, say), add it under "
                   "known_words: in checks: in site.yaml.")


@dataclass(frozen=True)
class Misspelling:
    """A word found wrong in a text: where, and what to write instead."""

    rule: str  # "spelling" or "american_spelling"
    word: str  # as written
    fixes: tuple[str, ...]  # in the written word's case
    at: int  # its offset in the text


class WordLists:
    """Misspellings and American spellings, each with what to write instead."""

    def __init__(self, typos: dict[str, str], american: dict[str, str]) -> None:
        self.typos = typos  # word -> codespell's fixes, as written there ("a, b,")
        self.american = american  # word -> the British spelling
        self.words = frozenset(typos) | frozenset(american)
        # Their runs of letters ("couldnt", and "could" and "nt" of "could'nt"), as bytes.
        self.letter_runs = frozenset(run.encode() for word in self.words
                                     for run in _NOT_LETTERS.split(word) if run)


def lists_installed() -> bool:
    """Whether codespell, whose lists these are, is installed."""
    return _data_folder() is not None


@functools.cache
def word_lists() -> WordLists | None:
    """The lists, read once per process (65,000 lines: a few hundredths of a second);
    None if codespell is not installed."""
    data = _data_folder()
    if data is None:
        return None
    try:
        typos = dict(_pairs(os.path.join(data, "dictionary.txt")))
        british = dict(_pairs(os.path.join(data, "dictionary_en-GB_to_en-US.txt")))
    except OSError:
        return None
    for word in _BRITISH:
        typos.pop(word, None)
    american = {us: uk for uk, us in british.items() if us not in _ALSO_BRITISH}
    return WordLists(typos, american | _MORE_AMERICAN)


def _data_folder() -> str | None:
    """codespell's data files, found without importing it (its code is not needed)."""
    spec = importlib.util.find_spec("codespell_lib")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(spec.submodule_search_locations[0], "data")


def _pairs(path: str) -> Iterator[tuple[str, str]]:
    with open(path, encoding="utf-8") as file:
        for line in file:
            wrong, _, right = line.rstrip("\n").partition("->")
            yield wrong, right


def misspellings(text: str, lists: WordLists, known: frozenset[str],
                 rules: frozenset[str]) -> Iterator[Misspelling]:
    """The misspelt and American words of ``text`` (a paragraph, heading or title), for
    the ``rules`` on. ``known``: lowercase words an editor said are right. A capitalised
    word is checked only at the start of a sentence: elsewhere it is a name ("World
    Health Organization"); one with capitals inside ("NHSmail") is never."""
    if lists.letter_runs.isdisjoint(text.lower().encode().translate(LETTERS_ONLY).split()):
        return
    plain = _NOT_WORDS.sub(lambda m: " " * len(m.group()), text)
    lowered = plain.lower().replace("’", "'")
    for match in _WORD.finditer(plain):
        word = match.group()
        lower = lowered[match.start():match.end()]
        if lower not in lists.words or lower in known:
            continue
        if word != lower and (word[1:] != lower[1:] or not _starts_sentence(plain, match.start())):
            continue
        if lower in _SOFTWARE and _word_before(lowered, match.start()) in _SOFTWARE_BEFORE:
            continue  # "a computer program": British English too
        if lower in lists.typos and "spelling" in rules:
            fixes = tuple(fix.strip() for fix in lists.typos[lower].split(",") if fix.strip())
            yield Misspelling("spelling", word, tuple(_same_case(word, f) for f in fixes),
                              match.start())
        elif lower in lists.american and "american_spelling" in rules:
            yield Misspelling("american_spelling", word,
                              (_same_case(word, lists.american[lower]),), match.start())


def _word_before(text: str, at: int) -> str:
    """The word before the one at ``at`` in ``text`` ('' if none)."""
    before = text[:at].split()
    return before[-1] if before else ""


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(_OPENING)
    return not before or before[-1] in ".!?:"


def _same_case(word: str, fix: str) -> str:
    return fix[:1].upper() + fix[1:] if word[:1].isupper() else fix
