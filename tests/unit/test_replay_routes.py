"""The simulated host's routes, called directly (no socket, no daemon)."""

from __future__ import annotations

import json
import time

import pytest

from wintut.errors import NOT_RECORDED_HEADER
from wintut.replay.profiles import load
from wintut.replay.routes import Response, dispatch, error_response, frame
from wintut.replay.state import ApiError, HostState


def host(profile_id: str = "windows-server-2022") -> HostState:
    return HostState(load(profile_id))


def call(state: HostState, method: str, target: str, body: object = None) -> Response:
    data = json.dumps(body).encode() if body is not None else b""
    return dispatch(state, method, target, {}, data)


def streamed(response: Response) -> list[dict]:
    assert response.stream is not None
    text = b"".join(response.stream).decode()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def run(state: HostState, image: str, cmd: list[str], **host_config) -> str:
    created = call(
        state,
        "POST",
        "/containers/create",
        {"Image": image, "Cmd": cmd, "HostConfig": host_config},
    )
    assert created.status == 201
    return created.body["Id"]


def test_version_and_info_come_from_the_profile_and_say_simulated():
    state = host()
    assert call(state, "GET", "/version").body["KernelVersion"].startswith("10.0 20348")
    info = call(state, "GET", "/v1.41/info").body
    assert info["OSType"] == "windows" and info["Isolation"] == "process"
    assert "wintut.simulated=windows-server-2022" in info["Labels"]
    assert info["Images"] == 2


def test_api_version_newer_than_the_host_is_refused():
    with pytest.raises(ApiError) as caught:
        call(host(), "GET", "/v1.45/info")
    assert caught.value.status == 400 and "too new" in caught.value.message


def test_unknown_endpoint_is_501_with_a_message():
    with pytest.raises(ApiError) as caught:
        call(host(), "GET", "/v1.41/swarm")
    assert caught.value.status == 501 and "GET /swarm" in caught.value.message


def test_malformed_json_body_is_400():
    with pytest.raises(ApiError) as caught:
        dispatch(host(), "POST", "/containers/create", {}, b"{not json")
    assert caught.value.status == 400


def test_recorded_pull_error_arrives_inside_the_stream():
    lines = streamed(call(host(), "POST", "/images/create?fromImage=ubuntu&tag=latest"))
    assert lines[0]["status"] == "Pulling from library/ubuntu"
    assert (
        lines[-1]["error"]
        == "no matching manifest for windows/amd64 10.0.20348 in the manifest list entries"
    )
    assert lines[-1]["errorDetail"]["message"] == lines[-1]["error"]


def test_pull_adds_the_image_and_a_second_pull_is_up_to_date():
    state = host()
    target = "/images/create?fromImage=mcr.microsoft.com/windows/servercore&tag=ltsc2019"
    assert streamed(call(state, "POST", target))[-1]["status"].startswith(
        "Status: Downloaded newer"
    )
    assert "mcr.microsoft.com/windows/servercore:ltsc2019" in state.images
    assert streamed(call(state, "POST", target))[-1]["status"].startswith(
        "Status: Image is up to date"
    )


def test_unrecorded_pull_is_refused_not_invented():
    with pytest.raises(ApiError) as caught:
        call(host(), "POST", "/images/create?fromImage=alpine&tag=3.20")
    assert caught.value.status == 404
    assert caught.value.message == "not recorded on this simulated host: pull alpine:3.20"


def test_2016_beta_holds_the_windows_image_and_fails_at_run_as_the_seed_did():
    state = host("docker-for-windows-2016")
    pulled = streamed(call(state, "POST", "/images/create?fromImage=microsoft/iis&tag=latest"))
    assert pulled[-1]["status"] == "Status: Image is up to date for microsoft/iis:latest"
    with pytest.raises(ApiError) as missing:  # not held, and no platform fits: not invented
        call(state, "POST", "/images/create?fromImage=microsoft/nanoserver&tag=latest")
    assert missing.value.status == 404
    cid = run(state, "microsoft/iis", ["cmd"])
    with pytest.raises(ApiError) as failed:
        call(state, "POST", f"/containers/{cid}/start")
    assert (
        failed.value.message == 'oci runtime error: exec: "cmd": executable file not found in $PATH'
    )


def test_run_replays_the_recorded_output_and_leaves_an_exited_container():
    state = host()
    cid = run(state, "mcr.microsoft.com/windows/nanoserver:ltsc2022", ["cmd", "/c", "ver"])
    assert call(state, "POST", f"/containers/{cid}/start").status == 204
    waited = streamed(call(state, "POST", f"/containers/{cid}/wait"))
    assert waited == [{"StatusCode": 0, "Error": None}]
    logs = call(state, "GET", f"/containers/{cid}/logs?stdout=1&stderr=1").body
    assert logs == frame(1, b"\nMicrosoft Windows [Version 10.0.20348.5622]\n")
    listed = call(state, "GET", "/containers/json?all=1").body
    assert [c["State"] for c in listed] == ["exited"]
    assert call(state, "DELETE", f"/containers/{cid[:12]}").status == 204
    assert call(state, "GET", "/containers/json?all=1").body == []


