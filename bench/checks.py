"""How long checking takes with what .cache/ keeps, against checking everything afresh:
`journey check` and `journey build --strict` (what Netlify runs) on the sample trust
plus N generated updates (search off; the three prose checks that find something in
every generated update turned off, so the strict build passes, as a trust's should).

    python bench/checks.py --pages 4000 --rounds 3

Each round changes one generated update's text, then times `journey check` and
`journey check --no-cache`; changes another, then times `journey build --strict` and
`journey build --strict --no-cache`; then `journey check` with nothing changed; then
changes a third and times `journey check` with the built site moved away (an editor who
previews, checks and lets Netlify build has none). Medians, and each against its
`--no-cache` run of the same rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import make_corpus

NOW = "2026-11-23"
QUIET_CHECKS = ("\nchecks:\n  severity:\n    long_sentence: off\n    reading_age: off\n"
                "    abbreviation: off\n")


def journey(*args: str | Path) -> float:
    """Seconds one journey command takes (it must not fail)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", *map(str, args), "--now", NOW],
                   check=True, capture_output=True, cwd=Path(__file__).resolve().parents[1])
    return time.perf_counter() - started


def measure(count: int, rounds: int, folder: Path) -> str:
    site = make_corpus(folder / f"site-{count}", count)
    site_yaml = site / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("search: true", "search: false")
                         + QUIET_CHECKS)
    journey("build", site)
    generated = sorted((site / "content" / "updates").glob("gen-*.md"))
    times: dict[str, list[float]] = {}

    def timed(name: str, *args: str | Path) -> None:
        times.setdefault(name, []).append(journey(*args))

    for round_ in range(rounds):
        for n, name in ((0, "check"), (1, "build --strict")):
            update = generated[(len(generated) // 3 + 7 * round_ + n) % len(generated)]
            update.write_text(update.read_text() + f"\nOne more sentence ({round_}).\n")
            timed(f"{name}, one update changed", *name.split(), site)
            timed(f"{name} --no-cache", *name.split(), site, "--no-cache")
        timed("check, nothing changed", "check", site)
        update = generated[(len(generated) // 3 + 7 * round_ + 2) % len(generated)]
        update.write_text(update.read_text() + f"\nOne more sentence ({round_}).\n")
        (site / "site").rename(folder / "site-aside")
        timed("check, no site/, one update changed", "check", site)
        (folder / "site-aside").rename(site / "site")
    median = {name: statistics.median(values) for name, values in times.items()}
    lines = [f"{count} updates, median of {rounds}:"]
    lines += [f"  {name:38s} {seconds:6.2f} s" for name, seconds in median.items()]
    lines.append(
        "Against checking afresh (--no-cache): check after one change "
        f"{median['check, one update changed'] / median['check --no-cache']:.2f}, "
        "strict build after one change "
        f"{median['build --strict, one update changed'] / median['build --strict --no-cache']:.2f}"
        f", check with nothing changed "
        f"{median['check, nothing changed'] / median['check --no-cache']:.2f}"
        ", check with no site/ after one change "
        f"{median['check, no site/, one update changed'] / median['check --no-cache']:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[4000])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="journey-checks-") as tmp:
        for count in args.pages:
            print(measure(count, args.rounds, Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
