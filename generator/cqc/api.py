"""Read a provider or location response saved from CQC's public API.

Field names are CQC's (``currentRatings.overall.keyQuestionRatings``...). Every
problem names the JSON path it is at, so a comms officer can tell CQC's data
from a file that is something else.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.files import read_text
from generator.errors import ContentError, ContentErrors, SourcePos
from generator.model.dates import DateProblem, parse_date
from generator.model.rating import KEY_QUESTION_LABELS, RatingValue

# CQC's wording -> the model's values. Placeholders become the no-rating values.
RATING_WORDS = {
    "outstanding": RatingValue.OUTSTANDING,
    "good": RatingValue.GOOD,
    "requires improvement": RatingValue.REQUIRES_IMPROVEMENT,
    "inadequate": RatingValue.INADEQUATE,
    "inspected but not rated": RatingValue.INSPECTED_NOT_RATED,
    "insufficient evidence to rate": RatingValue.INSUFFICIENT_EVIDENCE,
    "no published rating": RatingValue.NOT_RATED,
    "not yet inspected": RatingValue.NOT_RATED,
    "not rated": RatingValue.NOT_RATED,
}
KEY_QUESTION_BY_NAME = {label.lower(): key for key, label in KEY_QUESTION_LABELS.items()}
KEY_QUESTION_BY_NAME["well led"] = "well_led"

PROFILE_URL = "https://www.cqc.org.uk/{kind}/{id}"

KeyQuestionRatings = dict[str, RatingValue]  # model key ("well_led") -> rating


@dataclass(frozen=True)
class ServiceRecord:
    name: str
    overall: RatingValue
    key_questions: KeyQuestionRatings
    published: dt.date | None = None


@dataclass(frozen=True)
class HistoricRecord:
    published: dt.date
    overall: RatingValue | None
    key_questions: KeyQuestionRatings
    services: dict[str, ServiceRecord]


@dataclass(frozen=True)
class CqcRecord:
    """What one saved response says about a provider (the trust) or one location."""

    kind: str  # "provider" or "location"
    id: str
    name: str
    published: dt.date  # date of the report behind the current rating
    overall: RatingValue
    key_questions: KeyQuestionRatings
    services: tuple[ServiceRecord, ...]
    history: tuple[HistoricRecord, ...]  # newest first, the current report left out
    premises: tuple[str, ...] = ()
    first_visit: dt.date | None = None

    @property
    def profile_url(self) -> str:
        return PROFILE_URL.format(kind=self.kind, id=self.id)

    @property
    def reports_url(self) -> str:
        return self.profile_url + "/reports"

    def previous(self, before: dt.date) -> HistoricRecord | None:
        """The latest earlier report, to work out CQC's up and down arrows."""
        return next((h for h in self.history if h.published < before), None)


class _Json:
    """A value in the file and its JSON path, for messages like ``reports[2].reportDate``."""

    def __init__(self, file: Path, value: Any, path: str = ""):
        self.file, self.value, self.path = file, value, path

    def error(self, message: str, hint: str = "") -> ContentErrors:
        where = f"at {self.path}: " if self.path else ""
        return ContentErrors([ContentError(SourcePos(self.file), where + message, hint)])

    def child(self, key: str | int) -> _Json:
        path = f"{self.path}[{key}]" if isinstance(key, int) else (
            f"{self.path}.{key}" if self.path else key)
        value = self.value[key] if isinstance(key, int) else self.value.get(key)
        return _Json(self.file, value, path)

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and self.value.get(key) is not None

    def obj(self, key: str) -> _Json:
        found = self.child(key)
        if not isinstance(found.value, dict):
            raise found.error(f"expected a JSON object, found {_describe(found.value)}",
                              _NOT_CQC_HINT)
        return found

    def items(self, key: str) -> list[_Json]:
        """The entries of a list field; a missing list is an empty one."""
        found = self.child(key)
        if found.value is None:
            return []
        if not isinstance(found.value, list):
            raise found.error(f"expected a JSON list, found {_describe(found.value)}",
                              _NOT_CQC_HINT)
        entries = [found.child(i) for i in range(len(found.value))]
        for entry in entries:
            if not isinstance(entry.value, dict):
                raise entry.error(f"expected a JSON object, found {_describe(entry.value)}",
                                  _NOT_CQC_HINT)
        return entries

    def text(self, key: str, required: bool = True) -> str | None:
        found = self.child(key)
        if found.value is None or found.value == "":
            if required:
                raise found.error("this field is missing", _NOT_CQC_HINT)
            return None
        if not isinstance(found.value, str):
            raise found.error(f"expected text, found {_describe(found.value)}", _NOT_CQC_HINT)
        return found.value.strip()

    def date(self, key: str, required: bool = True) -> dt.date | None:
        text = self.text(key, required)
        if text is None:
            return None
        try:
            return parse_date(text.split("T", 1)[0])  # CQC sometimes adds a time
        except DateProblem as exc:
            raise self.child(key).error(exc.message, "CQC's dates look like 2026-02-18.") from None

    def rating(self, key: str = "rating") -> RatingValue:
        text = self.text(key)
        assert text is not None
        try:
            return RATING_WORDS[" ".join(text.lower().split())]
        except KeyError:
            words = ", ".join(f'"{w.capitalize()}"' for w in RATING_WORDS)
            raise self.child(key).error(f'"{text}" is not a CQC rating',
                                        f"CQC's ratings are {words}.") from None


