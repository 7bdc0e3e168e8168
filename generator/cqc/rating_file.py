"""Write what CQC published into content/rating.yaml, keeping the editor's own words.

The file is edited in place with ruamel.yaml, which keeps comments, key order and
block text: CQC's fields (ratings, dates, services, history) are replaced; the
summary, note, review and inheritance notes and anything else the editor wrote
stay as they were.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.content.typed import read_optional_file
from generator.cqc.api import CqcRecord, HistoricRecord, KeyQuestionRatings, ServiceRecord
from generator.errors import ContentError, ContentErrors, ErrorCollector, SourcePos
from generator.model.dates import nhs_date
from generator.model.rating import (
    KEY_QUESTION_LABELS,
    KEY_QUESTIONS,
    Change,
    Rating,
    RatingValue,
    change_between,
)
from generator.model.schema import Reader
from generator.render.markdown import Markdown, MarkdownRenderer

# Where a field goes when the import adds it: the order of the content model.
FIELD_ORDER = ("name", "id", "premises", "published", "inspected", "report_url", "profile_url",
               "overall", "key_questions", "services", "locations", "history",
               "review_requested", "inherited", "summary", "note")

HEADER = ("Our current CQC rating, exactly as CQC published it (Regulation 20A).\n"
          "Ratings were imported from CQC's data (Open Government Licence) by journey import-cqc.")


@dataclass
class ImportResult:
    """What the import changed, in words, and reminders for the editor."""

    changes: list[str] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)
    replaced: dt.date | None = None  # the date of the report a new one replaced


def import_record(record: CqcRecord, rating_file: Path) -> ImportResult:
    """Merge ``record`` into ``rating_file`` (created for a provider if missing)."""
    yaml = _yaml()
    doc = _load(yaml, rating_file, record)
    result = ImportResult()
    if record.kind == "provider":
        _merge_provider(doc, record, result)
    else:
        _merge_location(doc, record, result)
    if result.changes:
        _write_checked(yaml, doc, rating_file)
    return result


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments and layout survive
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.preserve_quotes = True
    return yaml


def _load(yaml: YAML, rating_file: Path, record: CqcRecord) -> CommentedMap:
    if not rating_file.exists():
        if record.kind == "location":
            raise _error(rating_file, "there is no rating.yaml to add this location to",
                         "import the trust's own (provider) file first, then each location.")
        doc = CommentedMap()
        doc.yaml_set_start_comment(HEADER)
        return doc
    # Our own reader checked the file can be read before this (see the command).
    try:
        doc = yaml.load(rating_file.read_text(encoding="utf-8-sig"))
    except YAMLError as exc:  # our own reader, run first, reports nearly all of these
        raise _error(rating_file, f"rating.yaml cannot be read for updating: {exc}",
                     "fix it, then import again.") from None
    if doc is None:
        doc = CommentedMap()
    if not isinstance(doc, CommentedMap):
        raise _error(rating_file, "rating.yaml does not hold a list of fields",
                     "it should start with published:, overall: and so on.")
    return doc


def _merge_provider(doc: CommentedMap, record: CqcRecord, result: ImportResult) -> None:
    before = doc.get("published")
    new_report = _set(doc, "published", record.published, "Published", result, nhs_date)
    if new_report and isinstance(before, dt.date) and before < record.published:
        result.replaced = before
    if new_report or "inspected" not in doc:
        if record.first_visit:
            _set(doc, "inspected", _flow({"from": record.first_visit}), "Inspection started",
                 result, lambda v: nhs_date(v["from"]))
        elif new_report:
            doc.pop("inspected", None)
    report_url = doc.get("report_url")
    if report_url in (None, record.reports_url):
        _set(doc, "report_url", record.reports_url, "Report link", result)
    elif new_report:
        result.reminders.append(f"report_url still links to {report_url}: "
                                "check it goes to the new report.")
    _merge_rating(doc, record, result, prefix="")
    _merge_history(doc, record.history, result)
    words = [f"{name}:" for name in ("summary", "note") if doc.get(name)]
    if result.replaced and words:
        many = len(words) > 1
        result.reminders.append(
            f"the {' and '.join(words)} in rating.yaml {'were' if many else 'was'} written "
            f"about the report of {nhs_date(result.replaced)}, and {'are' if many else 'is'} "
            f"shown beside this one: rewrite {'them' if many else 'it'} for it (what it "
            "found, and what you are doing about it).")
    if new_report and (doc.get("review_requested") or doc.get("inherited")):
        result.reminders.append("review_requested and inherited are notes about the old "
                                "rating: remove them from rating.yaml if they no longer apply.")


def _merge_location(doc: CommentedMap, record: CqcRecord, result: ImportResult) -> None:
    locations = doc.get("locations")
    if not isinstance(locations, CommentedSeq):
        locations = CommentedSeq()
        _put(doc, "locations", locations)
    entry = next((e for e in locations if isinstance(e, CommentedMap)
                  and str(e.get("id", "")).upper() == record.id.upper()), None)
    if entry is None:
        entry = CommentedMap(name=record.name, id=record.id)
        if record.premises:
            entry["premises"] = _flow(list(record.premises))
        locations.append(entry)
        result.changes.append(f"Added location: {record.name} ({record.id})")
    prefix = f"{entry.get('name', record.name)}: "
    _set(entry, "published", record.published, prefix + "Published", result, nhs_date)
    if "report_url" not in entry:
        _set(entry, "profile_url", record.profile_url, prefix + "CQC profile", result)
    _merge_rating(entry, record, result, prefix)


def _merge_rating(target: CommentedMap, record: CqcRecord, result: ImportResult,
                  prefix: str) -> None:
    """Overall, key questions and services: CQC's data is the truth for these."""
    _set(target, "overall", record.overall.value, prefix + "Overall", result, _label)
    previous = record.previous(record.published)
    old = target.get("key_questions")
    questions = _key_questions(record.key_questions, previous.key_questions if previous else {},
                               old if isinstance(old, CommentedMap) else CommentedMap())
    _describe_questions(old, questions, prefix, result)
    if questions:
        _put(target, "key_questions", questions)
    else:
        target.pop("key_questions", None)
    _merge_services(target, record, result, prefix)


