"""The one error type for content problems, and how it is shown.

Every problem an editor can cause (a YAML typo, an unknown rating, a missing
file) becomes a :class:`ContentError` carrying where it is and how to fix it.
The CLI, the checker and the preview overlay all show errors through
:func:`format_error`, so an editor sees the same message everywhere.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.slotted import Slotted


@dataclass(frozen=True, slots=True)
class SourcePos(Slotted):
    """A place in a content file: 1-based line and column (0 means unknown)."""

    path: Path
    line: int = 0
    col: int = 0


NOWHERE = SourcePos(Path(""))  # default for model objects not read from a file


@dataclass(frozen=True)
class ContentError:
    """One problem in the content, with where it is and a plain-English fix."""

    pos: SourcePos
    message: str
    hint: str = ""
    rule: str = ""  # for warnings: the journey check rule that can turn it off

    def location(self, root: Path | None = None, files: SourceFiles | None = None) -> str:
        """``path:line:col``, the path relative to ``root`` where possible (``files``:
        paths already shown, shared by the errors of one report)."""
        path = (files or SourceFiles(root)).shown(self.pos.path)
        if self.pos.line:
            col = self.pos.col or 1
            return f"{path}:{self.pos.line}:{col}"
        return path

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.pos.path), self.pos.line, self.pos.col, self.message)


class ContentErrors(Exception):
    """Raised when content cannot be built; holds every problem found."""

    def __init__(self, errors: Iterable[ContentError], afterword: str = ""):
        self.errors = sorted(set(errors), key=ContentError.sort_key)
        self.afterword = afterword  # said after them: what else may be done
        super().__init__(f"{len(self.errors)} content error(s)")


@dataclass
class ErrorCollector:
    """Gathers errors so they can all be reported together, not one per run."""

    errors: list[ContentError] = field(default_factory=list)

    def add(self, pos: SourcePos, message: str, hint: str = "") -> None:
        self.errors.append(ContentError(pos, message, hint))

    def extend(self, errors: Iterable[ContentError]) -> None:
        self.errors.extend(errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __iter__(self) -> Iterator[ContentError]:
        return iter(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)


def display_path(path: Path, root: Path | None) -> str:
    """Show ``path`` relative to ``root`` (the site folder) when it is inside it."""
    if root is not None:
        # As written first: resolving asks the disk, and a report can name thousands.
        if path.is_absolute() == root.is_absolute() and ".." not in path.parts:
            with contextlib.suppress(ValueError):
                return path.relative_to(root).as_posix()
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(root.resolve()).as_posix()
    return path.as_posix()


class SourceFiles:
    """Each file's path as shown and its lines, found once for all the errors or findings
    of one report: a big site's thousands come from few files (reading the file again for
    each took most of a second for every thousand)."""

    def __init__(self, root: Path | None):
        self._root = root
        self._shown: dict[Path, str] = {}
        self._lines: dict[Path, list[str] | None] = {}

    def shown(self, path: Path) -> str:
        if path not in self._shown:
            self._shown[path] = display_path(path, self._root)
        return self._shown[path]

    def line(self, path: Path, line: int) -> str | None:
        """The text of 1-based ``line`` of ``path``, or None if it cannot be read."""
        if line < 1:
            return None
        if path not in self._lines:
            try:
                text = path.read_bytes().decode("utf-8", errors="replace")
            except OSError:
                self._lines[path] = None
            else:
                self._lines[path] = text.lstrip("\ufeff").splitlines()
        lines = self._lines[path]
        return lines[line - 1] if lines is not None and line <= len(lines) else None


def format_error(error: ContentError, root: Path | None = None,
                 files: SourceFiles | None = None) -> str:
    """The message an editor reads: location, problem, the line with a caret, hint.

    ::

        content/rating.yaml:4:10: error: "inadequte" is not a CQC rating
            4 | overall: inadequte
              |          ^
          hint: did you mean "inadequate"?
    """
    files = files or SourceFiles(root)
    # A problem of no file (a part of the tool missing) is said without a place.
    where = "" if error.pos.path == NOWHERE.path else f"{error.location(root, files)}: "
    out = [f"{where}error: {error.message}"]
    text = files.line(error.pos.path, error.pos.line)
    if text is not None:
        shown = text if text.isprintable() else "".join(
            c if c.isprintable() else " " for c in text)
        number = str(error.pos.line)
        out.append(f"    {number} | {shown}")
        caret_col = max(error.pos.col, 1)
        out.append(f"    {' ' * len(number)} | {' ' * (caret_col - 1)}^")
    if error.hint:  # a hint of several lines (an example) stays under "hint:"
        out.append("  hint: " + error.hint.replace("\n", "\n        "))
    return "\n".join(out)


# What happened because of the errors, and what to do: {them} is "it" for one error.
NOT_PUBLISHED = "Nothing was published; fix {them} and build again."
NOT_CHECKED = "The site could not be checked; fix {them} and check again."
NOT_PREVIEWED = "The preview could not start; fix {them} and start it again."
PREVIEW_KEPT = ("The preview still shows your last good version; fix {them} and save, "
                "and it updates.")


def format_errors(errors: Iterable[ContentError], root: Path | None = None,
                  outcome: str = NOT_PUBLISHED) -> str:
    """All errors, each formatted, then a count and ``outcome``."""
    errors = list(errors)
    files = SourceFiles(root)
    blocks = [format_error(e, root, files) for e in errors]
    blocks.append(f"{counted(len(errors), 'error')} found. "
                  + outcome.format(them="it" if len(errors) == 1 else "them"))
    return "\n\n".join(blocks)


def counted(number: int, noun: str) -> str:
    """``number`` of ``noun`` as editors write it: "1 error", "4,060 pages"."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {noun}s"


def written_at(path: Path, words: str, start: int) -> SourcePos:
    """Where ``words`` (a value read from ``path``, found again in it) is first written on
    a line from ``start`` on; else line ``start``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return SourcePos(path, start)
    for number in range(max(start, 1), len(lines) + 1):
        column = lines[number - 1].find(words)
        if column != -1:
            return SourcePos(path, number, column + 1)
    return SourcePos(path, start)


def did_you_mean(value: str, allowed: Iterable[str]) -> str:
    """A 'did you mean' suggestion for a misspelt choice, or ''."""
    matches = difflib.get_close_matches(value.lower(), list(allowed), n=1, cutoff=0.6)
    return f'did you mean "{matches[0]}"?' if matches else ""


def choices_hint(value: str, allowed: Iterable[str]) -> str:
    """Hint listing the allowed values, led by a 'did you mean' when one is close."""
    allowed = list(allowed)
    listing = "use one of: " + ", ".join(allowed)
    suggestion = did_you_mean(value, allowed)
    return f"{suggestion} ({listing})" if suggestion else listing
