"""Issue 10 in the browser: after Run All on every notebook, no step shows a pass the learner did
not earn, and no learner-visible cell shows a Python traceback, in three conditions: no engine,
this machine's engine without the lab (WINTUT_LAB_REGISTRY=none), and each simulated profile
chosen beforehand with ``wintut simulate --use PROFILE``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser.conftest import NO_ENGINE
from tests.browser.jupyter import (
    NOTEBOOKS,
    open_notebook,
    result_of,
    run_all,
    shut_kernels,
    step_panels,
    tracebacks,
)
from wintut.replay.profiles import list_profiles

pytestmark = pytest.mark.browser


def _run_every_notebook_and_find_no_false_pass(page, url: str, condition: str) -> None:
    for notebook in NOTEBOOKS:
        open_notebook(page, url, notebook)
        try:
            run_all(page)
            where = f"{condition}, {notebook}"
            assert not tracebacks(page), (where, tracebacks(page))
            panels = step_panels(page)
            for index in range(panels.count()):
                shown = result_of(panels.nth(index)).inner_text()
                # Run All shows each step; it checks and solves none of them
                assert "Not checked yet" in shown, (where, shown)
            page_text = page.locator(".jp-Notebook").first.inner_text()
            assert "✔ Passed" not in page_text, where
            assert "Solved for you" not in page_text, where
        finally:
            shut_kernels(url)


def test_no_engine(page, labs):
    url, _ = labs("no-engine", DOCKER_HOST=NO_ENGINE, WINTUT_LAB_REGISTRY="none")
    _run_every_notebook_and_find_no_false_pass(page, url, "no engine")


@pytest.mark.docker
def test_the_engine_without_the_lab(page, labs):
    url, _ = labs("no-lab", WINTUT_LAB_REGISTRY="none")
    _run_every_notebook_and_find_no_false_pass(page, url, "engine, no lab")


@pytest.mark.parametrize("profile", list_profiles())
def test_each_simulated_profile(page, labs, profile):
    url, home = labs("profiles", DOCKER_HOST=NO_ENGINE, WINTUT_LAB_REGISTRY="none")
    env = dict(os.environ, WINTUT_HOME=home, DOCKER_HOST=NO_ENGINE, WINTUT_LAB_REGISTRY="none")
    env.pop("WINTUT_SIMULATE", None)
    chosen = subprocess.run(
        [sys.executable, "-m", "wintut", "simulate", "--use", profile],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert chosen.returncode == 0, chosen.stdout + chosen.stderr
    _run_every_notebook_and_find_no_false_pass(page, url, f"simulated {profile}")
