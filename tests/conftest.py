"""Fixture ladder: a site folder -> a built site -> parsed pages."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build
from generator.render.headers_file import read_headers

TESTS = Path(__file__).parent
REPO = TESTS.parent
SITES = TESTS / "sites"
SMALL_TODAY = dt.date(2022, 12, 31)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Running journey on a fixture site (to see its findings) leaves .cache/ and site/
    in it, which the tests would copy with it: a cache they do not expect."""
    for site in SITES.iterdir():
        for leftover in (".cache", "site", ".site.previous"):
            shutil.rmtree(site / leftover, ignore_errors=True)


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def netlify_headers(site: Path) -> dict[str, dict[str, str]]:
    """The built site's _headers file, as Netlify reads it: path -> {header: value}."""
    return read_headers((site / "_headers").read_text(encoding="utf-8"))


# Statements translated for a trust's communities (language: in their front matter).
POLISH = """---
title: Nasze Oświadczenie W Sprawie Raportu
date: 2022-10-12
kind: statement
language: Polish
summary: Co robimy po inspekcji, po polsku.
related: [MD3]
attachments:
  - {title: Pełny raport, file: assets/raport.pdf}
---
Dziękujemy pracownikom. Spotkanie odbędzie się 01/12/2022 o 10:00.

PILNE INFORMACJE DLA PACJENTÓW.
"""
URDU = """---
title: ہمارا بیان
date: 2022-10-13
kind: statement
language: ur
summary: ہم تمام نتائج کو قبول کرتے ہیں۔
---
ہم تمام نتائج کو قبول کرتے ہیں۔
"""


def run_journey(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
                ) -> subprocess.CompletedProcess[str]:
    """Run the real command line (python -m generator), as an editor would."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy_site(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture site from tests/sites/ into a temporary folder we may change."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SITES / name, target)
        return target
    return copy


@pytest.fixture
def small_site(copy_site: Callable[[str], Path]) -> Path:
    return copy_site("small")


@pytest.fixture
def journey_site(copy_site: Callable[[str], Path]) -> Path:
    """The journey site with free pages and a templates/ folder: every kind of page, for
    the tests that edit a site and build it again (preview and build cache)."""
    root = copy_site("journey")
    shutil.copytree(SITES / "small" / "content" / "pages", root / "content" / "pages")
    (root / "templates").mkdir()
    return root


def build_copy(factory: pytest.TempPathFactory, name: str, today: dt.date) -> Path:
    """Copy tests/sites/NAME somewhere temporary, build it as on ``today``; its site/."""
    root = factory.mktemp("built") / name
    shutil.copytree(SITES / name, root)
    build(root, today=today)
    return root / "site"


@pytest.fixture(scope="session")
def built_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sites/small built once, as on 31 December 2022."""
    return build_copy(tmp_path_factory, "small", SMALL_TODAY)


def make_starter_our_own(root: Path) -> None:
    """What an editor does to a site from journey new site before publishing it: every
    example word replaced (by made-up ones, checked by nothing else), and the accessibility
    statement dated as site.yaml's comments show."""
    from generator.quality.starter_text import PLACEHOLDERS
    own = {"example.nhs.uk": "ashby.example", "cqc.org.uk/provider/ABC": "cqc.org.uk/provider/RZ1"}
    for path in (root / "content").rglob("*"):
        if path.suffix in (".md", ".yaml"):
            text = path.read_text(encoding="utf-8")
            for phrase in PLACEHOLDERS:
                text = text.replace(phrase, own.get(phrase, "Ashby Marsh"))
            text = text.replace("# prepared", "prepared").replace("# last_reviewed", "last_reviewed")
            path.write_text(text, encoding="utf-8")


# The generated accessibility statement needs its dates, or --strict fails.
DEFAULT_SITE_YAML = ("trust:\n  name: Test Trust\n"
                     "accessibility:\n  prepared: 2022-01-01\n  last_reviewed: 2022-01-01\n")


@pytest.fixture
def write_site(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Make a site from {relative path: text}; site.yaml gets a default if not given."""
    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "site-src"
        files = {"content/site.yaml": DEFAULT_SITE_YAML, **files}
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root
    return write


def search_parts(site: Path) -> list[Path]:
    """The folders of the site's search index, as pagefind/parts.json lists them."""
    index = site / "pagefind"
    return [index / part for part in json.loads((index / "parts.json").read_bytes())["parts"]]


def indexed_pages(part: Path) -> list[dict]:  # type: ignore[type-arg]
    """Every page one part of the index has: its fragments are gzip'd JSON after a
    signature."""
    pages = []
    for fragment in sorted((part / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        pages.append(json.loads(data[len(b"pagefind_dcd"):]))
    return pages


def search_index(site: Path) -> list[dict]:  # type: ignore[type-arg]
    """Every page the site's search index has, from all its parts."""
    return [page for part in search_parts(site) for page in indexed_pages(part)]


def stand_in_pagefind(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shell script run as Pagefind (named in PAGEFIND_BINARY_PATH), with Pagefind's
    arguments; "$PAGEFIND" in it is the real program."""
    import pagefind_bin  # type: ignore[import-untyped]

    program = folder / "stand-in-pagefind"
    program.write_text(f'#!/bin/sh\nPAGEFIND="{pagefind_bin.get_executable()}"\n{script}\n')
    program.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(program))


def modules_a_build_imports(root: Path, today: dt.date, names: tuple[str, ...]) -> list[str]:
    """Which of these modules building ``root`` imports, in a fresh Python process (this
    one has imported everything already)."""
    code = ("import datetime, sys\n"
            "from pathlib import Path\n"
            "from generator.build import build\n"
            f"build(Path(sys.argv[1]), today=datetime.date.fromisoformat('{today}'))\n"
            f"print(' '.join(name for name in {names!r} if name in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code, str(root)], check=True,
                          capture_output=True, text=True)
    return done.stdout.split()


def run_as_github_does(run: str, cwd: Path, env: dict[str, str] | None = None,
                       ) -> subprocess.CompletedProcess[str]:
    """A workflow step's ``run``, in bash as GitHub runs it, in ``cwd``. The tool its
    ``pip install .`` installs is this one."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(["bash", "-e", "-c", run], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PATH": path,
                                            "GITHUB_ACTIONS": "true", **(env or {})})


class GitHubContext(dict):  # type: ignore[type-arg]
    """GitHub's expression context for a workflow's ``if:``: github.event.repository...
    as attributes."""

    def __getattr__(self, name: str) -> object:
        value = self.get(name)
        return GitHubContext(value) if isinstance(value, dict) else value


def github_value(expression: str, github: GitHubContext) -> object:
    """A workflow's expression (as far as ours use: ==, !=, ||, &&) in that context: as in
    GitHub's, || and && give one of their sides."""
    python = expression.replace("||", " or ").replace("&&", " and ")
    return eval(python, {"__builtins__": {}}, {"github": github})


def github_if(condition: str, github: GitHubContext) -> bool:
    """A workflow's ``if:``."""
    return bool(github_value(condition, github))
