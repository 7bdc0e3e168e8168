"""Mistakes in the site's own templates that no page shows yet: a build compiles only the
templates its pages use, so a template for a kind of page the site does not have yet (or
one that is never used) would fail only on the day a page first needs it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import jinja2
import jinja2.meta

from generator.content.files import is_scratch
from generator.digests import key_of
from generator.errors import SourcePos
from generator.model.site import Site
from generator.quality.findings import Finding
from generator.quality.memo import CheckMemo
from generator.render.template_dirs import STATIC_DIR
from generator.render.templates import TEMPLATE_SUFFIXES, make_environment


def check_template_files(site: Site, memo: CheckMemo | None = None) -> list[Finding]:
    """What is wrong in the site's own templates; taken from ``memo`` when no template
    changed since the check that worked it out (parsing them all took 0.07 s)."""
    own = site.root / "templates"
    if not own.is_dir():
        return []
    env = make_environment(site.root, "/")
    known = sorted(env.list_templates())
    paths = [path for path in sorted(own.rglob("*"))
             if path.name.endswith(TEMPLATE_SUFFIXES) and not is_scratch(path.name)
             and not path.relative_to(own).as_posix().startswith(STATIC_DIR + "/")
             and path.is_file()]
    stamps = [(str(path), (st := path.stat()).st_mtime_ns, st.st_size) for path in paths]
    key = key_of(b"template files", *known, *stamps)
    memo = memo if memo is not None else CheckMemo()
    return memo.results([key], [paths], lambda todo: list(_mistakes(env, set(known), own,
                                                                      todo)))[0]


def _mistakes(env: jinja2.Environment, known: set[str], own: Path,
              paths: list[Path]) -> Iterator[Finding]:
    for path in paths:
        name = path.relative_to(own).as_posix()
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
