"""The lab is found by asking, not by a file (issue 9, "Done when"): a learner whose WINTUT_HOME
never started it still sees it, and the search and IIS checks use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.lab, pytest.mark.docker]


def wintut(home, *args: str) -> tuple[int, dict]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("WINTUT_LAB_REGISTRY", "WINTUT_SIMULATE")
    }
    env["WINTUT_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-m", "wintut", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_a_fresh_learner_folder_still_sees_the_running_lab(tmp_path, lab):
    home = tmp_path / "fresh"  # no lab state file here: another WINTUT_HOME started the lab
    code, status = wintut(home, "lab", "status")
    assert code == 0 and status["running"] is True, status
    assert status["registry"] == lab
    assert status["found_by"] in ("engine mirror", "default port")
    assert not (home / "lab" / "state.json").exists()


def test_the_search_and_iis_checks_use_the_lab_found_by_asking(tmp_path, lab):
    home = tmp_path / "fresh"
    code, result = wintut(home, "solve", "search-microsoft")
    assert (code, result["outcome"]) == (0, "pass"), result
    assert result["evidence"]["term"] == "127.0.0.1:5381/microsoft"
    code, result = wintut(home, "solve", "iis-failure")  # the pull, done for the learner
    assert (code, result["outcome"], result["solved"]) == (0, "pass", True), result
    assert f"(pulled as {lab}/" in result["evidence"]["image"]
