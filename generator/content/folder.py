"""A site's content folder: there must be one before anything is read or made."""

from __future__ import annotations

from pathlib import Path

from generator.errors import ContentError, ContentErrors, SourcePos


def require_content(root: Path) -> Path:
    """``root``'s content folder, before anything is read or made (not even .cache/, in a
    folder that is not a site).

    Raises:
        ContentErrors: there is none.
    """
    content = root / "content"
    if not content.is_dir():
        raise ContentErrors([ContentError(
            SourcePos(content), "there is no content folder here",
            "run journey in your site's folder (the one that holds content/), "
            "or start a new site with: journey new site my-site",
        )])
    return content
