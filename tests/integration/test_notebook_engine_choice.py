"""End to end: with no engine, nbval runs a notebook on the simulated host, unless CI=true.

A real pytest + nbval + kernel run of notebook 00 (about a second), the engine pointed at a
socket that does not exist. Outside CI the notebook passes on ``docker-engine-linux`` and the
summary says so; with ``CI=true`` the same run fails, naming the missing engine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "00-before-you-start.ipynb"


def run_notebook(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "WINTUT_SIMULATE")}
    env.update(
        DOCKER_HOST=f"unix://{tmp_path}/no-engine.sock",
        WINTUT_HOME=str(tmp_path / "home"),
        **extra,
    )
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--color=no",
            "--nbval-lax",
            "--nbval-current-env",
            str(NOTEBOOK),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_no_engine_outside_ci_runs_on_the_linux_simulated_host(tmp_path):
    run = run_notebook(tmp_path)
    assert run.returncode == 0, run.stdout[-4000:]
    assert "notebooks ran on the simulated host docker-engine-linux" in run.stdout
    assert f"no engine answers at unix://{tmp_path}/no-engine.sock" in run.stdout


@pytest.mark.slow
def test_no_engine_under_ci_fails_the_notebook(tmp_path):
    run = run_notebook(tmp_path, CI="true")
    assert run.returncode == 1, run.stdout[-4000:]
    assert "CI=true forbids a stand-in" in run.stdout
    assert "No engine to test this notebook on: No Docker engine answers" in run.stdout
