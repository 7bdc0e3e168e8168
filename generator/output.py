"""Write the built site atomically: the output folder is always a whole site.

A build is written to a hidden folder beside the output and swapped in only when
complete. On Linux the swap is one atomic system call (renameat2 with
RENAME_EXCHANGE); elsewhere two renames, with recovery of the old site if a build
is killed between them. Leftovers of killed builds are removed on the next run.
"""

from __future__ import annotations

import contextlib
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


Finish = Callable[[Path, "Path | None"], None]  # (the new site, the old site if any)


def write_site(out: Path, files: dict[str, bytes], copies: dict[str, Path],
               finish: Finish | None = None, kept: frozenset[str] = frozenset()) -> int:
    """Replace ``out`` with exactly ``files`` (path -> bytes) and ``copies`` (path -> source).

    A file whose bytes are the same as in the old site is not written again: the new
    site gets a hard link to the old file, which keeps its date, so deploys and rsync
    skip it. Returns how many files were unchanged.

    The site replaced last time is kept beside ``out`` (``.site.previous``) and made
    into the next one: its folders already exist, and creating and removing thousands
    of folders was most of the time a rebuild took.

    ``kept``: files of the old site to keep as they are (the caller knows they are
    unchanged); a kept file missing from the old site raises FileNotFoundError.

    ``finish`` runs on the complete new site before it replaces the old one (the search
    index is made there); if it raises, the old site stays. Files of the new site that
    are the old site's own (same inode) are unchanged.
    """
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(out)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    old = out if (out / MARKER).is_file() else None  # only a site journey built
    try:
        _claim_previous(previous_site(out), staging)
        unchanged = _fill(staging, old, files, copies, kept)
        if finish is not None:
            finish(staging, old)
        _write_new(staging / MARKER, _MARKER_TEXT)
        if _swap_in(staging, out):
            with contextlib.suppress(OSError):  # another build kept one first: drop ours
                staging.rename(previous_site(out))  # the old site, kept for the next build
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return unchanged


def previous_site(out: Path) -> Path:
    """Where the site replaced by the last build is kept."""
    return out.parent / f".{out.name}.previous"


def _claim_previous(previous: Path, staging: Path) -> None:
    """Make the previous site the staging folder (one rename), or start an empty one."""
    if previous.is_dir() and not previous.is_symlink() and (previous / MARKER).is_file():
        try:
            previous.rename(staging)
            return
        except OSError:
            pass
    shutil.rmtree(previous, ignore_errors=True)
    staging.mkdir()


def _fill(staging: Path, old: Path | None, files: dict[str, bytes],
          copies: dict[str, Path], kept: frozenset[str]) -> int:
    """Make ``staging`` hold exactly the new files; returns how many were unchanged.

    What staging already holds is never trusted: a file is kept only when it is the
    old site's own file (a hard link, same inode) and that file has the new bytes.
    Anything else is unlinked before writing, since it may be shared with the old site.
    """
    present = files_under(staging)
    wanted = files.keys() | copies.keys() | kept
    for rel in present.keys() - wanted:
        os.unlink(staging / rel)
    _remove_empty_folders(staging, {os.path.dirname(rel) for rel in present.keys() - wanted})
    unchanged = 0
    for rel in sorted(wanted):
        target = staging / rel
        data = files.get(rel)
        previous = old / rel if old is not None else None
        if rel in kept and previous is None:
            raise FileNotFoundError(f"{rel} is no longer in the previous site")
        if previous is not None and (rel in kept or (
                _same_bytes(previous, data) if data is not None
                else _same_file(previous, copies[rel]))):
            unchanged += 1
            if present.get(rel) == _inode(previous):
                continue  # already the old site's own file
            source: bytes | Path = previous
        else:
            source = data if data is not None else copies[rel]
        if rel in present:
            os.unlink(target)  # it may be shared with the old site: never write into it
        _place(staging, rel, source, linked=source is previous)
    return unchanged


def _place(staging: Path, rel: str, source: bytes | Path, linked: bool) -> None:
    target = staging / rel
    try:
        _create(target, source, linked)
        return
    except FileNotFoundError:  # its folder is new: the usual case in a first build
        with contextlib.suppress(OSError):  # a file in place of a folder: cleared below
            target.parent.mkdir(parents=True, exist_ok=True)
            _create(target, source, linked)
            return
    except OSError:
        pass
    _clear_way(staging, rel)  # something other than a file is in the way
    _create(target, source, linked)


def _clear_way(root: Path, rel: str) -> None:
    """Remove whatever stops a file being made at ``root/rel``: a folder in its place,
    a file in place of one of its folders. Then make its folders."""
    target = root / rel
    for parent in reversed(target.relative_to(root).parents[:-1]):
        folder = root / parent
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)


def files_under(folder: Path) -> dict[str, int]:
    """Every file below ``folder``, relative path -> inode (read off the folder listing)."""
    found: dict[str, int] = {}
    pending = [""]
    while pending:
        rel = pending.pop()
        with os.scandir(folder / rel) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                else:
                    found[path] = entry.inode()
    return found


def _remove_empty_folders(root: Path, folders: set[str]) -> None:
    for folder in sorted(folders, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(root / folder)
            except OSError:
                break  # not empty: neither are the folders above it
            folder = os.path.dirname(folder)


def _create(target: Path, source: bytes | Path, linked: bool) -> None:
    """A new file at ``target``: a hard link to ``source``, its bytes, or a copy of it."""
    if isinstance(source, bytes):
        target.write_bytes(source)
    elif linked:
        os.link(source, target)
    else:
        shutil.copyfile(source, target)


def _write_new(target: Path, data: bytes) -> None:
    """Write ``data`` to a new file (never into one that may be linked to the old site)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    target.write_bytes(data)


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _same_bytes(previous: Path, data: bytes) -> bool:
    """Whether ``previous`` holds exactly ``data``."""
    try:
        return previous.stat().st_size == len(data) and previous.read_bytes() == data
    except OSError:  # gone or unreadable: write it instead
        return False


def _same_file(previous: Path, source: Path) -> bool:
    try:
        if previous.stat().st_size != source.stat().st_size:
            return False
        return _same_bytes(previous, source.read_bytes())
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


def _swap_in(staging: Path, out: Path) -> bool:
    """Put ``staging`` in place of ``out``. True if ``staging`` now holds the old site."""
    if not out.exists():
        staging.rename(out)
        return False
    if _exchange(staging, out):
        return True
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    staging.rename(out)
    old.rename(staging)
    return True


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
