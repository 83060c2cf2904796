"""`wintut check` / `wintut solve` for every step, against the real dockerd (and the lab).

Each test runs the CLI as a learner would, in its own process, with a private WINTUT_HOME, and
compares with what each step declares (``Step.expected_on``) for the host the engine is, so the
same tests hold on a Linux CI runner and on a Windows machine. Steps that need a registry run
against the offline lab (`wintut lab up`), with WINTUT_LAB_REGISTRY pointing at it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest

from wintut import steps

pytestmark = pytest.mark.docker

EXIT = {"pass": 0, "fail": 1, "not-attempted": 1, "error": 2, "not-applicable": 3}


@pytest.fixture(scope="module")
def expected(real_engine):
    os_type = str(real_engine.info(refresh=True).get("OSType"))
    return {step.id: step.expected_on(os_type) for step in steps.all_steps()}


@pytest.fixture
def env(tmp_path):
    values = dict(os.environ, WINTUT_HOME=str(tmp_path / "home"))
    values.pop("WINTUT_LAB_REGISTRY", None)
    return values


@pytest.fixture
def lab_env(lab, env):
    env["WINTUT_LAB_REGISTRY"] = lab
    return env


def wintut(env: dict[str, str], *args: str, timeout: float = 300) -> tuple[int, dict]:
    """Run `wintut ARGS --json`; returns (exit code, parsed JSON)."""
    done = subprocess.run(
        [sys.executable, "-m", "wintut", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def docker(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The docker CLI: a second, independent way to the engine."""
    exe = shutil.which("docker")
    if exe is None:
        pytest.fail("the docker CLI is missing", pytrace=False)
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def assert_outcome(code: int, data: dict, step: str, outcome: str) -> None:
    assert data["step"] == step
    assert data["outcome"] == outcome, data
    assert code == EXIT[outcome]
    assert data["reason"]
    if outcome != "pass":
        assert data["fix"]


def test_engine(env, expected):
    code, data = wintut(env, "check", "engine")
    assert_outcome(code, data, "engine", expected["engine"].value)
    assert data["evidence"]["server version"]


@pytest.mark.lab
def test_run_ubuntu_counts_a_docker_run_with_rm(lab_env, expected):
    if expected["run-ubuntu"].value != "pass":
        code, data = wintut(lab_env, "check", "run-ubuntu")
        assert_outcome(code, data, "run-ubuntu", expected["run-ubuntu"].value)
        return
    name = f"wintut-test-rm-{uuid.uuid4().hex[:8]}"
    earlier = docker("run", "--rm", "ubuntu", "true")  # someone's run, before this learner began
    assert earlier.returncode == 0, earlier.stderr
    code, data = wintut(lab_env, "check", "run-ubuntu")  # a fresh learner folder: the course starts
    assert_outcome(code, data, "run-ubuntu", "not-attempted")
    assert "since" in data["evidence"]
    # the learner's own run, as a learner types it (no wintut label), removed by --rm
    ran = docker("run", "--rm", "--name", name, "ubuntu", "true")
    assert ran.returncode == 0, ran.stderr
    assert name not in docker("ps", "-a", "--format", "{{.Names}}").stdout  # gone: --rm
    code, data = wintut(lab_env, "check", "run-ubuntu")
    assert_outcome(code, data, "run-ubuntu", "pass")
    # ours is among the newest runs, known only from the engine's events
    ours = [r for r in data["evidence"]["recent runs"] if r.startswith(name)]
    assert ours and "engine events" in ours[0]


@pytest.mark.lab
def test_run_ubuntu_solve(lab_env, expected):
    code, data = wintut(lab_env, "solve", "run-ubuntu")
    assert_outcome(code, data, "run-ubuntu", expected["run-ubuntu"].value)
    if data["outcome"] == "pass":
        assert data["solved"] is True  # done for the learner, not by them
        code, data = wintut(lab_env, "check", "run-ubuntu")  # wintut's run is not theirs
        assert_outcome(code, data, "run-ubuntu", "not-attempted")


@pytest.mark.lab
def test_find_kernel_with_a_true_and_a_false_uname(lab_env, expected):
    want = expected["find-kernel"].value
    if want != "pass":
        code, data = wintut(lab_env, "check", "find-kernel", "--answer", "Linux x 1.0 #1")
        assert_outcome(code, data, "find-kernel", want)
        return
    uname = docker("run", "--rm", "--label", "wintut=1", "ubuntu", "uname", "-a")
    assert uname.returncode == 0, uname.stderr
    code, data = wintut(lab_env, "check", "find-kernel", "--answer", uname.stdout)
    assert_outcome(code, data, "find-kernel", "pass")
    assert data["evidence"]["kernel containers see"] in uname.stdout
    assert data["evidence"]["host kind"]
    code, data = wintut(lab_env, "check", "find-kernel", "--answer", "Linux box 1.2.3-fake #1")
    assert_outcome(code, data, "find-kernel", "fail")
    code, data = wintut(lab_env, "check", "find-kernel")
    assert_outcome(code, data, "find-kernel", "not-attempted")


