"""journey build --pdf: the Improvement Journey as a tagged PDF booklet, with the site's
own images and links to the published site; printed again only when what it shows
changed. (Earlier journeys' booklets: test_earlier_journeys.py.)"""

from __future__ import annotations

import datetime as dt
import http.server
import os
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, parse, run_journey
from pypdf import PdfReader
from test_web_photos import jpeg

from generator import booklet
from generator.build import build
from generator.content.loader import load_site
from generator.model.site import BuildSettings

pytest.importorskip("weasyprint")

TODAY = dt.date(2026, 11, 23)
JOURNEY_DAY = dt.date(2022, 10, 15)


def png(width: int, height: int) -> bytes:
    """A small red PNG of this size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\0" + b"\xff\0\0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                               0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def images_in(pdf: Path) -> list[int]:
    """The widths of the images the PDF draws, each once."""
    widths = {}
    for page in PdfReader(pdf).pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            image = ref.get_object()
            if image.get("/Subtype") == "/Image":
                widths[ref.idnum] = int(image["/Width"])
    return sorted(widths.values())


def links_in(pdf: Path) -> set[str]:
    found = set()
    for page in PdfReader(pdf).pages:
        for note in page.get("/Annots") or []:
            action = note.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def add_to_intro(root: Path, markdown: str) -> None:
    path = root / "content/journey/journey.yaml"
    text = path.read_text(encoding="utf-8")
    old = "intro: We are working on **four** things.\n"
    assert old in text
    indented = "".join(f"  {line}\n" for line in markdown.splitlines())
    path.write_text(text.replace(old, f"intro: |\n  We are working on **four** things.\n\n"
                                      f"{indented}"), encoding="utf-8")


@pytest.fixture
def elsewhere() -> Iterator[tuple[str, list[str]]]:
    """A web server on a loopback port with an image, and the paths asked of it."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = png(7, 7)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()


