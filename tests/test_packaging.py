"""Installed from a wheel (not the source checkout), the templates and starter still ship."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_wheel_ships_templates_and_starter(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), "-q"], check=True)
    target = tmp_path / "installed"
    (wheel,) = wheels.glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                           env=env, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(target))
    for args in (["new", "site", "trust"], ["build", "trust"]):
        result = subprocess.run([sys.executable, "-m", "generator", *args], env=env, cwd=tmp_path,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    assert list((tmp_path / "trust/site/static/css").glob("journey.*.css"))
    assert (tmp_path / "trust/site/index.html").is_file()
    assert (tmp_path / "trust/site/journey/warning-notices/wn1/index.html").is_file()