def test_unrecorded_command_exits_127_and_says_so():
    state = host()
    cid = run(state, "mcr.microsoft.com/windows/nanoserver:ltsc2022", ["cmd", "/c", "dir"])
    call(state, "POST", f"/containers/{cid}/start")
    inspect = call(state, "GET", f"/containers/{cid}/json").body
    assert inspect["State"]["ExitCode"] == 127
    logs = call(state, "GET", f"/containers/{cid}/logs?stderr=1").body
    assert logs == frame(2, b"not recorded on this simulated host: cmd /c dir\n")


def test_hostname_is_the_container_short_id():
    state = host("docker-desktop-wsl2")
    cid = run(state, "ubuntu", ["hostname"])
    call(state, "POST", f"/containers/{cid}/start")
    assert call(state, "GET", f"/containers/{cid}/logs?stdout=1").body == frame(
        1, f"{cid[:12]}\n".encode()
    )


def test_process_isolation_build_mismatch_fails_at_start_and_auto_removes():
    state = host()
    streamed(
        call(
            state,
            "POST",
            "/images/create?fromImage=mcr.microsoft.com/windows/servercore&tag=ltsc2019",
        )
    )
    cid = run(
        state,
        "mcr.microsoft.com/windows/servercore:ltsc2019",
        ["cmd", "/c", "ver"],
        AutoRemove=True,
    )
    with pytest.raises(ApiError) as caught:
        call(state, "POST", f"/containers/{cid}/start")
    assert "(0xc0370101)" in caught.value.message
    assert cid not in state.containers


def test_hyperv_isolation_is_the_windows_10_default_and_process_is_refused():
    state = host("windows-10-containers-2016")
    cid = run(state, "microsoft/nanoserver", ["cmd", "/c", "ver"])
    assert call(state, "GET", f"/containers/{cid}/json").body["HostConfig"]["Isolation"] == "hyperv"
    with pytest.raises(ApiError, match="can only run Hyper-V containers"):
        run(state, "microsoft/nanoserver", ["cmd", "/c", "ver"], Isolation="process")


def test_create_with_a_missing_image_is_404_no_such_image():
    with pytest.raises(ApiError) as caught:
        run(host(), "ubuntu", ["uname", "-a"])
    assert caught.value.status == 404 and caught.value.message == "No such image: ubuntu:latest"


def test_search_is_recorded_on_2016_hosts_only():
    results = call(host("windows-server-2016"), "GET", "/images/search?term=microsoft&limit=5").body
    assert [r["name"] for r in results][:2] == ["microsoft/aspnet", "microsoft/dotnet"]
    assert len(results) == 5
    with pytest.raises(ApiError, match="not recorded on this simulated host: search microsoft"):
        call(host(), "GET", "/images/search?term=microsoft")


def test_distribution_lists_the_recorded_platforms():
    body = call(
        host("docker-desktop-wsl2"),
        "GET",
        "/distribution/mcr.microsoft.com/windows/servercore/iis/json",
    ).body
    assert {p["os"] for p in body["Platforms"]} == {"windows"}
    assert body["Descriptor"]["digest"].startswith("sha256:")


def events_url(filters: str) -> str:
    return f"/events?since=0&until={int(time.time()) + 1}&filters={filters}"


def test_events_are_bounded_and_filtered_by_label():
    state = host()
    cid = run(state, "mcr.microsoft.com/windows/nanoserver:ltsc2022", ["hostname"])
    call(state, "POST", f"/containers/{cid}/start")
    found = streamed(call(state, "GET", events_url('{"type":["container"]}')))
    assert [e["Action"] for e in found] == ["create", "start", "die"]
    none = streamed(call(state, "GET", events_url('{"label":["wintut=1"]}')))
    assert none == []


def test_images_json_and_inspect_carry_platform_and_simulated_label():
    state = host()
    summary = call(state, "GET", "/images/json").body
    assert {tuple(i["RepoTags"]) for i in summary} == {
        ("mcr.microsoft.com/windows/nanoserver:ltsc2022",),
        ("mcr.microsoft.com/windows/servercore:ltsc2022",),
    }
    inspect = call(state, "GET", "/images/mcr.microsoft.com/windows/nanoserver:ltsc2022/json").body
    assert inspect["Os"] == "windows" and inspect["OsVersion"] == "10.0.20348.5622"
    assert inspect["Config"]["Labels"] == {"wintut.simulated": "true"}


@pytest.mark.parametrize(
    ("profile", "target"),
    [
        ("windows-server-2022", "/images/create?fromImage=alpine&tag=3.20"),
        ("windows-server-2022", "/images/search?term=microsoft"),
        ("windows-server-2022", "/distribution/alpine:3.20/json"),
    ],
)
def test_what_was_not_recorded_is_marked_by_a_header_not_only_a_sentence(profile, target):
    method = "POST" if target.startswith("/images/create") else "GET"
    with pytest.raises(ApiError) as caught:
        call(host(profile), method, target)
    answer = error_response(caught.value)
    assert answer.status == 404
    assert answer.headers == {NOT_RECORDED_HEADER: "1"}
    assert answer.body["message"].startswith("not recorded on this simulated host: ")


def test_a_real_daemon_404_carries_no_not_recorded_header():
    with pytest.raises(ApiError) as caught:
        call(host(), "GET", "/images/alpine:3.20/json")
    assert error_response(caught.value).headers == {}
