"""The benchmarks still run (a tiny smoke run: timings are reported, never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import REPO


def test_serve_latency_benchmark_runs() -> None:
    result = subprocess.run([sys.executable, "bench/serve_latency.py", "--updates", "30",
                             "--rounds", "2"], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    for site in ("Sample site", "Sample + 30 updates"):
        assert re.search(rf"^{re.escape(site)}, preview started: with nothing kept \d+ ms; "
                         r"again, nothing changed \d+ ms \(\d\.\d\d\); the next day \d+ ms "
                         r"\(\d\.\d\d\)$", result.stdout,
                         re.MULTILINE)
    for kind in ("text edited", "title edited", "date edited", "a copy made or deleted"):
        assert re.search(rf"^Sample site, {kind}: \d+ pages\. Full build \d+ ms; save to "
                         r"reload event: median \d+ ms", result.stdout, re.MULTILINE)
        assert f"Sample + 30 updates, {kind}:" in result.stdout


def test_peer_benchmark_runs_without_peers() -> None:
    result = subprocess.run([sys.executable, "bench/peers.py", "run", "--pages", "20",
                             "--rounds", "1"], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("20 pages, median of 1 builds")
    for name in ("journey, clean build", "journey, clean, reference Markdown only",
                 "journey, warm (nothing changed)", "journey, one update changed",
                 "bare markdown-it-py + Jinja2, 2 processes", "read and write only"):
        # Seconds on the clock, then of CPU: user + system.
        assert re.search(rf"^  {re.escape(name)} +\d+\.\d\d s +\d+\.\d\d \+ \d+\.\d\d s$",
                         result.stdout, re.MULTILINE)
    assert re.search(r"^Against journey's clean build: warm \d+\.\d\d, one update changed "
                     r"\d+\.\d\d", result.stdout, re.MULTILINE)
    # The targets, each beside what it asks (Hugo's only when Hugo is installed).
    assert re.search(r"^The speed issue's targets: reference Markdown only \d+\.\d\d x the "
                     r"bare 2-process loop \(at most 1\.00\); warm \d+\.\d\d x clean \(under "
                     r"0\.20\)$", result.stdout, re.MULTILINE)


@pytest.mark.parametrize("search", [[], ["--search"]])
def test_scaling_benchmark_runs(search: list[str]) -> None:
    result = subprocess.run([sys.executable, "bench/scaling.py", "--pages", "20", *search],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^ +20 +\d+\.\d\d s +\d+\.\d\d ms( +\d+\.\d\d s){3}( +\d+ MB){2}$",
                     result.stdout, re.MULTILINE), result.stdout


def test_checks_benchmark_runs() -> None:
    result = subprocess.run([sys.executable, "bench/checks.py", "--pages", "20", "--rounds",
                             "1"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in ("check, one update changed", "check --no-cache",
                 "build --strict, one update changed", "build --strict --no-cache",
                 "check, nothing changed", "check, no site/, one update changed"):
        assert re.search(rf"^  {re.escape(name)} +\d+\.\d\d s$", result.stdout, re.MULTILINE)
    assert re.search(r"^Against checking afresh \(--no-cache\): check after one change "
                     r"\d+\.\d\d, strict build after one change \d+\.\d\d, check with "
                     r"nothing changed \d+\.\d\d, check with no site/ after one change "
                     r"\d+\.\d\d$", result.stdout, re.MULTILINE), result.stdout


def test_search_benchmark_runs() -> None:
    result = subprocess.run([sys.executable, "bench/search.py", "--updates", "30", "--rounds",
                             "1", "--part-pages", "20"], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.match(r"\d+ pages, 30 generated updates, median of 1 rounds", result.stdout)
    for name in ("one index of the whole site (baseline)", "in parts, from nothing",
                 "in parts, from nothing, one Pagefind at a time",
                 "in parts, one update changed", "in parts, every page's <head> changed"):
        assert re.search(rf"^  {re.escape(name)} +\d+\.\d\d s +\d\.\d\d +\d+ MB$",
                         result.stdout, re.MULTILINE), result.stdout
