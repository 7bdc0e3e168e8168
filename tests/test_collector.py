"""What the preview keeps between rebuilds is left out of the cycle collector's walks,
and is still collected now and then."""

from __future__ import annotations

import gc
import weakref

from generator.collector import LongLived


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector can free it


def test_kept_objects_are_frozen_after_each_rebuild_and_collected_every_so_often() -> None:
    long_lived = LongLived(every=3)
    try:
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
        long_lived.rebuilt()  # 1: frozen with everything else
        gc.collect()
        assert gone() is not None and gc.get_freeze_count() > 0
        long_lived.rebuilt()  # 2
        assert gone() is not None
        long_lived.rebuilt()  # 3: the frozen objects are collected once
        assert gone() is None
    finally:
        long_lived.release()
    assert gc.get_freeze_count() == 0
