"""The unit tests' fake of the Engine API: real docker-py over the simulated host's routes."""

from __future__ import annotations

import time

import docker.errors
import pytest
import requests

from tests.engine_fake import FakeEngineAPI, raising, refuse, stream
from wintut.errors import NOT_RECORDED_HEADER


@pytest.mark.parametrize(
    "call",
    [
        lambda api: api.pull("alpine", tag="3.20"),
        lambda api: api.search("microsoft"),
        lambda api: api.inspect_distribution("alpine:3.20"),
    ],
    ids=["pull", "search", "distribution"],
)
def test_not_recorded_answers_carry_the_header_over_http(call):
    api = FakeEngineAPI("windows-server-2022").client
    with pytest.raises(docker.errors.NotFound) as caught:
        call(api)
    assert caught.value.response.headers[NOT_RECORDED_HEADER] == "1"
    assert "not recorded on this simulated host" in str(caught.value.explanation)


def test_a_missing_image_is_a_plain_404():
    api = FakeEngineAPI("windows-server-2022").client
    with pytest.raises(docker.errors.ImageNotFound) as caught:
        api.inspect_image("alpine:3.20")
    assert NOT_RECORDED_HEADER not in caught.value.response.headers


def test_every_answer_says_simulated():
    fake = FakeEngineAPI("docker-desktop-mac")
    assert "wintut.simulated=docker-desktop-mac" in fake.client.info()["Labels"]


def test_streams_arrive_in_order_as_docker_py_reads_them():
    fake = FakeEngineAPI.linux()
    lines = list(fake.client.pull("ubuntu", tag="latest", stream=True, decode=True))
    assert lines[0]["status"] == "Pulling from library/ubuntu"
    assert lines[-1]["status"] == "Status: Downloaded newer image for ubuntu:latest"
    assert "ubuntu:latest" in fake.state.images


def test_a_seeded_run_shows_in_the_list_and_the_events():
    fake = FakeEngineAPI.linux()
    at = time.time() - 120
    kept = fake.state.record_run("ubuntu", ["bash"], at=at, exit_code=3, labels={"x": "1"})
    fake.state.record_run("ubuntu", ["true"], at=at + 1, removed=True)
    engine = fake.engine()
    (listed,) = engine.containers(all=True)
    assert listed["Id"] == kept.id and listed["Labels"] == {"x": "1"}
    assert listed["Status"].startswith("Exited (3)")
    actions = [e["Action"] for e in engine.events(since=at - 1)]
    assert actions == ["create", "start", "die"] * 2 + ["destroy"]


def test_overrides_answer_errors_streams_and_network_failures():
    fake = FakeEngineAPI.linux()
    fake.on("GET", "/version", refuse(500, "starting"))
    with pytest.raises(docker.errors.APIError) as caught:
        fake.client.version()
    assert caught.value.status_code == 500 and caught.value.explanation == "starting"
    fake.on("GET", "/version", raising(requests.exceptions.ReadTimeout("read timed out")))
    with pytest.raises(requests.exceptions.ReadTimeout):
        fake.client.version()
    fake.on("POST", "/images/create", stream({"status": "a"}, {"status": "b"}))
    assert [m["status"] for m in fake.client.pull("x", stream=True, decode=True)] == ["a", "b"]
    assert len(fake.asked("POST", "/images/create")) == 1
