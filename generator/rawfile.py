"""Read a whole file in as few system calls as the kernel allows.

``open(path, "rb").read()`` also makes a buffer, asks whether the file is a terminal
and seeks; a clean build reads every content file twice (to digest it, then to load
it), and those calls were a tenth of the reading.
"""

from __future__ import annotations

import os


class TooBig(Exception):
    """The file is larger than the caller allows; nothing was read."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_bytes(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The file's bytes.

    Raises:
        TooBig: it has more than ``limit`` bytes.
        OSError: it cannot be opened or read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if limit is not None and size > limit:
            raise TooBig(size)
        data = os.read(fd, size + 1)
        if len(data) <= size:  # a short read of a regular file is its end
            return data
        chunks = [data]  # it grew since fstat
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
