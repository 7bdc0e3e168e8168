"""Netlify's ``_headers`` file (rendered from headers.txt), read back: the headers sent
for each path. Azure's settings and the preview send the same."""

from __future__ import annotations


def read_headers(text: str) -> dict[str, dict[str, str]]:
    """Path -> {header: value}. A line not indented names a path; each indented
    ``Name: value`` line under it is a header sent for it."""
    found: dict[str, dict[str, str]] = {}
    path = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            path = line.strip()
            found.setdefault(path, {})
        elif path is not None and ":" in line:
            name, value = line.split(":", 1)
            found[path][name.strip()] = value.strip()
    return found
