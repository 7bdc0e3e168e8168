"""Digests: of this version of journey, of a content file (whole, and its front matter
alone), and of anything a cache key is made of; and the stamps (size and time) that say
a file has not changed since its digest was taken. The build cache and the checks' memos
key what they keep by these."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sys
from pathlib import Path

from generator.content.cache import Stamp, stamp_of_stat, walk_files
from generator.rawfile import read_bytes

_FORMAT = 1
# The libraries that shape the output (and the checks'), by module name.
_LIBRARIES = ("codespell_lib", "jinja2", "markdown_it", "markdown_it_pyrs", "markupsafe",
              "pagefind", "pypdf", "weasyprint", "yaml")


def code_fingerprint() -> bytes:
    """This version of journey (its files) and of the libraries that shape its output."""
    digest = hashlib.blake2b(str(_FORMAT).encode(), digest_size=20)
    digest.update(sys.version.encode())
    package = Path(__file__).resolve().parent
    for path, stat in sorted(walk_files([package], package)):
        if path.endswith(".py"):
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # A library's files, not its version: installing another version writes them anew,
    # and importing importlib.metadata to ask took 10 ms of every build.
    for name in _LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            with contextlib.suppress(OSError):
                stamp = stamp_of_stat(os.stat(spec.origin))
                digest.update(f"{name}={spec.origin}\0{stamp}\n".encode())
    return digest.digest()


def key_of(kind: bytes, *parts: object) -> bytes:
    """A digest of ``parts`` (bytes and text as they are, anything else by its repr),
    ``kind`` being what they are for (or the key of what they share with others)."""
    digest = hashlib.blake2b(kind, digest_size=20)
    for part in parts:
        if isinstance(part, bytes):
            data = b"b" + part
        elif isinstance(part, str):
            data = b"s" + part.encode("utf-8", "surrogateescape")
        else:
            data = b"r" + repr(part).encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.digest()


def digest_file(path: str) -> tuple[bytes, bytes] | None:
    """The digest of a file, and of its front matter (a Markdown file's; the whole file's
    for any other); None if it cannot be read."""
    try:
        data = read_bytes(path)
    except OSError:
        return None
    full = hashlib.blake2b(data, digest_size=20).digest()
    if not path.lower().endswith(".md"):
        return full, full
    return full, hashlib.blake2b(_front_matter(data), digest_size=20).digest()


def _front_matter(data: bytes) -> bytes:
    """The front matter as content/frontmatter.py finds it (or all, if it finds none)."""
    lines = data.split(b"\n")
    if not lines or lines[0].rstrip() != b"---":
        return data
    for i in range(1, len(lines)):
        if lines[i].rstrip() in (b"---", b"..."):
            return b"\n".join(lines[:i + 1])
    return data


def stamp_of_path(path: str | Path) -> Stamp:
    """A file's stamp, as stamps_under gives it."""
    return stamp_of_stat(os.stat(path))


def stamps_under(folder: Path) -> dict[str, Stamp]:
    """The stamp of every file under ``folder``, by its path in it ("a/b.html")."""
    prefix = len(str(folder)) + 1
    return {path[prefix:].replace(os.sep, "/"): stamp_of_stat(st)
            for path, st in walk_files([folder], folder)}
