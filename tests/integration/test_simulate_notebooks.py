"""Every course notebook under nbval, the kernel pointed at each simulated host (issues 5, 14).

One pytest process per profile and edition, as a learner's kernel would run: ``WINTUT_SIMULATE``
makes the kernel's first engine call start that profile's server and point the course at it.
Each notebook's closing cell asserts the outcomes expected for the profile's kind of host
(:meth:`wintut.steps.base.Step.expected_on`), so a wrong outcome fails here with the step,
what it gave and why. Wall times are measured by ``benchmarks/bench_notebooks.py --simulate``,
not here.

Both editions run on every profile. The Chinese edition's code cells are the English ones
(tests/unit/test_editions.py), so it runs the same code in Chinese, which is where a translation
can break it (a message that no longer formats, a label a cell looks for). About 15 s a run.
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
EDITIONS = {"en": REPO / "notebooks", "zh-CN": REPO / "notebooks" / "zh-CN"}


def notebooks(edition: str) -> list[Path]:
    return sorted(EDITIONS[edition].glob("[0-9][0-9]-*.ipynb"))


def code_cells(paths: list[Path]) -> int:
    return sum(
        1
        for path in paths
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "code"
    )


RUNS = [(edition, p) for edition in EDITIONS for p in PROFILE_IDS]


@pytest.mark.parametrize(("edition", "profile_id"), RUNS, ids=[f"{e}-{p}" for e, p in RUNS])
def test_the_whole_course_runs_on_the_simulated_host(edition, profile_id, tmp_path):
    paths = notebooks(edition)
    assert len(paths) == len(notebooks("en")), f"notebooks/{edition}/ is incomplete: make editions"
    env = {**os.environ, "WINTUT_SIMULATE": profile_id, "WINTUT_HOME": str(tmp_path / "home")}
    env.pop("WINTUT_LANG", None)  # each edition's own folder chooses its language
    nbval = ["--nbval-lax", "--nbval-current-env", *map(str, paths)]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no", *nbval],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    tail = run.stdout[-6000:]
    assert run.returncode == 0, (
        f"nbval of {edition} on {profile_id} failed:\n{tail}\n{run.stderr[-2000:]}"
    )
    summary = re.search(r"(\d+) passed", run.stdout)
    assert summary and int(summary.group(1)) == code_cells(paths), tail
    assert "skipped" not in run.stdout.splitlines()[-1], tail
