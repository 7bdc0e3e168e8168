"""How long the preview takes to start, and from saving one update to the browser
being told to reload.

    python bench/serve_latency.py [--updates 4000] [--rounds 15]

Measures, in one run, on the sample site and on a generated site of N updates: how long
the preview takes to start (build and begin serving) with nothing kept in .cache/, then
started again with nothing changed since, and again the next day (the baseline: the first);
then the preview's first (full) build, with nothing kept, and the time from writing one
update file to the live-reload event arriving over HTTP, for four kinds of save: a change
to the update's text (the most common); to its title (front matter, which the list
of updates, its neighbours and the sitemap show too); to its date, which moves it
among the others; and a new update (a copy of it under another name), deleted again
at the next round. The full build is the baseline each edit is compared with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import re
import shutil
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import REPO, make_corpus
from generator.model.site import BuildSettings
from generator.serve import PreviewServer

TODAY = dt.date(2026, 11, 23)
DATE = re.compile(r"^date: \d{4}-\d\d-(\d\d)", re.MULTILINE)


def text_edit(original: str, i: int) -> str:
    if "## Section 1" in original:
        return original.replace("## Section 1", f"## Section 1 (edit {i})", 1)
    return original + f"\nEdit {i}.\n"


def title_edit(original: str, i: int) -> str:
    return original.replace("\ntitle: ", f"\ntitle: (Edit {i}) ", 1)


def date_edit(original: str, i: int) -> str:
    """A day later (earlier at a month's end), then back, in turn: the update moves among
    the others in the lists, beside new neighbours, and the sitemap shows its new date."""
    found = DATE.search(original)
    assert found, "the update has no date"
    if i % 2:
        return original
    day = int(found[1])
    moved = day + 1 if day < 28 else day - 1
    return f"{original[:found.start(1)]}{moved:02d}{original[found.end(1):]}"


Save = Callable[[Path, str, int], None]  # writes round i's save of the target update


def saving(edit: Callable[[str, int], str]) -> Save:
    def save(target: Path, original: str, i: int) -> None:
        target.write_text(edit(original, i), encoding="utf-8")
    return save


def copy_made_or_deleted(target: Path, original: str, i: int) -> None:
    """A copy of the update under a new name, then deleted, in turn."""
    copy = copy_of(target)
    if i % 2:
        copy.unlink()
    else:
        copy.write_text(title_edit(original, i), encoding="utf-8")


def copy_of(target: Path) -> Path:
    return target.with_name(f"{target.stem}-copy.md")


EDITS: dict[str, Save] = {"text edited": saving(text_edit),
                          "title edited": saving(title_edit),
                          "date edited": saving(date_edit),
                          "a copy made or deleted": copy_made_or_deleted}


def start_times(root: Path, rounds: int) -> tuple[float, float, float]:
    """Median seconds to start the preview with nothing in .cache/, to start it again (on
    the same port: each page shows the preview's address) with nothing changed, and to
    start it again the next day (the pages showing the date are made again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fresh, again, next_day = [], [], []
    for _ in range(rounds):
        shutil.rmtree(root / ".cache", ignore_errors=True)
        fresh.append(started_in(root, port, TODAY))
        again.append(started_in(root, port, TODAY))
        next_day.append(started_in(root, port, TODAY + dt.timedelta(days=1)))
    return statistics.median(fresh), statistics.median(again), statistics.median(next_day)


def started_in(root: Path, port: int, today: dt.date) -> float:
    server = PreviewServer(root, BuildSettings(today=today, drafts=True), port=port,
                           report=lambda text: None)
    started = time.perf_counter()
    server.start()
    seconds = time.perf_counter() - started
    server.stop()
    return seconds


def reload_times(root: Path, target: Path, rounds: int,
                 save: Save) -> tuple[float, list[float], int]:
    """First build seconds (nothing kept from before), then seconds from each save to its
    reload event."""
    shutil.rmtree(root / ".cache", ignore_errors=True)
    server = PreviewServer(root, BuildSettings(today=TODAY, drafts=True), port=0,
                           report=lambda text: None)
    started = time.perf_counter()
    server.start()
    first = time.perf_counter() - started
    snapshot = server.state.current.snapshot
    pages = len(snapshot.pages) if snapshot is not None else 0
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/__journey/events")
    stream = conn.getresponse()
    assert stream.readline().startswith(b"event: hello")
    stream.readline()
    stream.readline()
    times = []
    original = target.read_text(encoding="utf-8")
    try:
        for i in range(rounds):
            time.sleep(0.3)  # let the watcher settle, as between an editor's saves
            saved = time.perf_counter()
            save(target, original, i)
            while True:
                line = stream.readline()
                if line.startswith(b"event: reload"):
                    times.append(time.perf_counter() - saved)
                    break
    finally:
        target.write_text(original, encoding="utf-8")
        copy_of(target).unlink(missing_ok=True)
        conn.close()
        server.stop()
    return first, times, pages


def report(name: str, first: float, times: list[float], pages: int) -> None:
    median = statistics.median(times)
    print(f"{name}: {pages} pages. Full build {first * 1000:.0f} ms; save to reload event: "
          f"median {median * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms "
          f"({median / first:.3f} of a full build)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = make_corpus(Path(tmp) / "sample", 0)
        big = make_corpus(Path(tmp) / "big", args.updates)
        sites = [("Sample site", sample, sample / "content/updates/2026-07-31-july-update.md"),
                 (f"Sample + {args.updates} updates", big,
                  big / "content/updates" / f"gen-{args.updates // 2:05d}.md")]
        time.sleep(2.5)  # a file saved in the last 2 s is read again: editors' files are older
        for name, root, _ in sites:
            fresh, again, next_day = start_times(root, max(1, args.rounds // 5))
            print(f"{name}, preview started: with nothing kept {fresh * 1000:.0f} ms; "
                  f"again, nothing changed {again * 1000:.0f} ms ({again / fresh:.2f}); "
                  f"the next day {next_day * 1000:.0f} ms ({next_day / fresh:.2f})")
        for kind, save in EDITS.items():
            for name, root, target in sites:
                report(f"{name}, {kind}", *reload_times(root, target, args.rounds, save))
    print(f"Python {sys.version.split()[0]}, {REPO.name}")


if __name__ == "__main__":
    main()
