"""The trust and the site's settings: content/site.yaml."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from generator.content.nodes import Scalar
from generator.errors import NOWHERE, SourcePos, choices_hint
from generator.model.checks import CheckSettings
from generator.model.schema import Reader
from generator.model.web_address import check_email_address, check_web_address
from generator.slotted import Slotted


@dataclass(frozen=True)
class SocialLink:
    name: str
    url: str

    def validate(self, reader: Reader) -> None:
        check_web_address(reader, "url", self.url, NOWHERE)  # reader.at has its place


@dataclass(frozen=True)
class Trust:
    name: str
    short_name: str | None = None
    address: tuple[str, ...] = ()
    phone: str | None = None
    website: str | None = None
    logo: str | None = None

    def validate(self, reader: Reader) -> None:
        check_web_address(reader, "website", self.website, NOWHERE)  # reader.at has its place


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
        if self.base_url != "/":
            check_web_address(reader, "base_url", self.base_url, self.pos)
        check_email_address(reader, "contact_email", self.contact_email, self.pos)

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
        check_web_address(reader, "profile_url", self.profile_url, self.pos)
        if self.widget and not self.provider_id:
            raise reader.error(reader.at("widget", self.pos),
                               "CQC's widget needs the trust's CQC id",
                               "add provider_id: (for example RZ9) under cqc:, "
                               "or set widget: false.")


# Google Analytics and the like set cookies, which need visitors' consent first (PECR);
# these count visits without any, so the site needs no cookie banner.
_COUNTERS = ("plausible", "matomo", "cloudflare")
_WITH_COOKIES = ("google", "google_analytics", "ga4", "gtag", "hotjar", "clarity")
_CLOUDFLARE_SCRIPT = "https://static.cloudflareinsights.com"
_CLOUDFLARE_EVENTS = "https://cloudflareinsights.com"


def https_address(scalar: Scalar, reader: Reader, hint: str) -> str:
    """The web address written, which must start https:// (an error with ``hint`` if not)."""
    text = scalar.text.strip()
    if not text.startswith("https://") or not urlsplit(text).netloc:
        raise reader.error(scalar.pos, f'"{text}" is not a web address starting https://',
                           hint)
    return text


@dataclass(frozen=True, slots=True)
class ServiceAddress(Slotted):
    """The address of an analytics service's script or server: https:// only (the site's
    pages are, and a browser refuses an http:// script on them)."""

    text: str
    pos: SourcePos = NOWHERE
    scalar_only = True

    @classmethod
    def from_scalar(cls, scalar: Scalar, reader: Reader) -> ServiceAddress:
        return cls(https_address(scalar, reader, "copy the address your analytics service "
                                                 "gives you."), scalar.pos)

    def __str__(self) -> str:
        return self.text

    @property
    def origin(self) -> str:
        parts = urlsplit(self.text)
        return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class AnalyticsSettings:
    """Counting visits (our extension), with a service that sets no cookies: Plausible
    (``domain``: the site's name there, default base_url's; ``script``: a Plausible of
    the trust's own), Matomo (``url`` of the trust's Matomo and its ``site_id``) or
    Cloudflare Web Analytics (``token``)."""

    provider: str | None = None
    domain: str | None = None
    script: ServiceAddress = ServiceAddress("https://plausible.io/js/script.js")
    url: ServiceAddress | None = None
    site_id: int | None = None
    token: str | None = None
    pos: SourcePos = NOWHERE

    def validate(self, reader: Reader) -> None:
        if self.provider is None:
            return
        word = self.provider.strip().lower().replace(" ", "_")
        if word in _WITH_COOKIES:
            raise reader.error(reader.at("provider", self.pos),
                               f'"{self.provider}" sets cookies, which need '
                               "visitors' consent first, and this site asks for none",
                               "use a service that sets no cookies: provider: plausible, "
                               "matomo or cloudflare (or Netlify Analytics, which needs "
                               "nothing here).")
        if word not in _COUNTERS:
            raise reader.error(reader.at("provider", self.pos),
                               f'"{self.provider}" is not a valid provider',
                               choices_hint(word, _COUNTERS))
        needs = {"matomo": ("url", "site_id"), "cloudflare": ("token",)}.get(word, ())
        for name in needs:
            if getattr(self, name) is None:
                raise reader.error(self.pos, f"analytics with {word} needs {name}:",
                                   _NEEDS_HINTS[name])

    @property
    def service(self) -> str | None:
        """The provider, as one of plausible, matomo or cloudflare; None: not counting."""
        return self.provider.strip().lower() if self.provider else None

    def allowed(self) -> dict[str, str]:
        """What the Content-Security-Policy must let in for the service, by directive:
        its script, where it sends its counts (Matomo, if it cannot send them so, as an
        image)."""
        if self.service == "cloudflare":
            return {"script-src": _CLOUDFLARE_SCRIPT, "connect-src": _CLOUDFLARE_EVENTS}
        if self.service == "matomo" and self.url is not None:
            origin = self.url.origin
            return {"script-src": origin, "connect-src": origin, "img-src": origin}
        return {"script-src": self.script.origin, "connect-src": self.script.origin}


_NEEDS_HINTS = {
    "url": "add url: with your Matomo's address, for example https://analytics.example.nhs.uk/",
    "site_id": "add site_id: with the number Matomo gives this site (under Websites).",
    "token": "add token: with the site's token from Cloudflare Web Analytics.",
}


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

    def validate(self, reader: Reader) -> None:
        check_email_address(reader, "contact_email", self.contact_email, NOWHERE)


@dataclass(frozen=True)
class SiteConfig:
    """Everything in site.yaml."""

    trust: Trust
    site: SiteSettings = SiteSettings()
    cqc: CqcLinks = CqcLinks()
    accessibility: AccessibilitySettings = AccessibilitySettings()
    analytics: AnalyticsSettings = AnalyticsSettings()
    checks: CheckSettings = field(default_factory=CheckSettings)

    def validate(self, reader: Reader) -> None:
        if self.analytics.service == "plausible" and not self.plausible_domain:
            raise reader.error(self.analytics.pos, "analytics with plausible needs the site's "
                               "address", "add base_url: under site:, or domain: (the "
                               "site's name in Plausible) under analytics:.")

    @property
    def counts_visits(self) -> bool:
        """Whether pages count visits: not in the preview, nor a deploy preview (a build
        for another address), whose visitors are the team."""
        return self.analytics.service is not None and not self.site.own_base_url

    @property
    def plausible_domain(self) -> str:
        return self.analytics.domain or urlsplit(self.site.base_url).netloc
