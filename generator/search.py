"""Site search with Pagefind: an index built into the site, searched in the browser.

It needs no server, so it works on Netlify or any static host. The index is built
into the staging folder before the site is swapped in, so it always matches.

A big site's index is made in parts of about PART_PAGES pages, each Pagefind's own
index in ``pagefind/<part>/``, which the browser searches together (Pagefind's
mergeIndex; ``pagefind/parts.json`` lists them). Pagefind cannot add to an index, and
its memory grows with the pages it indexes (about 130 KB a page): in parts, a build
indexes again only the parts with a changed page, and no Pagefind holds more than
MOST_PAGES pages. A site of up to MOST_PAGES pages has one part.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from generator.errors import ContentError, ContentErrors, SourcePos
from generator.output import files_under, link_into

SEARCH_URL = "search/"
INDEX_FOLDER = "pagefind"
PARTS_FILE = "parts.json"  # in INDEX_FOLDER: the parts' folders, the first loaded first
PART_PAGES = 500  # a part's pages, on average
MOST_PAGES = 1000  # and at most: about 130 MB of Pagefind's memory
# Characters of a part's page names, on Pagefind's command line: Linux takes 128 KiB an
# argument, Windows 32,767 characters a command.
MOST_NAMES = 25_000 if os.name == "nt" else 100_000
AT_ONCE = 2  # Pagefinds running together, if they index at most MOST_AT_ONCE pages:
MOST_AT_ONCE = 1500  # both cores busy, and Pagefind's memory under 200 MB
TIME_ALLOWED = 600  # seconds, for all the parts: then something is wrong
_MARK = b"data-pagefind-body"  # on the <main> of pages to be found (base.html)


def build_search_index(site_folder: Path, old_site: Path | None = None,
                       progress: Callable[[int, int], None] | None = None) -> None:
    """Index every page's <main data-pagefind-body> into site_folder/pagefind/.

    A part whose pages are all the old site's own files (the build changed none of
    them), or read alike to Pagefind, has the old site's index of them linked in, not
    made again. ``progress`` hears (parts made, parts to make) as each is made.
    """
    pages = _web_pages(site_folder)
    old_pages = _web_pages(old_site) if old_site is not None else {}
    version = _pagefind_version()
    index = site_folder / INDEX_FOLDER
    listed, to_index = [], []
    for part in split_into_parts(sorted(pages)):
        name = part_name(part)
        if old_site is not None and _reusable(old_site / INDEX_FOLDER / name, version) and all(
                old_pages.get(page) == pages[page]
                or _reads_alike(site_folder / page, old_site / page) for page in part):
            _link_tree(old_site / INDEX_FOLDER / name, index / name)
            listed.append(name)
            continue
        searchable = [page for page in part if _MARK in (site_folder / page).read_bytes()]
        if searchable:  # else Pagefind would index the whole of pages without the mark
            listed.append(name)
            to_index.append((name, searchable))
    _index_parts(site_folder, to_index, progress)
    _write_parts_file(index, [f"{name}/" for name in listed], old_site)


def split_into_parts(pages: Sequence[str]) -> list[Sequence[str]]:
    """``pages`` (sorted) in runs of about PART_PAGES. Past half that, a run ends
    before a page whose name's checksum is a multiple of half that (or at MOST_PAGES,
    or at MOST_NAMES characters of names, for Pagefind's command line). Where runs end
    depends on the pages' names, not their count, so a page added or removed changes
    its own part (and now and then the next), not every part after it."""
    if len(pages) <= MOST_PAGES and sum(map(len, pages)) + len(pages) < MOST_NAMES:
        return [pages]
    parts: list[Sequence[str]] = []
    start = names = 0
    for i, page in enumerate(pages):
        names += len(page) + 1
        if i - start >= MOST_PAGES or names >= MOST_NAMES or (
                i - start >= PART_PAGES // 2
                and zlib.crc32(page.encode()) % (PART_PAGES // 2) == 0):
            parts.append(pages[start:i])
            start, names = i, len(page) + 1
    parts.append(pages[start:])
    return parts


def part_name(part: Sequence[str]) -> str:
    """A part's folder name: a checksum of its pages' names, so a folder of the old
    site's index is of the same pages."""
    return hashlib.blake2b("\n".join(part).encode(), digest_size=8).hexdigest()


