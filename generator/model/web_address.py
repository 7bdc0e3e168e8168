"""Web addresses editors write in full: the trust's website, CQC's pages, the site's own."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.errors import SourcePos
from generator.model.schema import Reader

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
