"""Engines that are stopped, silent, half-answering, starting (HTTP 500), odd, or whose socket
the learner may not open: each check answers within its bound, in one line with a fix, and
never with a traceback. The endpoints are loopback stand-ins (tests/faults/endpoints.py); the
wall time is measured in-process (``Session.check``, what the widgets call) and the text through
the real CLI."""

from __future__ import annotations

import grp
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import unavailable
from tests.faults import endpoints
from tests.faults.helpers import no_traceback, wintut
from tests.faults.table import Stopwatch
from wintut.results import Outcome
from wintut.session import Session
from wintut.steps import STEP_IDS


def _session(home, url: str) -> Session:
    return Session(home, env={"WINTUT_SIMULATE": "none", "DOCKER_HOST": url})


def _env(home, url: str) -> dict[str, str]:
    env = {**os.environ, "WINTUT_HOME": str(home), "WINTUT_SIMULATE": "none", "DOCKER_HOST": url}
    env.pop("DOCKER_CONTEXT", None)
    return env


def _check_within(home, url: str, bound: float, row, step: str = "run-ubuntu"):
    with Stopwatch() as watch:
        result = _session(home, url).check(step)
    row.took(f"check {step}", watch.seconds)
    assert watch.seconds < bound, f"{step} took {watch.seconds:.2f} s (bound {bound} s)"
    assert result.outcome is Outcome.ERROR
    assert result.fix, "a fix is always said"
    return result


@pytest.mark.fault("stopped")
def test_a_stopped_engine_is_said_at_once(tmp_path, row):
    # A dockerd that died leaves its socket file behind: connecting is refused.
    stale = tmp_path / "docker.sock"
    endpoints.unix_listener(str(stale)).close()
    url = f"unix://{stale}"
    result = _check_within(tmp_path / "home", url, 1.0, row)
    done, seconds = wintut("check", "run-ubuntu", env=_env(tmp_path / "home", url))
    row.took("CLI (with Python start-up)", seconds)
    no_traceback(done.stdout, done.stderr)
    assert done.returncode == 2
    assert result.problem is not None and result.problem.code == "engine-not-running"
    assert result.reason in done.stdout
    row.seen = done.stdout.splitlines()[0] + " — Next: " + result.fix


@pytest.mark.fault("silent")
def test_an_endpoint_that_never_answers_is_given_up_within_3_s(tmp_path, row):
    silent = endpoints.Silent()
    try:
        result = _check_within(tmp_path / "home", silent.url, 3.0, row)
    finally:
        silent.close()
    row.seen = f"{result.reason} Next: {result.fix}"


@pytest.mark.fault("half")
def test_an_engine_that_hangs_after_version_is_given_up_within_10_s_per_check(tmp_path, row):
    half = endpoints.half_answering()
    try:
        for step in ("engine", "run-ubuntu", "find-kernel"):
            result = _check_within(tmp_path / "home", half.url, 10.0, row, step)
    finally:
        half.close()
    row.seen = f"{result.reason} Next: {result.fix}"


@pytest.mark.fault("http500")
def test_http_500_everywhere_is_said_within_1_s(tmp_path, row):
    starting = endpoints.starting()
    try:
        result = _check_within(tmp_path / "home", starting.url, 1.0, row)
        done, _ = wintut("check", "run-ubuntu", env=_env(tmp_path / "home", starting.url))
    finally:
        starting.close()
    no_traceback(done.stdout, done.stderr)
    assert "Docker Desktop is starting" in done.stdout  # the daemon's own words
    row.seen = f"{result.reason} Next: {result.fix}"


@pytest.mark.fault("odd-json")
@pytest.mark.parametrize("body", ["x", [1, 2], {}], ids=["string", "list", "empty-object"])
def test_odd_json_gives_no_traceback_in_any_check_or_the_doctor(tmp_path, row, body):
    odd = endpoints.odd_json(body)
    try:
        session = _session(tmp_path / "home", odd.url)
        outcomes = {step: session.check(step).outcome for step in STEP_IDS}
        doctor, _ = wintut("doctor", env=_env(tmp_path / "home", odd.url))
        checked, _ = wintut("check", "iis-failure", env=_env(tmp_path / "home", odd.url))
    finally:
        odd.close()
    no_traceback(doctor.stdout, doctor.stderr, checked.stdout, checked.stderr)
    passed = {step for step, outcome in outcomes.items() if outcome is Outcome.PASS}
    # only "the engine answers" may pass on {} (it did answer); nothing that needs a real answer
    assert passed <= ({"engine"} if body == {} else set()), outcomes
    assert "succeeded" not in checked.stdout  # {} once made iis-failure claim the pull worked
    row.counted(f"{len(outcomes)} checks + doctor, passed: {sorted(passed) or 'none'}")
    row.seen = checked.stdout.splitlines()[0]


NOBODY = 65534


def _socket_owned_by(shared: Path, group: str):
    folder = shared / group
    folder.mkdir()
    folder.chmod(0o755)
    path = folder / "docker.sock"
    listener = endpoints.unix_listener(str(path))
    os.chown(path, 0, grp.getgrnam(group).gr_gid)
    path.chmod(0o660)
    return listener, f"unix://{path}"


@pytest.mark.fault("permission")
@pytest.mark.parametrize("group", ["root", "docker"])
def test_permission_denied_advice_fits_the_socket_s_group(tmp_path, row, group):
    if os.geteuid() != 0:
        pytest.skip("making a root-owned socket and running as nobody needs root")
    try:
        grp.getgrnam(group)
    except KeyError:
        pytest.skip(f"no {group} group here (apt-get install docker.io makes it)")
    can_run = subprocess.run(
        [
            "setpriv",
            f"--reuid={NOBODY}",
            f"--regid={NOBODY}",
            "--clear-groups",
            sys.executable,
            "-c",
            "import wintut",
        ],
        capture_output=True,
        check=False,
        timeout=60,
    )
    if can_run.returncode != 0:
        unavailable("user nobody cannot run this checkout's Python (its folder is private)")
    shared = Path(tempfile.mkdtemp(prefix="wf-perm-", dir="/tmp"))  # nobody can reach it
    shared.chmod(0o755)
    home = shared / "home"
    home.mkdir()
    home.chmod(0o777)
    listener, url = _socket_owned_by(shared, group)
    try:
        done, seconds = wintut("check", "run-ubuntu", env=_env(home, url), uid=NOBODY)
    finally:
        listener.close()
        shutil.rmtree(shared, ignore_errors=True)
    no_traceback(done.stdout, done.stderr)
    row.took(f"CLI as nobody, socket root:{group} 660 (with Python start-up)", seconds)
    assert done.returncode == 2
    if group == "root":
        assert "joining a group does not help" in done.stdout
        assert "usermod" not in done.stdout
    else:
        assert "usermod -aG docker" in done.stdout
    row.seen = " ".join(done.stdout.split())[:240]


def test_the_stale_socket_stand_in_really_refuses(tmp_path):
    stale = tmp_path / "s.sock"
    endpoints.unix_listener(str(stale)).close()
    with socket.socket(socket.AF_UNIX) as sock, pytest.raises(ConnectionRefusedError):
        sock.connect(str(stale))
