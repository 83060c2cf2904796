"""Long-lived runs, docker top, builds and the host's own answers on a simulated host, through
its routes (what the docker CLI asks for: ``docker run -d``, ``top``, ``stop``, ``build``)."""

from __future__ import annotations

import json

import pytest

from wintut.engine.workloads import dockerfile_context
from wintut.replay.building import instructions
from wintut.replay.profiles import load
from wintut.replay.routes import Response, dispatch
from wintut.replay.state import ApiError, HostState

NANO = "mcr.microsoft.com/windows/nanoserver:ltsc2022"


def host(profile_id: str = "windows-server-2022") -> HostState:
    return HostState(load(profile_id))


def call(state: HostState, method: str, target: str, body: object = None) -> Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode() if body else b""
    return dispatch(state, method, target, {}, data)


def run_detached(state: HostState, cmd: list[str], **host_config: object) -> str:
    made = call(
        state,
        "POST",
        "/containers/create",
        {"Image": NANO, "Cmd": cmd, "HostConfig": host_config},
    )
    call(state, "POST", f"/containers/{made.body['Id']}/start")
    return str(made.body["Id"])


def test_ping_keeps_running_until_stopped_then_top_is_refused():
    state = host()
    cid = run_detached(state, ["ping", "localhost", "-t"], Isolation="process")
    listed = call(state, "GET", "/containers/json").body
    assert listed[0]["State"] == "running" and listed[0]["Status"].startswith("Up")
    top = call(state, "GET", f"/containers/{cid}/top").body
    assert top["Titles"] == ["Name", "PID", "CPU", "Private Working Set"]  # top_windows.go
    assert top["Processes"][0][:2] == ["ping.exe", "3964"]
    assert call(state, "POST", f"/v1.41/containers/{cid}/stop").status == 204
    assert call(state, "POST", f"/containers/{cid}/stop").status == 304
    with pytest.raises(ApiError, match="is not running"):
        call(state, "GET", f"/containers/{cid}/top")
    assert [e["Action"] for e in state.events][-1] == "die"


def test_the_host_list_has_the_process_isolated_ping_and_a_worker_for_the_hyperv_one():
    state = host()
    run_detached(state, ["ping", "-t", "localhost"], Isolation="process")
    run_detached(state, ["ping", "-t", "localhost"], Isolation="hyperv")
    run_detached(state, ["ping", "-t", "localhost"], Isolation="process")
    answer = call(state, "GET", "/_wintut/host/processes").body
    assert answer["processes"] == [
        {"name": "PING", "pid": 3964},
        {"name": "vmwp", "pid": 2376},
        {"name": "PING", "pid": 3968},  # derived: a second replay gets the next PID
    ]
    assert "not recorded" in answer["source"]


def test_a_linux_host_has_no_long_lived_recordings():
    state = host("docker-engine-linux")
    state.seed_image("ubuntu")
    made = call(state, "POST", "/containers/create", {"Image": "ubuntu", "Cmd": ["sleep", "1d"]})
    call(state, "POST", f"/containers/{made.body['Id']}/start")
    inspected = call(state, "GET", f"/containers/{made.body['Id']}/json").body
    assert inspected["State"]["ExitCode"] == 127  # not recorded: it never pretends to run


def test_a_published_port_answers_only_while_iis_runs():
    state = host()
    iis = "mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022"
    list(call(state, "POST", f"/images/create?fromImage={iis}").stream or [])
    made = call(
        state,
        "POST",
        "/containers/create",
        {"Image": iis, "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}},
    )
    cid = made.body["Id"]
    call(state, "POST", f"/containers/{cid}/start")
    inspected = call(state, "GET", f"/containers/{cid}/json").body
    assert inspected["NetworkSettings"]["Ports"] == {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}
    listed = call(state, "GET", "/containers/json").body[0]["Ports"]
    assert listed == [{"IP": "0.0.0.0", "PrivatePort": 80, "PublicPort": 8080, "Type": "tcp"}]
    page = call(state, "GET", "/_wintut/http/8080").body
    assert page["status"] == 200 and "<title>IIS Windows Server</title>" in page["body"]
    assert "not a real fetch" in page["source"]
    assert call(state, "GET", "/_wintut/http/8081").body["status"] == 0
    call(state, "POST", f"/containers/{cid}/kill")
    assert call(state, "GET", "/_wintut/http/8080").body["status"] == 0


def test_build_then_history_then_rmi():
    state = host()
    dockerfile = f'FROM {NANO}\n# a comment\nLABEL a="b c"\nCMD ["cmd", "/c", "echo hi"]\n'
    answer = call(state, "POST", "/build?t=mine:1", dockerfile_context(dockerfile))
    messages = [json.loads(x) for x in b"".join(answer.stream or []).splitlines() if x]
    streams = "".join(m.get("stream", "") for m in messages)
    assert "Step 1/3 : FROM" in streams and "Successfully tagged mine:1" in streams
    image_id = next(m["aux"]["ID"] for m in messages if "aux" in m)
    inspected = call(state, "GET", "/images/mine:1/json").body
    assert inspected["Id"] == image_id and inspected["Config"]["Labels"]["a"] == "b c"
    assert inspected["Config"]["Cmd"] == ["cmd", "/c", "echo hi"]
    base = call(state, "GET", f"/images/{NANO}/json").body
    assert inspected["RootFS"]["Layers"] == base["RootFS"]["Layers"]  # metadata adds no layer
    history = call(state, "GET", "/images/mine:1/history").body
    assert [h["Id"] for h in history] == [image_id, "<missing>", "<missing>"]
    assert history[0]["Tags"] == ["mine:1"]
    assert call(state, "DELETE", "/images/mine:1").body == [{"Untagged": "mine:1"}]
    with pytest.raises(ApiError, match="No such image"):
        call(state, "GET", "/images/mine:1/json")


def test_build_without_its_base_says_to_pull_it():
    state = host()
    answer = call(state, "POST", "/build", dockerfile_context("FROM example/absent:1\n"))
    last = json.loads(b"".join(answer.stream or []).splitlines()[-1])
    assert "pull it first" in last["error"]


def test_dockerfile_lines_join_continuations_and_drop_comments():
    text = "# c\nFROM x\nLABEL a=1 \\\n  b=2\n\nCMD y\n"
    assert instructions(text) == [("FROM", "x"), ("LABEL", "a=1  b=2"), ("CMD", "y")]