def _key_questions(ratings: KeyQuestionRatings, before: KeyQuestionRatings,
                   old: CommentedMap) -> CommentedMap:
    """Each question as ``good`` or ``{rating, change}``, in CQC's order."""
    questions = CommentedMap()
    for key in KEY_QUESTIONS:
        if key not in ratings:
            continue
        value = ratings[key]
        change = change_between(before[key], value) if key in before else _kept_change(
            old.get(key), value)
        questions[key] = _flow({"rating": value.value, "change": change.value}) if change \
            else value.value
    return questions


def _kept_change(old: Any, value: RatingValue) -> Change | None:
    """The editor's arrow, kept while the rating is the same and CQC's history is silent."""
    if isinstance(old, dict) and old.get("rating") == value.value and old.get("change"):
        try:
            return Change(str(old["change"]))
        except ValueError:
            return None
    return None


def _merge_services(target: CommentedMap, record: CqcRecord, result: ImportResult,
                    prefix: str) -> None:
    old = {str(s.get("name")): s for s in target.get("services") or ()
           if isinstance(s, CommentedMap)}
    services = CommentedSeq()
    for service in record.services:
        entry = _service_entry(service, record)
        services.append(entry)
        before = old.pop(service.name, None)
        if before is None:
            result.changes.append(f"{prefix}Added service: {service.name}")
        else:
            _describe_questions(before, entry, f"{prefix}{service.name}, ", result, overall=True)
    result.changes.extend(f"{prefix}Removed service: {name}" for name in old)
    if services:
        _put(target, "services", services)
    else:
        target.pop("services", None)


def _service_entry(service: ServiceRecord, record: CqcRecord) -> CommentedMap:
    entry = CommentedMap(name=service.name)
    if service.published:
        entry["published"] = f"{service.published:%Y-%m}"  # CQC dates services by month
    previous = record.previous(service.published or record.published)
    earlier = previous.services.get(service.name) if previous else None
    before = dict(earlier.key_questions) if earlier else {}
    if earlier:
        before["overall"] = earlier.overall
    entry.update(_key_questions(service.key_questions, before, CommentedMap()))
    overall_change = change_between(before["overall"], service.overall) if earlier else None
    entry["overall"] = (_flow({"rating": service.overall.value, "change": overall_change.value})
                        if overall_change else service.overall.value)
    return entry


