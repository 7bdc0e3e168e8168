"""Compile the templates on another core while the content loads.

Without compiled templates in ``.cache/templates`` (a clean build, as every build on
Netlify is), each process that rendered pages compiled every template it used, and
the build cache parsed each once more to find the templates it uses: 0.15 s of a
clean build, while the second core sat idle as the content loaded. A forked child
now does both ahead (see BuildCache.prepare_templates); the processes that render
load the compiled code. If the child fails in any way, the build compiles as before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from generator.build_cache import BuildCache
from generator.render.templates import make_environment


def compile_ahead(root: Path, cache: BuildCache) -> Callable[[], None]:
    """Start compiling in a child, if any template is new; returns what to call before
    the first template is used (it waits for the child and takes what it found)."""
    if not sys.platform.startswith("linux") or not cache.templates_changed():
        return lambda: None
    compiled = cache.compiled_templates()
    if compiled is None:  # nowhere to keep them
        return lambda: None
    try:
        read_end, write_end = os.pipe()
        pid = os.fork()
    except OSError:
        return lambda: None
    if pid == 0:  # the child: never returns into the build
        status = 1
        try:
            os.close(read_end)
            env = make_environment(root, "/", None, compiled)
            found = pickle.dumps(cache.prepare_templates(env), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(found)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def finish() -> None:
        with os.fdopen(read_end, "rb") as pipe:
            found = pipe.read()
        _, status = os.waitpid(pid, 0)
        if status == 0:
            # Cut short, it is no answer: what is not known is found again.
            with contextlib.suppress(Exception):
                cache.add_references(pickle.loads(found))

    return finish
