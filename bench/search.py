"""The search index's time and memory: in parts (as builds make it) against one index.

    python bench/search.py --updates 4000 [--rounds 3] [--part-pages 500]

Builds the sample trust plus N generated updates once, with search on, then indexes its
pages in interleaved rounds: with one Pagefind over the whole site (the baseline: every
build did that before 1 December 2026), in parts from nothing (two Pagefinds at a time,
and one at a time), in parts after one update's page changed (the other parts are the
old site's, linked), and after every page's <head> changed (as a new stylesheet does:
what Pagefind reads is the same, so every part is the old site's). Prints medians,
ratios to the baseline and the most memory its processes (Python's and Pagefind's) had
together. --part-pages sets the parts' size (at most twice that) to try others.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import make_corpus

# One way of indexing, timed in a process of its own (whose memory, with its
# Pagefinds', is sampled): prints seconds.
CHILD = """
import subprocess, sys, time
from pathlib import Path
from generator import search
how, site, old, part_pages = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
search.PART_PAGES, search.MOST_PAGES = part_pages, 2 * part_pages
search.MOST_AT_ONCE = 3 * part_pages
search.AT_ONCE = 1 if how == "parts-one-at-a-time" else search.AT_ONCE
started = time.perf_counter()
if how == "whole":
    subprocess.run([*search._pagefind_command(), "--site", str(site), "--output-path",
                    str(site / search.INDEX_FOLDER), "--silent"], check=True)
else:
    search.build_search_index(site, Path(old) if old else None)
seconds = time.perf_counter() - started
print(seconds)
"""

ROWS = {
    "whole": "one index of the whole site (baseline)",
    "parts": "in parts, from nothing",
    "parts-one-at-a-time": "in parts, from nothing, one Pagefind at a time",
    "one-changed": "in parts, one update changed",
    "heads-changed": "in parts, every page's <head> changed",
}


def unindexed_copy(site: Path, into: Path, how: str, changed: str) -> Path:
    """The built site without its index, its files linked (as a build's staging folder
    is); for "one-changed", the page ``changed`` a new file with one more sentence, and
    for "heads-changed", every page a new file with another stylesheet's name."""
    shutil.rmtree(into, ignore_errors=True)
    subprocess.run(["cp", "-al", str(site), str(into)], check=True)
    shutil.rmtree(into / "pagefind")
    changes = {"one-changed": [(into / changed, "</main>", "<p>Kingfisher ward.</p></main>")],
               "heads-changed": [(page, "</head>", "<!-- another stylesheet --></head>")
                                 for page in into.rglob("*.html")]}.get(how, [])
    for page, before, after in changes:
        text = page.read_text(encoding="utf-8")
        os.unlink(page)
        page.write_text(text.replace(before, after, 1), encoding="utf-8")
    return into



def timed(how: str, site: Path, old: Path | None, part_pages: int) -> tuple[float, int]:
    """Seconds, and the most memory (kB) its processes had together, sampled."""
    child = subprocess.Popen([sys.executable, "-c", CHILD, how, str(site), str(old or ""),
                              str(part_pages)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
    peak = 0
    while child.poll() is None:
        peak = max(peak, tree_memory_kb(child.pid))
        time.sleep(0.01)
    assert child.returncode == 0 and child.stdout is not None
    return float(child.stdout.read().split()[0]), peak


def tree_memory_kb(pid: int) -> int:
    """The memory of a process and all its descendants (Linux's /proc): their
    proportional set sizes, so pages a forked worker shares are counted once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            own = next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return own + sum(tree_memory_kb(int(child)) for child in children.read().split())
    except OSError:  # it ended meanwhile
        return 0


def run_benchmark(updates: int, rounds: int, part_pages: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        root = make_corpus(Path(folder) / "corpus", updates)
        subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--now",
                        "2026-11-23"], check=True, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])})
        site = root / "site"
        shutil.rmtree(site / "pagefind")  # made again in parts of --part-pages
        timed("parts", site, None, part_pages)
        pages = sum(1 for _ in site.rglob("*.html"))
        changed = f"updates/gen-{updates // 2:05d}/index.html"
        seconds: dict[str, list[float]] = {how: [] for how in ROWS}
        peaks: dict[str, int] = dict.fromkeys(ROWS, 0)
        for _ in range(rounds):
            for how in ROWS:
                copy = unindexed_copy(site, Path(folder) / "staging", how, changed)
                took, peak = timed(how, copy, site if how.endswith("changed") else None,
                                   part_pages)
                seconds[how].append(took)
                peaks[how] = max(peaks[how], peak)
    medians = {how: statistics.median(times) for how, times in seconds.items()}
    lines = [f"{pages} pages, {updates} generated updates, median of {rounds} rounds; "
             f"parts of about {part_pages} pages"]
    for how, name in ROWS.items():
        lines.append(f"  {name:50s} {medians[how]:6.2f} s {medians[how] / medians['whole']:5.2f}"
                     f" {peaks[how] / 1024:6.0f} MB")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--part-pages", type=int, default=500)
    args = parser.parse_args()
    print(run_benchmark(args.updates, args.rounds, args.part_pages))


if __name__ == "__main__":
    main()
