"""The language an update or page is written in, when it is not the site's (a statement
translated for the trust's communities): its parts are marked so a screen reader speaks
them in that language (WCAG 3.1.2), and the checks of English leave them alone."""

from __future__ import annotations

import contextlib
import difflib
import functools
import re
from dataclasses import dataclass

from generator.content.nodes import Scalar
from generator.errors import NOWHERE, SourcePos
from generator.model.schema import Reader

# The languages most spoken in England after English (2021 census), and the others NHS
# trusts translate into most, by their English names: editors write "Polish", not "pl".
NAMED = {
    "albanian": "sq", "amharic": "am", "arabic": "ar", "bengali": "bn", "bangla": "bn",
    "british sign language": "bfi", "bulgarian": "bg", "cantonese": "yue",
    "chinese": "zh", "czech": "cs", "dari": "prs", "dutch": "nl", "english": "en",
    "farsi": "fa", "persian": "fa", "french": "fr", "german": "de", "greek": "el",
    "gujarati": "gu", "hindi": "hi", "hungarian": "hu", "irish": "ga", "italian": "it",
    "kurdish": "ku", "latvian": "lv", "lithuanian": "lt", "malayalam": "ml",
    "mandarin": "cmn", "nepali": "ne", "pashto": "ps", "polish": "pl", "portuguese": "pt",
    "punjabi": "pa", "panjabi": "pa", "romanian": "ro", "russian": "ru", "slovak": "sk",
    "somali": "so", "spanish": "es", "swahili": "sw", "tagalog": "tl", "tamil": "ta",
    "tigrinya": "ti", "turkish": "tr", "twi": "tw", "ukrainian": "uk", "urdu": "ur",
    "vietnamese": "vi", "welsh": "cy", "yiddish": "yi", "yoruba": "yo",
}
# Each language by its own name, as a reader looks for it in a list of translations
# ("Polski", not "Polish"): NHS.UK's pages list them so.
OWN_NAMES = {
    "am": "አማርኛ", "ar": "العربية", "bfi": "British Sign Language", "bg": "Български",
    "bn": "বাংলা", "cmn": "普通话", "cs": "Čeština", "cy": "Cymraeg", "de": "Deutsch",
    "el": "Ελληνικά", "en": "English", "es": "Español", "fa": "فارسی", "fr": "Français",
    "ga": "Gaeilge", "gu": "ગુજરાતી", "hi": "हिन्दी", "hu": "Magyar", "it": "Italiano",
    "ku": "Kurdî", "lt": "Lietuvių", "lv": "Latviešu", "ml": "മലയാളം", "ne": "नेपाली",
    "nl": "Nederlands", "pa": "ਪੰਜਾਬੀ", "pl": "Polski", "prs": "دری", "ps": "پښتو",
    "pt": "Português", "ro": "Română", "ru": "Русский", "sk": "Slovenčina",
    "so": "Soomaali", "sq": "Shqip", "sw": "Kiswahili", "ta": "தமிழ்", "ti": "ትግርኛ",
    "tl": "Tagalog", "tr": "Türkçe", "tw": "Twi", "uk": "Українська", "ur": "اردو",
    "vi": "Tiếng Việt", "yi": "ייִדיש", "yo": "Yorùbá", "yue": "粵語", "zh": "中文",
}
_BY_OWN_NAME = {name.lower(): code for code, name in OWN_NAMES.items()}
# Each code's name in English: the first of NAMED's names for it ("Bengali", not "Bangla").
# (Others are named, and found by name, from CLDR's data: langcodes and language_data.)
ENGLISH_NAMES = {code: name.title() for name, code in reversed(NAMED.items())}
# Written right to left: the page turns those parts round (dir="rtl"). Other languages
# and tags, by the script they are likely written in (CLDR's, through langcodes).
RIGHT_TO_LEFT = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "prs", "sd", "ug", "ur", "yi"})
RIGHT_TO_LEFT_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Nkoo", "Rohg", "Samr",
                                   "Syrc", "Thaa", "Yezi"})
# A language tag (BCP 47) as editors would write one: "pl", "pa-PK", "zh-Hant".
_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Language:
    """A language tag ("pl") and where it was written."""

    code: str
    pos: SourcePos = NOWHERE

    @classmethod
    def from_scalar(cls, scalar: Scalar, reader: Reader) -> Language:
        written = scalar.text.strip()
        code = code_of(written)
        if code is None:
            raise reader.error(scalar.pos, f'"{written}" is not a language journey knows',
                               f"{meant(written)}write {HOW_TO_NAME}.")
        return cls(code, scalar.pos)

    @property
    def is_english(self) -> bool:
        return self.code.split("-")[0].lower() == "en"

    @property
    def english_name(self) -> str:
        """ "Polish" for "pl" or "pl-PL", "Hebrew" for "he"; with the script its code
        names, or implies when not the language's usual one: "Chinese (Traditional)" for
        "zh-Hant", "Punjabi (Arabic)" for "pa-PK" (a trust may publish in two scripts)."""
        return _names(self.code)[0]

    @property
    def own_name(self) -> str:
        """ "Polski" for "pl", "עברית" for "he", "中文（繁體）" for "zh-Hant": the
        language's name for itself (with its script as english_name has it)."""
        return _names(self.code)[1]

    @property
    def english_name_in_brackets(self) -> str:
        """The English name, to put in brackets after its own: "Chinese, Traditional"."""
        return self.english_name.replace(" (", ", ").replace(")", "")

    @property
    def direction(self) -> str:
        """ "rtl" for a language written right to left ("ur", "he", "pa-PK": Punjabi as
        written in Pakistan, in Arabic script), else "ltr"."""
        code = self.code.lower()
        if code in RIGHT_TO_LEFT:
            return "rtl"
        if code in ENGLISH_NAMES or code.startswith("en-"):  # each in its usual script
            return "ltr"
        return _cldr_direction(code)