def test_pdf_booklet_is_tagged_and_has_the_journeys_headings(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(REPO, out, today=TODAY, pdf=True)
    reader = PdfReader(out / "improvement-journey.pdf")
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == "Our improvement journey - Kestrel Valley Hospitals NHS Trust"
    text = "\n".join(page.extract_text() for page in reader.pages)
    site = load_site(REPO, BuildSettings(today=TODAY))
    assert site.journey is not None
    headings = ["Our CQC rating", "Warning notices", "Our priorities", "What CQC told us to do",
                "Measuring our progress", "Timeline", "Who is accountable",
                *(f"{n.id}: {n.title}" for n in site.journey.warning_notices),
                *(p.name for p in site.journey.priorities),
                *(m.title for m in site.journey.metrics)]
    flat = " ".join(text.split())
    for heading in headings:
        assert heading in flat, heading
    # Its last page says how to reach the trust, on paper too.
    assert ("Tell us what you think Email improvement@kestrelvalley.example or phone 01632 "
            "960000. Or write to us at: Kestrel Valley Hospitals NHS Trust Kestrel Valley "
            "General Hospital Mill Lane Kestrelford KV1 4QT") in flat
    # The cover's web address is whole on a line: it was broken after https://.
    cover = reader.pages[0].extract_text().splitlines()
    assert "https://improvement.kestrelvalley.example/journey/." in cover, cover
    link = parse(out / "journey/index.html").select_one(".booklet-link")
    assert link.a["href"] == "/improvement-journey.pdf"
    assert re.search(r"\(PDF, \d+KB, \d+ pages\)", link.get_text())
    assert not (tmp_path / "plain").exists()
    build(REPO, tmp_path / "plain", today=TODAY)  # without --pdf: no booklet, no link
    assert not (tmp_path / "plain/improvement-journey.pdf").exists()
    assert parse(tmp_path / "plain/journey/index.html").select_one(".booklet-link") is None


def test_pdf_booklet_needs_a_journey(write_site) -> None:  # type: ignore[no-untyped-def]
    root = write_site({})
    result = run_journey("build", str(root), "--pdf")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "there is no Improvement Journey to make a booklet of" in result.stderr


def test_the_booklet_shows_the_sites_images_and_nothing_from_elsewhere(
        journey_site: Path, elsewhere: tuple[str, list[str]]) -> None:
    address, asked = elsewhere
    (journey_site / "content/assets/chart.png").write_bytes(png(123, 40))
    (journey_site / "content/assets/ward.jpg").write_bytes(jpeg((2000, 1000)))
    add_to_intro(journey_site, f"![Falls each month, fewer since May](/assets/chart.png)\n\n"
                               f"![A chart on another website]({address}/chart.png)\n\n"
                               f"![Our new ward](/assets/ward.jpg)\n\n"
                               f"See [every action](/journey/actions/).")
    build(journey_site, today=JOURNEY_DAY, pdf=True)
    pdf = journey_site / "site/improvement-journey.pdf"
    assert sorted(images_in(pdf)) == [123, 1600]  # the photo as the site publishes it
    assert asked == []  # a build never waits on another website
    # Links lead to the published site (site.yaml's base_url), as the web pages' do.
    assert "https://journey.brackenmoor.example/journey/actions/" in links_in(pdf)
    # The same for a site published in a folder of another's (its links start with it).
    intro = journey_site / "content/journey/journey.yaml"
    intro.write_text(intro.read_text().replace("](/", "](/cqc/"), encoding="utf-8")
    build(journey_site, today=JOURNEY_DAY, pdf=True, base_url="https://example.org/cqc/")
    assert sorted(images_in(pdf)) == [123, 1600]
    assert "https://example.org/cqc/journey/actions/" in links_in(pdf)


def test_the_booklet_is_printed_again_only_when_what_it_shows_changed(
        journey_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed: list[str] = []
    real_print = booklet._print

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        printed.append("booklet")
        return real_print(*args, **kwargs)

    monkeypatch.setattr(booklet, "_print", counted)
    chart = journey_site / "content/assets/chart.png"
    chart.write_bytes(png(50, 20))
    add_to_intro(journey_site, "![Falls each month, fewer since May](/assets/chart.png)")
    pdf = journey_site / "site/improvement-journey.pdf"

    def build_counting(**kwargs: object) -> int:
        printed.clear()
        build(journey_site, today=JOURNEY_DAY, pdf=True, **kwargs)  # type: ignore[arg-type]
        return len(printed)

    assert build_counting() == 1
    first = pdf.read_bytes()
    update = journey_site / "content/updates/2022-10.md"
    update.write_text(update.read_text(encoding="utf-8") + "\nMore news.\n", encoding="utf-8")
    assert build_counting() == 0  # an update is not in the booklet
    assert pdf.read_bytes() == first
    chart.write_bytes(png(60, 20))  # the image it shows
    assert build_counting() == 1
    assert images_in(pdf) == [60]
    actions = journey_site / "content/journey/actions.yaml"
    actions.write_text(actions.read_text(encoding="utf-8").replace(
        "Fix the alarm system.", "Replace the alarm system."), encoding="utf-8")
    assert build_counting() == 1
    assert "Replace the alarm system." in " ".join(
        page.extract_text() for page in PdfReader(pdf).pages)
    assert build_counting(use_cache=False) == 1  # --no-cache: every page made again


def test_without_weasyprint_the_build_says_how_to_install_it(tmp_path: Path) -> None:
    """WeasyPrint is optional: without it, --pdf says what is missing and how to install
    it (at no file: none is wrong), and nothing is published."""
    hidden = tmp_path / "hidden"
    (hidden / "weasyprint").mkdir(parents=True)
    (hidden / "weasyprint/__init__.py").write_text("raise ImportError('not installed')\n")
    out = tmp_path / "site"
    result = run_journey("build", str(REPO), "--pdf", "--out", str(out),
                         env={**os.environ, "PYTHONPATH": str(hidden)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "error: making the PDF booklet (--pdf) needs WeasyPrint, which is not installed\n"
        '  hint: in the folder you installed journey from, run: pip install -e ".[pdf]" '
        "(or build without --pdf)\n"), result.stderr
    assert not out.exists()
