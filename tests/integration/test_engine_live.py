"""The engine connection, the doctor and cleanup against the real dockerd."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from wintut.engine import LABEL, STEP_LABEL
from wintut.errors import EngineError

pytestmark = pytest.mark.docker
WINTUT = [sys.executable, "-m", "wintut"]


def _doctor(env_extra: dict[str, str]) -> tuple[int, dict]:
    env = {**os.environ, **env_extra}
    done = subprocess.run(
        [*WINTUT, "doctor", "--json"], capture_output=True, text=True, env=env, timeout=30
    )
    return done.returncode, json.loads(done.stdout)


def test_doctor_against_the_real_engine():
    code, report = _doctor({})
    assert code == 0, report["problems"]
    assert report["engine"]["reachable"] is True
    assert report["engine"]["os_type"] == "linux"
    assert report["host"]["kind"] == "linux-native"
    assert report["engine"]["kernel"] == os.uname().release  # the host's own kernel


def test_doctor_with_a_missing_socket_exits_1_with_a_fix():
    code, report = _doctor({"DOCKER_HOST": "unix:///nonexistent.sock"})
    assert code == 1
    assert report["engine"]["reachable"] is False
    assert report["problems"][0]["code"] == "engine-not-running"
    assert report["problems"][0]["fix"]


def test_doctor_with_an_endpoint_that_never_answers_exits_1():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # accepts connections (the kernel does), never answers
        port = silent.getsockname()[1]
        code, report = _doctor({"DOCKER_HOST": f"tcp://127.0.0.1:{port}"})
    assert code == 1
    assert report["problems"][0]["code"] == "engine-timeout"


def test_run_is_labelled_and_leaves_nothing(real_engine, busybox_image):
    started = time.time()
    result = real_engine.run(busybox_image, ["uname", "-r"], step="engine-test")
    assert result.exit_code == 0
    assert result.output.strip() == real_engine.info()["KernelVersion"]
    events = real_engine.events(
        since=started - 1, filters={"type": "container", "label": f"{LABEL}=1"}
    )
    mine = [e for e in events if e.get("id") == result.container_id]
    assert {"create", "start", "die", "destroy"} <= {e["Action"] for e in mine}
    attributes = mine[0]["Actor"]["Attributes"]
    assert attributes[LABEL] == "1" and attributes[STEP_LABEL] == "engine-test"
    assert real_engine.containers(filters={"id": result.container_id}) == []


def test_a_failing_run_is_removed_too(real_engine, busybox_image):
    before = real_engine.containers(filters={"label": f"{LABEL}=1"})
    with pytest.raises(EngineError) as caught:
        real_engine.run(busybox_image, ["/no/such/program"], step="engine-test")
    assert "no/such/program" in caught.value.problem.detail
    assert real_engine.containers(filters={"label": f"{LABEL}=1"}) == before


def test_cleanup_removes_wintut_leftovers_only(real_engine, busybox_image, docker_api):
    api = docker_api
    leftover = api.create_container(busybox_image, ["true"], labels={LABEL: "1"})["Id"]
    theirs = api.create_container(busybox_image, ["true"])["Id"]
    try:
        done = subprocess.run(
            [*WINTUT, "cleanup", "--json"], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0
        assert real_engine.containers(filters={"id": leftover}) == []
        assert len(real_engine.containers(filters={"id": theirs})) == 1
    finally:
        api.remove_container(theirs, force=True)


def test_container_settings_are_safe(real_engine, busybox_image, docker_api):
    """Inspect a wintut container while it runs: labelled, unprivileged, no mounts."""
    runner = threading.Thread(
        target=real_engine.run, args=(busybox_image, ["sleep", "3"]), kwargs={"step": "safety"}
    )
    runner.start()
    try:
        deadline = time.monotonic() + 10
        found: list = []
        while not found and time.monotonic() < deadline:
            found = real_engine.containers(filters={"label": f"{STEP_LABEL}=safety"})
            time.sleep(0.1)
        assert found, "the container never appeared"
        api = docker_api
        seen = api.inspect_container(found[0]["Id"])
    finally:
        runner.join(timeout=30)
    assert seen["HostConfig"]["Privileged"] is False
    assert seen["Mounts"] == [] and not seen["HostConfig"].get("Binds")
    assert seen["Config"]["Labels"][LABEL] == "1"
    assert real_engine.containers(filters={"label": f"{STEP_LABEL}=safety"}) == []
