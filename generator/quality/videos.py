"""Videos without a transcript: people who cannot watch or hear a video (deaf people,
blind people, anyone on a phone with no sound) miss all it says unless the page says it
too (WCAG 2.2, 1.2.1 and 1.2.3)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.model.site import Site
from generator.quality.findings import Finding


def check_video_transcripts(site: Site, only: set[Path] | None = None) -> Iterator[Finding]:
    """A finding for each update's video without a transcript (``only``: in these files)."""
    for update in site.updates:
        video = update.video
        if video is None or (video.transcript is not None and video.transcript.source.strip()):
            continue
        if only is None or update.source.path in only:
            yield Finding("video_transcript", video.pos if video.pos.line else update.source,
                          f'the video "{video.title}" has no transcript, so anyone who cannot '
                          "watch or hear it misses what it says",
                          "add transcript: | under video:, then what is said in it (and what "
                          "is shown but not said) on the lines below, indented. YouTube's "
                          '"Show transcript" gives a start to check.')
