"""The house style holds itself: ruff's checks (the 100-character line limit included) pass on
the package, the tests and the benchmarks, with the rules pyproject.toml selects."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "ruff"]


def test_ruff_finds_nothing():
    done = subprocess.run(
        [*_ruff(), "check", "--no-cache", "--output-format", "concise", "itagen", "tests", "bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_line_limit_is_the_one_the_style_names():
    """The limit is pyproject's and E501 is among the selected rules (not ignored)."""
    done = subprocess.run(
        [*_ruff(), "check", "--show-settings", "itagen/cli.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "line_length = 100" in done.stdout.replace(" ", " ")
    assert "line-too-long (E501)" in done.stdout
