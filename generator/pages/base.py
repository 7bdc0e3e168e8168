"""What every page kind declares: its address, its template and what it is made from."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model.languages import Language


@dataclass(frozen=True)
class Breadcrumb:
    title: str
    url: str
    language: Language | None = None  # a free page's in the navigation, when not English


@dataclass(frozen=True)
class OutputPage:
    """One file of the built site.

    ``url`` is relative to the site root ("" for home, "updates/" for a folder,
    "404.html" for a plain file). ``sources`` are the content files the page is
    made from, beyond those every page uses; ``listed`` are files of which it
    shows only the front matter (an update's title, date and summary in a list).
    Incremental rebuilds read both, and ``dated``: the page's context was worked out
    from the build date (its template's use of the date is found by the build cache).
    """

    url: str
    template: str
    title: str
    sources: tuple[Path, ...] = ()
    listed: tuple[Path, ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""
    breadcrumbs: tuple[Breadcrumb, ...] = ()
    draft: bool = False
    embargo: dt.date | None = None  # shown only in previews: the date it will publish
    draft_due: dt.date | None = None  # a draft's publish date, once come (its banner says so)
    dated: bool = False
    modified: dt.date | None = None  # when its content last changed, where known (sitemap)
    # What the page is part of, said after its title in the browser's tab and history: an
    # earlier journey's pages' own titles are the same as the journey now's pages'.
    section: str = ""

    @functools.cached_property
    def output_path(self) -> str:
        """Where the page is written inside the output folder."""
        if self.url == "" or self.url.endswith("/"):
            return self.url + "index.html"
        return self.url
