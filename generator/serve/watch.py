"""Watch the site's content/ and templates/ and yield one batch of changes at a time."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import watchfiles

from generator.content.files import is_scratch

# Editors' swap and temporary files are not content (nor the others is_scratch names).
_IGNORED_SUFFIXES = (".swp", ".swx", ".tmp")


class ContentFilter(watchfiles.DefaultFilter):
    """watchfiles' defaults (.git, __pycache__, editor swap files) and ours."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return (super().__call__(change, path) and not path.endswith(_IGNORED_SUFFIXES)
                and not is_scratch(os.path.basename(path)))


def watch_site(root: Path, stop: threading.Event,
               unbuilt: Callable[[], set[Path]] | None = None) -> Iterator[set[Path]]:
    """Batches of changed paths under content/ and templates/, until ``stop`` is set.

    Only those folders are watched (never site/ or .cache/, which a build writes),
    and a batch of saves gives one rebuild. If templates/ is created while
    watching, watching starts again to include it. ``unbuilt``: the files changed since
    the last build read them, asked once watching has begun (each time it does) and
    added to the first batch: a save made before then is never reported otherwise.
    """
    wanted = ContentFilter()
    while not stop.is_set():
        folders = [f for f in (root / "content", root / "templates") if f.is_dir()]
        watching_templates = (root / "templates").is_dir()
        if not folders:
            stop.wait(1)
            continue
        begun = False
        for changes in watchfiles.watch(*folders, watch_filter=wanted, stop_event=stop,
                                        debounce=400, step=5, rust_timeout=1000,
                                        yield_on_timeout=True):
            found = {Path(path) for _, path in changes}
            if not begun and unbuilt is not None:  # the first batch: watching has begun
                found |= {path for path in unbuilt()
                          if wanted(watchfiles.Change.modified, str(path))}
            begun = True
            if found:
                yield found
            if (root / "templates").is_dir() != watching_templates:
                break  # templates/ appeared or went: watch again with it