_NOT_CQC_HINT = ("is this the file you saved from CQC's API? Save the response of "
                 "/providers/{id} or /locations/{id} as it came, without editing it.")


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    return {bool: "true or false", int: "a number", float: "a number", str: "text",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def read_cqc_file(file: Path) -> CqcRecord:
    """Read a saved provider or location response; ContentErrors if it is not one."""
    text = read_text(file)  # decodes UTF-8 and names unreadable files
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentErrors([ContentError(
            SourcePos(file, exc.lineno, exc.colno), f"this is not valid JSON: {exc.msg}",
            "save the response from CQC's API again, as it came, without editing it.")]) from None
    return read_cqc_data(file, data)


def read_cqc_data(file: Path, data: Any) -> CqcRecord:
    root = _Json(file, data)
    if not isinstance(data, dict) or not (root.has("locationId") or root.has("providerId")):
        raise root.error("this is not a CQC provider or location record "
                         "(it has no providerId or locationId)", _NOT_CQC_HINT)
    kind = "location" if root.has("locationId") else "provider"
    record_id = root.text(f"{kind}Id")
    assert record_id is not None
    if not root.has("currentRatings"):
        raise root.child("currentRatings").error(
            "CQC has published no rating in this file",
            "there is nothing to import until CQC publishes a rating.")
    current = root.obj("currentRatings")
    services = tuple(_service(s) for s in current.items("serviceRatings"))
    if current.has("overall"):
        overall_block = current.obj("overall")
        overall = overall_block.rating()
        published = overall_block.date("reportDate", required=False)
        key_questions = _key_questions(overall_block)
        report_link = overall_block.text("reportLinkId", required=False)
    else:
        # Some providers are rated service by service only.
        overall, key_questions, report_link = RatingValue.NOT_RATED, {}, None
        published = None
    published = (published or current.date("reportDate", required=False)
                 or max((s.published for s in services if s.published), default=None))
    if published is None:
        raise current.error("no report date anywhere in the current ratings",
                            "CQC dates every published rating; save the file again from the API.")
    history = sorted((_historic(h) for h in root.items("historicRatings")),
                     key=lambda h: h.published, reverse=True)
    return CqcRecord(
        kind=kind,
        id=record_id,
        name=root.text("name", required=False) or record_id,
        published=published,
        overall=overall,
        key_questions=key_questions,
        services=services,
        history=tuple(h for h in history if h.published != published),
        premises=_premises(root),
        first_visit=_first_visit(root, report_link, published),
    )


def _key_questions(block: _Json) -> KeyQuestionRatings:
    """Key questions by name: CQC does not promise their order."""
    found: KeyQuestionRatings = {}
    for entry in block.items("keyQuestionRatings"):
        name = entry.text("name")
        assert name is not None
        key = KEY_QUESTION_BY_NAME.get(" ".join(name.lower().replace("-", " ").split()))
        key = key or KEY_QUESTION_BY_NAME.get(name.lower())
        if key is None:
            names = ", ".join(KEY_QUESTION_LABELS.values())
            raise entry.child("name").error(f'"{name}" is not one of CQC\'s five key questions',
                                            f"they are {names}.")
        found[key] = entry.rating()
    return found


def _service(entry: _Json) -> ServiceRecord:
    name = entry.text("name")
    assert name is not None
    return ServiceRecord(name=name, overall=entry.rating(), key_questions=_key_questions(entry),
                         published=entry.date("reportDate", required=False))


def _historic(entry: _Json) -> HistoricRecord:
    published = entry.date("reportDate")
    assert published is not None
    overall = entry.obj("overall") if entry.has("overall") else None
    services = {s.name: s for s in (_service(s) for s in entry.items("serviceRatings"))}
    return HistoricRecord(
        published=published,
        overall=overall.rating() if overall else None,
        key_questions=_key_questions(overall) if overall else {},
        services=services,
    )


def _premises(root: _Json) -> tuple[str, ...]:
    fields = ("postalAddressLine1", "postalAddressLine2", "postalAddressTownCity", "postalCode")
    return tuple(t for t in (root.text(f, required=False) for f in fields) if t)


def _first_visit(root: _Json, report_link: str | None, published: dt.date) -> dt.date | None:
    """When the inspection behind the current report started, from ``reports``."""
    for report in root.items("reports"):
        same_link = report_link and report.text("linkId", required=False) == report_link
        if same_link or report.date("reportDate", required=False) == published:
            return report.date("firstVisitDate", required=False)
    return None
