"""The language an update or page is written in, when it is not the site's (a statement
translated for the trust's communities): its parts are marked so a screen reader speaks
them in that language (WCAG 3.1.2), and the checks of English leave them alone."""

from __future__ import annotations

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
# Written right to left: the page turns those parts round (dir="rtl").
RIGHT_TO_LEFT = frozenset({"ar", "ckb", "dv", "fa", "he", "ps", "prs", "sd", "ug", "ur", "yi"})
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
        code = NAMED.get(" ".join(written.lower().split()))
        if code is None and _TAG.fullmatch(written) and written.lower() not in _NOT_CODES:
            code = _normal_case(written)
        if code is None:
            raise reader.error(
                scalar.pos, f'"{written}" is not a language journey knows',
                "write the language's name in English (for example language: Polish) or "
                "its code (for example language: pl, or pa-PK for Punjabi as written in "
                "Pakistan).")
        return cls(code, scalar.pos)

    @property
    def is_english(self) -> bool:
        return self.code.split("-")[0].lower() == "en"

    @property
    def direction(self) -> str:
        """ "rtl" for a language written right to left, else "ltr"."""
        return "rtl" if self.code.split("-")[0].lower() in RIGHT_TO_LEFT else "ltr"


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
