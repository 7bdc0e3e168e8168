"""Web addresses editors write in full (the trust's website, CQC's pages, the site's own)
and email addresses."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.errors import SourcePos
from generator.model.schema import Reader

_EMAIL = re.compile(r"^[^@\s:]+@[^@\s]+\.[^@\s]+$")
# A site's name without https:// ("improvement.kvh.nhs.uk", "www.kvh.nhs.uk/cqc").
_SITE_NAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.IGNORECASE)


def check_web_address(reader: Reader, name: str, address: str | None,
                      otherwise: SourcePos) -> None:
    """An error at field ``name`` unless ``address`` is a web address in full (a link to
    "www.kvh.nhs.uk" goes nowhere: a browser takes it for a page of this site)."""
    if address is None:
        return
    parts = urlsplit(address.strip())
    if parts.scheme in ("http", "https") and parts.netloc:
        return
    written = address.strip().removeprefix("//")
    meant = ("https://" + written if _SITE_NAME.match(written)
             else "https://www.example.nhs.uk/")
    raise reader.error(reader.at(name, otherwise), f'{name} "{address}" is not a web address',
                       f"write the full address, starting https://: {meant}")


def check_email_address(reader: Reader, name: str, address: str | None,
                        otherwise: SourcePos) -> None:
    """An error at field ``name`` unless ``address`` is an email address (a page's
    "email us" link to "improvement at kvh.nhs.uk" or "mailto:..." reaches no one)."""
    if not address or _EMAIL.match(address):
        return
    written = address.strip().removeprefix("mailto:").replace(" at ", "@")
    meant = written if _EMAIL.match(written) else "name@example.nhs.uk"
    raise reader.error(reader.at(name, otherwise), f'{name} "{address}" is not an email address',
                       f"write it as {meant}.")
