"""Mistakes in the site's own templates that no page shows yet: a build compiles only the
templates its pages use, so a template for a kind of page the site does not have yet (or
one that is never used) would fail only on the day a page first needs it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import jinja2
import jinja2.meta

from generator.content.files import is_scratch
from generator.errors import SourcePos
from generator.model.site import Site
from generator.quality.findings import Finding
from generator.render.template_dirs import STATIC_DIR
from generator.render.templates import make_environment

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".jinja")


def check_template_files(site: Site) -> Iterator[Finding]:
    own = site.root / "templates"
    if not own.is_dir():
        return
    env = make_environment(site.root, "/")
    known = set(env.list_templates())
    for path in sorted(own.rglob("*")):
        name = path.relative_to(own).as_posix()
        if (not path.is_file() or not name.endswith(TEMPLATE_SUFFIXES) or is_scratch(path.name)
                or name.startswith(STATIC_DIR + "/")):
            continue
        try:
            source = path.read_text(encoding="utf-8")
            tree = env.parse(source, name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            yield Finding("template_file", SourcePos(path, exc.lineno or 0),
                          f"template syntax error: {exc.message}",
                          "check the {% %} and {{ }} tags on this line are complete and "
                          "closed; no page uses this template yet, so the site still builds.")
            continue
        except (OSError, UnicodeError) as exc:
            yield Finding("template_file", SourcePos(path), f"the template cannot be read: {exc}",
                          "save it again as UTF-8 text, or delete it if it is not needed.")
            continue
        for used in jinja2.meta.find_referenced_templates(tree):
            if used is not None and used not in known:
                yield Finding("template_file", SourcePos(path, _line_naming(source, used)),
                              f'it uses the template "{used}", which does not exist',
                              "check the name and spelling (templates are named from the "
                              "templates/ folder, such as \"base.html\").")


def _line_naming(source: str, name: str) -> int:
    found = re.search(r"""["']""" + re.escape(name) + r"""["']""", source)
    return source.count("\n", 0, found.start()) + 1 if found else 0
