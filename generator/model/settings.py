"""What a build was asked for: a module of its own, so a build that finds nothing
changed need not import the whole model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class BuildSettings:
    """What a build was asked for: the build date decides embargoes."""

    today: dt.date
    drafts: bool = False
    # Search engines are asked not to list the site: a preview of changes, which anyone
    # with its address can open.
    unlisted: bool = False
