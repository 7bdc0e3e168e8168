"""Write the built site atomically: the output folder is always a whole site.

A build is written to a hidden folder beside the output and swapped in only when
complete. On Linux and macOS the swap is one atomic system call (renameat2 with
RENAME_EXCHANGE, renamex_np with RENAME_SWAP); elsewhere two renames (each tried again
for a moment if a program holds a file, as antivirus software does on Windows), the old
site put back if the second fails, and recovered if a build is killed between them.
Leftovers of killed builds are removed on the next run.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MARKER = ".journey-build"
_MARKER_TEXT = b"Built by journey. This whole folder is replaced on every build.\n"


class UnsafeOutput(Exception):
    """The output folder is one that replacing would destroy something."""


class WriteFailed(Exception):
    """The new site could not be written (disk full, no permission...); the old one stays."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error

    def __reduce__(self) -> tuple[type[WriteFailed], tuple[OSError]]:
        return type(self), (self.error,)  # raised in a worker process, shown by the main one


@contextlib.contextmanager
def _writing() -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise WriteFailed(exc) from exc


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


class SiteWriter:
    """Writes a new site into a hidden staging folder, file by file, and swaps it in
    place of ``out`` only on :meth:`commit`; leaving the ``with`` block without
    committing leaves ``out`` as it was (and the staging folder's folders for the next
    build, when it was the previous site).

    Files can be written as soon as they are rendered, by the worker processes that
    render them: :meth:`write` works in a forked copy of the writer and returns a
    receipt, which the writer in the main process must :meth:`record`. A file whose
    bytes are the same as in the old site is not written again: the new site gets a
    hard link to the old file, which keeps its date, so deploys and rsync skip it.

    The site replaced last time is kept beside ``out`` (``.site.previous``) and made
    into the next staging folder: its folders already exist, and creating and
    removing thousands of folders was most of the time a rebuild took. What it holds
    is never trusted: a file is kept only when it is the old site's own (same inode)
    and has the new bytes; anything else is unlinked before writing, since it may be
    shared with the live site, and whatever the new site does not have is removed on
    commit.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.absolute()
        self.staging = self.out.parent / f".{self.out.name}.building-{os.getpid()}"
        self.unchanged = 0
        self._old = self.out if (self.out / MARKER).is_file() else None  # only one we built
        self._present: dict[str, int] = {}
        self._written: set[str] = set()  # every file of the new site, as recorded
        self._committed = False

    def __enter__(self) -> SiteWriter:
        with _writing():
            self.out.parent.mkdir(parents=True, exist_ok=True)
            recover_interrupted(self.out)
            shutil.rmtree(self.staging, ignore_errors=True)
            _claim_previous(previous_site(self.out), self.staging)
            self._present = files_under(self.staging)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._committed and (self.staging / MARKER).is_file():
            with contextlib.suppress(OSError):  # a site's folders, for the next build
                self.staging.rename(previous_site(self.out))
        shutil.rmtree(self.staging, ignore_errors=True)  # committed: already moved away

    @property
    def written(self) -> frozenset[str]:
        """Every file of the new site so far (output paths)."""
        return frozenset(self._written)

    def write(self, files: Mapping[str, bytes]) -> Receipt:
        """Write these files (output path -> bytes); :meth:`record` the receipt."""
        with _writing():
            unchanged = sum(self._add(rel, functools.partial(_same_bytes, data=data), data)
                            for rel, data in files.items())
        return Receipt(tuple(files), unchanged)

    def record(self, receipt: Receipt) -> None:
        """Count files written by :meth:`write`, here or in a worker process, as part
        of the new site (a file not recorded is removed on commit)."""
        self._written.update(receipt.paths)
        self.unchanged += receipt.unchanged

    def copy(self, copies: Mapping[str, Path]) -> None:
        """Add copies of these files (output path -> the file to copy)."""
        with _writing():
            unchanged = sum(self._add(rel, functools.partial(_same_file, source=source), source)
                            for rel, source in copies.items())
        self.record(Receipt(tuple(copies), unchanged))

    def keep(self, kept: Iterable[str]) -> None:
        """Add these files of the old site as they are (the caller knows they are
        unchanged). Raises WriteFailed for one the old site does not have."""
        kept = tuple(kept)
        with _writing():
            for rel in kept:
                if self._old is None:
                    raise FileNotFoundError(f"{rel} is no longer in the previous site")
                self._add(rel, lambda previous: True, os.path.join(self._old, rel))
        self.record(Receipt(kept, len(kept)))

    def commit(self, finish: Finish | None = None) -> int:
        """Remove what the new site does not have, run ``finish`` on the complete new
        site (the search index is made there; if it raises, the old site stays), then
        swap it in. Returns how many files were unchanged."""
        gone = self._present.keys() - self._written
        with _writing():
            for rel in gone:
                _unlink_if_file(self.staging / rel, self._present[rel])
            _remove_empty_folders(self.staging, {os.path.dirname(rel) for rel in gone})
        if finish is not None:
            with _writing():  # the search index, written into the new site
                finish(self.staging, self._old)
        with _writing():
            _write_new(self.staging / MARKER, _MARKER_TEXT)
            swapped = _swap_in(self.staging, self.out)
        self._committed = True
        if swapped:
            with contextlib.suppress(OSError):  # another build kept one first: drop ours
                self.staging.rename(previous_site(self.out))  # the old site, for next time
        return self.unchanged

    def _add(self, rel: str, same_as: Callable[[str], bool], source: bytes | str | Path,
             ) -> bool:
        """Put one file in the new site; True if its bytes are the old site's."""
        # Paths as text: joining Path objects took a tenth of a rebuild at 4,000 pages.
        previous = os.path.join(self._old, rel) if self._old is not None else None
        if previous is not None and same_as(previous):
            if self._present.get(rel) == _inode(previous):
                return True  # already the old site's own file
            source, unchanged = previous, True
        else:
            unchanged = False
        if rel in self._present:
            with contextlib.suppress(FileNotFoundError):  # a folder in its way went first
                os.unlink(os.path.join(self.staging, rel))  # may be the old site's: never reuse
        _place(self.staging, rel, source, linked=unchanged)
        return unchanged


