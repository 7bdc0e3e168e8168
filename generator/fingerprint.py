"""Content hashes in static file names, so a browser never keeps a stale stylesheet.

``static/css/journey.css`` is published as ``static/css/journey.3f2a9c1b7e.css``;
templates keep writing ``url('static/css/journey.css')`` and get the new name. The
files can then be cached for a year (see templates/headers.txt).
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Mapping
from pathlib import Path

FINGERPRINTED = "static/"
HASH_LENGTH = 10


def fingerprint(copies: Mapping[str, Path]) -> tuple[dict[str, Path], dict[str, str]]:
    """The copies with static files renamed, and a map from each old name to its new one."""
    renamed: dict[str, Path] = {}
    names: dict[str, str] = {}
    for output, source in copies.items():
        if output.startswith(FINGERPRINTED):
            digest = hashlib.sha256(source.read_bytes()).hexdigest()[:HASH_LENGTH]
            stem, suffix = posixpath.splitext(output)
            names[output] = f"{stem}.{digest}{suffix}"
            renamed[names[output]] = source
        else:
            renamed[output] = source
    return renamed, names
