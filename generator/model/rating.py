"""The CQC rating, in CQC's own words (Regulation 20A): content/rating.yaml."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field

from generator.content.nodes import Scalar
from generator.errors import NOWHERE, SourcePos
from generator.model.attachments import LinkedFile
from generator.model.dates import nhs_date
from generator.model.periods import Period
from generator.model.schema import Reader
from generator.model.web_address import check_web_address
from generator.render.markdown import Markdown


class RatingValue(enum.Enum):
    """A CQC rating. ``label`` is CQC's wording, shown on every page."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"
    INSPECTED_NOT_RATED = "inspected_not_rated"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence"
    NOT_RATED = "not_rated"

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]

    @property
    def css(self) -> str:
        """Class name suffix for styling: colour is decoration, the words carry meaning."""
        return self.value.replace("_", "-")

    @property
    def level(self) -> int | None:
        """1 (inadequate) to 4 (outstanding); None for the no-rating values."""
        return _RATING_LEVELS.get(self)


# "CQC rated our trust as **inadequate** overall" (in a summary's plain text): the words
# a trust uses of its own rating, not of a service's ("rated our maternity unit good"),
# to the end of the sentence ("rated us inadequate overall, and good for caring": a
# rating "for" something is a key question's).
_RATED_US = re.compile(r"\brated\s+(?:us|our\s+trust|the\s+trust|our\s+organisation)\b"
                       r"([^.;]*)", re.IGNORECASE)
_RATING_WORDS = re.compile(r"\b(outstanding|good|requires\s+improvement|inadequate)\b"
                           r"(?!\s+for\b)", re.IGNORECASE)


def ratings_said(text: str) -> list[str]:
    """The ratings ``text`` says CQC gave the trust ("requires improvement"), in order."""
    return [" ".join(word.lower().split()) for rated in _RATED_US.finditer(text)
            for word in _RATING_WORDS.findall(rated[1])]


_RATING_LABELS = {
    RatingValue.OUTSTANDING: "Outstanding",
    RatingValue.GOOD: "Good",
    RatingValue.REQUIRES_IMPROVEMENT: "Requires improvement",
    RatingValue.INADEQUATE: "Inadequate",
    RatingValue.INSPECTED_NOT_RATED: "Inspected but not rated",
    RatingValue.INSUFFICIENT_EVIDENCE: "Insufficient evidence to rate",
    RatingValue.NOT_RATED: "Not rated",
}
_RATING_LEVELS = {
    RatingValue.INADEQUATE: 1,
    RatingValue.REQUIRES_IMPROVEMENT: 2,
    RatingValue.GOOD: 3,
    RatingValue.OUTSTANDING: 4,
}


class Change(enum.Enum):
    """Change since the last inspection, with CQC's symbol and words."""

    SAME = "same"
    UP = "up"
    UP2 = "up2"
    DOWN = "down"
    DOWN2 = "down2"

    @property
    def symbol(self) -> str:
        return _CHANGE_SYMBOLS[self]

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self]


_CHANGE_SYMBOLS = {
    Change.SAME: "↔",
    Change.UP: "↑",
    Change.UP2: "↑↑",
    Change.DOWN: "↓",
    Change.DOWN2: "↓↓",
}
_CHANGE_BY_STEPS = {-2: Change.DOWN2, -1: Change.DOWN, 0: Change.SAME, 1: Change.UP, 2: Change.UP2}


def change_between(before: RatingValue, after: RatingValue) -> Change | None:
    """CQC's arrow from one rating to the next; None when either is not a rating."""
    if before.level is None or after.level is None:
        return None
    return _CHANGE_BY_STEPS[max(-2, min(2, after.level - before.level))]


_CHANGE_LABELS = {
    Change.SAME: "Same rating as last inspection",
    Change.UP: "Up one rating since last inspection",
    Change.UP2: "Up two ratings since last inspection",
    Change.DOWN: "Down one rating since last inspection",
    Change.DOWN2: "Down two ratings since last inspection",
}

KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well_led")
KEY_QUESTION_LABELS = {
    "safe": "Safe",
    "effective": "Effective",
    "caring": "Caring",
    "responsive": "Responsive",
    "well_led": "Well-led",
}


@dataclass(frozen=True)
class KeyQuestion:
    """A rating with its change since last inspection: ``good`` or ``{rating, change}``."""

    rating: RatingValue
    change: Change | None = None

    @classmethod
    def from_scalar(cls, scalar: Scalar, reader: Reader) -> KeyQuestion:
        return cls(reader.read(scalar, RatingValue, "rating"))


@dataclass(frozen=True)
class KeyQuestions:
    safe: KeyQuestion | None = None
    effective: KeyQuestion | None = None
    caring: KeyQuestion | None = None
    responsive: KeyQuestion | None = None
    well_led: KeyQuestion | None = None

    def rows(self) -> list[tuple[str, KeyQuestion]]:
        """(CQC's name for the question, its rating), in CQC's order, given ones only."""
        rows = [(KEY_QUESTION_LABELS[k], getattr(self, k)) for k in KEY_QUESTIONS]
        return [(label, kq) for label, kq in rows if kq is not None]


