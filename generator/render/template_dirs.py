"""Where templates are found: a module of its own, so a build that finds nothing changed
need not import Jinja."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
STATIC_DIR = "static"  # in a templates folder: files copied as they are, not templates
FAVICON = "favicon.ico"  # in STATIC_DIR, but published in the site's top folder


def builtin_templates_dir() -> Path:
    """Templates shipped with the package (a wheel) or beside it (a source checkout)."""
    installed = PACKAGE_DIR / "_builtin_templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


def template_dirs(site_root: Path) -> list[Path]:
    """Where templates are looked up, the site's own first."""
    dirs = [site_root / "templates", builtin_templates_dir()]
    unique: list[Path] = []
    for d in dirs:
        if d.is_dir() and d.resolve() not in [u.resolve() for u in unique]:
            unique.append(d)
    return unique
