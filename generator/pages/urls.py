"""Where each kind of model object is published: one place, used by pages and templates."""

from __future__ import annotations

import re

from generator.model.journey import JOURNEY_ROOT, Action, Priority, WarningNotice
from generator.model.updates import FreePage, Update

JOURNEY = JOURNEY_ROOT
ACTIONS = f"{JOURNEY}actions/"
BOARD = "board/"


def id_slug(item_id: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", item_id.lower()).strip("-") or "item"


def url_of(item: object) -> str:
    """The site-relative URL of an update, free page, action, warning notice or priority."""
    if isinstance(item, Update):
        return f"updates/{item.slug}/"
    if isinstance(item, FreePage):
        return f"{item.slug}/"
    if isinstance(item, Action):
        return f"{item.root}actions/{id_slug(item.id)}/"
    if isinstance(item, WarningNotice):
        return f"{item.root}warning-notices/{id_slug(item.id)}/"
    if isinstance(item, Priority):
        return f"{item.root}priorities/{id_slug(item.id)}/"
    raise TypeError(f"no page for {type(item).__name__}")  # a template bug, not content
