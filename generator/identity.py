"""Comparing long sequences by identity, item by item in C: objects read from unchanged
files are reused, so the very same object means unchanged, and what lies between the ends
two sequences share is what changed (a save changes a few items of thousands)."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import compress, count


def same_ends(old: Sequence[object], new: Sequence[object]) -> tuple[int, int]:
    """How many of the first, and then of the last, items of ``old`` and ``new`` are the
    very same (the two never overlap): what lies between them is what changed."""
    start = same_at_start(old, new)
    return start, min(same_at_start(old, new, from_end=True), min(len(old), len(new)) - start)


def same_at_start(old: Sequence[object], new: Sequence[object], from_end: bool = False,
                  ) -> int:
    """How many of the first (or last) items of ``old`` and ``new`` are the very same."""
    differs = (map(operator.is_not, reversed(old), reversed(new)) if from_end
               else map(operator.is_not, old, new))  # as far as the shorter goes
    return next(compress(count(), differs), min(len(old), len(new)))
