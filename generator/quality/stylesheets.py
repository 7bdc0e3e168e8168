"""What a site's own stylesheets (in templates/static/) name that the published site will
not load: a font or picture whose file is not there, one named from the site's root
(published static files get new names, which only a relative address follows), and one
on another website, or written in as data, that the security policy does not let in.
The browser falls back to another font, or shows no picture, and says nothing on the page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from generator.errors import SourcePos
from generator.fingerprint import FINGERPRINTED, resolved, stylesheet_references
from generator.quality.findings import Finding, shorten
from generator.quality.security_policy import DIRECTIVES, SecurityPolicy

_FONT_FACE = re.compile(rb"@font-face\s*\{[^}]*\}", re.IGNORECASE)
# Just before an address written @import url(x.css).
_IMPORTS = re.compile(rb"@import\s*\Z", re.IGNORECASE)
# What each kind of file is called, the policy's name for it (security_policy.DIRECTIVES),
# and the folder of templates/static/ it belongs in.
_KINDS = {"font": ("font", "font", "fonts"),
          "picture": ("picture", "stylesheet picture", "images"),
          "stylesheet": ("stylesheet", "stylesheet", "css")}
_EXAMPLES = {"font": "font.woff2", "picture": "picture.svg", "stylesheet": "more.css"}


def check_stylesheets(copies: Mapping[str, Path], policy: SecurityPolicy,
                      only: Collection[Path] | None = None) -> list[Finding]:
    """``copies``: the site's files as they are in the site's folders (output path ->
    source), before the static ones get their new names; ``only``: the stylesheets to
    look at (all the site's, if None)."""
    findings: list[Finding] = []
    for output, source in sorted(copies.items()):
        if (output.startswith(FINGERPRINTED) and output.endswith(".css")
                and (only is None or source in only)):
            findings += _check(output, source, source.read_bytes(), copies, policy)
    return findings


def _check(output: str, source: Path, text: bytes, copies: Mapping[str, Path],
           policy: SecurityPolicy) -> Iterator[Finding]:
    fonts = [found.span() for found in _FONT_FACE.finditer(text)]
    for offset, address in stylesheet_references(text):
        pos = SourcePos(source, text.count(b"\n", 0, offset) + 1)
        kind = ("stylesheet" if text.startswith(b"@import", offset)
                or _IMPORTS.search(text[max(offset - 40, 0):offset])
                else "font" if any(start <= offset < end for start, end in fonts)
                else "picture")
        what, directive, folder = _KINDS[kind]
        path = resolved(output, address)
        names = "imports" if kind == "stylesheet" else f"names the {what}"
        if path is not None and path not in copies:
            # A file of the site's static folder, or (from there) content/assets/'s.
            home = (_static(source) if path.startswith(FINGERPRINTED)
                    else "content/" if path.startswith("assets/") else "")
            where = home + path.removeprefix(FINGERPRINTED) if home else ""
            yield Finding("broken_link", pos,
                          f"the stylesheet {names} {shorten(address)}, which the site does "
                          "not have: the browser would not find it",
                          f"put the file at {where}, or correct the name (capital letters "
                          "count)." if where else "correct the address: write it from the "
                          "stylesheet's own folder, as url(../images/picture.png).")
        elif address.startswith("/") and not address.startswith("//"):
            own = _own_path(address, copies)
            if own is not None:
                relative = posixpath.relpath(own, posixpath.dirname(output))
                yield Finding("broken_link", pos,
                              f"the stylesheet {names} {shorten(address)} from the "
                              "site's root: published, its name has a code added to it (so "
                              "browsers never keep an old copy), which only an address "
                              "from the stylesheet's own folder follows",
                              f"write url({relative}).")
        elif path is None and not policy.lets_in(directive, address):
            save = f"save it as a file in {_static(source)}{folder}/ and name it from there"
            if address.lower().startswith("data:"):
                yield Finding("blocked_by_policy", pos,
                              f"the {what} written into the stylesheet as data "
                              f"({shorten(address)}) is not let in by the site's security "
                              "policy: the browser would not load it",
                              f"{save}: url(../{folder}/{_EXAMPLES[kind]}).")
                continue
            name = address.rsplit("/", 1)[-1].split("?", 1)[0] or _EXAMPLES[kind]
            yield Finding("blocked_by_policy", pos,
                          f"the {what} {shorten(address)} is on another website, which the "
                          "site's security policy does not let in: the browser would not "
                          "load it",
                          f"{save}: url(../{folder}/{name}); or have whoever looks after the "
                          "site's templates name that website in the security policy "
                          f"(templates/headers.txt), under {DIRECTIVES[directive]}.")


def _static(source: Path) -> str:
    """The static folder ``source`` is in, as an editor would name it."""
    parts = source.parts
    at = len(parts) - 1 - parts[::-1].index("static")
    return "/".join(parts[max(at - 1, 0):at + 1]) + "/"


def _own_path(address: str, copies: Mapping[str, Path]) -> str | None:
    """The static file an address from the site's root names (any folder the site is
    published in before static/), if the site has it."""
    path = re.split(r"[?#]", address, maxsplit=1)[0]
    at = path.find("/" + FINGERPRINTED)
    found = path[at + 1:] if at >= 0 else ""
    return found if found in copies else None
