"""An update's video: a link to where it is watched and its transcript on the page, on the
update's page and the home page; nothing of the video's website in either."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEFAULT_SITE_YAML, parse, run_journey
from test_check import reported

VIDEO = """\
video:
  url: {url}
  title: Our chief executive on January
  length: 4 minutes
{transcript}"""
TRANSCRIPT = """\
  transcript: |
    Hello. I am Dr Ada Okafor, our chief executive.

    ## What we did

    We opened a new ward.
"""


def update(url: str = "https://www.youtube.com/watch?v=abc123",
           transcript: str = TRANSCRIPT) -> str:
    return ("---\ntitle: January\ndate: 2023-01-31\nsummary: News.\n"
            + VIDEO.format(url=url, transcript=transcript) + "---\nMore news.\n")


@pytest.fixture
def video_site(write_site: Callable[[dict[str, str]], Path]) -> Path:
    return write_site({"content/updates/2023-01.md": update()})


def test_the_update_and_home_page_link_to_the_video_and_show_its_transcript(
        video_site: Path) -> None:
    result = run_journey("build", str(video_site), "--now", "2023-02-01")
    assert result.returncode == 0, result.stderr
    for page, level in (("updates/2023-01/index.html", 2), ("index.html", 3)):
        html = parse(video_site / "site" / page)
        section = html.select_one("section.video")
        assert section.find(f"h{level}").get_text() == "Video: Our chief executive on January"
        assert section["aria-labelledby"] == section.find(f"h{level}")["id"]
        link = section.select_one("a.video__link")
        assert link["href"] == "https://www.youtube.com/watch?v=abc123"
        assert link.get_text() == 'Watch "Our chief executive on January" on YouTube'
        assert section.select_one(".video__length").get_text() == "(4 minutes)"
        details = section.find("details")
        assert details.summary.get_text() == "Read what is said in the video"
        assert "We opened a new ward." in details.get_text()
        assert details.find(f"h{level + 1}").get_text() == "What we did"  # under the video's
        # Nothing of YouTube's is loaded with the page: no frame, script or picture.
        assert not html.select("iframe, script[src*=youtube], img[src*=youtube], img[src*=ytimg]")


@pytest.mark.parametrize(("url", "website"), [
    ("https://youtu.be/abc123", "YouTube"),
    ("https://vimeo.com/12345", "Vimeo"),
    ("https://video.kestrelvalley.example/ce-january", "video.kestrelvalley.example"),
])
def test_the_link_names_the_website_it_goes_to(write_site: Callable[[dict[str, str]], Path],
                                               url: str, website: str) -> None:
    root = write_site({"content/updates/2023-01.md": update(url)})
    assert run_journey("build", str(root), "--now", "2023-02-01").returncode == 0
    link = parse(root / "site/updates/2023-01/index.html").select_one("a.video__link")
    assert link.get_text() == f'Watch "Our chief executive on January" on {website}'


def test_a_video_without_a_transcript_is_a_warning(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    root = write_site({"content/updates/2023-01.md": update(transcript="")})
    result = run_journey("check", str(root), "--now", "2023-02-01")
    assert [(w, m) for t, w, m in reported(result.stderr)
            if t == "Videos without a transcript"] == [
        ("content/updates/2023-01.md:6", 'the video "Our chief executive on January" has no '
         "transcript, so anyone who cannot watch or hear it misses what it says")]
    assert "hint: add transcript: | under video:" in result.stderr
    strict = run_journey("build", str(root), "--strict", "--now", "2023-02-01")
    assert strict.returncode == 1 and "has no transcript" in strict.stderr


def test_a_video_with_a_transcript_has_nothing_to_fix(video_site: Path) -> None:
    result = run_journey("check", str(video_site), "--now", "2023-02-01")
    assert result.returncode == 0 and "Checked 5 pages: 0 errors, 0 warnings" in result.stdout, \
        result.stderr


def test_a_video_written_wrongly_is_an_error_with_its_line(
        write_site: Callable[[dict[str, str]], Path]) -> None:
    text = update("www.youtube.com/watch?v=abc123").replace("  length:", "  lenght:")
    root = write_site({"content/updates/2023-01.md": text})
    result = run_journey("build", str(root), "--now", "2023-02-01")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ('content/updates/2023-01.md:6:8: error: "www.youtube.com/watch?v=abc123" is not a '
            "web address starting https://") in result.stderr
    assert ('content/updates/2023-01.md:8:3: error: "lenght" is not a field video can have'
            in result.stderr)
    assert 'hint: did you mean "length"?' in result.stderr
    assert not (root / "site").exists()


def test_the_feed_links_to_the_video(write_site: Callable[[dict[str, str]], Path]) -> None:
    feedparser = pytest.importorskip("feedparser")
    root = write_site({"content/site.yaml": DEFAULT_SITE_YAML + "site:\n  base_url: "
                                            "https://rating.example.nhs.uk/\n",
                       "content/updates/2023-01.md": update("https://youtu.be/a?t=5&x=1")})
    assert run_journey("build", str(root), "--now", "2023-02-01").returncode == 0
    entry = feedparser.parse(root / "site/feed.xml").entries[0]
    content = BeautifulSoup(entry.content[0].value, "html.parser")
    assert content.a["href"] == "https://youtu.be/a?t=5&x=1"
    assert content.p.get_text() == ('Video: Watch "Our chief executive on January" on YouTube '
                                    "(4 minutes)")
    assert "More news." in content.get_text()
