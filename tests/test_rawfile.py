"""rawfile.read_bytes: the same bytes as Path.read_bytes, with a size limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.rawfile import TooBig, read_bytes


@pytest.mark.parametrize("size", [0, 1, 4095, 65536, 65537, 3 * 1024 * 1024 + 7])
def test_reads_every_byte(tmp_path: Path, size: int) -> None:
    path = tmp_path / "file"
    path.write_bytes(os.urandom(size))
    assert read_bytes(path) == path.read_bytes()
    assert read_bytes(str(path), limit=size) == path.read_bytes()


def test_a_file_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_bytes(b"x" * 11)
    with pytest.raises(TooBig) as raised:
        read_bytes(path, limit=10)
    assert raised.value.size == 11


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_file_longer_than_its_stated_size_is_read_to_the_end() -> None:
    # /proc files say they are empty: as a file that grew after it was measured.
    text = read_bytes("/proc/self/status")
    assert text.startswith(b"Name:") and text.endswith(b"\n") and len(text) > 500


def test_what_cannot_be_read_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_bytes(tmp_path / "missing")
    with pytest.raises(IsADirectoryError):
        read_bytes(tmp_path)
