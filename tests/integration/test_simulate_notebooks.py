"""Every course notebook under nbval, the kernel pointed at each simulated host (issue 5).

One pytest process per profile, as a learner's kernel would run: ``WINTUT_SIMULATE`` makes the
kernel's first engine call start that profile's server and point the course at it. Each
notebook's closing cell asserts the outcomes expected for the profile's kind of host
(:func:`wintut.steps.expected.expected_outcomes`), so a wrong outcome fails here with the
step, what it gave and why. Wall times are measured by ``benchmarks/bench_notebooks.py
--simulate``, not here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from wintut.replay import PROFILE_IDS

pytestmark = [pytest.mark.simulate, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def code_cells() -> int:
    return sum(
        1
        for path in NOTEBOOKS
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "code"
    )


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_the_whole_course_runs_on_the_simulated_host(profile_id, tmp_path):
    env = {**os.environ, "WINTUT_SIMULATE": profile_id, "WINTUT_HOME": str(tmp_path / "home")}
    nbval = ["--nbval-lax", "--nbval-current-env", *map(str, NOTEBOOKS)]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no", *nbval],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    tail = run.stdout[-6000:]
    assert run.returncode == 0, f"nbval on {profile_id} failed:\n{tail}\n{run.stderr[-2000:]}"
    summary = re.search(r"(\d+) passed", run.stdout)
    assert summary and int(summary.group(1)) == code_cells(), tail
    assert "skipped" not in run.stdout.splitlines()[-1], tail