def _merge_history(doc: CommentedMap, history: tuple[HistoricRecord, ...],
                   result: ImportResult) -> None:
    """CQC's earlier overall ratings, plus any older ones the editor added by hand."""
    old_seq = doc.get("history")
    old_seq = old_seq if isinstance(old_seq, CommentedSeq) else CommentedSeq()
    entries: dict[dt.date, Any] = {}
    comments: dict[dt.date, Any] = {}  # an entry's end-of-line comment lives on the list
    for index, old in enumerate(old_seq):
        if isinstance(old, dict) and isinstance(old.get("published"), dt.date):
            entries[old["published"]] = old
            if index in old_seq.ca.items:
                comments[old["published"]] = old_seq.ca.items[index]
    published = doc.get("published")
    for earlier in history:
        if earlier.overall is None or earlier.published == published:
            continue
        old = entries.get(earlier.published)
        if old is not None and old.get("overall") == earlier.overall.value:
            continue
        result.changes.append(f"History: {nhs_date(earlier.published)}, "
                              f"{earlier.overall.label}")
        entries[earlier.published] = _flow({"published": earlier.published,
                                            "overall": earlier.overall.value})
    if entries:
        dates = sorted(entries, reverse=True)
        ordered = CommentedSeq(entries[d] for d in dates)
        for index, date in enumerate(dates):
            if date in comments:
                ordered.ca.items[index] = comments[date]
        _put(doc, "history", ordered)


def _describe_questions(old: Any, new: CommentedMap, prefix: str, result: ImportResult,
                        overall: bool = False) -> None:
    """"Safe: Requires improvement -> Inadequate" for each question that changed."""
    old = old if isinstance(old, dict) else {}
    keys = (*KEY_QUESTIONS, "overall") if overall else KEY_QUESTIONS
    for key in keys:
        before, after = _rating_word(old.get(key)), _rating_word(new.get(key))
        if before != after:
            name = KEY_QUESTION_LABELS.get(key, "Overall")
            result.changes.append(f"{prefix}{name}: {_label(before)} -> {_label(after)}")


def _rating_word(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("rating")
    return None if value is None else str(value)


def _label(word: str | None) -> str:
    if word is None:
        return "(none)"
    try:
        return RatingValue(word).label
    except ValueError:
        return word


def _set(target: CommentedMap, key: str, value: Any, name: str, result: ImportResult,
         show: Any = str) -> bool:
    """Set ``key``; note and return True when its value changed."""
    old = target.get(key)
    if _same(old, value):
        return False
    _put(target, key, value)
    before = "(none)" if old is None else _shown(old, show)
    result.changes.append(f"{name}: {before} -> {show(value)}")
    return True


def _shown(old: Any, show: Any) -> str:
    try:
        return str(show(old))
    except (TypeError, KeyError, ValueError, AttributeError):
        return str(old)


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: str(v) for k, v in old.items()} == {k: str(v) for k, v in new.items()}
    return old is not None and str(old) == str(new)


def _flow(value: dict[str, Any] | list[Any]) -> CommentedMap | CommentedSeq:
    """A one-line ``{rating: good, change: up}``, as editors write these."""
    node: CommentedMap | CommentedSeq = (CommentedMap(value) if isinstance(value, dict)
                                         else CommentedSeq(value))
    node.fa.set_flow_style()
    return node


def _put(target: CommentedMap, key: str, value: Any) -> None:
    """Set ``key``; a new one goes where the content model puts it, not at the end."""
    if key in target or key not in FIELD_ORDER:
        target[key] = value
        return
    later = FIELD_ORDER[FIELD_ORDER.index(key) + 1:]
    keys = list(target)
    index = next((i for i, k in enumerate(keys) if k in later), len(keys))
    target.insert(index, key, value)


def _write_checked(yaml: YAML, doc: CommentedMap, rating_file: Path) -> None:
    """Write atomically, and only if the generator reads the result back cleanly."""
    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    text = _space_sections(buffer.getvalue())
    rating_file.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=".rating-", suffix=".yaml", dir=rating_file.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        _check_readable(temp, rating_file)
        os.replace(temp, rating_file)
    finally:
        temp.unlink(missing_ok=True)


def _space_sections(text: str) -> str:
    """A blank line above each top-level list or block, as the sample files have."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        starts_section = line.split(":", 1)[0] in _SECTIONS and not line.startswith(" ")
        if starts_section and out and out[-1].strip() and not out[-1].startswith("#"):
            out.append("\n")
        out.append(line)
    return "".join(out)


_SECTIONS = {"key_questions", "services", "locations", "history", "summary", "note"}


def _check_readable(temp: Path, rating_file: Path) -> None:
    renderer = MarkdownRenderer()
    errors = ErrorCollector()
    read_optional_file(temp, Rating, "the rating",
                       lambda: Reader({Markdown: lambda s: Markdown.from_scalar(s, renderer)}),
                       errors)
    if errors:
        # Say which file the editor knows; the temporary file is about to go.
        raise ContentErrors(ContentError(SourcePos(rating_file, e.pos.line, e.pos.col),
                                         e.message, e.hint)
                            for e in errors)


def _error(path: Path, message: str, hint: str) -> ContentErrors:
    return ContentErrors([ContentError(SourcePos(path), message, hint)])