def _web_pages(site: Path) -> dict[str, int]:
    """The site's web pages (not the index's own files): relative path -> inode."""
    return {rel: inode for rel, inode in files_under(site).items()
            if rel.endswith(".html") and not rel.startswith(f"{INDEX_FOLDER}/")}


def _reads_alike(page: Path, old_page: Path) -> bool:
    """Whether Pagefind reads the same in both pages: their <html> tag (the language)
    and their <main> (the words and title) are the same. A change to every page's
    header, footer or stylesheet's name does not make the whole index again."""
    try:
        return _what_pagefind_reads(page.read_bytes()) == _what_pagefind_reads(
            old_page.read_bytes())
    except OSError:  # not in the old site
        return False


def _what_pagefind_reads(page_html: bytes) -> tuple[bytes, bytes]:
    """A page's opening as far as its <html> tag, and its <main data-pagefind-body>;
    nothing of a page without the mark (it is not indexed); for a page made otherwise
    (a template of a site's own, with Pagefind's attributes outside <main>), the whole
    page."""
    if _MARK not in page_html:
        return b"", b""
    opening = page_html[:page_html.find(b">", page_html.find(b"<html")) + 1]
    start = page_html.find(b"<main ")
    end = page_html.rfind(b"</main>")
    main = page_html[start:end]
    if start == -1 or end < start or _MARK not in main[:main.find(b">")] or (
            page_html.count(b"data-pagefind-") != main.count(b"data-pagefind-")):
        return opening, page_html  # the mark elsewhere, or Pagefind's meta or filters
    return opening, main


def _pagefind_version() -> str:
    import importlib.metadata  # here: only sites with search need it (10 ms to import)
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return ""


def _reusable(part: Path, version: str) -> bool:
    """Whether ``part`` is an index made by this version of Pagefind."""
    try:
        entry = json.loads((part / "pagefind-entry.json").read_bytes())
        return bool(version) and entry.get("version") == version
    except (OSError, ValueError, AttributeError):
        return False


def _index_parts(site_folder: Path, parts: list[tuple[str, list[str]]],
                 progress: Callable[[int, int], None] | None) -> None:
    """Run Pagefind on each part, given its pages by name."""
    program = _pagefind_command()
    _run_all([([*program, "--site", str(site_folder), "--glob", page_glob(pages),
                "--output-path", str(site_folder / INDEX_FOLDER / name), "--silent"],
               len(pages)) for name, pages in parts], progress)
    for name, _ in parts:
        if not (site_folder / INDEX_FOLDER / name / "pagefind-entry.json").is_file():
            raise _failed("Pagefind finished without making an index")


def page_glob(pages: Sequence[str]) -> str:
    """A glob (Pagefind's, from the wax library) matching these pages and no others:
    their names in braces, its special characters marked as meant literally."""
    return "{" + ",".join("?".join(_GLOB_SPECIAL.sub(r"\\\1", piece)
                                   for piece in page.split("\\")) for page in pages) + "}"


# Marking another character is an error in wax; so is a backslash however written, so
# one in a name (never in a page this tool makes) is matched by "?", any one character.
_GLOB_SPECIAL = re.compile(r"([()<>:,{}\[\]*?$])")


