"""`wintut` under ``WINTUT_LANG=zh_CN``, as a learner runs it: a separate process, on a
simulated host (the session's own background process, stopped again at the end).

Everything the learner reads is checked: the CLI's own lines, the step's result and the
doctor's report, with no English left but the engine's own words.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.zh_text import english_runs, has_chinese
from wintut.hostproc import HostProcess

PROFILE = "docker-desktop-wsl2"


@pytest.fixture
def wintut(tmp_path):
    """Run ``wintut ARGS`` in Chinese on the simulated host; returns (exit code, stdout, stderr)."""
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WINTUT_", "DOCKER_"))}
    env.update(
        WINTUT_HOME=str(home),
        WINTUT_LANG="zh_CN",
        WINTUT_SIMULATE=PROFILE,
        WINTUT_LAB_REGISTRY="none",
        DOCKER_HOST="tcp://127.0.0.1:9",  # closed: this machine's engine is never asked
    )

    def run(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "wintut", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    yield run
    HostProcess(Path(home)).stop()


def test_check_with_a_garbage_answer_says_in_chinese_that_the_host_is_simulated(wintut):
    code, out, err = wintut("check", "find-kernel", "--answer", "garbage")
    assert code == 1, err
    lines = out.splitlines()
    assert lines[0] == f"⚠ 模拟主机：{PROFILE}（这类机器上录下的输出，不是你的引擎）"
    assert lines[1].startswith("✖ find-kernel")  # the step id stays as it is
    code, out, err = wintut("steps")
    assert code == 0, err
    assert "· 尚未检查" in out and "· not checked" not in out


def test_check_with_a_garbage_answer_is_chinese_throughout(wintut):
    code, out, err = wintut("check", "find-kernel", "--answer", "garbage")
    assert code == 1, err
    outcome, next_line = out.splitlines()[1:3]  # evidence keys below them stay English
    for line in (outcome, next_line):
        assert has_chinese(line) and english_runs(line) == [], line


def test_doctor_runs_under_chinese_on_the_simulated_host(wintut):
    code, out, err = wintut("doctor")
    assert code == 0, err
    assert PROFILE in out and "Traceback" not in out + err


def test_doctor_reports_in_chinese(wintut):
    code, out, err = wintut("doctor")
    assert code == 0, err
    lines = [line for line in out.splitlines() if line.strip()]
    headings = [line for line in lines[1:] if not line.startswith(" ")]  # sections, verdict
    assert headings and all(has_chinese(h) and english_runs(h) == [] for h in headings), headings