@functools.cache  # a page may name a language many times
def _names(code: str) -> tuple[str, str]:
    """A language's name in English and its own: journey's, else CLDR's; with the
    script, when ``code`` names one or implies one not the language's usual."""
    primary = code.split("-")[0].lower()
    # English ("en-GB": the site's own, beside every translation) is in one script.
    if "-" in code and primary != "en" and (script := _named_script(code)):
        return _cldr_names(f"{primary}-{script}")
    if primary in ENGLISH_NAMES and primary in OWN_NAMES:
        return ENGLISH_NAMES[primary], OWN_NAMES[primary]
    english, own = _cldr_names(primary)
    return ENGLISH_NAMES.get(primary, english), OWN_NAMES.get(primary, own)


# CLDR's data, through langcodes, for languages and tags outside journey's tables: each
# asked for once, and langcodes imported only then (its import is a tenth of a small
# site's build).
@functools.cache
def _cldr_names(tag: str) -> tuple[str, str]:
    """A language's name in English and its own, with a capital as a heading has (CLDR
    writes "polski")."""
    import langcodes
    language = langcodes.Language.get(tag)
    own = language.autonym()
    return language.display_name(), own[:1].upper() + own[1:]


@functools.cache
def _named_script(code: str) -> str | None:
    """The script ``code`` names ("zh-Hans", "zh-Hant"), or implies by its region when
    that is not its language's usual one ("pa-PK": Arabic, where "pa" is Gurmukhi)."""
    import langcodes
    tag = langcodes.Language.get(code)
    if tag.script:
        return str(tag.script)
    script = tag.maximize().script
    usual = langcodes.Language.get(code.split("-")[0]).maximize().script
    return script if script != usual else None


@functools.cache
def _cldr_direction(code: str) -> str:
    """By the script ``code`` is likely written in: "pa-PK" in Arabic, "pa" Gurmukhi."""
    import langcodes
    script = langcodes.Language.get(code).maximize().script
    return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"


HOW_TO_NAME = ("the language's name in English (for example language: Polish) or its code "
               "(for example language: pl, or pa-PK for Punjabi as written in Pakistan)")


def code_of(written: str) -> str | None:
    """The code of the language ``written`` names ("Polish", "pl", "PA-pk", "Hebrew"),
    if any: a code must be one registered for a language ("zz" is none)."""
    written = " ".join(written.split())
    code = NAMED.get(written.lower()) or _BY_OWN_NAME.get(written.lower())
    if code is not None or written.lower() in _NOT_CODES:
        return code
    import langcodes  # here, not above (see _cldr_names)
    if _TAG.fullmatch(written):
        primary = written.split("-")[0].lower()
        known = (langcodes.tag_is_valid(written) and primary not in _NO_LANGUAGE
                 and not "qaa" <= primary <= "qtz")  # those are for private use
        return _normal_case(written) if known else None
    # A language's name with its script or country, as english_name gives it: "Chinese
    # (Simplified)", "Portuguese (Brazil)" (langcodes' find reads only some such).
    if (named := _QUALIFIED.fullmatch(written)) and (language := code_of(named[1])):
        for kind in ("script", "territory"):
            with contextlib.suppress(LookupError):
                found = langcodes.find_name(kind, named[2], "en")
                return f"{language.split('-')[0]}-{found.script or found.territory}"
    # Any other language, by its name in English or its own (CLDR's names).
    with contextlib.suppress(LookupError):
        return str(langcodes.find(written).to_tag())
    return None


_QUALIFIED = re.compile(r"(.+?) *\((.+)\)")


def meant(written: str) -> str:
    """ 'did you mean "Polish"? If not, ' for a misspelt name ("Polsih"); else ''."""
    close = difflib.get_close_matches(written.lower(), NAMED, n=1, cutoff=0.75)
    return f'did you mean "{close[0].title()}"? If not, ' if close else ""


# Registered codes that name no one language: undetermined, several, none, missing.
_NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})
# Words that look like a tag but are an editor writing something else.
_NOT_CODES = frozenset({"yes", "no", "true", "false", "none", "null", "the", "and"})


def _normal_case(tag: str) -> str:
    """A tag as written by convention: language lower case, region upper ("pa-PK"),
    script title case ("zh-Hant")."""
    parts = tag.split("-")
    shaped = [parts[0].lower()]
    for part in parts[1:]:
        shaped.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4
                      else part.lower())
    return "-".join(shaped)
