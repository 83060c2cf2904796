"""Faults against a real dockerd that the suite starts, SIGKILLs, restarts and stops itself
(tests/faults/dockerd.py), pulling through a throttled loopback proxy in front of the offline
lab's registry (tests/faults/proxy.py): a crash leaves no false pass, a frozen pull speaks, a
Ctrl-C leaves nothing, a registry that goes away is said with `wintut lab up`."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.faults.helpers import no_traceback, wintut
from wintut.leftovers import GRACE_SECONDS

IMAGE = "ubuntu"


def _has_image(dockerd) -> bool:
    return dockerd.docker("image", "inspect", IMAGE, check=False).returncode == 0


@pytest.fixture
def with_ubuntu(dockerd, proxy):
    proxy.mode = "pass"
    if not _has_image(dockerd):
        dockerd.docker("pull", IMAGE)
    return IMAGE


@pytest.fixture
def without_ubuntu(dockerd, proxy):
    dockerd.docker("rm", "-f", *dockerd.docker("ps", "-aq").stdout.split(), check=False)
    dockerd.docker("rmi", "-f", IMAGE, check=False)
    assert not _has_image(dockerd)
    yield
    proxy.mode = "pass"


def _progress(env) -> dict:
    done, _ = wintut("progress", "--json", env=env)
    return json.loads(done.stdout)["steps"]


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.1)


RUN_SLEEPER = """
import sys
from wintut.engine import Engine
try:
    Engine().run("ubuntu", ["sleep", "60"], step=sys.argv[1])
except KeyboardInterrupt:
    sys.exit(130)
"""


def _sleeper(env, step: str = "run-ubuntu") -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUN_SLEEPER, step],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.fault("crash")
def test_sigkill_with_wintut_s_container_then_restart_is_no_false_pass(
    dockerd, learner, with_ubuntu, row
):
    checked, _ = wintut("check", "engine", env=learner)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    before = _progress(learner)
    # the learner's own container that never ran, and wintut's, caught between create and start
    dockerd.docker("create", "--name", "learner-created", IMAGE, "uname", "-a")
    dockerd.docker(
        "create", "--label", "wintut=1", "--label", "wintut.step=run-ubuntu", IMAGE, "uname"
    )
    sleeper = _sleeper(learner)
    _wait(lambda: any(" Up " in f" {c} " for c in dockerd.wintut_containers()), 30, "run")
    dockerd.kill9()
    sleeper.kill()
    sleeper.communicate(timeout=30)
    dockerd.start()
    left = dockerd.wintut_containers()
    row.counted(f"after the restart: {left}")
    assert len(left) == 2, left
    time.sleep(GRACE_SECONDS)

    done, seconds = wintut("check", "run-ubuntu", env=learner)
    row.took("next check", seconds)
    no_traceback(done.stdout, done.stderr)
    assert done.returncode == 1, done.stdout  # not attempted: no false pass
    assert "removed 2 container(s)" in done.stderr
    assert dockerd.wintut_containers() == []
    assert "learner-created" in dockerd.docker("ps", "-a", "--format", "{{.Names}}").stdout
    again, _ = wintut("check", "run-ubuntu", env=learner)
    assert "removed" not in again.stderr  # said once: nothing left to remove
    after = _progress(learner)
    assert after["engine"]["outcome"] == before["engine"]["outcome"] == "pass"
    dockerd.docker("rm", "learner-created")
    row.seen = f"{done.stdout.splitlines()[0]} / {done.stderr.strip().splitlines()[-1]}"


def _read_lines(stream, lines: list[tuple[float, str]], started: float) -> None:
    for line in stream:
        lines.append((time.monotonic() - started, line.rstrip("\n")))


@pytest.mark.fault("frozen-pull")
@pytest.mark.fault("ctrl-c")
def test_a_frozen_pull_says_stalled_within_35_s_and_ctrl_c_leaves_nothing(
    dockerd, proxy, learner, without_ubuntu, row
):
    proxy.frozen.clear()
    proxy.mode = "freeze"
    started = time.monotonic()
    solve = subprocess.Popen(
        [sys.executable, "-m", "wintut", "solve", "run-ubuntu"],
        env=learner,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=_read_lines, args=(solve.stderr, lines, started), daemon=True)
    reader.start()
    try:
        assert proxy.frozen.wait(30), "the pull never reached a blob"
        frozen_at = time.monotonic() - started
        _wait(lambda: any("Stalled:" in line for _, line in lines), 40, "stalled message")
        stalled_at = next(at for at, line in lines if "Stalled:" in line)
        row.took("frozen → stalled message", stalled_at - frozen_at)
        assert stalled_at - frozen_at <= 35.0
        assert lines[0][1].strip().startswith(f"Fetching {IMAGE} from Docker Hub (docker.io)")
        assert proxy.url in lines[0][1]  # says where from: the engine's mirror, this proxy
        interrupted = time.monotonic()
        solve.send_signal(signal.SIGINT)
        code = solve.wait(10)
        row.took("Ctrl-C → exit", time.monotonic() - interrupted)
    finally:
        if solve.poll() is None:
            solve.kill()
        proxy.mode = "pass"
    reader.join(5)
    stdout, _ = solve.communicate(timeout=10)  # and closes its pipes
    no_traceback(stdout, *(line for _, line in lines))
    assert code == 130
    assert dockerd.wintut_containers() == []
    row.seen = " / ".join(line.strip() for _, line in lines if "Stalled" in line)[:200]


@pytest.mark.fault("ctrl-c")
def test_ctrl_c_mid_run_exits_130_and_removes_the_container(dockerd, learner, with_ubuntu, row):
    sleeper = _sleeper(learner)
    _wait(lambda: any(" Up " in f" {c} " for c in dockerd.wintut_containers()), 30, "run")
    interrupted = time.monotonic()
    sleeper.send_signal(signal.SIGINT)
    out, err = sleeper.communicate(timeout=30)
    row.took("Ctrl-C → exit, container removed", time.monotonic() - interrupted)
    no_traceback(out, err)
    assert sleeper.returncode == 130
    assert dockerd.wintut_containers() == []
    row.seen = "exit 130; no wintut=1 container left"


@pytest.mark.fault("lab-down")
def test_the_lab_registry_going_away_is_said_with_lab_up(
    dockerd, proxy, learner, without_ubuntu, row
):
    proxy.mode = "down"
    done, seconds = wintut("solve", "run-ubuntu", env=learner)
    row.took("solve with the registry gone", seconds)
    no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert "wintut lab up" in done.stdout
    assert "cannot reach the image registry" in done.stdout
    assert "engine said: " in done.stdout  # the daemon's own words, in the text output
    assert "Fetching ubuntu from Docker Hub (docker.io) through the engine's mirror" in done.stderr
    assert dockerd.wintut_containers() == []
    row.seen = " ".join(done.stdout.split())[:240]
