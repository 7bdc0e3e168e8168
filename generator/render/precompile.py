"""Compile the templates on another core while the build imports and loads the rest.

Without compiled templates in ``.cache/templates`` (a clean build, as every build on
Netlify is), each process that rendered pages compiled every template it used, and
the build cache parsed each once more to find the templates it uses: 0.15 s of a
clean build, while the second core sat idle as the content loaded. A forked child
now does both ahead (see BuildCache.prepare_templates); the processes that render
load the compiled code. If the child fails in any way, the build compiles as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator import forked
from generator.build_cache import BuildCache
from generator.render.templates import make_environment


def compile_ahead(root: Path, cache: BuildCache) -> Callable[[], None]:
    """Start compiling in a child, if any template is new; returns what to call before
    the first template is used (it waits for the child and takes what it found)."""
    compiled = cache.compiled_templates() if cache.templates_changed() else None
    if compiled is None:  # nothing to compile, or nowhere to keep it
        return lambda: None
    child = forked.Child(lambda: cache.prepare_templates(
        make_environment(root, "/", None, compiled)))

    def finish() -> None:
        references = child.result()
        if references is not None:
            cache.add_references(references)

    return finish