@pytest.mark.lab
def test_find_kernel_solve(lab_env, expected):
    code, data = wintut(lab_env, "solve", "find-kernel")
    assert_outcome(code, data, "find-kernel", expected["find-kernel"].value)


@pytest.mark.lab
def test_search_microsoft_through_the_lab_index(lab_env, expected):
    code, data = wintut(
        lab_env, "check", "search-microsoft", "--answer", "127.0.0.1:5381/microsoft"
    )
    assert_outcome(code, data, "search-microsoft", expected["search-microsoft"].value)
    kinds = data["evidence"]["which are Windows images (from their platforms)"]
    assert kinds["microsoft/iis"].startswith("Windows image (windows/amd64")
    code, data = wintut(lab_env, "check", "search-microsoft", "--answer", "127.0.0.1:5381/zzz")
    assert_outcome(code, data, "search-microsoft", "fail")


@pytest.mark.lab
def test_search_microsoft_solve(lab_env, expected):
    code, data = wintut(lab_env, "solve", "search-microsoft")
    assert_outcome(code, data, "search-microsoft", expected["search-microsoft"].value)


@pytest.mark.lab
def test_iis_failure_checks_the_learners_own_pull(lab_env, expected):
    from wintut.images import resolve
    from wintut.steps.iis_failure import IMAGE

    code, data = wintut(lab_env, "check", "iis-failure")  # nothing pasted: it never pulls
    if expected["iis-failure"].value == "not-applicable":
        assert_outcome(code, data, "iis-failure", "not-applicable")
        return
    assert_outcome(code, data, "iis-failure", "not-attempted")
    ref = resolve(IMAGE, registry=lab_env["WINTUT_LAB_REGISTRY"])
    pulled = docker("pull", ref)  # the learner's own attempt, in a terminal
    assert pulled.returncode != 0, pulled.stdout
    last = pulled.stderr.strip().splitlines()[-1]
    code, data = wintut(lab_env, "check", "iis-failure", "--answer", last)
    assert_outcome(code, data, "iis-failure", "pass")
    evidence = data["evidence"]
    assert "no matching manifest for linux/" in evidence["you pasted"]
    assert "leaves none" in evidence["your pull"]
    assert evidence["platforms"] and all(p.startswith("windows/") for p in evidence["platforms"])


@pytest.mark.lab
def test_iis_failure_solve(lab_env, expected):
    code, data = wintut(lab_env, "solve", "iis-failure")
    assert_outcome(code, data, "iis-failure", expected["iis-failure"].value)


def test_windows_engine(env, expected):
    code, data = wintut(env, "check", "windows-engine")
    assert_outcome(code, data, "windows-engine", expected["windows-engine"].value)


def test_nanoserver(env, expected):
    code, data = wintut(env, "check", "nanoserver")
    if expected["nanoserver"].value == "not-applicable":
        assert_outcome(code, data, "nanoserver", "not-applicable")
    else:  # a Windows engine: only solve guarantees a run
        code, data = wintut(env, "solve", "nanoserver", timeout=900)
        assert_outcome(code, data, "nanoserver", expected["nanoserver"].value)


def test_isolation(env, expected):
    code, data = wintut(env, "check", "isolation", "--answer", "fails runs runs fails")
    assert_outcome(code, data, "isolation", "pass")
    code, data = wintut(env, "check", "isolation", "--answer", "runs runs runs fails")
    assert_outcome(code, data, "isolation", "fail")
    code, data = wintut(env, "solve", "isolation", timeout=900)
    assert_outcome(code, data, "isolation", "not-attempted")  # a prediction is the learner's


@pytest.mark.parametrize("step_id", ["see-isolation", "iis-works", "build-image"])
def test_hands_on_windows_steps(env, expected, step_id):
    # Linux engine: not-applicable with its reason; Windows engine: solve passes (marked
    # solved) and leaves no container (or image) of wintut's behind.
    code, data = wintut(env, "check", step_id)
    if expected[step_id].value == "not-applicable":
        assert_outcome(code, data, step_id, "not-applicable")
        assert "Linux containers" in data["reason"]
        return
    code, data = wintut(env, "solve", step_id, timeout=1800)
    assert_outcome(code, data, step_id, expected[step_id].value)
    assert data["solved"] is True
    left = docker("ps", "-aq", "--filter", f"label=wintut.step={step_id}")
    assert left.stdout.strip() == ""
    if step_id == "build-image":
        assert docker("images", "-q", "wintut-build-image").stdout.strip() == ""


def test_check_records_progress_for_the_next_process(env):
    wintut(env, "check", "engine")
    code, data = wintut(env, "progress")
    assert code == 0
    assert data["steps"]["engine"]["outcome"] in ("pass", "error")
