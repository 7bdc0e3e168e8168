"""SIGKILL the build at random moments: site/ is always the whole old site or the whole
new one, and the next build clears what a killed one left behind.

JOURNEY_KILL_TRIALS sets the number of trials (100 by default, as in CI).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO
from test_output import manifest

TRIALS = int(os.environ.get("JOURNEY_KILL_TRIALS", "100"))
NOW = "2026-11-23"
UPDATE = "content/updates/2026-10-30-october-update.md"


def start_build(root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--now", NOW],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_sigkill_at_random_points_leaves_the_old_or_the_new_site(tmp_path: Path) -> None:
    root = tmp_path / "trust"
    shutil.copytree(REPO / "content", root / "content")
    update = root / UPDATE
    versions = [update.read_text(encoding="utf-8")]
    versions.append(versions[0].replace("## ", "## Changed: ", 1))
    manifests = []
    for text in versions:  # what each complete site looks like
        update.write_text(text, encoding="utf-8")
        assert start_build(root).wait() == 0
        manifests.append(manifest(root / "site"))
    assert manifests[0] != manifests[1]
    # How long a build after one change takes: the quickest of a few, as on a busy
    # machine one slow build made the kills come after most builds had finished.
    timings = []
    for text in versions + versions:
        update.write_text(text, encoding="utf-8")
        started = time.monotonic()
        assert start_build(root).wait() == 0
        timings.append(time.monotonic() - started)
    duration = min(timings)

    seed = random.randrange(2**32)
    rng = random.Random(seed)
    killed = 0
    for trial in range(TRIALS):
        update.write_text(versions[trial % 2], encoding="utf-8")
        process = start_build(root)
        # Half the kills anywhere, half near the end, where the site is written.
        delay = rng.uniform(0, duration) if trial % 2 else rng.uniform(0.6, 1.1) * duration
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        killed += process.wait() == -signal.SIGKILL
        assert process.stderr is not None and b"Traceback" not in process.stderr.read()
        site = manifest(root / "site")
        assert site in manifests, f"trial {trial} (seed {seed}): site/ is neither old nor new"
    assert killed >= TRIALS // 4, f"only {killed} of {TRIALS} builds were killed while running"

    assert start_build(root).wait() == 0  # the next build tidies up after the killed ones
    left = {p.name for p in root.iterdir()}
    assert {"content", "site", ".cache"} <= left <= {"content", "site", ".cache", ".site.previous"}
    assert manifest(root / "site") == manifests[(TRIALS - 1) % 2]
