"""The trust and the site's settings: content/site.yaml."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from generator.errors import NOWHERE, SourcePos
from generator.model.checks import CheckSettings
from generator.model.schema import Reader

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class SocialLink:
    name: str
    url: str


@dataclass(frozen=True)
class Trust:
    name: str
    short_name: str | None = None
    address: tuple[str, ...] = ()
    phone: str | None = None
    website: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class SiteSettings:
    """How the site is published. ``allow_html`` is our extension (default off)."""

    title: str = "Our CQC rating"
    base_url: str = "/"
    language: str = "en-GB"
    contact_email: str | None = None
    social: tuple[SocialLink, ...] = ()
    allow_html: bool = False
    share_image: str | None = None  # extension: shown when pages are shared (1200 x 630)
    share_image_alt: str | None = None
    search: bool = False  # extension: a search page and box (Pagefind)
    # site.yaml's base_url where a build is given another (a deploy preview's address):
    # old addresses written in full are under it.
    own_base_url: str = field(default="", metadata={"computed": True})
    pos: SourcePos = NOWHERE

    def validate(self, reader: Reader) -> None:
        parts = urlsplit(self.base_url)
        if self.base_url != "/" and (parts.scheme not in ("http", "https") or not parts.netloc):
            raise reader.error(self.pos, f'base_url "{self.base_url}" is not a web address',
                               "write the full address, for example https://improvement.example.nhs.uk/")
        if self.contact_email and not _EMAIL.match(self.contact_email):
            raise reader.error(self.pos,
                               f'contact_email "{self.contact_email}" is not an email address',
                               "write it as name@example.nhs.uk.")

    @property
    def own_folder(self) -> str:
        """The folder site.yaml's base_url names on its website ("" or "cqc/")."""
        path = urlsplit(self.own_base_url or self.base_url).path.strip("/")
        return path + "/" if path else ""

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': where the site lives."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class CqcLinks:
    """Where the trust is on CQC's website. ``widget`` (our extension) adds CQC's own
    rating widget beside the static rating panel; it needs provider_id."""

    provider_id: str | None = None
    profile_url: str | None = None
    widget: bool = False
    pos: SourcePos = NOWHERE

    def validate(self, reader: Reader) -> None:
        if self.widget and not self.provider_id:
            raise reader.error(self.pos, "CQC's widget needs the trust's CQC id",
                               "add provider_id: (for example RZ9) under cqc:, "
                               "or set widget: false.")


class Compliance(enum.Enum):
    """How far the site meets WCAG 2.2 AA, in the words of the model statement."""

    FULL = "full"
    PARTIAL = "partial"
    NOT = "not"


@dataclass(frozen=True)
class AccessibilitySettings:
    """What the generated accessibility statement says (when the site has none of its own)."""

    compliance: Compliance = Compliance.FULL
    problems: tuple[str, ...] = ()  # known content that is not accessible, in plain words
    prepared: dt.date | None = None
    last_reviewed: dt.date | None = None
    contact_email: str | None = None  # default: site.contact_email
    phone: str | None = None  # default: trust.phone


@dataclass(frozen=True)
class SiteConfig:
    """Everything in site.yaml."""

    trust: Trust
    site: SiteSettings = SiteSettings()
    cqc: CqcLinks = CqcLinks()
    accessibility: AccessibilitySettings = AccessibilitySettings()
    checks: CheckSettings = field(default_factory=CheckSettings)