@dataclass(frozen=True)
class Receipt:
    """What :meth:`SiteWriter.write` wrote: the output paths, and how many of those
    files were unchanged."""

    paths: tuple[str, ...]
    unchanged: int


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


def _unlink_if_file(path: Path, inode: int) -> None:
    """Unlink ``path`` if it is still the file listed with ``inode``: writing the new
    files may have put a folder there, or removed its folder."""
    with contextlib.suppress(OSError):
        if os.lstat(path).st_ino == inode:
            os.unlink(path)


def link_into(site: Path, rel: str, source: str) -> None:
    """The file ``source`` at ``site/rel``, its folders made: hard-linked, or copied on
    a drive that cannot link (a network share, a FAT drive)."""
    _place(site, rel, source, linked=True)


def _place(staging: Path, rel: str, source: bytes | str | Path, linked: bool) -> None:
    target = os.path.join(staging, rel)
    try:
        _create(target, source, linked)
        return
    except FileNotFoundError:  # its folder is new: the usual case in a first build
        with contextlib.suppress(OSError):  # a file in place of a folder: cleared below
            os.makedirs(os.path.dirname(target), exist_ok=True)
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
        with os.scandir(os.path.join(folder, rel) if rel else folder) as entries:
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


def _create(target: str | Path, source: bytes | str | Path, linked: bool) -> None:
    """A new file at ``target``: a hard link to ``source``, its bytes, or a copy of it."""
    if isinstance(source, bytes):
        _write_bytes(target, source)
    elif linked:
        try:
            os.link(source, target)
        except (FileNotFoundError, FileExistsError):
            raise  # its folder is missing, or something is in the way: see _place
        except OSError:  # a drive without hard links (FAT, many network shares)
            shutil.copyfile(source, target)
    else:
        shutil.copyfile(source, target)


def _write_bytes(target: str | Path, data: bytes) -> None:
    """Path.write_bytes without its buffered file object: a third of the time it took to
    write a page."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _write_new(target: Path, data: bytes) -> None:
    """Write ``data`` to a new file (never into one that may be linked to the old site)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    target.write_bytes(data)


def _inode(path: str | Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _same_bytes(previous: str | Path, data: bytes) -> bool:
    """Whether ``previous`` holds exactly ``data``."""
    try:
        if os.stat(previous).st_size != len(data):
            return False
        with open(previous, "rb") as file:
            return file.read() == data
    except OSError:  # gone or unreadable: write it instead
        return False


def _same_file(previous: str | Path, source: str | Path) -> bool:
    try:
        if os.stat(previous).st_size != os.stat(source).st_size:
            return False
        with open(source, "rb") as file:
            return _same_bytes(previous, file.read())
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
        _rename(staging, out)
        return False
    if _exchange(staging, out):
        return True
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    _rename(out, old)
    try:
        _rename(staging, out)
    except OSError:
        _rename(old, out)  # the old site back where it was, not missing until next time
        raise
    _rename(old, staging)
    return True


# Seconds to wait before each try again. On Windows a folder cannot be renamed while a
# program holds a file in it: antivirus software reading a file just written holds it
# for a moment.
_RENAME_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8)


def _rename(source: Path, target: Path) -> None:
    for wait in _RENAME_WAITS:
        try:
            source.rename(target)
            return
        except PermissionError:
            time.sleep(wait)
    source.rename(target)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux's renameat2, macOS's renamex_np); False where
    unsupported (Windows, an older system, a drive that cannot)."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
    except OSError:
        return False
    if renameat2 := getattr(libc, "renameat2", None):  # Linux 3.15 on
        at_fdcwd, rename_exchange = -100, 2
        return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b),
                              rename_exchange) == 0)
    if renamex_np := getattr(libc, "renamex_np", None):  # macOS 10.12 on
        rename_swap = 2
        return bool(renamex_np(os.fsencode(a), os.fsencode(b), rename_swap) == 0)
    return False


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        # There os.kill(pid, 0) is no test: 0 is CTRL_C_EVENT, sent to the process.
        return alive_on_windows(pid, ctypes.windll.kernel32)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal, but there
        return True
    return True


_STILL_ACTIVE, _ACCESS_DENIED, _QUERY_LIMITED_INFORMATION = 259, 5, 0x1000


def alive_on_windows(pid: int, kernel32: Any) -> bool:
    """Whether the process ``pid`` is running, asked of Windows' ``kernel32``."""
    handle = kernel32.OpenProcess(_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return bool(kernel32.GetLastError() == _ACCESS_DENIED)  # there, another user's
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True  # unknown: leave its folder alone
        return code.value == _STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
