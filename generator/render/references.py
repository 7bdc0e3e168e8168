"""Which templates each template uses (extends, includes, imports).

Found by parsing the template (slower than rendering a page with it), so what was found
is kept by the digest of the template's source: the build cache keeps it between builds
and previews.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used: a build that finds nothing changed needs no Jinja
    import jinja2

# By the digest of a template's source: the templates it names, or None when it names
# one by a name only computed when rendering ({% include "parts/" ~ name %}).
References = dict[bytes, tuple[str, ...] | None]


@dataclass
class TemplateReferences:
    known: References = field(default_factory=dict)  # found before, as kept in .cache/
    found: References = field(default_factory=dict)  # of the templates looked at since

    def sources(self, env: jinja2.Environment, name: str) -> dict[str, str] | None:
        """The source of ``name`` and of every template it uses, by name; None if one of
        them names a template only known when rendering.

        Raises:
            jinja2.TemplateError: a template is missing or has a syntax error.
            OSError: a template cannot be read.
        """
        assert env.loader is not None
        sources: dict[str, str] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current in sources:
                continue
            source, filename, _ = env.loader.get_source(env, current)
            sources[current] = source
            digest = hashlib.blake2b(source.encode("utf-8", "surrogateescape"),
                                     digest_size=20).digest()
            if digest not in self.found:
                self.found[digest] = (self.known[digest] if digest in self.known
                                      else _named(env, source, current, filename))
            named = self.found[digest]
            if named is None:
                return None
            pending.extend(named)
        return sources

    def used(self, env: jinja2.Environment, name: str) -> frozenset[str]:
        """``name`` and every template it uses, recursively; every template there is
        when one of them names another only when rendering (any could be that one)."""
        sources = self.sources(env, name)
        return frozenset(env.list_templates() if sources is None else sources)


def _named(env: jinja2.Environment, source: str, name: str, filename: str | None,
           ) -> tuple[str, ...] | None:
    import jinja2.meta
    # Parsed as when loaded: the environment keeps the tree to compile the template from.
    found = tuple(jinja2.meta.find_referenced_templates(env.parse(source, name, filename)))
    return None if None in found else tuple(str(name) for name in found)
