"""How build time and memory grow with the number of pages: clean, warm and one-change
builds of the sample trust plus N generated updates (search off, as in bench/peers.py,
unless --search).

    python bench/scaling.py --pages 1000 4000 16000 [--search]

For each size: seconds and milliseconds a page of a clean build, a warm build (nothing
changed, .cache/ present), a build after one update's text changed, a build the next
day (nothing changed but the date), and the peak memory of the build: of its largest
process (the build, one of its workers or a Pagefind), and of all its processes
together (proportional set sizes, sampled: a forked worker's shared pages count once).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import make_corpus
from bench.search import tree_memory_kb

NOW = "2026-11-23"
# Runs the real command line, then reports the peak memory of it and its workers.
CHILD = """
import resource, sys
from generator.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"peak_kb {peak}", file=sys.stderr)
"""


def timed_build(site: Path, now: str = NOW) -> tuple[float, int, int]:
    """Seconds of one `journey build`, the peak kilobytes of its largest process, and
    of all its processes together (sampled every 10 ms)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as said:
        child = subprocess.Popen([sys.executable, "-c", CHILD, "build", str(site), "--now",
                                  now], stdout=subprocess.DEVNULL, stderr=said)
        together = 0
        while child.poll() is None:
            together = max(together, tree_memory_kb(child.pid))
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        said.seek(0)
        stderr = said.read().decode()
    assert child.returncode == 0, stderr
    return seconds, int(stderr.rsplit("peak_kb ", 1)[1].split()[0]), together


def measure(count: int, folder: Path, search: bool = False) -> str:
    site = make_corpus(folder / f"site-{count}", count)
    if not search:
        site_yaml = site / "content" / "site.yaml"
        site_yaml.write_text(site_yaml.read_text().replace("search: true", "search: false"))
    clean, *clean_peaks = timed_build(site)
    warm, *warm_peaks = timed_build(site)
    generated = sorted((site / "content" / "updates").glob("gen-*.md"))
    update = generated[len(generated) // 2]
    update.write_text(update.read_text() + "\nOne more sentence.\n")
    changed, *changed_peaks = timed_build(site)
    next_day, *next_day_peaks = timed_build(
        site, (dt.date.fromisoformat(NOW) + dt.timedelta(days=1)).isoformat())
    pages = count + 49  # the sample's own pages
    largest, together = (max(peaks) / 1024 for peaks in zip(
        clean_peaks, warm_peaks, changed_peaks, next_day_peaks, strict=True))
    return (f"  {count:6d} {clean:8.2f} s {clean * 1000 / pages:6.2f} ms {warm:7.2f} s "
            f"{changed:7.2f} s {next_day:7.2f} s {largest:7.0f} MB {together:7.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument("--search", action="store_true", help="with the search index")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}; generated updates, "
          "clean build (and per page), warm build, one update changed, next day, peak memory "
          "(largest process, all together):")
    with tempfile.TemporaryDirectory(prefix="journey-scaling-") as tmp:
        for count in args.pages:
            print(measure(count, Path(tmp), args.search), flush=True)


if __name__ == "__main__":
    main()
