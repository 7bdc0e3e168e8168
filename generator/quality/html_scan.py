"""What the checker needs from a built page: its ids, links, images and landmarks."""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field


@dataclass
class PageScan:
    ids: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href and src values, unescaped
    images_without_alt: list[str] = field(default_factory=list)  # their src


class _Scanner(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.scan.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.scan.ids.add(values["name"])
        self.scan.classes.update(values.get("class", "").split())
        for name in ("href", "src"):
            if name in values and tag in ("a", "img", "link", "script", "source", "iframe"):
                self.scan.links.append(values[name])
        if tag == "img" and "alt" not in values:
            self.scan.images_without_alt.append(values.get("src", ""))


def scan_page(page_html: str) -> PageScan:
    scanner = _Scanner()
    scanner.feed(page_html)
    scanner.close()
    return scanner.scan
