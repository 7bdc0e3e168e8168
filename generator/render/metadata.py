"""What search engines, feed readers and social media read: absolute addresses,
Open Graph and Twitter cards, and JSON-LD for the trust and each update."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from generator.model.site import Site
from generator.model.translations import Version
from generator.model.updates import Update
from generator.render.memo import last_by_identity

if TYPE_CHECKING:  # pages import this module for the feed and sitemap
    from generator.pages.base import OutputPage

DEFAULT_SHARE_IMAGE = "static/images/share.png"
DEFAULT_SHARE_IMAGE_ALT = "The NHS logo and the words: Our CQC rating and improvement journey"


def site_origin(site: Site) -> str:
    """``https://example.nhs.uk`` when base_url is a full address, else ''."""
    parts = urlsplit(site.config.site.base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def has_feed(site: Site) -> bool:
    """A feed needs updates to list and a full address to give readers."""
    return bool(site.updates) and bool(site_origin(site))


def unlisted(site: Site) -> bool:
    """Whether search engines are asked not to list the site (a preview of changes)."""
    return site.settings.unlisted


def share_image(site: Site) -> tuple[str, str]:
    """The image shown when a page is shared, and its alt text."""
    settings = site.config.site
    if settings.share_image:
        return settings.share_image, settings.share_image_alt or ""
    return DEFAULT_SHARE_IMAGE, DEFAULT_SHARE_IMAGE_ALT


Absolute = Callable[[str, Site], str]  # a site path's full address (the templates' absolute)


def structured_data(site: Site, page: OutputPage, absolute: Absolute) -> Markup:
    """JSON-LD: the trust on the home page, and an article for each update."""
    organisation, image = _site_data(site, absolute)
    update = page.context.get("update")
    if isinstance(update, Update):
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "headline": update.title, "datePublished": update.date.isoformat(),
            "dateModified": (update.updated or update.date).isoformat(),
            "author": organisation, "publisher": organisation,
            "mainEntityOfPage": absolute(page.url, site), "image": image,
        }
        if page.description:
            data["description"] = page.description
        if update.language is not None:  # a translation: search engines show it to its readers
            data["inLanguage"] = update.language.code
        data.update(_translations(page.context.get("versions", ()), site, absolute))
    elif page.url == "":
        data = {"@context": "https://schema.org", **organisation}
    else:
        return Markup("")
    # Safe inside <script>: no "<", ">" or "&" can close it or start markup.
    text = _JSON.encode(data)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _translations(versions: tuple[Version, ...], site: Site, absolute: Absolute,
                  ) -> dict[str, Any]:
    """For an update with versions in other languages: the one it translates, or those
    that translate it (schema.org's translationOfWork, workTranslation)."""
    if not versions or not absolute(versions[0].url, site):
        return {}
    original, *translations = versions
    if not original.current:
        return {"translationOfWork": {"@id": absolute(original.url, site)}}
    return {"workTranslation": [{"@id": absolute(v.url, site)} for v in translations]}


_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps made one for every page
@last_by_identity
def _site_data(site: Site, absolute: Absolute) -> tuple[dict[str, Any], str]:
    """The trust as JSON-LD, and the sharing image's address: made once for a site and
    the templates' addresses (which name each static file by its contents)."""
    trust = site.trust
    organisation: dict[str, Any] = {"@type": "MedicalOrganization", "name": trust.name}
    if trust.website:
        organisation["url"] = trust.website
    if trust.phone:
        organisation["telephone"] = trust.phone
    if trust.address:
        organisation["address"] = {"@type": "PostalAddress",
                                   "streetAddress": ", ".join(trust.address)}
    if trust.logo:
        organisation["logo"] = absolute(trust.logo, site)
    return organisation, absolute(share_image(site)[0], site)
