"""Write the built site atomically: the output folder is always a whole site.

A build is written to a hidden folder beside the output and swapped in only when
complete. On Linux the swap is one atomic system call (renameat2 with
RENAME_EXCHANGE); elsewhere two renames, with recovery of the old site if a build
is killed between them. Leftovers of killed builds are removed on the next run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path

MARKER = ".journey-build"
_MARKER_TEXT = b"Built by journey. This whole folder is replaced on every build.\n"


class UnsafeOutput(Exception):
    """The output folder is one that replacing would destroy something."""


def check_output_dir(out: Path, site_root: Path) -> None:
    """Refuse an output folder that holds, or is, something we must never delete.

    Raises:
        UnsafeOutput: with a message an editor can act on.
    """
    out = out.resolve()
    root = site_root.resolve()
    if root.is_relative_to(out):
        raise UnsafeOutput(f"the output folder {out} contains the site folder itself")
    for name in ("content", "templates"):
        folder = root / name
        if folder.is_relative_to(out) or out.is_relative_to(folder):
            raise UnsafeOutput(f"the output folder {out} overlaps the {name} folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UnsafeOutput(
            f"the output folder {out} already has files that journey did not build, and "
            "journey replaces the whole folder")


def write_site(out: Path, files: dict[str, bytes], copies: dict[str, Path],
               finish: Callable[[Path], None] | None = None) -> int:
    """Replace ``out`` with exactly ``files`` (path -> bytes) and ``copies`` (path -> source).

    A file whose bytes are the same as in the old site is not written again: the new
    site gets a hard link to the old file, which keeps its date, so deploys and rsync
    skip it. Returns how many files were unchanged.

    ``finish`` runs on the complete new site before it replaces the old one (the search
    index is made there); if it raises, the old site stays.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(out)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    old = out if (out / MARKER).is_file() else None  # only a site journey built
    unchanged = 0
    try:
        staging.mkdir()
        for rel in sorted(files):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if old is not None and _link_if_same(old / rel, target, files[rel]):
                unchanged += 1
            else:
                target.write_bytes(files[rel])
        for rel in sorted(copies):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if old is not None and _link_if_same_file(old / rel, target, copies[rel]):
                unchanged += 1
            else:
                shutil.copyfile(copies[rel], target)
        if finish is not None:
            finish(staging)
        (staging / MARKER).write_bytes(_MARKER_TEXT)
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return unchanged


def _link_if_same(previous: Path, target: Path, data: bytes) -> bool:
    """Hard-link ``previous`` as ``target`` if it holds exactly ``data``."""
    try:
        if previous.stat().st_size != len(data) or previous.read_bytes() != data:
            return False
        os.link(previous, target)
    except OSError:  # gone, unreadable, or links not allowed here: write it instead
        return False
    return True


def _link_if_same_file(previous: Path, target: Path, source: Path) -> bool:
    try:
        if previous.stat().st_size != source.stat().st_size:
            return False
        return _link_if_same(previous, target, source.read_bytes())
    except OSError:
        return False


def recover_interrupted(out: Path) -> None:
    """Clean up after builds that were killed: restore a lost site, drop half-built ones."""
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    if not out.exists() and olds:
        olds[-1].rename(out)
        olds = olds[:-1]
    for leftover in [*olds, *out.parent.glob(f".{out.name}.building-*")]:
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue  # another build is running right now
        shutil.rmtree(leftover, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        staging.rename(out)
        return
    if _exchange(staging, out):
        return  # staging now holds the old site and is removed by the caller
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
