"""The test run's engine choice for the notebooks, and its summary of skips."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.notebook_engine import FALLBACK_PROFILE, choose, count_parts, part_wanted

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Status:
    reachable: bool
    endpoint: str = "unix:///nonexistent.sock (from DOCKER_HOST)"


def probe_says(reachable: bool):
    calls = []

    def probe():
        calls.append(1)
        return Status(reachable)

    return probe, calls


def test_no_engine_outside_ci_runs_the_notebooks_on_the_linux_simulated_host():
    probe, _ = probe_says(False)
    choice = choose({}, probe)
    assert choice.simulate == FALLBACK_PROFILE == "docker-engine-linux"
    assert "no engine answers at unix:///nonexistent.sock" in choice.said


def test_no_engine_under_ci_swaps_nothing_in():
    probe, _ = probe_says(False)
    choice = choose({"CI": "true"}, probe)
    assert choice.simulate == "none"  # and the course session takes no default either
    assert "CI=true" in choice.said


def test_a_real_engine_is_used_when_it_answers():
    probe, _ = probe_says(True)
    choice = choose({}, probe)
    assert choice.simulate is None and choice.said.startswith("the real engine at")


def test_a_simulate_the_caller_set_is_kept_and_no_engine_is_probed():
    probe, calls = probe_says(False)
    choice = choose({"WINTUT_SIMULATE": "windows-server-2022"}, probe)
    assert choice.simulate is None  # already in the environment: the kernels inherit it
    assert "windows-server-2022" in choice.said and calls == []


@pytest.mark.parametrize(
    ("reason", "part"),
    [
        ("no Docker engine: No Docker engine answers at unix:///x (…)", "a Docker engine"),
        ("CI=true and no docker CLI binary on PATH", "the docker CLI"),
        ("docker 20.10 CLI not installed", "the docker CLI"),
        ("docker-registry is not installed (`apt-get install docker-registry`)", "docker-registry"),
        ("Debian's busybox-static is not installed", "busybox-static"),
        ("/usr/bin/chromium is missing (apt-get install chromium)", "chromium"),
        (
            "the offline lab is not up (registry 127.0.0.1:5380): run `wintut lab up`",
            "the offline lab (`wintut lab up`)",
        ),
        ("something else entirely", "other"),
    ],
)
def test_skip_reasons_name_the_part_they_want(reason, part):
    assert part_wanted(reason) == part


def test_counts_read_pytest_skip_reports():
    class Report:
        def __init__(self, reason):
            self.longrepr = ("x.py", 1, f"Skipped: {reason}")

    reports = [Report("no Docker engine: …"), Report("no Docker engine: …"), Report("busybox")]
    assert count_parts(reports) == {"a Docker engine": 2, "busybox-static": 1}


def test_the_summary_names_the_missing_parts(tmp_path):
    (tmp_path / "test_parts.py").write_text(
        "import pytest\n"
        "def test_a():\n    pytest.skip('no docker CLI binary on PATH')\n"
        "def test_b():\n    pytest.skip('/usr/bin/chromium is missing')\n"
        "def test_c():\n    pytest.skip('/usr/bin/chromium is missing')\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.notebook_engine",
            "-p",
            "no:cacheprovider",
            "-q",
            str(tmp_path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "3 skipped" in run.stdout, run.stdout
    assert "skipped for want of chromium: 2, the docker CLI: 1" in run.stdout, run.stdout
    assert "notebooks ran on" not in run.stdout  # no notebook was collected
