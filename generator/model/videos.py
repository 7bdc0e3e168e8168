"""A video an update shows (our extension): a chief executive's message, say. The page
links to where it is watched and shows what is said in it, for anyone who cannot watch or
hear it (WCAG 1.2); nothing of the video's website is loaded until a visitor goes there,
so the page sets no cookies and the site's security policy stays as it is."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.content.nodes import Scalar
from generator.errors import NOWHERE, SourcePos
from generator.model.config import https_address
from generator.model.schema import Reader
from generator.render.markdown import Markdown
from generator.slotted import Slotted

# Where trusts put their videos, by the website's address: the name a link says.
_SITES = {"youtube.com": "YouTube", "youtu.be": "YouTube", "vimeo.com": "Vimeo",
          "facebook.com": "Facebook", "vidyard.com": "Vidyard", "instagram.com": "Instagram"}


@dataclass(frozen=True, slots=True)
class VideoAddress(Slotted):
    """Where a video is watched: a web address starting https://."""

    text: str
    pos: SourcePos = NOWHERE
    scalar_only = True

    @classmethod
    def from_scalar(cls, scalar: Scalar, reader: Reader) -> VideoAddress:
        return cls(https_address(scalar, reader, "copy the video's address from your "
                                 "browser's address bar as you watch it, for example "
                                 "https://www.youtube.com/watch?v=..."), scalar.pos)

    def __str__(self) -> str:
        return self.text

    @property
    def website(self) -> str:
        """The website's name, as a link says where it goes: "YouTube"."""
        host = urlsplit(self.text).netloc.lower().removeprefix("www.").removeprefix("m.")
        return next((name for domain, name in _SITES.items()
                     if host == domain or host.endswith("." + domain)), host)


@dataclass(frozen=True)
class Video:
    """``video:`` in an update's front matter."""

    url: VideoAddress
    title: str
    length: str | None = None  # as editors write it: "4 minutes"
    transcript: Markdown | None = None  # what is said, and what is shown but not said
    pos: SourcePos = NOWHERE
