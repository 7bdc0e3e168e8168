"""A base for frozen dataclasses with slots that are pickled by the thousand (the updates,
into the build cache): as their class and fields, read in C. Dataclasses' own way for
slots reads and sets each field in Python, which took twice as long to write and read."""

from __future__ import annotations

from typing import Any


class Slotted:
    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return type(self), tuple(map(self.__getattribute__, self.__slots__))
