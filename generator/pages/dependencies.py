"""Which content files and templates each page is made from.

Read off the page declarations (``OutputPage.sources``) and the templates
themselves, never kept by hand, so incremental rebuilds cannot go stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import jinja2
import jinja2.meta

from generator.model.site import Site
from generator.pages.base import OutputPage

# Every page shows the trust (site.yaml), the rating badge (rating.yaml), glossary
# abbreviations and the navigation (the free pages' titles).
SHARED_FILES = ("site.yaml", "rating.yaml", "glossary.yaml")


def content_dependencies(site: Site, page: OutputPage) -> frozenset[Path]:
    """Content files whose change can change ``page``."""
    shared = [site.content_dir / name for name in SHARED_FILES]
    navigation = [p.source.path for p in site.pages]
    return frozenset([*shared, *navigation, *page.sources])


def template_dependencies(env: jinja2.Environment, name: str) -> frozenset[str]:
    """``name`` and every template it extends, includes or imports, recursively."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        assert env.loader is not None
        source, _, _ = env.loader.get_source(env, current)
        pending.extend(_referenced(env, source))
    return frozenset(seen)


def _referenced(env: jinja2.Environment, source: str) -> Iterable[str]:
    for ref in jinja2.meta.find_referenced_templates(env.parse(source)):
        if ref is not None:  # None: a name only known at render time
            yield ref