@dataclass(frozen=True)
class ServiceRating:
    """One row of the "Ratings for the whole trust" grid."""

    name: str
    overall: KeyQuestion
    published: Period | None = None  # CQC dates service ratings by month
    safe: KeyQuestion | None = None
    effective: KeyQuestion | None = None
    caring: KeyQuestion | None = None
    responsive: KeyQuestion | None = None
    well_led: KeyQuestion | None = None

    def cells(self) -> list[tuple[str, KeyQuestion | None]]:
        return [(KEY_QUESTION_LABELS[k], getattr(self, k)) for k in KEY_QUESTIONS]


@dataclass(frozen=True)
class HistoricRating:
    published: dt.date
    overall: RatingValue
    pos: SourcePos = NOWHERE


@dataclass(frozen=True)
class InspectionDates:
    start: dt.date = field(metadata={"key": "from"})
    end: dt.date | None = field(default=None, metadata={"key": "to"})

    pos: SourcePos = NOWHERE

    def validate(self, reader: Reader) -> None:
        if self.end and self.end < self.start:
            raise reader.error(self.pos, "the inspection ends before it starts",
                               "check the from: and to: dates.")


@dataclass(frozen=True)
class Location:
    """One of the trust's locations (a hospital, say), rated by CQC on its own.

    Regulation 20A asks for each location's rating and which premises it covers.
    """

    name: str
    published: dt.date
    overall: RatingValue
    id: str | None = None  # CQC's location id, such as RZ901
    premises: tuple[str, ...] = ()  # the address lines the rating covers
    report_url: str | None = None
    profile_url: str | None = None
    key_questions: KeyQuestions = KeyQuestions()
    services: tuple[ServiceRating, ...] = ()
    review_requested: bool = False
    inherited: bool = False
    pos: SourcePos = NOWHERE

    def validate(self, reader: Reader) -> None:
        check_web_address(reader, "report_url", self.report_url, self.pos)
        check_web_address(reader, "profile_url", self.profile_url, self.pos)

    @property
    def anchor(self) -> str:
        """The id of this location's section on the locations page."""
        key = (self.id or self.name).lower()
        return "location-" + "".join(c if c.isalnum() else "-" for c in key).strip("-")

    @property
    def cqc_url(self) -> str | None:
        return self.report_url or self.profile_url


@dataclass(frozen=True)
class Rating:
    """The current CQC rating of the trust.

    ``review_requested`` and ``inherited`` are the notes CQC's own pages show:
    "we have asked CQC to review this rating" and "awarded to the previous provider".
    """

    published: dt.date
    overall: RatingValue
    report_url: str | None = None
    inspected: InspectionDates | None = None
    key_questions: KeyQuestions = KeyQuestions()
    services: tuple[ServiceRating, ...] = ()
    history: tuple[HistoricRating, ...] = ()
    locations: tuple[Location, ...] = ()
    review_requested: bool = False
    inherited: bool = False
    summary: Markdown | None = None
    note: Markdown | None = None
    pos: SourcePos = NOWHERE
    # What its texts link to in content/assets/, measured as the site loads.
    linked_files: tuple[LinkedFile, ...] = field(default=(), metadata={"computed": True})

    @property
    def previous(self) -> HistoricRating | None:
        return self.history[0] if self.history else None

    def validate(self, reader: Reader) -> None:
        check_web_address(reader, "report_url", self.report_url, self.pos)
        if self.inspected and self.inspected.start > self.published:
            raise reader.error(
                self.inspected.pos, f"the inspection starts on "
                f"{nhs_date(self.inspected.start)}, after the report was published "
                f"({nhs_date(self.published)})",
                "inspected: gives the dates of the inspection the report in published: is "
                "about: if CQC has inspected again and not yet reported, keep the dates of "
                "the last inspection until the new report is out; if not, check the year.")
        for earlier in self.history:  # the home page would call it the previous rating
            if earlier.published >= self.published:
                raise reader.error(
                    earlier.pos, f"history: has a rating published {nhs_date(earlier.published)}"
                    f", not before the rating now (published {nhs_date(self.published)})",
                    "history: lists the reports before this one: if this is CQC's newest "
                    "report, put its date in published: and its rating in overall:, and the "
                    "rating they had in history:; if not, check the year.")
        # Editors may list history in any order; pages show it newest first.
        ordered = tuple(sorted(self.history, key=lambda h: h.published, reverse=True))
        object.__setattr__(self, "history", ordered)
        seen: dict[str, Location] = {}
        for location in self.locations:
            if location.anchor in seen:
                raise reader.error(location.pos, f'the location "{location.name}" is listed twice',
                                   "give each location once, with its own CQC id.")
            seen[location.anchor] = location