def _run_all(jobs: list[tuple[list[str], int]],
             progress: Callable[[int, int], None] | None = None) -> None:
    """Run the commands (each with the pages it indexes), two at a time while they
    index at most MOST_AT_ONCE pages together, all within ten minutes. Raise
    ContentErrors (with the end of what it said) if one fails or time runs out, and
    stop the others."""
    deadline = time.monotonic() + TIME_ALLOWED
    pending = list(jobs)
    if progress is not None and jobs:
        progress(0, len(jobs))
    running: list[tuple[subprocess.Popen[bytes], IO[bytes], int]] = []
    with contextlib.ExitStack() as files:
        try:
            while pending or running:
                while pending and (not running or (
                        len(running) < AT_ONCE and pending[0][1] + sum(
                            pages for *_, pages in running) <= MOST_AT_ONCE)):
                    command, pages = pending.pop(0)
                    # What it says goes to a file: a full pipe would stop it.
                    said = files.enter_context(tempfile.TemporaryFile())
                    running.append((subprocess.Popen(
                        command, stdin=subprocess.DEVNULL, stdout=said,
                        stderr=subprocess.STDOUT, preexec_fn=_stopped_with_the_build()),
                        said, pages))
                ended, its_output, _ = running.pop(_first_to_end(
                    [process for process, *_ in running], deadline))
                if ended.returncode != 0:
                    its_output.seek(0)
                    raise _failed(its_output.read().decode(errors="replace").strip()[-500:])
                if progress is not None:
                    progress(len(jobs) - len(pending) - len(running), len(jobs))
        except OSError as exc:  # Pagefind's program is not there, say
            raise _failed(str(exc)) from None
        finally:
            for process, *_ in running:
                process.kill()
                process.wait()


def _first_to_end(processes: list[subprocess.Popen[bytes]], deadline: float) -> int:
    """Which of ``processes`` ends first (its index). Looked at every 5 ms: Popen.wait's
    own waiting looks ever less often, up to every 50 ms, and the next part waits."""
    while True:
        for i, process in enumerate(processes):
            if process.poll() is not None:
                return i
        if time.monotonic() > deadline:
            raise _failed("Pagefind took more than ten minutes")
        time.sleep(0.005)


def _write_parts_file(index: Path, parts: list[str], old_site: Path | None) -> None:
    """pagefind/parts.json, the old site's own file when its list is the same."""
    text = json.dumps({"parts": parts}, separators=(",", ":")).encode()
    index.mkdir(exist_ok=True)
    old = old_site / INDEX_FOLDER / PARTS_FILE if old_site is not None else None
    try:
        if old is not None and old.read_bytes() == text:
            os.link(old, index / PARTS_FILE)
            return
    except OSError:
        pass
    (index / PARTS_FILE).write_bytes(text)


def _stopped_with_the_build() -> Callable[[], None] | None:
    """What Pagefind's process runs before Pagefind (Linux): the kernel kills it if the
    build is killed, rather than leave it indexing a folder the next build removes."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    build = os.getpid()

    def stop_with_the_build() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != build:  # the build was killed before that took effect
            os._exit(1)

    return stop_with_the_build


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _pagefind_command() -> list[str]:
    """Pagefind's program, run directly where it came with the pagefind_bin package:
    through ``python -m pagefind`` each build waited 70 ms more (Python starting and
    importing asyncio) before Pagefind began. Any other set-up (a program named in
    PAGEFIND_BINARY_PATH, the extended edition) is left to ``python -m pagefind``,
    which knows them all."""
    if (not os.environ.get("PAGEFIND_BINARY_PATH")
            and importlib.util.find_spec("pagefind_bin_extended") is None):
        try:
            import pagefind_bin  # type: ignore[import-untyped]
            return [str(pagefind_bin.get_executable())]
        except Exception:  # not installed, or no program for this kind of machine
            pass
    return [sys.executable, "-m", "pagefind"]


def _link_tree(source: Path, target: Path) -> None:
    for rel in files_under(source):
        link_into(target, rel, os.path.join(source, rel))


def _failed(detail: str) -> ContentErrors:
    return ContentErrors([ContentError(
        SourcePos(Path("content/site.yaml")),
        f"the search index could not be built ({detail or 'Pagefind failed'})",
        "search: true in site.yaml needs Pagefind, installed with this tool "
        "(pip install nhs-improvement-journey); or set search: false.")])
