"""Content hashes in static file names, so a browser never keeps a stale stylesheet.

``static/css/journey.css`` is published as ``static/css/journey.3f2a9c1b7e.css``;
templates keep writing ``url('static/css/journey.css')`` and get the new name. The
files can then be cached for a year (see templates/headers.txt).

A stylesheet names other static files itself (a font or picture in ``url(...)``, another
stylesheet in ``@import``), by the names they have in templates/static/: it is published
with their new names written in, and its own name is the hash of that.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path

FINGERPRINTED = "static/"
HASH_LENGTH = 10
# A file a stylesheet names: url(x), url('x') or url("x") (quoted, a name may have
# spaces), and @import "x".
STYLESHEET_REFERENCE = re.compile(
    rb"""url\(\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^'"()\s]+))\s*\)"""
    rb"""|@import\s+(?:"(?P<imported>[^"]+)"|'(?P<imported2>[^']+)')""")
_ADDRESS = ("double", "single", "bare", "imported", "imported2")  # the groups, one matched


def fingerprint(copies: Mapping[str, Path],
                ) -> tuple[dict[str, Path], dict[str, str], dict[str, bytes]]:
    """The copies with static files renamed, a map from each old name to its new one,
    and the stylesheets made with new names in them (output path -> bytes), which are
    published as made rather than copied."""
    renamed: dict[str, Path] = {}
    names: dict[str, str] = {}
    made: dict[str, bytes] = {}
    stylesheets = {}
    for output, source in copies.items():
        if not output.startswith(FINGERPRINTED):
            renamed[output] = source
        elif output.endswith(".css"):
            stylesheets[output] = source.read_bytes()
        else:
            names[output] = _hashed(output, source.read_bytes())
            renamed[names[output]] = source

    def name_stylesheet(output: str, naming: frozenset[str]) -> None:
        """Name the stylesheets ``output`` imports first (``naming``: those it is
        imported by, which an import back to them leaves as it is)."""
        text = stylesheets[output]
        for reference in _references(output, text):
            if reference in stylesheets and reference not in names and reference not in naming:
                name_stylesheet(reference, naming | {output})
        published = _with_new_names(output, text, names)
        names[output] = _hashed(output, published)
        if published == text:
            renamed[names[output]] = copies[output]
        else:
            made[names[output]] = published

    for output in stylesheets:
        if output not in names:
            name_stylesheet(output, frozenset())
    return renamed, names, made


def _hashed(output: str, data: bytes) -> str:
    stem, suffix = posixpath.splitext(output)
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}{suffix}"


def stylesheet_references(text: bytes) -> list[tuple[int, str]]:
    """Each file a stylesheet names, as written: (its offset in the text, the address)."""
    return [(found.start(), found[_group(found)].decode("utf-8", "replace"))
            for found in STYLESHEET_REFERENCE.finditer(text) if found[_group(found)]]


def _group(found: re.Match[bytes]) -> str:
    """Which of the reference's groups holds its address."""
    return next(name for name in _ADDRESS if found[name] is not None)


def resolved(stylesheet: str, address: str) -> str | None:
    """The output path a stylesheet's relative address names (query and fragment left
    off), or None for another website's, data, or a path from the site's root."""
    if address.startswith(("/", "#", "data:")) or ":" in address.split("/", 1)[0]:
        return None
    path = re.split(r"[?#]", address, maxsplit=1)[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(stylesheet), path))


def _references(stylesheet: str, text: bytes) -> list[str]:
    return [path for _, address in stylesheet_references(text)
            if (path := resolved(stylesheet, address)) is not None]


def _with_new_names(stylesheet: str, text: bytes, names: Mapping[str, str]) -> bytes:
    """The stylesheet with each static file it names by a relative address named by its
    new name (a query or fragment kept: ``font.eot?#iefix``)."""
    folder = posixpath.dirname(stylesheet)

    def new_name(found: re.Match[bytes]) -> bytes:
        group = _group(found)
        address = found[group].decode("utf-8", "replace")
        path = resolved(stylesheet, address)
        if path is None or path not in names:
            return found[0]
        rest = address[len(re.split(r"[?#]", address, maxsplit=1)[0]):]
        new = posixpath.relpath(names[path], folder) + rest
        start, end = found.start(group) - found.start(), found.end(group) - found.start()
        return found[0][:start] + new.encode() + found[0][end:]

    return STYLESHEET_REFERENCE.sub(new_name, text)
