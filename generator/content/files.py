"""Reading content files from disk into nodes, with every failure as a ContentError."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.frontmatter import MarkdownSource, split_front_matter
from generator.content.nodes import Node
from generator.content.yamlread import decode_text, parse_yaml
from generator.errors import ContentError, ContentErrors, SourcePos
from generator.rawfile import TooBig, read_bytes

# Anything bigger is a mistake (a pasted image, a log file), not an update.
MAX_CONTENT_BYTES = 5 * 1024 * 1024
# What programs and systems leave beside the files an editor saves, never content or an
# asset: hidden files (.DS_Store, LibreOffice's .~lock.x#), Word's owner files (~$x.md,
# while a file is open in it), Emacs's autosaves (#x.md#), backups (x.md~), and the
# folder files Windows' Explorer makes (Thumbs.db, desktop.ini).
_SCRATCH_NAMES = frozenset({"thumbs.db", "desktop.ini"})


def is_scratch(name: str) -> bool:
    """Whether the file called ``name`` is such a file (see ``_SCRATCH_NAMES``)."""
    return (name.startswith((".", "~$", "#")) or name.endswith("~")
            or name.lower() in _SCRATCH_NAMES)


LINKED_OUTSIDE = "this file is a link to a file outside the site's folder"
LINKED_OUTSIDE_HINT = "copy the file itself here instead of linking to it."


def linked_outside(folder: Path, file: str) -> bool:
    """A symbolic link that leads out of ``folder``: never read, never published."""
    if not os.path.islink(file):  # one lstat: cheap enough for thousands of files
        return False
    return not Path(os.path.realpath(file)).is_relative_to(folder.resolve())


def read_text(path: Path) -> str:
    """A content file's text (UTF-8, LF endings, no BOM).

    Raises:
        ContentErrors: unreadable, too big, binary or not UTF-8.
    """
    try:
        data = read_bytes(path, MAX_CONTENT_BYTES)
    except TooBig as exc:
        raise _fail(path, f"this file is {exc.size // (1024 * 1024)}MB, too big for a content file",
                    "content files hold text only; put large files in content/assets/.") from None
    except OSError as exc:
        raise _fail(path, f"this file cannot be read ({exc.strerror})",
                    "check the file exists and is not open in another program.") from None
    text, error = decode_text(data, path)
    if error is not None:
        raise ContentErrors([error])
    assert text is not None
    return text


def read_yaml_file(path: Path) -> Node:
    """Parse a whole YAML file (site.yaml, rating.yaml...) into nodes."""
    return parse_yaml(read_text(path), path)


def read_markdown_file(path: Path) -> MarkdownSource:
    """Split a Markdown file into front matter nodes and body."""
    return split_front_matter(read_text(path), path)


def _fail(path: Path, message: str, hint: str) -> ContentErrors:
    return ContentErrors([ContentError(SourcePos(path), message, hint)])
